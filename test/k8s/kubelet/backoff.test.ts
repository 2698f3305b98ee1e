/** client-go Backoff and the kubelet's CrashLoopBackOff (10 s doubling to 300 s, reset after 600 s running). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Backoff, crashLoopConfig, crashLoopDecision, crashLoopWaitingMessage, goDuration, type BackoffEntry } from '../../../src/k8s/kubelet/backoff.js';

/** A container that runs `runMs` and exits, every time; returns the delays between exit and restart (s). */
function restartDelays(runs: number[]): number[] {
  let state: BackoffEntry | null = null;
  let now = 0;
  const delays: number[] = [];
  for (const runMs of runs) {
    const finishedAt = now + runMs;
    let d = crashLoopDecision(state, finishedAt, finishedAt);
    if (!d.start) d = crashLoopDecision(state, finishedAt, d.waitUntil!);
    assert.ok(d.start, 'not held past waitUntil');
    const startedAt = d.nextState.lastUpdate; // Next stamps the start time
    delays.push((startedAt - finishedAt) / 1000);
    state = d.nextState;
    now = startedAt;
  }
  return delays;
}

test('a container that exits at once restarts after 0, 10, 20, 40, 80, 160, 300, 300 s', () => {
  assert.equal(restartDelays([0, 0, 0, 0, 0, 0, 0, 0]), [0, 10, 20, 40, 80, 160, 300, 300]);
});

test('after running more than 10 minutes the next exit restarts at once and the sequence starts over', () => {
  assert.equal(restartDelays([0, 0, 0, 0, 600_001, 0, 0]), [0, 10, 20, 40, 0, 10, 20]);
  assert.equal(restartDelays([0, 0, 0, 0, 600_000, 0]), [0, 10, 20, 40, 80, 160], 'exactly 600 s is not enough');
});

test('while held, the decision names the end of the back-off and the waiting message uses Go durations', () => {
  const d = crashLoopDecision({ backoffMs: 40_000, lastUpdate: 100_000 }, 100_000, 120_000);
  assert.equal([d.start, d.waitUntil, d.backoffMs], [false, 140_000, 40_000]);
  assert.is(crashLoopWaitingMessage(300_000, 'app', 'api-1_default(uid)'), 'back-off 5m0s restarting failed container=app pod=api-1_default(uid)');
  assert.equal([goDuration(10_000), goDuration(160_000), goDuration(1500), goDuration(3_600_000)], ['10s', '2m40s', '1.5s', '1h0m0s']);
});

test('a configured maxContainerRestartPeriod below 10 s also lowers the initial delay', () => {
  assert.equal([crashLoopConfig(5).initialMs, crashLoopConfig(5).maxMs], [5000, 5000]);
  assert.equal([crashLoopConfig().initialMs, crashLoopConfig().maxMs], [10_000, 300_000]);
});

test('client-go Backoff: the slow sequence 0,1,2,4,…,50, reset, high-water mark and GC', () => {
  const b = new Backoff({ initialMs: 1000, maxMs: 50_000 });
  const seen: number[] = [];
  for (let t = 1000; t <= 10_000; t += 1000) {
    seen.push(b.get('x') / 1000);
    b.next('x', t);
  }
  assert.equal(seen, [0, 1, 2, 4, 8, 16, 32, 50, 50, 50]);
  b.reset('x');
  assert.is(b.get('x'), 0, 'Reset clears the entry');

  const h = new Backoff({ initialMs: 1000, maxMs: 5000 });
  for (let t = 1000; t <= 6000; t += 1000) h.next('x', t);
  h.next('x', 12_000); // 6 s later: not expired (needs > 10 s), stays at the cap
  assert.is(h.get('x'), 5000);
  assert.is(h.isInBackOffSince('x', 12_000, 12_000), true);
  assert.is(h.isInBackOffSince('x', 23_001, 23_001), false, 'expired after more than 2×max since the last update');
  h.gc(18_000);
  assert.ok(h.entry('x'), 'GC keeps an entry updated within 2×max');
  h.gc(22_001);
  assert.is(h.entry('x'), undefined, 'GC drops it afterwards');
});

test.run();
