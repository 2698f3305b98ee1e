/**
 * The world's side of the node autoscalers' seam (`AutoscaledCluster` in k8s/autoscaler/controllers.ts): the
 * live cluster — node pools, nodes, the scheduler's unschedulable pods, PodDisruptionBudgets — turned into the
 * plain data the pure decisions read, and their results carried out through the NodeController (create a node
 * that becomes Ready after its pool's boot time; taint, empty and delete a node).
 *
 *   pods        a pending pod's node groups are the pools whose template node passes the scheduler's filters
 *               for it (node selector, required node affinity, taints), resources aside: the estimator checks
 *               those itself
 *   nodes       every node that exists (booting ones too); requests of its bound pods, terminating ones
 *               included (they hold their room until gone); only pods not yet terminating need a new home
 *   Karpenter   a node it launched belongs to its NodePool; the nodes a pool has at t = 0 belong to none (they are
 *               the cluster's fixed nodes, which Karpenter neither consolidates nor expires). A node's last pod
 *               event is its last bind or pod removal (consolidateAfter counts from it).
 */
import { drawBootTime, bootTimeStream } from './boot-time.js';
import type { AutoscaledCluster, NodeEvent } from '../autoscaler/controllers.js';
import type { PendingPod } from '../autoscaler/cluster-autoscaler.js';
import type { NodePod, ScaleDownNode } from '../autoscaler/ca-scale-down.js';
import { SCALE_DOWN_POD_MESSAGE } from '../autoscaler/ca-scale-down.js';
import type { NodeGroup } from '../autoscaler/types.js';
import type { Cluster } from '../cluster/cluster.js';
import type { NodePoolState, NodeState, PodState } from '../cluster/types.js';
import { filterNode } from '../scheduler/filter.js';
import { schedPod, type Scheduler } from '../scheduler/controller.js';
import type { NodeController } from './controller.js';

type WorldNode = ReturnType<AutoscaledCluster['nodes']>[number];

export class WorldAutoscaledCluster implements AutoscaledCluster {
  /** Pods by the name handed to the decisions (`namespace/name` outside default, so names never collide). */
  private readonly podsByName = new Map<string, PodState>();
  /** Karpenter: node → the NodePool that launched it. */
  private readonly nodePoolOf = new Map<string, string>();
  private readonly lastPodEvent = new Map<string, number>();

  constructor(
    private readonly cluster: Cluster,
    private readonly scheduler: Scheduler,
    private readonly controller: NodeController,
    private readonly pools: readonly NodePoolState[],
    /** The reason and message each pod of a node being removed gets (the autoscaler's own words). */
    private readonly podRemovalEvent: { reason: string; message: (disruption: string | undefined) => string } = { reason: 'ScaleDown', message: () => SCALE_DOWN_POD_MESSAGE },
  ) {
    const removed = scheduler.onPodRemoved;
    scheduler.onPodRemoved = (p) => {
      removed?.(p);
      if (p.nodeName !== null) this.lastPodEvent.set(p.nodeName, cluster.sim.now);
    };
    const bound = scheduler.onPodBound;
    scheduler.onPodBound = (p) => {
      bound?.(p);
      if (p.nodeName !== null) this.lastPodEvent.set(p.nodeName, cluster.sim.now);
    };
  }

  private podName(p: PodState): string {
    const name = `${p.rs.deployment.prefix}${p.name}`;
    this.podsByName.set(name, p);
    return name;
  }

  /** Pools whose template node the pod's scheduling constraints allow (resources are the estimator's to check). */
  private groupsFor(p: PodState): string[] {
    const sp = schedPod(p);
    const huge = { cpuMilli: Number.MAX_SAFE_INTEGER, memoryBytes: Number.MAX_SAFE_INTEGER, pods: Number.MAX_SAFE_INTEGER };
    const none = { cpuMilli: 0, memoryBytes: 0 };
    return this.pools
      .filter((pool) => {
        const name = `${pool.name}-template`;
        return filterNode(sp, {
          name, labels: { ...pool.labels, 'kubernetes.io/hostname': name }, taints: pool.taints, unschedulable: false,
          allocatable: huge, requested: none, nonZeroRequested: none, podCount: 0,
        }) === null;
      })
      .map((pool) => pool.name);
  }

  unschedulablePods(): PendingPod[] {
    return this.scheduler.unschedulablePods().map((p) => ({
      name: this.podName(p),
      requests: { cpuMilli: p.requestCpuMilli, memoryBytes: p.requestMemoryBytes },
      priority: p.priority ?? 0,
      groups: this.groupsFor(p),
      createdMs: p.createdMs,
    }));
  }

  private live(): NodeState[] {
    return this.cluster.nodes.filter((n) => n.deletedMs === null);
  }

  nodes(): WorldNode[] {
    const live = this.live();
    const byName = new Map<string, { cpu: number; mem: number; count: number; pods: NodePod[] }>(live.map((n) => [n.name, { cpu: 0, mem: 0, count: 0, pods: [] }]));
    for (const p of this.cluster.pods) {
      if (p.gone || p.nodeName === null) continue;
      const u = byName.get(p.nodeName);
      if (!u) continue;
      u.cpu += p.requestCpuMilli;
      u.mem += p.requestMemoryBytes;
      u.count++;
      if (p.deletionMs !== null) continue;
      u.pods.push({
        name: this.podName(p), requests: { cpuMilli: p.requestCpuMilli, memoryBytes: p.requestMemoryBytes }, priority: p.priority ?? 0,
        groups: this.groupsFor(p), replicated: true, pdb: this.controller.budgetOf(p),
      });
    }
    return live.map((n): ScaleDownNode & WorldNode => {
      const u = byName.get(n.name)!;
      const np = this.nodePoolOf.get(n.name);
      return {
        name: n.name,
        group: n.pool.name,
        shape: n.pool.allocatable,
        requested: { cpuMilli: u.cpu, memoryBytes: u.mem },
        podCount: u.count,
        ready: n.registered && n.ready,
        unschedulable: n.unschedulable || this.controller.isBeingRemoved(n),
        pods: u.pods,
        createdMs: n.createdMs,
        pricePerHour: n.pool.pricePerHour,
        ...(np !== undefined ? { nodePool: np, initializedMs: n.registered ? n.readySinceMs : n.createdMs, lastPodEventMs: this.lastPodEvent.get(n.name) ?? null } : {}),
      };
    });
  }

  groups(): NodeGroup[] {
    return this.pools.map((p) => ({ name: p.name, shape: p.allocatable, min: p.min, max: p.max, pricePerHour: p.pricePerHour }));
  }

  pdbAllowed(): Map<string, number> {
    return this.controller.disruptionsAllowed();
  }

  createNode(group: string, nodePool: string | null): string {
    const pool = this.pools.find((p) => p.name === group);
    if (!pool) throw new Error(`createNode: no node pool ${group}`);
    const bootMs = pool.bootTime ? drawBootTime(pool.bootTime, this.cluster.sim.random.get(bootTimeStream(pool.name))) : pool.bootMs;
    const node = this.controller.createNode(pool, bootMs);
    if (nodePool !== null) this.nodePoolOf.set(node.name, nodePool);
    return node.name;
  }

  deleteNode(name: string, _drain: boolean, reason?: string): void {
    const node = this.cluster.findNode(name);
    if (!node || node.deletedMs !== null) return;
    const message = this.podRemovalEvent.message(reason);
    this.controller.removeNode(node, (p) => this.cluster.record(`${p.rs.deployment.prefix}pod/${p.name}`, this.podRemovalEvent.reason, message));
  }

  event(e: NodeEvent): void {
    if (e.object.startsWith('pod/')) {
      const p = this.podsByName.get(e.object.slice(4));
      if (p) {
        this.cluster.record(`${p.rs.deployment.prefix}pod/${p.name}`, e.reason, e.message);
        return;
      }
    }
    this.cluster.record(e.object, e.reason, e.message);
  }
}
