/** Karpenter in a run, end to end, against hand-computed timers (batch window, boot, consolidation). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { simulate } from '../../src/world/simulate.js';
import { NODEPOOL_DEFAULTS } from '../../src/k8s/autoscaler/karpenter.js';
import { CLUSTER_DEFAULTS, type NodePoolSpec, type Scenario } from '../../src/scenario/types.js';
import { deployment, scenario } from './world-fixture.js';

const GI = 2 ** 30;
const pool = (p: Partial<NodePoolSpec> = {}): NodePoolSpec => ({
  name: 'general', allocatable: { cpuMilli: 1000, memoryBytes: 4 * GI, pods: 110 }, nodes: 1, min: 0, max: 1,
  pricePerHour: 0.1, bootMs: 60_000, labels: {}, taints: [], ...p,
});
const withKarpenter = (pools: NodePoolSpec[], consolidateAfterMs: number | null): Scenario['cluster'] => ({
  ...CLUSTER_DEFAULTS,
  nodePools: pools,
  nodeAutoscaler: {
    kind: 'Karpenter', batchIdleDurationMs: 1_000, batchMaxDurationMs: 10_000,
    implicitNodePool: { name: 'default', ...NODEPOOL_DEFAULTS, instanceTypes: ['small', 'big'], consolidateAfterMs },
  },
});
const probe = { httpGet: { path: '/health', port: 8000 }, periodSeconds: 5 };
const rows = (r: ReturnType<typeof simulate>, reasons: string[]) =>
  r.events.filter((e) => reasons.includes(e.reason)).map((e) => [e.time, e.object.replace(/api-\w+-\w{5}/g, 'POD'), e.reason, e.message.replace(/api-\w+-\w{5}/g, 'POD')]);

test('pods Pending → the batch closes 1 s later (idle window) → one cheapest node that fits the batch → Ready after boot → scheduled', () => {
  const r = simulate(
    scenario({
      durationMs: 600_000,
      cluster: withKarpenter([
        pool(),
        pool({ name: 'small', nodes: 0, max: 10, allocatable: { cpuMilli: 1000, memoryBytes: 4 * GI, pods: 110 }, pricePerHour: 0.05 }),
        pool({ name: 'big', nodes: 0, max: 10, allocatable: { cpuMilli: 2000, memoryBytes: 8 * GI, pods: 110 }, pricePerHour: 0.08 }),
      ], null),
      deployments: [deployment({ replicas: 2, requests: { cpu: '400m', memory: '128Mi' }, probe })],
      traffic: [{ kind: 'constant', rps: 40 }],
      events: [{ atMs: 300_000, kind: 'scale', deployment: 'api', replicas: 5 }],
    }),
  );
  // 300 s: three pods fit nowhere (1.2 cores); 301 s: batch closes; one big node (2 cores, $0.08) is cheaper than
  // two small ones ($0.10); 361 s: Ready after its 60 s boot; the three pods are scheduled on it
  assert.equal(rows(r, ['Nominated', 'NodeReady']), [
    [301, 'pod/POD', 'Nominated', 'Pod should schedule on: nodeclaim/big-1'],
    [301, 'pod/POD', 'Nominated', 'Pod should schedule on: nodeclaim/big-1'],
    [301, 'pod/POD', 'Nominated', 'Pod should schedule on: nodeclaim/big-1'],
    [361, 'node/big-1', 'NodeReady', 'Node big-1 status is now: NodeReady'],
  ]);
  assert.equal(r.events.filter((e) => e.reason === 'Scheduled' && e.message.endsWith('to big-1')).map((e) => e.time), [361, 361, 361]);
  assert.is(r.summary.pendingPodSeconds, 3 * 61);
});

test('consolidation: an emptied Karpenter node goes at the first poll after consolidateAfter, 15 s after validation', () => {
  const r = simulate(
    scenario({
      durationMs: 1_200_000,
      cluster: withKarpenter([pool(), pool({ name: 'big', nodes: 0, max: 10, allocatable: { cpuMilli: 2000, memoryBytes: 8 * GI, pods: 110 }, pricePerHour: 0.08 })], 60_000),
      deployments: [deployment({ replicas: 2, requests: { cpu: '400m', memory: '128Mi' }, probe })],
      traffic: [{ kind: 'constant', rps: 40 }],
      events: [
        { atMs: 300_000, kind: 'scale', deployment: 'api', replicas: 4 },
        { atMs: 600_000, kind: 'scale', deployment: 'api', replicas: 2 },
      ],
    }),
  );
  const out = rows(r, ['DisruptionTerminating', 'Evicted']);
  assert.ok(out.length >= 1, 'a disruption');
  const [t, obj, , msg] = out[0]!;
  assert.is(obj, 'node/big-1');
  // the poll grid is every 10 s; a found command is carried out 15 s later
  assert.is(((t as number) - 15) % 10, 0);
  assert.ok((t as number) >= 600 + 60 + 15, `not before consolidateAfter: ${t}`);
  assert.ok(/Disrupting Node: (Empty|Underutilized)/.test(msg as string));
  const gone = r.summary.nodes!;
  assert.equal([gone.min, gone.max], [1, 2]);
});

test.run();
