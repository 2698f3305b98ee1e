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
 * Scale-down, `max-node-provision-time`, back-off and the `priority` expander are not modelled yet (README).
 */
import type { RandomStream } from '../../engine/random.js';
import type { Cluster } from '../cluster/cluster.js';
import type { NodePoolState, PodState } from '../cluster/types.js';
import { schedPod, type Scheduler } from '../scheduler/controller.js';
import type { NodeController } from './controller.js';
import { estimate, leastWaste, triggeredScaleUpMessage, type NodeGroupTemplate, type ScaleUpOption } from './scale-up.js';

export const SCAN_INTERVAL_MS = 10_000;

export interface ClusterAutoscalerSettings {
  /** `--scan-interval` (10 s). */
  scanIntervalMs: number;
  /** `--expander` (least-waste). */
  expander: 'least-waste' | 'random';
}

export class ClusterAutoscaler {
  private readonly random: RandomStream;

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

  /** One RunOnce: at most one scale-up. */
  scan(): void {
    let pending = this.scheduler.unschedulablePods();
    if (pending.length === 0) return;
    // pods the nodes already on their way will take
    for (const pool of this.pools) {
      const upcoming = this.cluster.nodes.filter((n) => n.pool === pool && !n.registered && n.deletedMs === null).length;
      if (upcoming === 0) continue;
      const taken = new Set(estimate(this.template(pool), pending, schedPod, upcoming).pods);
      pending = pending.filter((p) => !taken.has(p));
    }
    if (pending.length === 0) return;
    const options: ScaleUpOption<PodState>[] = [];
    for (const pool of this.pools) {
      const t = this.template(pool);
      if (t.size >= t.max) continue;
      const e = estimate(t, pending, schedPod, t.max - t.size);
      if (e.nodes > 0) options.push({ group: t, nodes: e.nodes, pods: e.pods });
    }
    if (options.length === 0) return;
    const best = this.settings.expander === 'least-waste' ? leastWaste(options, schedPod) : options;
    const chosen = best.length === 1 ? best[0]! : best[this.random.int(best.length)]!;
    const pool = this.pools.find((p) => p.name === chosen.group.name)!;
    const from = chosen.group.size;
    const to = from + chosen.nodes;
    for (let i = 0; i < chosen.nodes; i++) this.nodes.createNode(pool, pool.bootMs);
    const message = triggeredScaleUpMessage(pool.name, from, to, pool.max);
    for (const p of chosen.pods) this.cluster.record(`pod/${p.name}`, 'TriggeredScaleUp', message);
  }
}
