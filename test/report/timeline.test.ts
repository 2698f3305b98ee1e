import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildTimeline, isPodKill } from '../../src/report/timeline.js';
import type { EventRow } from '../../src/report/types.js';
import { makeFixture } from './fixture.js';

const summary = makeFixture({ hours: 1 }).summary; // one rollout, 15:00 → 17:00
const rescale = (time: number, size: number): EventRow => ({
  time, object: 'HorizontalPodAutoscaler/api', reason: 'SuccessfulRescale', message: `New size: ${size}; reason: cpu resource utilization (percentage of request) above target`,
});

test('rollouts and notable events in time order; other reasons left to the event table', () => {
  const items = buildTimeline(summary, [
    { time: 1000, object: 'Pod/api-1', reason: 'Killing', message: 'Container api failed liveness probe, will be restarted' },
    { time: 10, object: 'Pod/api-1', reason: 'Unhealthy', message: 'Readiness probe failed' },
    rescale(2000, 4),
  ]);
  assert.equal(items.map((i) => [i.time, i.label, i.subject]), [
    [900, 'rollout started', 'api'],
    [1000, 'Killing', 'Pod/api-1'],
    [1020, 'rollout complete', 'api'],
    [2000, 'SuccessfulRescale', 'HorizontalPodAutoscaler/api'],
  ]);
  assert.is(items[0]!.detail, 'myrepo/api:1.3.0');
  assert.ok(items[0]!.isImage);
});

test('runs of one reason are folded, with the range of new sizes; a rollout splits a run', () => {
  const items = buildTimeline(summary, [rescale(100, 3), rescale(200, 4), rescale(300, 6), rescale(950, 5), rescale(960, 4)]);
  assert.equal(items.map((i) => [i.time, i.end, i.count, i.label, i.detail]), [
    [100, 300, 3, 'SuccessfulRescale', '×3 events, new sizes 3–6'],
    [900, 900, 1, 'rollout started', 'myrepo/api:1.3.0'],
    [950, 950, 1, 'SuccessfulRescale', rescale(0, 5).message],
    [960, 960, 1, 'SuccessfulRescale', rescale(0, 4).message],
    [1020, 1020, 1, 'rollout complete', 'myrepo/api:1.3.0'],
  ]);
});

test('a folded run over several objects names how many', () => {
  const kills = [1, 2, 3].map((i) => ({ time: 50, object: `Pod/api-${i}`, reason: 'Killing', message: 'Container api failed liveness probe, will be restarted' }));
  const [item] = buildTimeline({ ...summary, rollouts: [] }, kills);
  assert.equal(item, { time: 50, end: 50, count: 3, label: 'Killing', subject: '3 objects', detail: '×3 events', isImage: false });
});

test('ordinary deletions are not pod kills; scenario crashes and probe kills are', () => {
  assert.not.ok(isPodKill({ reason: 'Killing', message: 'Stopping container api' }));
  assert.ok(isPodKill({ reason: 'Killing', message: 'Container api failed liveness probe, will be restarted' }));
  assert.ok(isPodKill({ reason: 'killPods', message: 'container api crashed (exit code 1)' }));
  assert.not.ok(isPodKill({ reason: 'ContainerDied', message: 'not a kubelet reason' }));
});

test.run();
