/** Time to capacity per traffic step, hand-computed. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { timeToCapacity } from '../../src/results/time-to-capacity.js';

test('a surge at 60 s: pods created at 75 s wait for a node until 130 s and are Ready at 140 s → 80 s to capacity, 55 s Pending', () => {
  const r = timeToCapacity([0, 60_000], [
    { createdMs: 0, scheduledMs: 0, readyMs: 5_000 },
    { createdMs: 75_000, scheduledMs: 130_000, readyMs: 140_000 },
    { createdMs: 75_000, scheduledMs: 76_000, readyMs: 86_000 },
  ]);
  assert.equal(r, [
    { stepMs: 0, pods: 1, timeToCapacityMs: 5_000, maxPendingMs: 0 },
    { stepMs: 60_000, pods: 2, timeToCapacityMs: 80_000, maxPendingMs: 55_000 },
  ]);
});

test('a step whose pods never became Ready has no time to capacity; a step with no new pods has none either', () => {
  const r = timeToCapacity([0, 60_000], [{ createdMs: 70_000, scheduledMs: null, readyMs: null }]);
  assert.equal(r, [
    { stepMs: 0, pods: 0, timeToCapacityMs: null, maxPendingMs: null },
    { stepMs: 60_000, pods: 1, timeToCapacityMs: null, maxPendingMs: null },
  ]);
});

test.run();
