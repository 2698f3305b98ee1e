/** Karpenter: batch windows, instance choice from the catalogue, limits, consolidation timing, budgets, expiry. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  allowedDisruptions, batchWindowEnd, commandStillValid, consolidatableAt, decideDisruption, expiresAtMs, KARPENTER_DEFAULTS,
  NODEPOOL_DEFAULTS, nominatedMessage, provision, type KarpenterNode, type NodePoolPolicy,
} from '../../../src/k8s/autoscaler/karpenter.js';
import type { AutoscalerPod, NodeGroup } from '../../../src/k8s/autoscaler/types.js';

const Gi = 1024 ** 3;
const it = (name: string, cpu: number, memGi: number, price: number): NodeGroup => ({
  name, shape: { cpuMilli: cpu * 1000, memoryBytes: memGi * Gi, pods: 110 }, min: 0, max: 100, pricePerHour: price,
});
const catalogue = [it('m5.large', 2, 8, 0.096), it('m5.xlarge', 4, 16, 0.192), it('m5.2xlarge', 8, 32, 0.384)];
const np: NodePoolPolicy = { name: 'default', ...NODEPOOL_DEFAULTS };
const pod = (name: string, cpuMilli: number, memGi = 1): AutoscalerPod => ({ name, requests: { cpuMilli, memoryBytes: memGi * Gi }, priority: 0, groups: null });

test('defaults: batch idle 1 s, max 10 s; NodePool WhenEmptyOrUnderutilized, consolidateAfter 0s, budget 10 %, expireAfter 720h', () => {
  assert.is(KARPENTER_DEFAULTS.batchIdleDurationMs, 1000);
  assert.is(KARPENTER_DEFAULTS.batchMaxDurationMs, 10_000);
  assert.is(NODEPOOL_DEFAULTS.consolidationPolicy, 'WhenEmptyOrUnderutilized');
  assert.is(NODEPOOL_DEFAULTS.consolidateAfterMs, 0);
  assert.equal(NODEPOOL_DEFAULTS.budgets, [{ nodes: '10%', reasons: null }]);
  assert.is(NODEPOOL_DEFAULTS.expireAfterMs, 720 * 3600_000);
});

const windows: [string, number[], number][] = [
  ['one pod at 5 s: the window closes 1 s later', [5000], 6000],
  ['pods 0.5 s apart keep it open: last at 7 s closes at 8 s', [5000, 5500, 6000, 6500, 7000], 8000],
  ['a pod exactly 1 s after the last does not extend it', [5000, 6000], 6000],
  ['a steady stream every 0.5 s is cut at 10 s after the first', Array.from({ length: 40 }, (_, i) => 5000 + 500 * i), 15_000],
];
for (const [name, triggers, want] of windows) test(`batch: ${name}`, () => assert.is(batchWindowEnd(triggers), want));

test('provision: three 1-cpu pods get one node, the cheapest type that fits all three (4 cpu)', () => {
  const r = provision({ pods: [pod('a', 1000), pod('b', 1000), pod('c', 1000)], nodes: [], nodePools: [np], catalogue, usage: new Map() });
  assert.equal(r.claims, [{ nodePool: 'default', instanceType: 'm5.xlarge', pods: ['a', 'b', 'c'] }]);
});

test('provision: one small pod gets the smallest (cheapest) type', () => {
  const r = provision({ pods: [pod('a', 500)], nodes: [], nodePools: [np], catalogue, usage: new Map() });
  assert.is(r.claims[0]!.instanceType, 'm5.large');
});

test('provision: ten 1.5-cpu pods fill the largest type (5 pods on 8 cpu) twice', () => {
  const r = provision({ pods: Array.from({ length: 10 }, (_, i) => pod(`p${i}`, 1500)), nodes: [], nodePools: [np], catalogue, usage: new Map() });
  assert.equal(r.claims.map((c) => [c.instanceType, c.pods.length]), [['m5.2xlarge', 5], ['m5.2xlarge', 5]]);
});

test('provision: a pod that fits a launching node is nominated to it, no new claim', () => {
  const launching = { name: 'default-abcde', group: 'm5.xlarge', shape: catalogue[1]!.shape, requested: { cpuMilli: 1000, memoryBytes: Gi }, podCount: 1, ready: false, unschedulable: false };
  const r = provision({ pods: [pod('a', 1000)], nodes: [launching], nodePools: [np], catalogue, usage: new Map() });
  assert.equal([...r.onExisting], [['a', 'default-abcde']]);
  assert.equal(r.claims, []);
});

test('provision: limits.cpu charges the largest option, so a pool at 28 of 32 cpu can only launch a 4-cpu type', () => {
  const limited = { ...np, limits: { cpuMilli: 32_000 } };
  const r = provision({ pods: [pod('a', 1000)], nodes: [], nodePools: [limited], catalogue, usage: new Map([['default', { cpuMilli: 28_000, memoryBytes: 0, nodes: 7 }]]) });
  assert.is(r.claims[0]!.instanceType, 'm5.large');
  const full = provision({ pods: [pod('a', 1000)], nodes: [], nodePools: [limited], catalogue, usage: new Map([['default', { cpuMilli: 31_000, memoryBytes: 0, nodes: 8 }]]) });
  assert.equal(full.claims, []);
  assert.is(full.unschedulable.get('a'), 'all available instance types exceed limits for nodepool: "default"');
});

test('provision: the higher-weight NodePool is tried first', () => {
  const spot = { ...np, name: 'spot', weight: 50, instanceTypes: ['m5.2xlarge'] };
  const r = provision({ pods: [pod('a', 500)], nodes: [], nodePools: [np, spot], catalogue, usage: new Map() });
  assert.equal(r.claims, [{ nodePool: 'spot', instanceType: 'm5.2xlarge', pods: ['a'] }]);
});

test('Nominated message is upstream\'s', () => {
  assert.is(nominatedMessage('default-abcde'), 'Pod should schedule on: nodeclaim/default-abcde');
});

const consolidatable: [string, { initializedMs: number; lastPodEventMs: number | null }, number | null, number | null][] = [
  ['a node whose last pod left at 100 s, consolidateAfter 30 s, is consolidatable at 130 s', { initializedMs: 0, lastPodEventMs: 100_000 }, 30_000, 130_000],
  ['with no pod event, counting from initialisation', { initializedMs: 50_000, lastPodEventMs: null }, 30_000, 80_000],
  ['consolidateAfter 0s: at once', { initializedMs: 0, lastPodEventMs: 100_000 }, 0, 100_000],
  ['consolidateAfter Never: never', { initializedMs: 0, lastPodEventMs: 100_000 }, null, null],
];
for (const [name, n, after, want] of consolidatable) test(`consolidatable: ${name}`, () => assert.is(consolidatableAt(n, after), want));

const budgets: [string, NodePoolPolicy['budgets'], number, number][] = [
  ['10 % of 5 nodes rounds up to 1', [{ nodes: '10%', reasons: null }], 5, 1],
  ['10 % of 25 nodes is 3', [{ nodes: '10%', reasons: null }], 25, 3],
  ['"0" blocks everything', [{ nodes: 0, reasons: null }], 25, 0],
  ['the most restrictive budget naming the reason wins', [{ nodes: '50%', reasons: null }, { nodes: 1, reasons: ['Empty'] }], 10, 1],
  ['a budget for another reason does not apply', [{ nodes: '50%', reasons: null }, { nodes: 0, reasons: ['Underutilized'] }], 10, 5],
];
for (const [name, b, n, want] of budgets) test(`budget: ${name}`, () => assert.is(allowedDisruptions({ budgets: b }, n, 'Empty'), want));

const knode = (name: string, pods: KarpenterNode['pods'], over: Partial<KarpenterNode> = {}): KarpenterNode => {
  const t = catalogue.find((c) => c.name === (over.group ?? 'm5.xlarge'))!;
  return {
    name, group: t.name, shape: t.shape, pricePerHour: t.pricePerHour, nodePool: 'default', createdMs: 0, initializedMs: 0, lastPodEventMs: null,
    requested: pods.reduce((s, p) => ({ cpuMilli: s.cpuMilli + p.requests.cpuMilli, memoryBytes: s.memoryBytes + p.requests.memoryBytes }), { cpuMilli: 0, memoryBytes: 0 }),
    podCount: pods.length, ready: true, unschedulable: false, pods, deleting: false, ...over,
  };
};
const kpod = (name: string, cpuMilli: number) => ({ ...pod(name, cpuMilli), pdb: null });

test('emptiness: an empty node is proposed once consolidateAfter has passed, not before', () => {
  const pool = { ...np, consolidateAfterMs: 30_000 };
  const nodes = [knode('a', [kpod('x', 3000)], { lastPodEventMs: 100_000 }), knode('b', [], { lastPodEventMs: 100_000 })];
  const before = decideDisruption({ now: 129_999, nodes, nodePools: [pool], catalogue, pdbAllowed: new Map() });
  const at = decideDisruption({ now: 130_000, nodes, nodePools: [pool], catalogue, pdbAllowed: new Map() });
  assert.is(before.command, null);
  assert.equal(at.command, { reason: 'Empty', nodes: ['b'] });
});

test('emptiness: the budget (10 % of 3 nodes = 1) takes one empty node per command', () => {
  const nodes = [knode('a', [kpod('x', 3000)]), knode('b', []), knode('c', [])];
  assert.equal(decideDisruption({ now: 0, nodes, nodePools: [np], catalogue, pdbAllowed: new Map() }).command, { reason: 'Empty', nodes: ['b'] });
});

test('emptiness: with one node already being disrupted the budget blocks, with upstream\'s message', () => {
  const nodes = [knode('a', [kpod('x', 3000)]), knode('b', []), knode('c', [], { deleting: true })];
  const d = decideDisruption({ now: 0, nodes, nodePools: [np], catalogue, pdbAllowed: new Map() });
  assert.is(d.command, null);
  assert.equal(d.blocked[0], { nodePool: 'default', reason: 'Empty', message: 'No allowed disruptions for disruption reason Empty due to blocking budget' });
});

test('underutilised: a node whose one pod fits on another node is deleted', () => {
  const nodes = [knode('a', [kpod('x', 1000), kpod('x2', 1000)]), knode('b', [kpod('y', 1000)])];
  assert.equal(decideDisruption({ now: 0, nodes, nodePools: [np], catalogue, pdbAllowed: new Map() }).command, { reason: 'Underutilized', nodes: ['b'], replacement: null });
});

test('underutilised: a lone 4-cpu node with 1 cpu of pods is replaced by the cheaper 2-cpu type', () => {
  const nodes = [knode('a', [kpod('x', 1000)])];
  assert.equal(decideDisruption({ now: 0, nodes, nodePools: [np], catalogue, pdbAllowed: new Map() }).command, { reason: 'Underutilized', nodes: ['a'], replacement: 'm5.large' });
});

test('underutilised: WhenEmpty never moves pods', () => {
  const nodes = [knode('a', [kpod('x', 2000)]), knode('b', [kpod('y', 1000)])];
  assert.is(decideDisruption({ now: 0, nodes, nodePools: [{ ...np, consolidationPolicy: 'WhenEmpty' }], catalogue, pdbAllowed: new Map() }).command, null);
});

test('underutilised: a PodDisruptionBudget with no disruptions allowed protects the node', () => {
  const nodes = [knode('a', [kpod('x', 2000)]), knode('b', [{ ...kpod('y', 1000), pdb: 'api' }])];
  const d = decideDisruption({ now: 0, nodes, nodePools: [np], catalogue, pdbAllowed: new Map([['api', 0]]) });
  assert.is(d.command?.nodes[0], 'a');
});

test('a command is carried out only if it still holds 15 s later', () => {
  const nodes = [knode('a', [kpod('x', 2000)]), knode('b', [])];
  const first = decideDisruption({ now: 0, nodes, nodePools: [np], catalogue, pdbAllowed: new Map() }).command!;
  const same = decideDisruption({ now: KARPENTER_DEFAULTS.commandValidationDelayMs, nodes, nodePools: [np], catalogue, pdbAllowed: new Map() });
  const podArrived = decideDisruption({ now: 15_000, nodes: [nodes[0]!, knode('b', [kpod('z', 100)], { lastPodEventMs: 14_000 })], nodePools: [{ ...np, consolidateAfterMs: 30_000 }], catalogue, pdbAllowed: new Map() });
  assert.ok(commandStillValid(first, same));
  assert.not.ok(commandStillValid(first, podArrived));
});

test('expiry: created at 10 s with expireAfter 720h expires at 10 s + 2,592,000 s; Never never', () => {
  assert.is(expiresAtMs(10_000, NODEPOOL_DEFAULTS.expireAfterMs), 10_000 + 2_592_000_000);
  assert.is(expiresAtMs(10_000, null), null);
});

test.run();
