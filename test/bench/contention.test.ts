/** Other work during a bench run: machine busy time minus the suite's own CPU time, and when to warn. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { contention, contentionWarning, cpuSnapshot } from '../../src/bench/contention.js';

const cases: { name: string; wall: number; busyMs: number; own: number; other: number; warn: boolean }[] = [
  { name: 'the suite alone, both cores busy with sweep workers', wall: 60, busyMs: 118_000, own: 118, other: 0, warn: false },
  { name: 'counter rounding makes busy a little less than own', wall: 60, busyMs: 59_980, own: 60, other: 0, warn: false },
  { name: 'a quiet machine with a little background', wall: 100, busyMs: 105_000, own: 100, other: 5, warn: false },
  { name: 'exactly at the threshold is still quiet', wall: 100, busyMs: 110_000, own: 100, other: 10, warn: false },
  { name: 'a build running beside the bench', wall: 60, busyMs: 100_000, own: 60, other: 40, warn: true },
];

for (const c of cases) {
  test(c.name, () => {
    const r = contention({ wallSeconds: 10, busyMs: 1_000 }, { wallSeconds: 10 + c.wall, busyMs: 1_000 + c.busyMs }, c.own);
    assert.ok(Math.abs(r.otherSeconds - c.other) < 1e-9, `other ${r.otherSeconds}`);
    assert.ok(Math.abs(r.otherCores - c.other / c.wall) < 1e-12);
    assert.is(r.wallSeconds, c.wall);
    const w = contentionWarning(r, 2);
    assert.is(w !== null, c.warn);
    if (w) assert.match(w, `${c.other.toFixed(1)} CPU seconds during the ${c.wall} s run`);
  });
}

test('a zero-length interval reports no other work instead of dividing by zero', () => {
  const s = { wallSeconds: 5, busyMs: 100 };
  const r = contention(s, s, 0);
  assert.is(r.otherCores, 0);
  assert.is(contentionWarning(r, 2), null);
});

test('a snapshot of this machine: busy time never decreases', () => {
  const a = cpuSnapshot(0);
  let x = 0;
  for (let i = 0; i < 1e6; i++) x += Math.sqrt(i);
  const b = cpuSnapshot(1);
  assert.ok(x > 0);
  assert.ok(b.busyMs >= a.busyMs && a.busyMs > 0);
});

test.run();
