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

// a container started at the instant of a scrape (this one's start runs before it): the point the scrape stores is
// taken at its start, so it pairs only from the next scrape on
rows.push(
  { name: 'started at 15 s: no sample at the 30 s scrape (15 s old, its 15 s point taken at its start)', startedMs: 15 * s, at: 30 * s, expected: null },
  { name: 'started at 15 s: the 45 s scrape pairs with the 30 s point', startedMs: 15 * s, at: 45 * s, expected: { cpuMilli: 100, windowMs: 15 * s, timestampMs: 45 * s } },
);

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

/** Runs one pod through a minute with the given window; returns the events executed and the samples' windows. */
function minute(windowMs: number, startAfterScrape: boolean) {
  const w = world([{ startedMs: -3600 * s, cpuMilli: 100 }]);
  const pod = w.pods[0]!;
  const ms = new MetricsServer(w.cluster, 15 * s, windowMs);
  ms.start(false);
  if (startAfterScrape) {
    // a restart at 30 s queued after the 30 s scrape (queued by the 15 s one), so it runs after it: a new container
    w.sim.at(20 * s, 'plan', () =>
      w.sim.at(30 * s, 'restart', () => {
        pod.containerId++;
        pod.containerStartedMs = 30 * s;
        pod.cpuAtContainerStart = pod.cpuCumulative;
      }),
    );
  }
  const seen: (number | null)[] = [];
  for (const t of [15, 30, 45, 60]) w.sim.at(t * s + 1, 'read', () => seen.push(pod.metrics?.windowMs ?? null));
  w.sim.run(60 * s + 1);
  return { events: w.sim.eventCount, seen };
}

test('window = resolution: one window-start (at t = 0), each scrape stores the next window in its pass', () => {
  // 1 container start, 1 window-start, 4 scrapes, 4 reads
  assert.equal(minute(15 * s, false), { events: 10, seen: [15 * s, 15 * s, 15 * s, 15 * s] });
  // window < resolution: a window-start before every scrape (4), 10 s windows
  assert.equal(minute(10 * s, false), { events: 13, seen: [10 * s, 10 * s, 10 * s, 10 * s] });
});

test('a container restarted at the instant of a scrape, after it, is paired from the scrape after next', () => {
  // the 45 s scrape finds a container started at 30 s with the old one's point: no rate (not fresh: 15 s old)
  assert.equal(minute(15 * s, true).seen, [15 * s, 15 * s, null, 15 * s]);
});

test("a one-container pod's sample is rewritten in place at each scrape, with a new seq; with memory it is a new one", () => {
  const w = world([{ startedMs: 3 * s, cpuMilli: 100 }]);
  new MetricsServer(w.cluster, 15 * s, 15 * s).start(false);
  const pod = w.pods[0]! as PodState & { use: number };
  w.sim.run(15 * s + 1);
  const first = pod.metrics!;
  const seq = first.seq;
  assert.ok(seq !== undefined);
  assert.equal([first.cpuMilli, first.windowMs], [100, 12 * s]);
  // from 16 s on the pod uses 200m (the hook's counter: 200m since its start), read at the 30 s scrape
  w.sim.at(16 * s, 'more', () => (pod.use = 200));
  w.sim.run(30 * s + 1);
  assert.is(pod.metrics, first, 'the same object');
  assert.ok(first.seq! > seq, 'with a new seq');
  assert.equal([Math.round(first.cpuMilli * 1e9) / 1e9, first.windowMs, first.timestampMs], [(200 * 27 - 100 * 12) / 15, 15 * s, 30 * s]);
  // with a working set the sample carries memory: a new object, no seq (not rewritten)
  pod.memoryBytes = 1000;
  w.sim.run(45 * s + 1);
  assert.is.not(pod.metrics, first);
  assert.is(pod.metrics!.memoryBytes, 1000);
  assert.is(pod.metrics!.seq, undefined);
  // a container that stopped: no sample
  pod.containerRunning = false;
  w.sim.run(60 * s + 1);
  assert.is(pod.metrics, null);
});

test.run();
