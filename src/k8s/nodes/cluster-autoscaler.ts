/**
 * The cluster autoscaler's scale-up loop (kubernetes/autoscaler cluster-autoscaler, `core/static_autoscaler.go`
 * RunOnce every `--scan-interval`, 10 s by default; `core/scaleup`), wired to the event loop. Each scan:
 *
 *   1. the pods the scheduler could not place (PodScheduled=False, Unschedulable; `--new-pod-scale-up-delay` 0 s)
 *   2. those that would fit the nodes already being provisioned are left to them (upcoming nodes)
 *   3. every node pool below its `max` is an option: the binpacking estimate of how many of its template nodes
 *      the rest need (`scale-up.ts`)
 *   4. the expander (`least-waste` by default, or `random`) picks one option; that pool grows by its node count,
 *      each new node Ready after the pool's `bootTime`, and each pod it is for gets `TriggeredScaleUp`
 *
 *
 * Scale-down (`core/scaledown`): each scan a Ready node whose pods request less than
 * `--scale-down-utilization-threshold` (0.5) of its allocatable cpu and memory (the larger of the two), and
 * whose pods could all be placed on the other nodes and may be evicted (PodDisruptionBudgets), is unneeded;
 * once unneeded for `--scale-down-unneeded-time` (10 min), and no scale-up happened in the last
 * `--scale-down-delay-after-add` (10 min), it is removed if its pool stays at or above `min`: every empty node at
 * once, and one node with pods per scan (`--max-drain-parallelism` 1). Events: node ScaleDown "marked the node as
 * toBeDeleted/unschedulable", pods ScaleDown "deleting pod for node scale down" (`core/scaledown/actuation`).
 *
 * `max-node-provision-time`, back-off and the `priority` expander are not modelled yet (README).
 */
import type { RandomStream } from '../../engine/random.js';
import type { Cluster } from '../cluster/cluster.js';
import type { NodePoolState, NodeState, PodState } from '../cluster/types.js';
import { filterNode } from '../scheduler/filter.js';
import { schedPod, type Scheduler } from '../scheduler/controller.js';
import type { NodeController } from './controller.js';
import { estimate, leastWaste, triggeredScaleUpMessage, type NodeGroupTemplate, type ScaleUpOption } from './scale-up.js';

export const SCAN_INTERVAL_MS = 10_000;

export interface ClusterAutoscalerSettings {
  /** `--scan-interval` (10 s). */
  scanIntervalMs: number;
  /** `--expander` (least-waste). */
  expander: 'least-waste' | 'random';
  /** `--scale-down-unneeded-time` (10 min). */
  scaleDownUnneededTimeMs: number;
  /** `--scale-down-delay-after-add` (10 min). */
  scaleDownDelayAfterAddMs: number;
  /** `--scale-down-utilization-threshold` (0.5). */
  scaleDownUtilizationThreshold: number;
}

export class ClusterAutoscaler {
  private readonly random: RandomStream;
  private readonly unneededSince = new Map<NodeState, number>();
  private lastScaleUpMs = -Infinity;

  constructor(
    private readonly cluster: Cluster,
    private readonly scheduler: Scheduler,
    private readonly nodes: NodeController,
    private readonly pools: readonly NodePoolState[],
    private readonly settings: ClusterAutoscalerSettings,
  ) {
    this.random = cluster.sim.random.get('cluster-autoscaler');
  }

  /** Scans every scan interval from the first interval on. */
  start(): void {
    const sim = this.cluster.sim;
    const tick = (): void => {
      this.scan();
      sim.at(sim.now + this.settings.scanIntervalMs, 'cluster-autoscaler:scan', tick);
    };
    sim.at(this.settings.scanIntervalMs, 'cluster-autoscaler:scan', tick);
  }

  private template(pool: NodePoolState): NodeGroupTemplate {
    const size = this.cluster.nodes.filter((n) => n.pool === pool && n.deletedMs === null).length;
    return { name: pool.name, allocatable: pool.allocatable, labels: pool.labels, taints: pool.taints, size, max: pool.max };
  }

  /** One RunOnce: at most one scale-up; otherwise, out of the cool-down, scale-down of nodes unneeded long enough. */
  scan(): void {
    const now = this.cluster.sim.now;
    if (this.scaleUp()) this.lastScaleUpMs = now;
    this.updateUnneeded(now);
    if (now >= this.lastScaleUpMs + this.settings.scaleDownDelayAfterAddMs) this.scaleDown(now);
  }

  private scaleUp(): boolean {
    let pending = this.scheduler.unschedulablePods();
    if (pending.length === 0) return false;
    // pods the nodes already on their way will take
    for (const pool of this.pools) {
      const upcoming = this.cluster.nodes.filter((n) => n.pool === pool && !n.registered && n.deletedMs === null).length;
      if (upcoming === 0) continue;
      const taken = new Set(estimate(this.template(pool), pending, schedPod, upcoming).pods);
      pending = pending.filter((p) => !taken.has(p));
    }
    if (pending.length === 0) return false;
    const options: ScaleUpOption<PodState>[] = [];
    for (const pool of this.pools) {
      const t = this.template(pool);
      if (t.size >= t.max) continue;
      const e = estimate(t, pending, schedPod, t.max - t.size);
      if (e.nodes > 0) options.push({ group: t, nodes: e.nodes, pods: e.pods });
    }
    if (options.length === 0) return false;
    const best = this.settings.expander === 'least-waste' ? leastWaste(options, schedPod) : options;
    const chosen = best.length === 1 ? best[0]! : best[this.random.int(best.length)]!;
    const pool = this.pools.find((p) => p.name === chosen.group.name)!;
    const from = chosen.group.size;
    const to = from + chosen.nodes;
    for (let i = 0; i < chosen.nodes; i++) this.nodes.createNode(pool, pool.bootMs);
    const message = triggeredScaleUpMessage(pool.name, from, to, pool.max);
    for (const p of chosen.pods) this.cluster.record(`${p.rs.deployment.prefix}pod/${p.name}`, 'TriggeredScaleUp', message);
    return true;
  }

  /** Which nodes could go now (utilisation below the threshold, pods movable elsewhere and evictable). */
  private updateUnneeded(now: number): void {
    const c = this.cluster;
    const live = c.nodes.filter((n) => n.registered && n.deletedMs === null && !this.nodes.isBeingRemoved(n));
    // what each node holds now (terminating pods still hold their requests)
    const used = new Map<NodeState, { cpu: number; mem: number; count: number }>();
    for (const n of live) used.set(n, { cpu: 0, mem: 0, count: 0 });
    const byName = new Map(live.map((n) => [n.name, n]));
    for (const p of c.pods) {
      const n = p.nodeName === null || p.gone ? undefined : byName.get(p.nodeName);
      if (!n) continue;
      const u = used.get(n)!;
      u.cpu += p.requestCpuMilli;
      u.mem += p.requestMemoryBytes;
      u.count++;
    }
    const marked = new Set<NodeState>();
    for (const n of live) {
      if (!n.ready) continue;
      const u = used.get(n)!;
      const a = n.pool.allocatable;
      const utilization = Math.max(a.cpuMilli > 0 ? u.cpu / a.cpuMilli : 0, a.memoryBytes > 0 ? u.mem / a.memoryBytes : 0);
      if (utilization >= this.settings.scaleDownUtilizationThreshold) continue;
      const pods = this.nodes.podsOn(n).filter((p) => p.deletionMs === null);
      if (!pods.every((p) => this.nodes.evictionFor(p).allowed)) continue;
      const placed = new Map<NodeState, { cpu: number; mem: number; count: number }>();
      const view = (d: NodeState) => placed.get(d) ?? used.get(d)!;
      let movable = true;
      for (const p of pods) {
        const sp = schedPod(p);
        const dest = live.find((d) => {
          if (d === n || marked.has(d) || !d.ready) return false;
          const v = view(d);
          return (
            filterNode(sp, {
              name: d.name, labels: d.labels, taints: d.taints, unschedulable: d.unschedulable, allocatable: d.pool.allocatable,
              requested: { cpuMilli: v.cpu, memoryBytes: v.mem }, nonZeroRequested: { cpuMilli: v.cpu, memoryBytes: v.mem }, podCount: v.count,
            }) === null
          );
        });
        if (!dest) {
          movable = false;
          break;
        }
        const v = view(dest);
        placed.set(dest, { cpu: v.cpu + sp.requests.cpuMilli, mem: v.mem + sp.requests.memoryBytes, count: v.count + 1 });
      }
      if (!movable) continue;
      marked.add(n);
      for (const [d, v] of placed) used.set(d, v);
    }
    for (const n of [...this.unneededSince.keys()]) if (!marked.has(n)) this.unneededSince.delete(n);
    for (const n of marked) if (!this.unneededSince.has(n)) this.unneededSince.set(n, now);
  }

  private scaleDown(now: number): void {
    const c = this.cluster;
    const due = [...this.unneededSince].filter(([, since]) => now - since >= this.settings.scaleDownUnneededTimeMs).map(([n]) => n);
    let drained = false;
    for (const n of due) {
      const size = c.nodes.filter((x) => x.pool === n.pool && x.deletedMs === null && !this.nodes.isBeingRemoved(x)).length;
      if (size <= n.pool.min) continue;
      const empty = this.nodes.podsOn(n).every((p) => p.deletionMs !== null);
      if (!empty && drained) continue;
      if (!empty) drained = true;
      this.unneededSince.delete(n);
      c.record(`node/${n.name}`, 'ScaleDown', 'marked the node as toBeDeleted/unschedulable');
      this.nodes.removeNode(n, (p) => c.record(`${p.rs.deployment.prefix}pod/${p.name}`, 'ScaleDown', 'deleting pod for node scale down'));
    }
  }
}
