/** The cluster autoscaler's scale-up, end to end, against hand-computed timers. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { simulate } from '../../src/world/simulate.js';
import { CLUSTER_DEFAULTS, type NodePoolSpec, type Scenario } from '../../src/scenario/types.js';
import { deployment, scenario } from './world-fixture.js';

const GI = 2 ** 30;
const pool = (p: Partial<NodePoolSpec> = {}): NodePoolSpec => ({
  name: 'general', allocatable: { cpuMilli: 1000, memoryBytes: 4 * GI, pods: 110 }, nodes: 1, min: 0, max: 3,
  pricePerHour: 0.1, bootMs: 60_000, labels: {}, taints: [], ...p,
});
const withCA = (pools: NodePoolSpec[], expander: 'least-waste' | 'random' = 'least-waste'): Scenario['cluster'] => ({
  ...CLUSTER_DEFAULTS, nodePools: pools, nodeAutoscaler: { kind: 'ClusterAutoscaler', scanIntervalMs: 10_000, expander },
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

test.run();
