/**
 * The node autoscalers on the event loop, against a small fake cluster (nodes, a first-fit scheduler, boot times):
 * hand-computed timelines for the cluster autoscaler's scan, scale-up, boot and scale-down timers, and Karpenter's
 * batch window, boot, consolidateAfter, polling and command validation.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation } from '../../../src/engine/simulation.js';
import { CLUSTER_AUTOSCALER_DEFAULTS as CA, type PendingPod } from '../../../src/k8s/autoscaler/cluster-autoscaler.js';
import type { NodePod } from '../../../src/k8s/autoscaler/ca-scale-down.js';
import { ClusterAutoscalerController, KarpenterController, type AutoscaledCluster, type NodeEvent } from '../../../src/k8s/autoscaler/controllers.js';
import { KARPENTER_DEFAULTS, NODEPOOL_DEFAULTS } from '../../../src/k8s/autoscaler/karpenter.js';
import { canRunOn, fitsShape, type NodeGroup } from '../../../src/k8s/autoscaler/types.js';

const Gi = 1024 ** 3;
interface FakeNode { name: string; group: NodeGroup; pods: NodePod[]; ready: boolean; createdMs: number; initializedMs: number; lastPodEventMs: number | null; nodePool: string | undefined }

class FakeCluster implements AutoscaledCluster {
  readonly log: NodeEvent[] = [];
  readonly nodeMap = new Map<string, FakeNode>();
  pending: PendingPod[] = [];
  onUnschedulable: (pod: string) => void = () => {};
  private seq = new Map<string, number>();

  constructor(readonly sim: Simulation, readonly catalogue: NodeGroup[], readonly bootMs: number) {}

  addReadyNode(group: string, pods: NodePod[] = [], nodePool?: string): void {
    const name = this.nextName(group);
    this.nodeMap.set(name, { name, group: this.catalogue.find((g) => g.name === group)!, pods, ready: true, createdMs: 0, initializedMs: 0, lastPodEventMs: null, nodePool });
  }
  private nextName(group: string): string {
    const n = (this.seq.get(group) ?? 0) + 1;
    this.seq.set(group, n);
    return `${group}-${n}`;
  }
  addPods(pods: { name: string; cpuMilli: number }[]): void {
    for (const p of pods) this.pending.push({ name: p.name, requests: { cpuMilli: p.cpuMilli, memoryBytes: Gi }, priority: 0, groups: null, createdMs: this.sim.now });
    this.bind();
    for (const p of this.pending) this.onUnschedulable(p.name);
  }
  removePods(names: string[]): void {
    for (const n of this.nodeMap.values()) {
      const before = n.pods.length;
      n.pods = n.pods.filter((p) => !names.includes(p.name));
      if (n.pods.length !== before) n.lastPodEventMs = this.sim.now;
    }
  }
  private free(n: FakeNode) {
    const cpu = n.pods.reduce((s, p) => s + p.requests.cpuMilli, 0);
    const mem = n.pods.reduce((s, p) => s + p.requests.memoryBytes, 0);
    return { cpuMilli: n.group.shape.cpuMilli - cpu, memoryBytes: n.group.shape.memoryBytes - mem, pods: n.group.shape.pods - n.pods.length };
  }
  private bind(): void {
    this.pending = this.pending.filter((p) => {
      const n = [...this.nodeMap.values()].find((x) => x.ready && canRunOn(p, x.group.name) && fitsShape(this.free(x), p.requests));
      if (!n) return true;
      n.pods.push({ ...p, replicated: true, pdb: null });
      n.lastPodEventMs = this.sim.now;
      this.log.push({ atMs: this.sim.now, object: `pod/${p.name}`, reason: 'Scheduled', message: `Successfully assigned default/${p.name} to ${n.name}` });
      return false;
    });
  }
  unschedulablePods() { return this.pending; }
  nodes() {
    return [...this.nodeMap.values()].map((n) => ({
      name: n.name, group: n.group.name, shape: n.group.shape, podCount: n.pods.length, ready: n.ready, unschedulable: false, pods: n.pods,
      requested: { cpuMilli: n.group.shape.cpuMilli - this.free(n).cpuMilli, memoryBytes: n.group.shape.memoryBytes - this.free(n).memoryBytes },
      createdMs: n.createdMs, initializedMs: n.initializedMs, lastPodEventMs: n.lastPodEventMs, pricePerHour: n.group.pricePerHour, ...(n.nodePool ? { nodePool: n.nodePool } : {}),
    }));
  }
  groups() { return this.catalogue; }
  pdbAllowed() { return new Map<string, number>(); }
  createNode(group: string, nodePool: string | null): string {
    const name = this.nextName(group);
    this.nodeMap.set(name, { name, group: this.catalogue.find((g) => g.name === group)!, pods: [], ready: false, createdMs: this.sim.now, initializedMs: 0, lastPodEventMs: null, nodePool: nodePool ?? undefined });
    this.sim.after(this.bootMs, 'node-ready', () => {
      const n = this.nodeMap.get(name);
      if (!n) return;
      n.ready = true;
      n.initializedMs = this.sim.now;
      this.log.push({ atMs: this.sim.now, object: `node/${name}`, reason: 'NodeReady', message: `Node ${name} status is now: NodeReady` });
      this.bind();
    });
    return name;
  }
  deleteNode(name: string): void {
    const n = this.nodeMap.get(name)!;
    this.nodeMap.delete(name);
    this.log.push({ atMs: this.sim.now, object: `node/${name}`, reason: 'RemovingNode', message: `Node ${name} event: Removing Node ${name} from Controller` });
    this.addPods(n.pods.map((p) => ({ name: `${p.name}-r`, cpuMilli: p.requests.cpuMilli })));
  }
  event(e: NodeEvent): void { this.log.push(e); }
  /** The log as "time s reason object" lines (messages checked separately). */
  lines(): string[] { return this.log.map((e) => `${e.atMs / 1000}s ${e.reason} ${e.object}`); }
}

const general: NodeGroup = { name: 'general', shape: { cpuMilli: 4000, memoryBytes: 16 * Gi, pods: 58 }, min: 1, max: 5, pricePerHour: 0.192 };

function caRun(opts = CA) {
  const sim = new Simulation(1);
  const c = new FakeCluster(sim, [general], 60_000);
  c.addReadyNode('general', [{ name: 'base', requests: { cpuMilli: 3000, memoryBytes: Gi }, priority: 0, groups: null, replicated: true, pdb: null }]);
  new ClusterAutoscalerController(sim, c, opts);
  sim.at(3_000, 'surge', () => c.addPods([{ name: 'a', cpuMilli: 2000 }, { name: 'b', cpuMilli: 2000 }]));
  sim.at(95_000, 'surge over', () => c.removePods(['a', 'b']));
  sim.run(900_000);
  return c;
}

test('CA: pods Pending at 3 s → scale-up at the 10 s scan → node Ready after its 60 s boot → removed 10 min after it became unneeded (100 s)', () => {
  const c = caRun();
  assert.equal(c.lines(), [
    '10s TriggeredScaleUp pod/a',
    '10s TriggeredScaleUp pod/b',
    '70s NodeReady node/general-2',
    '70s Scheduled pod/a',
    '70s Scheduled pod/b',
    '700s ScaleDown node/general-2',
    '700s RemovingNode node/general-2',
  ]);
  assert.is(c.log[0]!.message, 'pod triggered scale-up: [{general 1->2 (max: 5)}]');
  assert.is(c.log[5]!.message, 'marked the node as toBeDeleted/unschedulable');
});

test('CA: scaleDownUnneededTime 2m — the removal waits for scale-down-delay-after-add instead (10 s + 10 min = 610 s)', () => {
  const c = caRun({ ...CA, scaleDownUnneededTimeMs: 120_000 });
  assert.ok(c.lines().includes('610s ScaleDown node/general-2'), c.lines().join('\n'));
});

test('CA: scaleDownUnneededTime 2m and delay-after-add 1m — removed at 100 s + 120 s = 220 s', () => {
  const c = caRun({ ...CA, scaleDownUnneededTimeMs: 120_000, scaleDownDelayAfterAddMs: 60_000 });
  assert.ok(c.lines().includes('220s ScaleDown node/general-2'), c.lines().join('\n'));
});

test('CA: a scan interval of 30 s moves the scale-up to 30 s and Ready to 90 s', () => {
  const c = caRun({ ...CA, scanIntervalMs: 30_000 });
  assert.equal(c.lines().slice(0, 3), ['30s TriggeredScaleUp pod/a', '30s TriggeredScaleUp pod/b', '90s NodeReady node/general-2']);
});

test('CA: a group at its max: NotTriggerScaleUp at every scan, no node', () => {
  const sim = new Simulation(1);
  const c = new FakeCluster(sim, [{ ...general, max: 1 }], 60_000);
  c.addReadyNode('general');
  new ClusterAutoscalerController(sim, c, CA);
  sim.at(3_000, 'surge', () => c.addPods([{ name: 'a', cpuMilli: 3000 }, { name: 'b', cpuMilli: 3000 }]));
  sim.run(25_000);
  assert.equal(c.lines(), ['3s Scheduled pod/a', '10s NotTriggerScaleUp pod/b', '20s NotTriggerScaleUp pod/b']);
  assert.is(c.log[1]!.message, "pod didn't trigger scale-up: 1 max node group size reached");
});

test('CA: a node not Ready within max-node-provision-time (15 min): removed at the first scan after 10 s + 15 min (920 s), the pool backs off 5 min, then scales up again at 1220 s', () => {
  const sim = new Simulation(1);
  const c = new FakeCluster(sim, [general], 20 * 60_000);
  c.addReadyNode('general', [{ name: 'base', requests: { cpuMilli: 3000, memoryBytes: Gi }, priority: 0, groups: null, replicated: true, pdb: null }]);
  new ClusterAutoscalerController(sim, c, CA);
  sim.at(3_000, 'surge', () => c.addPods([{ name: 'a', cpuMilli: 2000 }]));
  sim.run(1_230_000);
  const lines = c.lines();
  assert.equal(lines.filter((l) => !l.includes('NotTriggerScaleUp')), [
    '10s TriggeredScaleUp pod/a',
    '920s RemovingNode node/general-2',
    '1220s TriggeredScaleUp pod/a',
  ]);
  assert.ok(lines.includes('920s NotTriggerScaleUp pod/a') && lines.includes('1210s NotTriggerScaleUp pod/a') && !lines.includes('1220s NotTriggerScaleUp pod/a'));
  assert.is(c.log.find((e) => e.reason === 'NotTriggerScaleUp')!.message, "pod didn't trigger scale-up: 1 in backoff after failed scale-up");
});

const catalogue: NodeGroup[] = [
  { name: 'm5.large', shape: { cpuMilli: 2000, memoryBytes: 8 * Gi, pods: 29 }, min: 0, max: 100, pricePerHour: 0.096 },
  { name: 'm5.xlarge', shape: { cpuMilli: 4000, memoryBytes: 16 * Gi, pods: 58 }, min: 0, max: 100, pricePerHour: 0.192 },
];

function karpenterRun(consolidateAfterMs: number | null) {
  const sim = new Simulation(1);
  const c = new FakeCluster(sim, catalogue, 40_000);
  const k = new KarpenterController(sim, c, { ...KARPENTER_DEFAULTS, nodePools: [{ name: 'default', ...NODEPOOL_DEFAULTS, consolidateAfterMs }] });
  c.onUnschedulable = (p) => k.podUnschedulable(p);
  sim.at(3_000, 'pod', () => c.addPods([{ name: 'a', cpuMilli: 1000 }]));
  sim.at(3_500, 'pod', () => c.addPods([{ name: 'b', cpuMilli: 1000 }]));
  sim.at(4_000, 'pod', () => c.addPods([{ name: 'c', cpuMilli: 1000 }]));
  sim.at(95_000, 'surge over', () => c.removePods(['a', 'b', 'c']));
  sim.run(300_000);
  return c;
}

test('Karpenter: pods at 3.0/3.5/4.0 s close the batch at 5 s (idle 1 s) → one 4-cpu node, Ready 40 s later; empty at 95 s, consolidateAfter 30 s → consolidatable 125 s → poll 130 s (polls every 10 s from 0) → carried out after the 15 s validation at 145 s', () => {
  const c = karpenterRun(30_000);
  assert.equal(c.lines(), [
    '5s Nominated pod/a',
    '5s Nominated pod/b',
    '5s Nominated pod/c',
    '45s NodeReady node/m5.xlarge-1',
    '45s Scheduled pod/a',
    '45s Scheduled pod/b',
    '45s Scheduled pod/c',
    '145s DisruptionTerminating node/m5.xlarge-1',
    '145s RemovingNode node/m5.xlarge-1',
  ]);
  assert.is(c.log[0]!.message, 'Pod should schedule on: nodeclaim/m5.xlarge-1');
  assert.is(c.log[7]!.message, 'Disrupting Node: Empty');
});

test('Karpenter: consolidateAfter 0s (the default) — empty at 95 s, poll at 100 s, removed at 115 s', () => {
  assert.ok(karpenterRun(0).lines().includes('115s DisruptionTerminating node/m5.xlarge-1'));
});

test('Karpenter: consolidateAfter Never — the empty node stays', () => {
  assert.not.ok(karpenterRun(null).lines().some((l) => l.includes('DisruptionTerminating')));
});

test('Karpenter: a lone 4-cpu node running 1 cpu is replaced: command at the 0 s poll, validated at 15 s (2-cpu replacement launched, polling resumes at once: 15, 25, 35, 45, 55 s), replacement Ready at 55 s, the old node removed at the 55 s poll', () => {
  const sim = new Simulation(1);
  const c = new FakeCluster(sim, catalogue, 40_000);
  c.addReadyNode('m5.xlarge', [{ name: 'x', requests: { cpuMilli: 1000, memoryBytes: Gi }, priority: 0, groups: null, replicated: true, pdb: null }], 'default');
  const k = new KarpenterController(sim, c, { ...KARPENTER_DEFAULTS, nodePools: [{ name: 'default', ...NODEPOOL_DEFAULTS }] });
  c.onUnschedulable = (p) => k.podUnschedulable(p);
  sim.run(100_000);
  assert.equal(c.lines(), [
    '55s NodeReady node/m5.large-1',
    '55s DisruptionTerminating node/m5.xlarge-1',
    '55s RemovingNode node/m5.xlarge-1',
    '55s Scheduled pod/x-r',
  ]);
  assert.is(c.log[1]!.message, 'Disrupting Node: Underutilized');
});

test('Karpenter: a pod that fails scheduling again inside the window does not extend it (the batcher keeps a set)', () => {
  const sim = new Simulation(1);
  const c = new FakeCluster(sim, catalogue, 40_000);
  const k = new KarpenterController(sim, c, { ...KARPENTER_DEFAULTS, nodePools: [{ name: 'default', ...NODEPOOL_DEFAULTS }] });
  sim.at(3_000, 'pod', () => c.addPods([{ name: 'a', cpuMilli: 1000 }]));
  for (const t of [3_000, 3_600, 3_900]) sim.at(t, 'retry', () => k.podUnschedulable('a'));
  sim.run(10_000);
  assert.equal(c.lines(), ['4s Nominated pod/a']);
});

test('Karpenter: a steady trickle of pods every 0.5 s is cut into a 10 s batch', () => {
  const sim = new Simulation(1);
  const c = new FakeCluster(sim, catalogue, 40_000);
  const k = new KarpenterController(sim, c, { ...KARPENTER_DEFAULTS, nodePools: [{ name: 'default', ...NODEPOOL_DEFAULTS }] });
  c.onUnschedulable = (p) => k.podUnschedulable(p);
  for (let i = 0; i < 30; i++) sim.at(1_000 + 500 * i, 'pod', () => c.addPods([{ name: `p${i}`, cpuMilli: 100 }]));
  sim.run(12_000);
  const nominated = c.log.filter((e) => e.reason === 'Nominated');
  assert.ok(nominated.length > 0 && nominated.every((e) => e.atMs === 11_000), nominated.map((e) => e.atMs).join(','));
  // pods at 1.0, 1.5, …, 11.0 s: 21 (the pod at exactly 11.0 s was queued before the window's timer, so it runs first)
  assert.is(nominated.length, 21);
});

test.run();
