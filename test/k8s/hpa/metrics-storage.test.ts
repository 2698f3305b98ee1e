/**
 * Which two points metrics-server turns into a rate (metrics-server `pkg/storage/pod.go` Store/GetMetrics,
 * `freshContainerMinMetricsResolution` = 10 s), resolution 15 s unless stated. Expectations by hand.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { containerRate, podRate, type ContainerPoint } from '../../../src/k8s/hpa/metrics-storage.js';

const s = 1000;
const pt = (startedMs: number, timestampMs: number, cpu: number, containerId = 1, requests = 0): ContainerPoint => ({ containerId, startedMs, timestampMs, cpu, requests });

const rows: { name: string; last: ContainerPoint; stored: ContainerPoint | null; resolutionMs?: number; expected: { cpuMilli: number; windowMs: number } | null }[] = [
  {
    name: 'a container started 12 s before its first scrape gets a rate from its start: 1200 m·s / 12 s = 100m',
    last: pt(3 * s, 15 * s, 1200 * s), stored: null,
    expected: { cpuMilli: 100, windowMs: 12 * s },
  },
  {
    name: 'exactly 10 s old is fresh enough (≥ 10 s)',
    last: pt(5 * s, 15 * s, 500 * s), stored: null,
    expected: { cpuMilli: 50, windowMs: 10 * s },
  },
  {
    name: 'a container younger than 10 s has no rate at its first scrape',
    last: pt(6 * s, 15 * s, 300 * s), stored: null,
    expected: null,
  },
  {
    name: 'the next scrape pairs with the stored point of the same container: (1500 − 300) m·s / 15 s = 80m',
    last: pt(6 * s, 30 * s, 1500 * s), stored: pt(6 * s, 15 * s, 300 * s),
    expected: { cpuMilli: 80, windowMs: 15 * s },
  },
  {
    name: 'a container as old as one resolution is not fresh; without a stored point it has no rate',
    last: pt(0, 15 * s, 900 * s), stored: null,
    expected: null,
  },
  {
    name: 'a container started at the instant of the stored point cannot pair with it (not started before it)',
    last: pt(15 * s, 30 * s, 900 * s), stored: pt(15 * s, 15 * s, 0),
    expected: null,
  },
  {
    name: 'a restarted container does not pair with the old container’s point, but is fresh at 12 s',
    last: pt(18 * s, 30 * s, 600 * s, 2), stored: pt(0, 15 * s, 9000 * s, 1),
    expected: { cpuMilli: 50, windowMs: 12 * s },
  },
  {
    name: 'with a 60 s resolution a 45 s old container is still fresh: 45 s window',
    last: pt(15 * s, 60 * s, 4500 * s), stored: null, resolutionMs: 60 * s,
    expected: { cpuMilli: 100, windowMs: 45 * s },
  },
  {
    name: 'a long-running container uses the previous scrape: window one resolution',
    last: pt(-3600 * s, 45 * s, 3000 * s), stored: pt(-3600 * s, 30 * s, 1500 * s),
    expected: { cpuMilli: 100, windowMs: 15 * s },
  },
];

for (const r of rows) {
  test(r.name, () => {
    const out = containerRate(r.last, r.stored, r.resolutionMs ?? 15 * s);
    if (r.expected === null) return assert.is(out, null);
    assert.ok(out);
    assert.equal({ cpuMilli: out.cpuMilli, windowMs: out.windowMs }, r.expected);
    assert.is(out.timestampMs, r.last.timestampMs);
  });
}

test('a pod is served only when every container has a rate, stamped with the earliest', () => {
  const a = { cpuMilli: 10, rps: 1, timestampMs: 15 * s, windowMs: 15 * s };
  const b = { cpuMilli: 5, rps: 0, timestampMs: 14 * s, windowMs: 11 * s };
  assert.is(podRate([a, null]), null);
  assert.is(podRate([]), null);
  assert.equal(podRate([a, b]), { cpuMilli: 15, rps: 1, timestampMs: 14 * s, windowMs: 11 * s });
});

test.run();
