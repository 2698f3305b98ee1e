/** The working set and when it passes the limit. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { inFlight, oomAgeMs, workingSetBytes } from '../../src/workload/memory.js';

const Mi = 2 ** 20;
const leak = { memoryBytes: 100 * Mi, memoryPerRequestBytes: 2 * Mi, memoryLeakPerHourBytes: 50 * Mi };

test('in flight is Little\'s law: served × mean latency + failed × timeout', () => {
  assert.is(inFlight(200, 100, 0, 30_000), 20);
  assert.is(inFlight(100, 50, 2, 10_000), 25);
  assert.is(inFlight(0, Infinity, 0, 30_000), 0);
});

const rows: { name: string; inFlight: number; ageMs: number; want: number }[] = [
  { name: 'idle and fresh: the base working set', inFlight: 0, ageMs: 0, want: 100 * Mi },
  { name: '10 requests in flight hold 2Mi each', inFlight: 10, ageMs: 0, want: 120 * Mi },
  { name: 'an hour of leaking adds 50Mi', inFlight: 0, ageMs: 3_600_000, want: 150 * Mi },
];
for (const r of rows) test(`working set: ${r.name}`, () => assert.is(workingSetBytes(leak, r.inFlight, r.ageMs), r.want));

test('OOM age: the first millisecond strictly above the limit; never without a leak under it; at once when over', () => {
  assert.is(oomAgeMs(leak, 0, 200 * Mi), 7_200_001);
  assert.is(oomAgeMs(leak, 25, 200 * Mi), 3_600_001);
  assert.is(oomAgeMs(leak, 50, 200 * Mi), 1);
  assert.is(oomAgeMs(leak, 51, 200 * Mi), 0);
  assert.is(oomAgeMs({ ...leak, memoryLeakPerHourBytes: 0 }, 0, 200 * Mi), null);
});

test.run();
