/** Cluster autoscaler: flags, scale-up (which pods, how many nodes, expanders, events) and scale-down timers. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createStream } from '../../../src/engine/random.js';
import {
  CLUSTER_AUTOSCALER_DEFAULTS as D, decideScaleUp, estimate, nextScanMs, provisionTimedOut, type GroupState, type PendingPod,
} from '../../../src/k8s/autoscaler/cluster-autoscaler.js';
import { decideScaleDown, scaleDownCooldown, updateUnneeded, utilization, type ScaleDownNode } from '../../../src/k8s/autoscaler/ca-scale-down.js';
import type { NodeGroup } from '../../../src/k8s/autoscaler/types.js';

const Gi = 1024 ** 3;
const general: NodeGroup = { name: 'general', shape: { cpuMilli: 4000, memoryBytes: 16 * Gi, pods: 58 }, min: 1, max: 10, pricePerHour: 0.192 };
const big: NodeGroup = { name: 'big', shape: { cpuMilli: 16000, memoryBytes: 64 * Gi, pods: 58 }, min: 0, max: 5, pricePerHour: 0.768 };
const pod = (name: string, cpuMilli: number, over: Partial<PendingPod> = {}): PendingPod => ({
  name, requests: { cpuMilli, memoryBytes: 1 * Gi }, priority: 0, groups: null, createdMs: 0, ...over,
});
const gs = (group: NodeGroup, targetSize: number, upcoming = 0, backoffUntilMs: number | null = null): GroupState => ({ group, targetSize, upcoming, backoffUntilMs });
const rnd = () => createStream(1, 'cluster-autoscaler/expander');

test('the defaults are upstream flags.go / const.go values', () => {
  assert.is(D.scanIntervalMs, 10_000);
  assert.is(D.scaleDownUnneededTimeMs, 10 * 60_000);
  assert.is(D.scaleDownUnreadyTimeMs, 20 * 60_000);
  assert.is(D.scaleDownDelayAfterAddMs, 10 * 60_000);
  assert.is(D.scaleDownDelayAfterDeleteMs, 0);
  assert.is(D.scaleDownDelayAfterFailureMs, 3 * 60_000);
  assert.is(D.scaleDownUtilizationThreshold, 0.5);
  assert.is(D.maxNodeProvisionTimeMs, 15 * 60_000);
  assert.is(D.expander, 'least-waste');
  assert.is(D.expendablePodsPriorityCutoff, -10);
});

const scans: [string, number, number][] = [
  ['a pod pending at 3 s is seen by the scan at 10 s', 3_000, 10_000],
  ['a pod pending exactly at a scan is seen by that scan', 20_000, 20_000],
  ['the first scan is one interval after start (main.go waits before each loop), not at 0', 0, 10_000],
];
for (const [name, now, want] of scans) test(`scan: ${name}`, () => assert.is(nextScanMs(now, D), want));

test('scale-up: three 1-cpu pods on 4-cpu nodes need one node', () => {
  const d = decideScaleUp({ now: 10_000, pending: [pod('a', 1000), pod('b', 1000), pod('c', 1000)], nodes: [], groups: [gs(general, 2)], options: D }, rnd());
  assert.equal(d.scaleUp, { group: 'general', from: 2, to: 3, max: 10 });
  assert.equal(d.events.map((e) => e.reason), ['TriggeredScaleUp', 'TriggeredScaleUp', 'TriggeredScaleUp']);
  assert.is(d.events[0]!.message, 'pod triggered scale-up: [{general 2->3 (max: 10)}]');
});

test('scale-up: five 1.5-cpu pods pack two per 4-cpu node, so three nodes', () => {
  const o = estimate(['a', 'b', 'c', 'd', 'e'].map((n) => pod(n, 1500)), general, 100);
  assert.is(o.nodeCount, 3);
});

test('scale-up: the estimator places the largest pods first', () => {
  // first fit in arrival order would need 3 nodes (1,3 | 3 | … ); largest first: 3+1 | 3+1 → 2
  const o = estimate([pod('s1', 1000), pod('l1', 3000), pod('s2', 1000), pod('l2', 3000)], general, 100);
  assert.is(o.nodeCount, 2);
});

test('scale-up: pods that fit on nodes already requested trigger nothing', () => {
  const d = decideScaleUp({ now: 20_000, pending: [pod('a', 1000), pod('b', 1000)], nodes: [], groups: [gs(general, 3, 1)], options: D }, rnd());
  assert.is(d.scaleUp, null);
  assert.equal([...d.onUpcoming].sort(), ['a', 'b']);
  assert.equal(d.events, []);
});

test('scale-up: the count is capped at the group max', () => {
  const d = decideScaleUp({ now: 0, pending: ['a', 'b', 'c'].map((n) => pod(n, 3000)), nodes: [], groups: [gs(general, 9)], options: D }, rnd());
  assert.equal(d.scaleUp, { group: 'general', from: 9, to: 10, max: 10 });
  assert.is(d.events.filter((e) => e.reason === 'TriggeredScaleUp').length, 1);
});

test('scale-up: a group at its max says "max node group size reached"', () => {
  const d = decideScaleUp({ now: 0, pending: [pod('a', 1000)], nodes: [], groups: [gs(general, 10)], options: D }, rnd());
  assert.is(d.scaleUp, null);
  assert.equal(d.events, [{ pod: 'a', reason: 'NotTriggerScaleUp', message: "pod didn't trigger scale-up: 1 max node group size reached" }]);
});

test('scale-up: a pod bigger than every template names the shortage per group', () => {
  const d = decideScaleUp({ now: 0, pending: [pod('huge', 32000)], nodes: [], groups: [gs(general, 1), gs(big, 0)], options: D }, rnd());
  assert.is(d.events[0]!.message, "pod didn't trigger scale-up: 2 Insufficient cpu");
});

test('scale-up: expendable pods (priority below -10) never trigger a scale-up', () => {
  const d = decideScaleUp({ now: 0, pending: [pod('p', 1000, { priority: -11 })], nodes: [], groups: [gs(general, 1)], options: D }, rnd());
  assert.is(d.scaleUp, null);
  assert.equal(d.events, []);
});

test('scale-up: a preempted placeholder pod (priority -1, above the cutoff) does trigger a scale-up: headroom is restored', () => {
  const d = decideScaleUp({ now: 0, pending: [pod('overprovisioning-0', 1000, { priority: -1 })], nodes: [], groups: [gs(general, 1)], options: D }, rnd());
  assert.is(d.scaleUp?.to, 2);
});

test('scale-up: a pod younger than new-pod-scale-up-delay waits', () => {
  const o = { ...D, newPodScaleUpDelayMs: 30_000 };
  const young = decideScaleUp({ now: 20_000, pending: [pod('a', 1000, { createdMs: 0 })], nodes: [], groups: [gs(general, 1)], options: o }, rnd());
  const old = decideScaleUp({ now: 30_000, pending: [pod('a', 1000, { createdMs: 0 })], nodes: [], groups: [gs(general, 1)], options: o }, rnd());
  assert.is(young.scaleUp, null);
  assert.is(old.scaleUp?.to, 2);
});

test('scale-up: a group in back-off is skipped', () => {
  const d = decideScaleUp({ now: 0, pending: [pod('a', 1000)], nodes: [], groups: [gs(general, 1, 0, 60_000)], options: D }, rnd());
  assert.is(d.events[0]!.message, "pod didn't trigger scale-up: 1 in backoff after failed scale-up");
});

test('least-waste: one 3-cpu pod goes to the 4-cpu group, not the 16-cpu one', () => {
  const d = decideScaleUp({ now: 0, pending: [pod('a', 3000)], nodes: [], groups: [gs(big, 0), gs(general, 1)], options: D }, rnd());
  assert.is(d.scaleUp?.group, 'general');
});

test('least-waste: twelve 1.2-cpu pods waste less on one 16-cpu node than on four 4-cpu nodes', () => {
  const pods = Array.from({ length: 12 }, (_, i) => pod(`p${i}`, 1200, { requests: { cpuMilli: 1200, memoryBytes: 4 * Gi } }));
  const d = decideScaleUp({ now: 0, pending: pods, nodes: [], groups: [gs(big, 0), gs(general, 1)], options: D }, rnd());
  // general: 4 nodes (3 pods each = 3.6 cpu, 12 Gi) waste 0.1 + 0.25; big: 1 node (14.4 cpu, 48 Gi) waste 0.1 + 0.25 → tie
  // broken by the seeded random expander; assert only that the choice is one of the two and is repeatable.
  const again = decideScaleUp({ now: 0, pending: pods, nodes: [], groups: [gs(big, 0), gs(general, 1)], options: D }, rnd());
  assert.ok(['big', 'general'].includes(d.scaleUp!.group));
  assert.is(again.scaleUp!.group, d.scaleUp!.group);
});

test('priority expander: the highest matching priority wins over least waste', () => {
  const o = { ...D, expander: 'priority' as const, priorities: { 10: ['^general$'], 50: ['big'] } };
  const d = decideScaleUp({ now: 0, pending: [pod('a', 1000)], nodes: [], groups: [gs(big, 0), gs(general, 1)], options: o }, rnd());
  assert.is(d.scaleUp?.group, 'big');
});

test('random expander: the seeded stream decides, the same seed the same way', () => {
  const o = { ...D, expander: 'random' as const };
  const picks = Array.from({ length: 2 }, () => decideScaleUp({ now: 0, pending: [pod('a', 1000)], nodes: [], groups: [gs(big, 0), gs(general, 1)], options: o }, rnd()).scaleUp!.group);
  assert.is(picks[0], picks[1]);
});

test('a node not Ready within max-node-provision-time (15 min) fails the scale-up, not a millisecond earlier', () => {
  assert.is(provisionTimedOut(10_000, 10_000 + 900_000, D), false);
  assert.is(provisionTimedOut(10_000, 10_000 + 900_001, D), true);
});

// ---- scale-down

const node = (name: string, cpuMilli: number, pods: ScaleDownNode['pods'] = [], over: Partial<ScaleDownNode> = {}): ScaleDownNode => ({
  name, group: 'general', shape: general.shape, requested: { cpuMilli, memoryBytes: pods.length * Gi }, podCount: pods.length,
  ready: true, unschedulable: false, pods, ...over,
});
const rsPod = (name: string, cpuMilli: number, over: Partial<ScaleDownNode['pods'][number]> = {}) => ({
  name, requests: { cpuMilli, memoryBytes: 1 * Gi }, priority: 0, groups: null, replicated: true, pdb: null, ...over,
});

test('utilisation is max(cpu, memory) of requests over allocatable', () => {
  assert.is(utilization({ shape: general.shape, requested: { cpuMilli: 1000, memoryBytes: 12 * Gi } }), 0.75);
});

test('unneeded: a node at 25 % whose pods fit elsewhere is unneeded from now; one at 50 % is needed', () => {
  const nodes = [node('general-1', 2000, [rsPod('a', 2000)]), node('general-2', 1000, [rsPod('b', 1000)])];
  const r = updateUnneeded(nodes, new Map(), new Map(), 60_000, D);
  assert.equal([...r.since], [['general-2', 60_000]]);
  assert.is(r.needed.get('general-1'), 'NotUnderutilized');
});

test('unneeded: the time is kept while the node stays unneeded', () => {
  const nodes = [node('general-1', 2000, [rsPod('a', 2000)]), node('general-2', 1000, [rsPod('b', 1000)])];
  const r = updateUnneeded(nodes, new Map([['general-2', 60_000]]), new Map(), 300_000, D);
  assert.is(r.since.get('general-2'), 60_000);
});

test('unneeded: pods with nowhere to go keep the node', () => {
  const nodes = [node('general-1', 1900, [rsPod('a', 1900)]), node('general-2', 1900, [rsPod('b', 1900)], { group: 'general' })];
  const full = { ...nodes[0]!, requested: { cpuMilli: 3000, memoryBytes: Gi }, pods: [rsPod('a', 3000)] };
  const r = updateUnneeded([full, nodes[1]!], new Map(), new Map(), 0, D);
  assert.is(r.needed.get('general-2'), 'NoPlaceToMovePods');
});

test('unneeded: two half-empty nodes cannot both move onto each other', () => {
  const r = updateUnneeded([node('general-1', 1000, [rsPod('a', 1000)]), node('general-2', 1000, [rsPod('b', 1000)])], new Map(), new Map(), 0, D);
  assert.equal([...r.since.keys()], ['general-1']);
  assert.is(r.needed.get('general-2'), 'NoPlaceToMovePods');
});

test('unneeded: a PodDisruptionBudget with no disruptions allowed keeps the node', () => {
  const nodes = [node('general-1', 2000, [rsPod('x', 2000)]), node('general-2', 1000, [rsPod('b', 1000, { pdb: 'api' })])];
  assert.is(updateUnneeded(nodes, new Map(), new Map([['api', 0]]), 0, D).needed.get('general-2'), 'NotEnoughPdb');
  assert.ok(updateUnneeded(nodes, new Map(), new Map([['api', 1]]), 0, D).since.has('general-2'));
});

test('unneeded: a pod without a controller keeps the node', () => {
  const nodes = [node('general-1', 2000, [rsPod('x', 2000)]), node('general-2', 1000, [rsPod('b', 1000, { replicated: false })])];
  assert.is(updateUnneeded(nodes, new Map(), new Map(), 0, D).needed.get('general-2'), 'NotReplicated');
});

const cooldowns: [string, number, string | null][] = [
  ['9:59 after a scale-up is still in cooldown', 599_999, 'scale-down-delay-after-add'],
  ['exactly 10 min after a scale-up is not', 600_000, null],
];
for (const [name, now, want] of cooldowns) {
  test(`cooldown: ${name}`, () => assert.is(scaleDownCooldown(now, { lastScaleUpMs: 0, lastScaleDownDeleteMs: null, lastScaleDownFailMs: null }, D), want));
}

test('cooldown: 3 min after a failed removal', () => {
  assert.is(scaleDownCooldown(179_999, { lastScaleUpMs: null, lastScaleDownDeleteMs: null, lastScaleDownFailMs: 0 }, D), 'scale-down-delay-after-failure');
  assert.is(scaleDownCooldown(180_000, { lastScaleUpMs: null, lastScaleDownDeleteMs: null, lastScaleDownFailMs: 0 }, D), null);
});

const noCooldown = { lastScaleUpMs: null, lastScaleDownDeleteMs: null, lastScaleDownFailMs: null };
const groups = new Map([['general', { targetSize: 3, min: 1 }]]);
function removalAt(now: number, since: number, n: ScaleDownNode = node('general-3', 0)) {
  return decideScaleDown({
    now, nodes: [n], unneeded: { since: new Map([[n.name, since]]), needed: new Map() }, groups, cooldown: noCooldown,
    scaledUpThisLoop: false, deleting: 0, options: D,
  }).remove;
}

test('no node is removed before the unneeded time: unneeded at 60 s, kept at 659.99 s, removed at 660 s', () => {
  assert.equal(removalAt(650_000, 60_000), []);
  assert.equal(removalAt(660_000, 60_000), [{ node: 'general-3', empty: true }]);
});

test('an unready node waits scale-down-unready-time (20 min)', () => {
  const n = node('general-3', 0, [], { ready: false });
  assert.equal(removalAt(60_000 + 600_000, 60_000, n), []);
  assert.equal(removalAt(60_000 + 1_200_000, 60_000, n), [{ node: 'general-3', empty: true }]);
});

test('scale-down never takes a group below its min', () => {
  const nodes = [node('general-2', 0), node('general-3', 0)];
  const d = decideScaleDown({
    now: 1e9, nodes, unneeded: { since: new Map([['general-2', 0], ['general-3', 0]]), needed: new Map() },
    groups: new Map([['general', { targetSize: 2, min: 1 }]]), cooldown: noCooldown, scaledUpThisLoop: false, deleting: 0, options: D,
  });
  assert.equal(d.remove, [{ node: 'general-2', empty: true }]);
});

test('empty nodes go together, nodes with pods one drain at a time', () => {
  const nodes = [node('general-2', 0), node('general-3', 0), node('general-4', 500, [rsPod('a', 500)]), node('general-5', 500, [rsPod('b', 500)])];
  const d = decideScaleDown({
    now: 1e9, nodes, unneeded: { since: new Map(nodes.map((n) => [n.name, 0])), needed: new Map() },
    groups: new Map([['general', { targetSize: 6, min: 0 }]]), cooldown: noCooldown, scaledUpThisLoop: false, deleting: 0, options: D,
  });
  assert.equal(d.remove, [{ node: 'general-2', empty: true }, { node: 'general-3', empty: true }, { node: 'general-4', empty: false }]);
});

test('a loop that scaled up removes nothing', () => {
  const d = decideScaleDown({
    now: 1e9, nodes: [node('general-3', 0)], unneeded: { since: new Map([['general-3', 0]]), needed: new Map() }, groups, cooldown: noCooldown,
    scaledUpThisLoop: true, deleting: 0, options: D,
  });
  assert.is(d.blockedBy, 'scale-up');
});

test.run();
