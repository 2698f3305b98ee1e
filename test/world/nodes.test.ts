/**
 * Node pools end to end: a node failure's timeline against a hand-computed one, Pending pods and their
 * FailedScheduling retries, a drain blocked by a PodDisruptionBudget, and the node bill.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseManifest } from '../../src/k8s/api/manifests.js';
import type { PodDisruptionBudget } from '../../src/k8s/api/types.js';
import { simulate } from '../../src/world/simulate.js';
import { CLUSTER_DEFAULTS, type NodePoolSpec, type Scenario } from '../../src/scenario/types.js';
import { deployment, scenario } from './world-fixture.js';

const GI = 2 ** 30;
const pool = (p: Partial<NodePoolSpec> = {}): NodePoolSpec => ({
  name: 'general', allocatable: { cpuMilli: 1930, memoryBytes: 6 * GI, pods: 58 }, nodes: 3, min: 0, max: 3,
  pricePerHour: 0.096, bootMs: 60_000, labels: {}, taints: [], ...p,
});
const cluster = (...pools: NodePoolSpec[]): Scenario['cluster'] => ({ ...CLUSTER_DEFAULTS, nodePools: pools });
const probe = { httpGet: { path: '/health', port: 8000 }, periodSeconds: 5 };
const at = (r: ReturnType<typeof simulate>, t: number, name: string): number => {
  const time = r.timeseries.columns['time']!;
  for (let i = 0; i < r.timeseries.length; i++) if (time[i] === t) return r.timeseries.columns[name]![i]!;
  throw new Error(`no row at ${t}`);
};
const events = (r: ReturnType<typeof simulate>, reason: string) => r.events.filter((e) => e.reason === reason);

test('node failure: hand-computed timeline (failures while an endpoint, removal at the grace period, eviction at the toleration, replacement Ready)', () => {
  const r = simulate(
    scenario({
      durationMs: 2_400_000,
      sampleIntervalMs: 1000,
      cluster: cluster(pool()),
      deployments: [deployment({ requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' }, probe })],
      traffic: [{ kind: 'constant', rps: 300 }],
      app: { cpuPerRequestMs: 2, startupMs: 8000 },
      events: [{ atMs: 1_803_000, kind: 'nodeFailure', node: 'general-1' }],
    }),
  );
  // default spreading put one pod on each node
  const dead = r.events.find((e) => e.reason === 'NodeNotReady' && e.object.startsWith('pod/'))!;
  // 1803 s: the kubelet dies; its last lease renewal was at 1800 s; 1800 + 50 s grace → the 5 s monitor tick after 1850 s
  assert.equal(events(r, 'NodeNotReady').map((e) => [e.time, e.object, e.message]), [
    [1855, 'node/general-1', 'Node general-1 status is now: NodeNotReady'],
    [1855, dead.object, 'Node is not ready'],
  ]);
  // until then a third of 300 rps goes to the dead pod and fails: 52 s × 100 rps
  assert.is(r.summary.requests.failed, 5200);
  // (a row shows the state after that instant's events)
  assert.is(at(r, 1854, 'ready_pods'), 3);
  assert.is(at(r, 1855, 'ready_pods'), 2);
  // 300 s default toleration of node.kubernetes.io/unreachable:NoExecute
  assert.equal(events(r, 'TaintManagerEviction').map((e) => [e.time, e.object, e.message]), [
    [2155, dead.object, `Marking for deletion Pod default/${dead.object.slice(4)}`],
  ]);
  const scheduled = events(r, 'Scheduled');
  assert.is(scheduled.length, 1);
  assert.is(scheduled[0]!.time, 2155);
  assert.ok(!scheduled[0]!.message.endsWith('general-1'), 'the replacement goes to a surviving node');
  // replacement: container at 2155 s, app up at 2163 s, readiness probes every 5 s from 2155 s → Ready at 2165 s
  assert.is(at(r, 2165, 'ready_pods'), 3);
  assert.is(at(r, 2164, 'ready_pods'), 2);
  // the dead pod stays Terminating (nobody can stop it) and still counts among the pods
  assert.is(at(r, 2300, 'total_pods'), 4);
  assert.is(r.summary.nodes!.min, 2);
  assert.is(r.summary.pendingPodSeconds, 0);
});

test('pending pods: FailedScheduling in upstream words, retried when the node comes back, pod-seconds counted', () => {
  const r = simulate(
    scenario({
      durationMs: 900_000,
      cluster: cluster(pool({ nodes: 2, allocatable: { cpuMilli: 1000, memoryBytes: 4 * GI, pods: 110 } })),
      deployments: [deployment({ replicas: 4, requests: { cpu: '400m', memory: '128Mi' }, probe })],
      traffic: [{ kind: 'constant', rps: 40 }],
      events: [
        { atMs: 10_000, kind: 'nodeFailure', node: 'general-1' },
        { atMs: 600_000, kind: 'nodeRecovery', node: 'general-1' },
      ],
    }),
  );
  const msg =
    '0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }. ' +
    'preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.';
  // NotReady at 65 s (heartbeat 10 s + 50 s → tick 65 s), evicted at 365 s: two replacements fit nowhere
  const failed = events(r, 'FailedScheduling');
  assert.equal(failed.map((e) => e.time), [365, 365, 600, 600], 'at the eviction, and again when the old pods leave at recovery');
  assert.ok(failed.every((e) => e.message === msg), failed[0]?.message);
  // Ready again at the next 5 s monitor tick (605 s): both placed on general-1
  const placed = events(r, 'Scheduled');
  assert.equal(placed.map((e) => [e.time, e.message.slice(-9)]), [[605, 'general-1'], [605, 'general-1']]);
  assert.is(r.summary.pendingPodSeconds, 2 * (605 - 365));
});

function pdb(spec: Record<string, unknown>): PodDisruptionBudget {
  return parseManifest({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'api-pdb' }, spec: { selector: { matchLabels: { app: 'api' } }, ...spec } }).object as PodDisruptionBudget;
}

const drainScenario = (pdbs: PodDisruptionBudget[]) =>
  scenario({
    durationMs: 300_000,
    cluster: cluster(pool({ nodes: 2 })),
    deployments: [deployment({ replicas: 4, requests: { cpu: '400m', memory: '128Mi' }, probe: { httpGet: { path: '/health', port: 8000 }, periodSeconds: 3 } })],
    traffic: [{ kind: 'constant', rps: 40 }],
    app: { startupMs: 12_000 },
    events: [{ atMs: 60_000, kind: 'drain', node: 'general-1' }],
    pdbs,
  });
const drainLines = (r: ReturnType<typeof simulate>) => r.events.filter((e) => e.reason === 'Drain').map((e) => [e.time, e.message.replace(/api-\w+-\w{5}/g, 'POD')]);

test('drain without a budget evicts both pods at once', () => {
  const r = simulate(drainScenario([]));
  assert.equal(drainLines(r), [
    [60, 'node/general-1 cordoned'],
    [60, 'evicting pod default/POD'],
    [60, 'evicting pod default/POD'],
    [60, 'pod/POD evicted'],
    [60, 'pod/POD evicted'],
    [60, 'node/general-1 drained'],
  ]);
});

test('drain with maxUnavailable 1: the second eviction waits, retried every 5 s, until the replacement is Ready', () => {
  const r = simulate(drainScenario([pdb({ maxUnavailable: 1 })]));
  const blocked = "error when evicting pods/\"POD\" -n \"default\" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.";
  // the first replacement starts at 60 s, is up at 72 s and passes the 3 s readiness probe at 72 s; retries at 65, 70 fail, 75 succeeds
  assert.equal(drainLines(r), [
    [60, 'node/general-1 cordoned'],
    [60, 'evicting pod default/POD'],
    [60, 'evicting pod default/POD'],
    [60, blocked],
    [60, 'pod/POD evicted'],
    [65, 'evicting pod default/POD'],
    [65, blocked],
    [70, 'evicting pod default/POD'],
    [70, blocked],
    [75, 'evicting pod default/POD'],
    [75, 'pod/POD evicted'],
    [75, 'node/general-1 drained'],
  ]);
  assert.is(r.summary.requests.failed, 0);
});

test('drain with minAvailable 100%: blocked for good, the node stays cordoned with its pods', () => {
  const r = simulate(drainScenario([pdb({ minAvailable: '100%' })]));
  const lines = drainLines(r);
  assert.is(lines.filter((l) => String(l[1]).startsWith('error when evicting')).length, 2 * 49, 'two pods, every 5 s from 60 s to the end at 300 s');
  assert.ok(!lines.some((l) => l[1] === 'node/general-1 drained'));
});

test('node cost: node-hours × price is the headline; the request cost stays a second figure', () => {
  const r = simulate(
    scenario({
      durationMs: 1_800_000,
      cluster: cluster(pool({ nodes: 2, pricePerHour: 0.1 }), pool({ name: 'big', nodes: 1, pricePerHour: 0.5, allocatable: { cpuMilli: 7910, memoryBytes: 30 * GI, pods: 110 } })),
    }),
  );
  // (2 × 0.1 + 1 × 0.5) $/h × 0.5 h
  assert.is(r.summary.cost.total, 0.35);
  assert.is(r.summary.cost.nodes, 0.35);
  assert.equal(r.summary.nodes, { min: 3, max: 3, mean: 3, nodeHours: 1.5 });
  // 3 pods × (0.1 core × 0.0445 + 0.125 GiB × 0.0049225) × 0.5 h
  assert.ok(Math.abs(r.summary.cost.requests! - 3 * (0.1 * 0.0445 + 0.125 * 0.0049225) * 0.5) < 1e-12);
  assert.is(r.timeseries.columns['cost_total']![r.timeseries.length - 1], 0.35);
});

test('without spec.cluster: no node columns, no node cost, no scheduler events', () => {
  const r = simulate(scenario({ durationMs: 60_000 }));
  assert.not.ok('nodes' in r.timeseries.columns);
  assert.is(r.summary.nodes, undefined);
  assert.is(r.summary.cost.nodes, undefined);
});

test.run();
