/**
 * The HPA controller sums the pods of a Resource cpu Utilization HPA in its own pass over them (`tallyPods`),
 * reading each pod's fields instead of building its view. It must decide exactly as the views do: both are run on
 * random pod states (every phase, deletion, readiness, start time, CPU initialisation, sample or none) in two
 * ReplicaSets whose templates have a cpu request or none and a sidecar or none, and their decisions compared.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { Simulation } from '../../../src/engine/simulation.js';
import { Cluster } from '../../../src/k8s/cluster/cluster.js';
import type { DeploymentState, PodState, ReplicaSetState } from '../../../src/k8s/cluster/types.js';
import { HpaController, type HpaDecision } from '../../../src/k8s/hpa/controller.js';
import { MetricsServer } from '../../../src/k8s/hpa/metrics-server.js';
import type { MetricSpec } from '../../../src/k8s/hpa/index.js';
import { TEST_PARAMS } from './fixtures.js';
import { inertHooks } from '../../support/cluster-hooks.js';

const NOW_MS = 1_000_000;

const podArb = fc.record({
  phase: fc.constantFrom('Running', 'Running', 'Running', 'Pending', 'Failed', 'Succeeded'),
  deleted: fc.integer({ min: 0, max: 9 }),
  gone: fc.integer({ min: 0, max: 19 }),
  ready: fc.boolean(),
  // seconds before now: inside and outside the 120 s CPU initialisation period, and around the sample window
  readyAgo: fc.integer({ min: 0, max: 400 }),
  startAgo: fc.option(fc.integer({ min: 0, max: 400 }), { nil: null, freq: 8 }),
  sampleAgo: fc.integer({ min: 0, max: 60 }),
  windowS: fc.constantFrom(15, 30, 60),
  cpuMilli: fc.option(fc.double({ min: 0, max: 600, noNaN: true }), { nil: null, freq: 6 }),
});
type PodArb = typeof podArb extends fc.Arbitrary<infer T> ? T : never;

/** A ReplicaSet's template: every pod of it has the same containers (a cpu request or none; a sidecar or none). */
const templateArb = fc.record({
  request: fc.option(fc.constantFrom(50, 100, 250), { nil: null, freq: 12 }),
  sidecar: fc.option(fc.option(fc.constantFrom(10, 20), { nil: undefined, freq: 3 }), { nil: null, freq: 4 }),
});
type Template = typeof templateArb extends fc.Arbitrary<infer T> ? T : never;
const TEMPLATE: Template = { request: 100, sidecar: null };

function quantity(milli: number) {
  return { milli, value: Math.ceil(milli / 1000) };
}

function podState(i: number, a: PodArb & Template, rs: ReplicaSetState): PodState {
  const startTimeMs = a.startAgo === null ? null : NOW_MS - a.startAgo * 1000;
  const sidecars =
    a.sidecar === null
      ? []
      : [{ name: 'side', requestCpuMilli: a.sidecar, requestMemoryBytes: undefined, memoryLimitBytes: null, cpuCapacityMilli: 1000, cpuMilli: 0, cpuCumulative: 0, memoryBytes: 0, startedMs: 0, restartCount: 0, load: undefined }];
  const metrics =
    a.cpuMilli === null
      ? null
      : {
          cpuMilli: a.cpuMilli,
          rps: 1,
          timestampMs: NOW_MS - a.sampleAgo * 1000,
          windowMs: a.windowS * 1000,
          ...(sidecars.length > 0 ? { memoryBytes: 0, inFlight: 0, containers: { api: { cpuMilli: a.cpuMilli, memoryBytes: 0 }, side: { cpuMilli: 0, memoryBytes: 0 } } } : {}),
        };
  return {
    name: `pod-${i}`,
    rs,
    phase: a.phase,
    gone: a.gone === 0,
    deletionMs: a.deleted === 0 ? NOW_MS - 1000 : null,
    ready: a.ready,
    readyTransitionMs: NOW_MS - a.readyAgo * 1000,
    startTimeMs,
    container: { name: 'api', resources: { requests: a.request === null ? {} : { cpu: quantity(a.request) }, limits: {} } },
    sidecars,
    metrics,
    hpaView: undefined,
  } as unknown as PodState;
}

/** One sync of an HPA on `metrics` over the pods, with the tally on or off. */
function decide(pods: PodArb[], replicas: number, metrics: MetricSpec[], tally: boolean, templates: Template[] = [TEMPLATE, TEMPLATE]): HpaDecision {
  const sim = new Simulation(1);
  const cluster = new Cluster(sim, inertHooks());
  const d = { name: 'api', prefix: '', replicas, status: { replicas }, replicaSets: [] as ReplicaSetState[] } as unknown as DeploymentState;
  const half = Math.floor(pods.length / 2);
  // two ReplicaSets, as in a rollout
  for (const part of [pods.slice(0, half), pods.slice(half)]) {
    const rs = { name: 'api-rs', deployment: d, pods: [] as PodState[] } as unknown as ReplicaSetState;
    const template = templates[d.replicaSets.length]!;
    rs.pods = part.map((a, i) => podState(d.replicaSets.length * 1000 + i, { ...a, ...template }, rs));
    d.replicaSets.push(rs);
  }
  const hpas = new HpaController(cluster, TEST_PARAMS, 15_000, () => {}, { object: () => null, external: () => null });
  hpas.tallyPods = tally;
  let decision: HpaDecision | undefined;
  hpas.onDecision = (x) => (decision = x);
  const e = hpas.add({ name: 'api', spec: { minReplicas: 1, maxReplicas: 100, metrics }, objectRefs: [], externalRefs: [], target: d });
  sim.run(NOW_MS - 15_000);
  // the sync at NOW_MS, read twice: the second sync of the same state reuses or recomputes as the first allows
  hpas.sync(e);
  sim.run(NOW_MS);
  return decision!;
}

const cpu = (target: number): MetricSpec => ({ type: 'Resource', name: 'cpu', target: { type: 'Utilization', averageUtilization: target } });

test('a sample metrics-server rewrote in place (a new seq) is read anew by the views, not taken for the one they read', () => {
  const sim = new Simulation(1);
  const cluster = new Cluster(sim, inertHooks());
  const d = { name: 'api', prefix: '', replicas: 2, status: { replicas: 2 }, replicaSets: [] as ReplicaSetState[] } as unknown as DeploymentState;
  const rs = { name: 'api-rs', deployment: d, pods: [] as PodState[] } as unknown as ReplicaSetState;
  const settled: PodArb = { phase: 'Running', deleted: 1, gone: 1, ready: true, readyAgo: 400, startAgo: 400, sampleAgo: 5, windowS: 15, cpuMilli: 50 };
  rs.pods = [0, 1].map((i) => podState(i, { ...settled, ...TEMPLATE }, rs));
  for (const p of rs.pods) p.metrics!.seq = 1;
  d.replicaSets.push(rs);
  const hpas = new HpaController(cluster, TEST_PARAMS, 15_000, () => {}, { object: () => null, external: () => null });
  hpas.tallyPods = false; // the views
  const seen: HpaDecision[] = [];
  hpas.onDecision = (x) => seen.push(x);
  hpas.add({ name: 'api', spec: { minReplicas: 1, maxReplicas: 100, metrics: [cpu(50)] }, objectRefs: [], externalRefs: [], target: d });
  sim.run(NOW_MS - 15_000);
  // the next scrape, as metrics-server writes it: the same objects, new numbers and a new seq, the state bumped
  for (const p of rs.pods) Object.assign(p.metrics!, { cpuMilli: 150, timestampMs: NOW_MS - 5_000, seq: 2 });
  cluster.stateVersion++;
  sim.run(NOW_MS);
  const utilization = seen.map((x) => (x.result.metrics[0]!.current as { averageUtilization?: number }).averageUtilization);
  assert.equal(utilization.slice(-2), [50, 150]);
  assert.ok(seen.at(-1)!.result.replicas > 2, "and scaled up on it");
});

test('the tally decides as the views do (random pods, one cpu metric or the default)', () => {
  fc.assert(
    fc.property(
      fc.array(podArb, { minLength: 0, maxLength: 12 }),
      fc.integer({ min: 1, max: 12 }),
      fc.constantFrom<MetricSpec[]>([cpu(50)], [cpu(80)], [], [cpu(150), cpu(60)]),
      fc.array(templateArb, { minLength: 2, maxLength: 2 }),
      (pods, replicas, metrics, templates) => {
        const a = decide(pods, replicas, metrics, true, templates);
        const b = decide(pods, replicas, metrics, false, templates);
        assert.equal(a.result.metrics, b.result.metrics);
        assert.equal(a.result.replicas, b.result.replicas);
        assert.equal(a.result.conditions, b.result.conditions);
        assert.equal(a.result.events, b.result.events);
      },
    ),
    { numRuns: 1000, seed: 20261202 },
  );
});

test('the tally sees what a view sees: unready, missing and a missing request each change the decision', () => {
  const base: PodArb = { phase: 'Running', deleted: 1, gone: 1, ready: true, readyAgo: 300, startAgo: 300, sampleAgo: 0, windowS: 15, cpuMilli: 90 };
  const run = (pods: PodArb[], templates?: Template[]) => decide(pods, pods.length, [cpu(50)], true, templates).result.metrics[0]!;
  // 90 % of request against 50 %: scale up from 3 to 6
  assert.is(run([base, base, base]).replicas, 6);
  // a pod still initialising whose sample began before it became ready is unready: it counts as 0 on a scale-up
  // (180m of 300m = 60 % against 50 %: 4)
  assert.is(run([base, base, { ...base, startAgo: 20, readyAgo: 10 }]).replicas, 4);
  // so does a pod without a sample
  assert.is(run([base, base, { ...base, cpuMilli: null }]).replicas, 4);
  // initialised, the same pod is ready
  assert.is(run([base, base, { ...base, startAgo: 200, readyAgo: 10 }]).replicas, 6);
  // the second ReplicaSet's template has no cpu request: its first pod is named
  assert.is(run([base, base, base], [TEMPLATE, { request: null, sidecar: null }]).error, 'failed to get cpu resource metric value: failed to get cpu utilization: missing request for cpu in Pod pod-1000');
});

/**
 * metrics-server's scrape at 15 s, then (optionally) a pod deleted at the same instant, then the HPA's sync: the sync takes the tally the scrape took only while nothing changed since.
 */
function scrapeThenSync(change: boolean, tally: boolean) {
  const sim = new Simulation(1);
  const pods: PodState[] = [];
  const cluster = new Cluster(sim, {
    settle: (now) => {
      for (const p of pods) p.cpuCumulative = 90 * (now + 3_600_000);
    },
    refreshPod: () => {},
    beforeRoutingChange: () => {},
    podCreated: () => {},
    podGone: () => {},
    behaviourFor: () => ({ imagePullMs: 0, startupMs: 0, shutdownMs: 0, crashAfterMs: null, neverReady: false }),
  });
  const d = { name: 'api', prefix: '', replicas: 3, status: { replicas: 3 }, replicaSets: [] as ReplicaSetState[] } as unknown as DeploymentState;
  const rs = { name: 'api-rs', deployment: d, pods } as unknown as ReplicaSetState;
  d.replicaSets.push(rs);
  for (let i = 0; i < 3; i++) {
    const p = podState(i, { phase: 'Running', deleted: 1, gone: 1, ready: true, readyAgo: 0, startAgo: 0, sampleAgo: 0, windowS: 15, cpuMilli: null, ...TEMPLATE }, rs);
    Object.assign(p, { startTimeMs: -3_600_000, readyTransitionMs: -3_600_000, containerRunning: true, containerId: 1, containerStartedMs: -3_600_000, cpuAtContainerStart: 0, requestsCumulative: 0, requestsAtContainerStart: 0, memoryBytes: 0, inFlight: 0 });
    pods.push(p);
    cluster.pods.push(p);
  }
  const ms = new MetricsServer(cluster, 15_000, 15_000);
  const hpas = new HpaController(cluster, TEST_PARAMS, 15_000, () => {}, { object: () => null, external: () => null });
  hpas.tallyPods = tally;
  ms.listener = hpas.scrapeListener;
  hpas.beforeSync = (now) => ms.scrapeIfDue(now);
  let decision: HpaDecision | undefined;
  hpas.onDecision = (x) => (decision ??= x);
  // queued in this order, the scrape at 15 s runs first, then the change, then the sync
  ms.start(false);
  if (change) {
    sim.at(15_000, 'delete', () => {
      pods[0]!.deletionMs = 15_000;
      cluster.stateVersion++;
    });
  }
  hpas.add({ name: 'api', spec: { minReplicas: 1, maxReplicas: 100, metrics: [cpu(50)] }, objectRefs: [], externalRefs: [], target: d });
  sim.run(15_000);
  return decision!.result.metrics;
}

test("a sync takes the scrape's tally only while nothing changed since the scrape", () => {
  // 90 % of request against 50 %: 6 replicas
  assert.is(scrapeThenSync(false, true)[0]!.replicas, 6);
  assert.equal(scrapeThenSync(false, true), scrapeThenSync(false, false));
  // a pod deleted after the scrape is ignored: the two others give 4
  assert.is(scrapeThenSync(true, true)[0]!.replicas, 4);
  assert.equal(scrapeThenSync(true, true), scrapeThenSync(true, false));
});

test.run();
