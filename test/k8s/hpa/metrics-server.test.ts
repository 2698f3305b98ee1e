/**
 * metrics-server's loop against hand-computed samples: a fresh container's first rate (metrics-server
 * `pkg/storage/pod.go`), and the same-instant order of a scrape and an HPA sync (the scrape completes first).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation } from '../../../src/engine/simulation.js';
import { Cluster } from '../../../src/k8s/cluster/cluster.js';
import type { PodState } from '../../../src/k8s/cluster/types.js';
import { MetricsServer } from '../../../src/k8s/hpa/metrics-server.js';

const s = 1000;

/** Pods using a constant CPU from their container start; the settle hook keeps their counters. */
function world(pods: { startedMs: number; cpuMilli: number }[]) {
  const sim = new Simulation(1);
  const list: PodState[] = [];
  const cluster = new Cluster(sim, {
    settle: (now) => {
      for (const p of list) if (p.containerRunning && now >= p.containerStartedMs) p.cpuCumulative = (p as PodState & { use: number }).use * (now - p.containerStartedMs);
    },
    refreshPod: () => {},
    beforeRoutingChange: () => {},
    podCreated: () => {},
    podGone: () => {},
    behaviourFor: () => ({ imagePullMs: 0, startupMs: 0, shutdownMs: 0, crashAfterMs: null, neverReady: false }),
  });
  for (const [i, p] of pods.entries()) {
    const pod = { name: `p${i}`, use: p.cpuMilli, containerId: 1, containerRunning: false, containerStartedMs: p.startedMs, cpuCumulative: 0, cpuAtContainerStart: 0, requestsCumulative: 0, requestsAtContainerStart: 0, metrics: null, sidecars: [], memoryBytes: 0, inFlight: 0, probes: [] } as unknown as PodState;
    list.push(pod);
    cluster.pods.push(pod);
    sim.at(Math.max(0, p.startedMs), 'start', () => (pod.containerRunning = true));
  }
  return { sim, cluster, pods: list };
}

const rows: { name: string; startedMs: number; at: number; expected: { cpuMilli: number; windowMs: number; timestampMs: number } | null }[] = [
  { name: 'started at 3 s: the 15 s scrape serves 100m over a 12 s window', startedMs: 3 * s, at: 15 * s, expected: { cpuMilli: 100, windowMs: 12 * s, timestampMs: 15 * s } },
  { name: 'started at 8 s (7 s old at the 15 s scrape): no sample yet', startedMs: 8 * s, at: 15 * s, expected: null },
  { name: 'started at 8 s: the 30 s scrape pairs with the 15 s point', startedMs: 8 * s, at: 30 * s, expected: { cpuMilli: 100, windowMs: 15 * s, timestampMs: 30 * s } },
  { name: 'started at 20 s: fresh at the 30 s scrape (10 s old)', startedMs: 20 * s, at: 30 * s, expected: { cpuMilli: 100, windowMs: 10 * s, timestampMs: 30 * s } },
];

for (const r of rows) {
  test(r.name, () => {
    const w = world([{ startedMs: r.startedMs, cpuMilli: 100 }]);
    new MetricsServer(w.cluster, 15 * s, 15 * s).start(false);
    w.sim.run(r.at);
    const m = w.pods[0]!.metrics;
    if (r.expected === null) return assert.is(m, null);
    assert.ok(m);
    assert.equal({ cpuMilli: Math.round(m.cpuMilli * 1e9) / 1e9, windowMs: m.windowMs, timestampMs: m.timestampMs }, r.expected);
  });
}

test('an HPA sync queued before the scrape of the same instant still reads that scrape', () => {
  const w = world([{ startedMs: -3600 * s, cpuMilli: 100 }]);
  const ms = new MetricsServer(w.cluster, 15 * s, 15 * s);
  const seen: (number | null)[] = [];
  // queued first, as the HPA controller's syncs are
  for (const t of [15 * s, 30 * s]) {
    w.sim.at(t, 'hpa:sync', (now) => {
      ms.scrapeIfDue(now);
      seen.push(w.pods[0]!.metrics?.timestampMs ?? null);
    });
  }
  ms.start(false);
  w.sim.run(30 * s);
  assert.equal(seen, [15 * s, 30 * s]);
});

test('without the same-instant rule the sync would read the sample one resolution old', () => {
  const w = world([{ startedMs: -3600 * s, cpuMilli: 100 }]);
  const ms = new MetricsServer(w.cluster, 15 * s, 15 * s);
  const seen: (number | null)[] = [];
  w.sim.at(30 * s, 'hpa:sync', () => seen.push(w.pods[0]!.metrics?.timestampMs ?? null));
  ms.start(false);
  w.sim.run(30 * s);
  assert.equal(seen, [15 * s]);
});

test.run();
