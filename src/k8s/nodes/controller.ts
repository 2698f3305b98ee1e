/**
 * Nodes wired to the event loop: node creation (with boot time), the node lifecycle controller's reaction to a
 * node that stops answering (pkg/controller/nodelifecycle), the taint eviction controller
 * (pkg/controller/tainteviction), and `kubectl drain` (staging/src/k8s.io/kubectl/pkg/drain) through the eviction
 * API with PodDisruptionBudgets. The timings and decisions are the pure functions of `lifecycle.ts` and
 * `disruption.ts`.
 *
 * Failure timeline of one node (README "Nodes"):
 *   failure      kubelet and containers die; the pods still look Running and Ready, so traffic sent to them fails
 *   NotReady     first 5 s monitor tick after last heartbeat + 50 s: node event NodeNotReady, pods marked not
 *                ready (pod event NodeNotReady "Node is not ready"; they leave the endpoints), taints
 *                node.kubernetes.io/unreachable NoSchedule + NoExecute
 *   eviction     + tolerationSeconds (300 s by default): TaintManagerEviction "Marking for deletion Pod …"; the
 *                pod stays Terminating (nobody on the node can stop it) and its ReplicaSet creates a replacement,
 *                which the scheduler places on another node
 *   recovery     the kubelet answers again: deleted pods go, the others restart; at the next monitor tick the
 *                node is Ready and untainted, pending evictions are cancelled, and the node is schedulable again
 */
import { selectorMatches, type PodDisruptionBudget } from '../api/types.js';
import type { Cluster } from '../cluster/cluster.js';
import type { NodePoolState, NodeState, PodState } from '../cluster/types.js';
import type { Kubelet } from '../kubelet/kubelet.js';
import type { Scheduler } from '../scheduler/controller.js';
import { DRAIN_RETRY_INTERVAL_MS, drainRetryMessage, evictionDecision, pdbStatus, type EvictionDecision } from './disruption.js';
import { evictionDelayMs, lastHeartbeat, NODE_MONITOR_PERIOD_MS, notReadyAt, UNREACHABLE_NO_EXECUTE, UNREACHABLE_NO_SCHEDULE } from './lifecycle.js';

export class NodeController {
  private readonly notReadyTimers = new Map<NodeState, number>();
  private readonly evictions = new Map<PodState, number>();
  /**
   * A pod was deleted by an eviction (taint or drain): its ReplicaSet sees the deletion timestamp and creates a
   * replacement at once (terminating pods are not active).
   */
  onPodDeleted: (pod: PodState) => void = () => {};
  /** Nodes being removed (a node autoscaler's scale-down): deleted once their last pod is gone. */
  private readonly removing = new Set<NodeState>();
  /** Pods a drain waits for, by node. */
  private readonly draining = new Map<NodeState, Set<PodState>>();

  constructor(
    private readonly cluster: Cluster,
    private readonly kubelet: Kubelet,
    private readonly scheduler: Scheduler,
    private readonly pdbs: readonly PodDisruptionBudget[],
  ) {
    scheduler.onPodRemoved = (p) => this.podRemoved(p);
    scheduler.budgets = { of: (p) => this.budgetOf(p), allowed: () => this.disruptionsAllowed() };
  }

  /**
   * A new node of `pool`: billed from now; registered and Ready after `bootMs` (0: at once, as the nodes that
   * exist at t=0). For the node autoscalers: this is how they add capacity.
   */
  createNode(pool: NodePoolState, bootMs: number): NodeState {
    const c = this.cluster;
    const now = c.sim.now;
    const name = `${pool.name}-${++pool.created}`;
    const node: NodeState = {
      name,
      pool,
      labels: { ...pool.labels, 'kubernetes.io/hostname': name },
      taints: [...pool.taints],
      unschedulable: false,
      registered: false,
      ready: false,
      alive: true,
      createdMs: now,
      readySinceMs: now,
      deletedMs: null,
    };
    c.nodes.push(node);
    const register = () => {
      // removed before it booted (a node autoscaler gave up on it): it never registers
      if (node.deletedMs !== null) return;
      node.registered = true;
      node.ready = true;
      node.readySinceMs = c.sim.now;
      if (bootMs > 0) c.record(`node/${name}`, 'NodeReady', `Node ${name} status is now: NodeReady`);
      this.scheduler.clusterChanged();
    };
    if (bootMs > 0) c.sim.at(now + bootMs, 'node:ready', register);
    else register();
    return node;
  }

  podsOn(node: NodeState): PodState[] {
    return this.cluster.pods.filter((p) => p.nodeName === node.name && !p.gone);
  }

  /** The node stops answering (scenario `nodeFailure`). */
  fail(node: NodeState): void {
    if (!node.alive) return;
    const c = this.cluster;
    node.alive = false;
    for (const p of this.podsOn(node)) this.kubelet.nodeDied(p);
    if (!node.ready) return;
    const at = notReadyAt(lastHeartbeat(c.sim.now, node.readySinceMs));
    this.notReadyTimers.set(node, c.sim.at(at, 'nodelifecycle:not-ready', () => this.markNotReady(node)));
  }

  private markNotReady(node: NodeState): void {
    const c = this.cluster;
    this.notReadyTimers.delete(node);
    node.ready = false;
    c.record(`node/${node.name}`, 'NodeNotReady', `Node ${node.name} status is now: NodeNotReady`);
    node.taints.push(UNREACHABLE_NO_SCHEDULE, UNREACHABLE_NO_EXECUTE);
    const pods = this.podsOn(node);
    for (const p of pods) {
      if (!p.ready) continue;
      this.kubelet.markNotReady(p);
      c.record(`${p.rs.deployment.prefix}pod/${p.name}`, 'NodeNotReady', 'Node is not ready');
    }
    const noExecute = node.taints.filter((t) => t.effect === 'NoExecute');
    for (const p of pods) {
      if (p.deletionMs !== null) continue;
      const delay = evictionDelayMs(noExecute, p.scheduling.tolerations);
      if (delay === null) continue;
      this.evictions.set(
        p,
        c.sim.at(c.sim.now + delay, 'tainteviction:delete', () => {
          this.evictions.delete(p);
          if (p.gone || p.deletionMs !== null) return;
          c.record(`${p.rs.deployment.prefix}pod/${p.name}`, 'TaintManagerEviction', `Marking for deletion Pod ${p.rs.deployment.namespace}/${p.name}`);
          this.kubelet.deletePod(p);
          this.onPodDeleted(p);
        }),
      );
    }
  }

  /** The node answers again (scenario `nodeRecovery`); a cordoned node is uncordoned too. */
  recover(node: NodeState): void {
    const c = this.cluster;
    const wasCordoned = node.unschedulable;
    node.unschedulable = false;
    if (wasCordoned) c.record(`node/${node.name}`, 'NodeSchedulable', `Node ${node.name} status is now: NodeSchedulable`);
    if (node.alive) {
      if (wasCordoned) this.scheduler.clusterChanged();
      return;
    }
    node.alive = true;
    node.readySinceMs = c.sim.now;
    const pending = this.notReadyTimers.get(node);
    if (pending !== undefined) {
      // it never went NotReady: the kubelet just carries on
      c.sim.cancel(pending);
      this.notReadyTimers.delete(node);
      for (const p of this.podsOn(node)) this.kubelet.nodeRecovered(p);
      if (wasCordoned) this.scheduler.clusterChanged();
      return;
    }
    for (const p of this.podsOn(node)) this.kubelet.nodeRecovered(p);
    const at = (Math.floor(c.sim.now / NODE_MONITOR_PERIOD_MS) + 1) * NODE_MONITOR_PERIOD_MS;
    c.sim.at(at, 'nodelifecycle:ready', () => {
      if (!node.alive || node.ready) return;
      node.ready = true;
      node.taints = node.taints.filter((t) => t !== UNREACHABLE_NO_SCHEDULE && t !== UNREACHABLE_NO_EXECUTE);
      c.record(`node/${node.name}`, 'NodeReady', `Node ${node.name} status is now: NodeReady`);
      for (const p of this.podsOn(node)) {
        const h = this.evictions.get(p);
        if (h === undefined) continue;
        c.sim.cancel(h);
        this.evictions.delete(p);
        c.record(`${p.rs.deployment.prefix}pod/${p.name}`, 'TaintManagerEviction', `Cancelling deletion of Pod ${p.rs.deployment.namespace}/${p.name}`);
      }
      this.scheduler.clusterChanged();
    });
  }

  /** `kubectl drain NODE`: cordon, then evict every pod on it, retrying blocked evictions every 5 s. */
  drain(node: NodeState): void {
    const c = this.cluster;
    const ref = `node/${node.name}`;
    if (!node.unschedulable) {
      node.unschedulable = true;
      c.record(ref, 'NodeNotSchedulable', `Node ${node.name} status is now: NodeNotSchedulable`);
      c.record(ref, 'Drain', `node/${node.name} cordoned`);
    } else {
      c.record(ref, 'Drain', `node/${node.name} already cordoned`);
    }
    const pods = this.podsOn(node).filter((p) => p.deletionMs === null);
    const waiting = new Set(pods);
    this.draining.set(node, waiting);
    if (waiting.size === 0) {
      c.record(ref, 'Drain', `node/${node.name} drained`);
      this.draining.delete(node);
      return;
    }
    for (const p of pods) this.evict(node, p);
  }

  private evict(node: NodeState, pod: PodState): void {
    const c = this.cluster;
    if (pod.gone || pod.deletionMs !== null) return;
    c.record(`node/${node.name}`, 'Drain', `evicting pod ${pod.rs.deployment.namespace}/${pod.name}`);
    const d = this.evictionFor(pod);
    if (d.allowed) {
      this.kubelet.deletePod(pod);
      this.onPodDeleted(pod);
      return;
    }
    c.record(`node/${node.name}`, 'Drain', drainRetryMessage(pod.rs.deployment.namespace, pod.name, d.message));
    c.sim.at(c.sim.now + DRAIN_RETRY_INTERVAL_MS, 'drain:retry', () => this.evict(node, pod));
  }

  /** The budgets of `pod`'s namespace that select it. */
  private budgetsOf(pod: PodState): PodDisruptionBudget[] {
    return this.pdbs.filter((b) => b.metadata.namespace === pod.rs.deployment.namespace && b.spec.selector !== null && selectorMatches(b.spec.selector, pod.labels));
  }

  /** A budget's policy and status now (a budget selects pods of its own namespace). */
  private budgetStatus(pdb: PodDisruptionBudget) {
    const pods = this.cluster.pods.filter((q) => !q.gone && q.rs.deployment.namespace === pdb.metadata.namespace && pdb.spec.selector !== null && selectorMatches(pdb.spec.selector, q.labels));
    const scale = [...new Set(pods.map((q) => q.rs.deployment))].reduce((n, d) => n + d.replicas, 0);
    const policy = { name: pdb.metadata.name, minAvailable: pdb.spec.minAvailable, maxUnavailable: pdb.spec.maxUnavailable, unhealthyPodEvictionPolicy: pdb.spec.unhealthyPodEvictionPolicy };
    return { pdb: policy, status: pdbStatus(policy, pods.map((q) => ({ ready: q.ready, terminating: q.deletionMs !== null })), scale) };
  }

  /** The eviction subresource's answer for `pod` now, from the budgets that select it. */
  evictionFor(pod: PodState): EvictionDecision {
    return evictionDecision({ phase: pod.phase, ready: pod.ready, terminating: pod.deletionMs !== null }, this.budgetsOf(pod).map((b) => this.budgetStatus(b)));
  }

  /** The first budget that selects `pod` (`namespace/name`), or null: what the node autoscalers charge an eviction to. */
  budgetOf(pod: PodState): string | null {
    const b = this.budgetsOf(pod)[0];
    return b ? `${b.metadata.namespace}/${b.metadata.name}` : null;
  }

  /** disruptionsAllowed of every budget now, by `namespace/name`. */
  disruptionsAllowed(): Map<string, number> {
    return new Map(this.pdbs.filter((b) => b.spec.selector !== null).map((b) => [`${b.metadata.namespace}/${b.metadata.name}`, this.budgetStatus(b).status.disruptionsAllowed] as const));
  }

  /**
   * Removes `node` for a node autoscaler: taints it `ToBeDeletedByClusterAutoscaler:NoSchedule`, deletes its pods
   * (each event in the autoscaler's words), and deletes the node — billing stops — when the last one is gone.
   */
  removeNode(node: NodeState, podEvent: (p: PodState) => void): void {
    const c = this.cluster;
    node.taints.push({ key: 'ToBeDeletedByClusterAutoscaler', value: String(Math.floor(c.sim.now / 1000)), effect: 'NoSchedule' });
    this.removing.add(node);
    for (const p of this.podsOn(node)) {
      if (p.deletionMs !== null) continue;
      podEvent(p);
      this.kubelet.deletePod(p);
      this.onPodDeleted(p);
    }
    this.finishRemoval(node);
  }

  isBeingRemoved(node: NodeState): boolean {
    return this.removing.has(node);
  }

  private finishRemoval(node: NodeState): void {
    if (!this.removing.has(node) || this.podsOn(node).length > 0) return;
    this.removing.delete(node);
    node.deletedMs = this.cluster.sim.now;
    node.ready = false;
    this.scheduler.clusterChanged();
  }

  private podRemoved(pod: PodState): void {
    if (pod.nodeName !== null) {
      const node = this.cluster.findNode(pod.nodeName);
      if (node && this.removing.has(node)) this.finishRemoval(node);
    }
    for (const [node, waiting] of this.draining) {
      if (!waiting.delete(pod)) continue;
      const c = this.cluster;
      c.record(`node/${node.name}`, 'Drain', `pod/${pod.name} evicted`);
      if (waiting.size === 0) {
        c.record(`node/${node.name}`, 'Drain', `node/${node.name} drained`);
        this.draining.delete(node);
      }
    }
  }
}
