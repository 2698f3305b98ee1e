/** The cluster autoscaler's scale-up, end to end, against hand-computed timers. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { simulate } from '../../src/world/simulate.js';
import { CLUSTER_AUTOSCALER_DEFAULTS } from '../../src/k8s/autoscaler/cluster-autoscaler.js';
import { CLUSTER_DEFAULTS, type NodePoolSpec, type Scenario } from '../../src/scenario/types.js';
import { deployment, scenario } from './world-fixture.js';

const GI = 2 ** 30;
const pool = (p: Partial<NodePoolSpec> = {}): NodePoolSpec => ({
  name: 'general', allocatable: { cpuMilli: 1000, memoryBytes: 4 * GI, pods: 110 }, nodes: 1, min: 0, max: 3,
  pricePerHour: 0.1, bootMs: 60_000, labels: {}, taints: [], ...p,
});
const withCA = (pools: NodePoolSpec[], expander: 'least-waste' | 'random' = 'least-waste'): Scenario['cluster'] => ({
  ...CLUSTER_DEFAULTS, nodePools: pools, nodeAutoscaler: { kind: 'ClusterAutoscaler', options: { ...CLUSTER_AUTOSCALER_DEFAULTS, expander } },
});
const probe = { httpGet: { path: '/health', port: 8000 }, periodSeconds: 5 };
const rows = (r: ReturnType<typeof simulate>, reasons: string[]) => r.events.filter((e) => reasons.includes(e.reason)).map((e) => [e.time, e.reason, e.message.replace(/api-\w+-\w{5}/g, 'POD')]);

test('pods Pending → a node added at the next scan → Ready after its boot time → the pods are scheduled on it', () => {
  const r = simulate(
    scenario({
      durationMs: 900_000,
      cluster: withCA([pool()]),
      deployments: [deployment({ replicas: 2, requests: { cpu: '400m', memory: '128Mi' }, probe })],
      traffic: [{ kind: 'constant', rps: 40 }],
      events: [{ atMs: 300_000, kind: 'scale', deployment: 'api', replicas: 4 }],
    }),
  );
  const scaleUp = 'pod triggered scale-up: [{general 1->2 (max: 3)}]';
  const fit = '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.';
  // 300 s: two new pods fit nowhere; 310 s: the scan packs both onto one template node; 370 s: it is Ready
  assert.equal(rows(r, ['FailedScheduling', 'TriggeredScaleUp', 'NodeReady', 'Scheduled']), [
    [300, 'FailedScheduling', fit],
    [300, 'FailedScheduling', fit],
    [310, 'TriggeredScaleUp', scaleUp],
    [310, 'TriggeredScaleUp', scaleUp],
    [370, 'NodeReady', 'Node general-2 status is now: NodeReady'],
    [370, 'Scheduled', 'Successfully assigned default/POD to general-2'],
    [370, 'Scheduled', 'Successfully assigned default/POD to general-2'],
  ]);
  assert.is(r.summary.pendingPodSeconds, 2 * 70);
  // bill: general-1 for 900 s, general-2 from 310 s
  assert.ok(Math.abs(r.summary.cost.nodes! - ((900 + 590) / 3600) * 0.1) < 1e-12);
  assert.equal([r.summary.nodes!.min, r.summary.nodes!.max], [1, 2]);
});

test('no pool below its max: nothing is added; least-waste picks the pool whose nodes the pods fill best', () => {
  const full = simulate(
    scenario({
      durationMs: 120_000,
      cluster: withCA([pool({ max: 1 })]),
      deployments: [deployment({ replicas: 3, requests: { cpu: '400m', memory: '128Mi' }, probe })],
    }),
  );
  assert.is(full.events.filter((e) => e.reason === 'TriggeredScaleUp').length, 0);
  assert.is(full.summary.pendingPodSeconds, 120);

  const two = simulate(
    scenario({
      durationMs: 120_000,
      cluster: withCA([pool({ name: 'big', nodes: 0, allocatable: { cpuMilli: 8000, memoryBytes: 32 * GI, pods: 110 } }), pool({ name: 'small' })]),
      deployments: [deployment({ replicas: 3, requests: { cpu: '400m', memory: '128Mi' }, probe })],
    }),
  );
  // the pending third pod: on a 1-core node it wastes 0.6 + 0.97, on an 8-core node 0.95 + 0.996
  assert.equal(rows(two, ['TriggeredScaleUp']), [[10, 'TriggeredScaleUp', 'pod triggered scale-up: [{small 1->2 (max: 3)}]']]);
});

test('scale-down: a node unneeded for 10 min is removed, and its bill stops; not before the unneeded time', () => {
  const r = simulate(
    scenario({
      durationMs: 1_900_000,
      cluster: withCA([pool()]),
      deployments: [deployment({ replicas: 2, requests: { cpu: '400m', memory: '128Mi' }, probe })],
      traffic: [{ kind: 'constant', rps: 40 }],
      events: [
        { atMs: 300_000, kind: 'scale', deployment: 'api', replicas: 4 },
        { atMs: 1_200_000, kind: 'scale', deployment: 'api', replicas: 2 },
      ],
    }),
  );
  // 310 s: scale-up; 1200 s: the two newest pods (on general-2) go; 1210 s: general-2 (0 % requested) is unneeded;
  // 1210 + 600 s: removed (the delay after add, 310 + 600 s, is long over)
  assert.equal(rows(r, ['TriggeredScaleUp', 'ScaleDown']).map((e) => [e[0], e[1], e[2]]), [
    [310, 'TriggeredScaleUp', 'pod triggered scale-up: [{general 1->2 (max: 3)}]'],
    [310, 'TriggeredScaleUp', 'pod triggered scale-up: [{general 1->2 (max: 3)}]'],
    [1810, 'ScaleDown', 'marked the node as toBeDeleted/unschedulable'],
  ]);
  assert.equal(r.events.filter((e) => e.reason === 'ScaleDown').map((e) => e.object), ['node/general-2']);
  // bill: general-1 for 1900 s, general-2 from 310 s to 1810 s
  assert.ok(Math.abs(r.summary.cost.nodes! - ((1900 + 1500) / 3600) * 0.1) < 1e-12, String(r.summary.cost.nodes));
  assert.is(r.summary.nodes!.min, 1);
  const short = simulate(
    scenario({
      durationMs: 1_800_000,
      cluster: withCA([pool()]),
      deployments: [deployment({ replicas: 2, requests: { cpu: '400m', memory: '128Mi' }, probe })],
      events: [
        { atMs: 300_000, kind: 'scale', deployment: 'api', replicas: 4 },
        { atMs: 1_200_000, kind: 'scale', deployment: 'api', replicas: 2 },
      ],
    }),
  );
  assert.is(short.events.filter((e) => e.reason === 'ScaleDown').length, 0, 'unneeded for 590 s only');
});

test('scale-down moves pods: a half-empty node whose pods fit elsewhere is drained, its pods rescheduled', () => {
  const r = simulate(
    scenario({
      durationMs: 1_000_000,
      cluster: withCA([pool({ nodes: 2, allocatable: { cpuMilli: 2000, memoryBytes: 4 * GI, pods: 110 } })]),
      deployments: [deployment({ replicas: 2, requests: { cpu: '400m', memory: '128Mi' }, probe })],
    }),
  );
  // one pod per node (spreading), each node 20 % requested: both unneeded at 10 s; at 610 s one goes (one drain
  // per scan), its pod moves to the other node, which then holds 40 % and stays
  const down = r.events.filter((e) => e.reason === 'ScaleDown');
  assert.equal(down.map((e) => [e.time, e.object.split('/')[0], e.message]), [
    [610, 'node', 'marked the node as toBeDeleted/unschedulable'],
    [610, 'pod', 'deleting pod for node scale down'],
  ]);
  assert.is(r.summary.nodes!.min, 1);
  assert.is(r.timeseries.columns['ready_pods']![r.timeseries.length - 1], 2);
});

test.run();
