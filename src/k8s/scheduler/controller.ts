/**
 * The default scheduler wired to the event loop: a pod that is created unbound gets a scheduling attempt at
 * once (kubesim takes the scheduler's own latency, milliseconds in a real cluster, as zero — README); the pure
 * filters (`filter.ts`) and scores (`score.ts`) pick the node, and the kubelet starts the pod there. A pod that
 * fits no node records `FailedScheduling` and waits in the unschedulable pool until something that could make
 * it fit happens (a node registers, becomes Ready or schedulable, a bound pod leaves), then is retried after its
 * back-off, or at the latest when the pool is flushed after 5 minutes
 * (`pkg/scheduler/backend/queue/scheduling_queue.go`: podInitialBackoffDuration 1 s, doubling per attempt,
 * podMaxBackoffDuration 10 s; DefaultPodMaxInUnschedulablePodsDuration 5 min, checked every 30 s).
 */
import type { RandomStream } from '../../engine/random.js';
import type { Cluster, PodPlacer } from '../cluster/cluster.js';
import { Cluster as C } from '../cluster/cluster.js';
import type { NodeState, PodState } from '../cluster/types.js';
import type { Kubelet } from '../kubelet/kubelet.js';
import { filterNode, fitErrorMessage, type FilterStatus } from './filter.js';
import { DEFAULT_MEMORY_REQUEST, DEFAULT_MILLI_CPU_REQUEST, scoreNodes, selectHost, topologySpreadScores, type SpreadNode } from './score.js';
import type { SchedNode, SchedPod } from './types.js';

export const POD_INITIAL_BACKOFF_MS = 1_000;
export const POD_MAX_BACKOFF_MS = 10_000;
export const POD_MAX_IN_UNSCHEDULABLE_MS = 300_000;
export const UNSCHEDULABLE_FLUSH_PERIOD_MS = 30_000;

/** The back-off after `attempts` failed attempts (`calculateBackoffDuration`). */
export function backoffMs(attempts: number): number {
  let d = POD_INITIAL_BACKOFF_MS;
  for (let i = 1; i < attempts; i++) {
    d *= 2;
    if (d > POD_MAX_BACKOFF_MS) return POD_MAX_BACKOFF_MS;
  }
  return d;
}

/** When the unschedulable pool's flush (every 30 s since start) first finds a pod that failed at `failedMs` older than 5 min. */
export function flushAt(failedMs: number): number {
  return (Math.floor((failedMs + POD_MAX_IN_UNSCHEDULABLE_MS) / UNSCHEDULABLE_FLUSH_PERIOD_MS) + 1) * UNSCHEDULABLE_FLUSH_PERIOD_MS;
}

export class Scheduler implements PodPlacer {
  private readonly random: RandomStream;
  private readonly attempts = new Map<PodState, number>();
  private readonly unschedulable = new Set<PodState>();
  /** Active pods without a node, and the integral of their count (pod-milliseconds). */
  private pending = 0;
  private pendingSince = 0;
  private pendingMs = 0;
  /** A pod left the API (the drain waits for this). */
  onPodRemoved: ((pod: PodState) => void) | null = null;
  /** A scheduling cycle found no node (a node autoscaler's trigger: Karpenter's provisioner watches these). */
  onFailedScheduling: ((pod: PodState) => void) | null = null;
  /** A pod was bound to a node. */
  onPodBound: ((pod: PodState) => void) | null = null;

  constructor(private readonly cluster: Cluster, private readonly kubelet: Kubelet) {
    this.random = cluster.sim.random.get('scheduler');
  }

  /** Pods that fit no node now (the node autoscaler's input). */
  unschedulablePods(): PodState[] {
    return [...this.unschedulable].filter((p) => !p.gone && p.nodeName === null && p.deletionMs === null);
  }

  pendingPods(): number {
    return this.pending;
  }

  /** Pod-seconds spent Pending without a node, up to now. */
  pendingPodSeconds(now: number): number {
    return (this.pendingMs + this.pending * (now - this.pendingSince)) / 1000;
  }

  private setPending(delta: number): void {
    const now = this.cluster.sim.now;
    this.pendingMs += this.pending * (now - this.pendingSince);
    this.pendingSince = now;
    this.pending += delta;
  }

  podCreated(pod: PodState, warm: boolean): void {
    this.setPending(1);
    if (warm) this.attempt(pod, true);
    else this.enqueue(pod, this.cluster.sim.now);
  }

  podRemoved(pod: PodState): void {
    this.unschedulable.delete(pod);
    if (pod.nodeName === null) this.setPending(-1);
    else this.clusterChanged();
    this.onPodRemoved?.(pod);
  }

  /** Something that could make unschedulable pods fit happened: retry each after its back-off. */
  clusterChanged(): void {
    const now = this.cluster.sim.now;
    for (const p of this.unschedulable) {
      this.unschedulable.delete(p);
      this.enqueue(p, Math.max(now, p.lastSchedulingAttemptMs + backoffMs(p.schedulingAttempts)));
    }
  }

  private enqueue(pod: PodState, at: number): void {
    const sim = this.cluster.sim;
    const old = this.attempts.get(pod);
    if (old !== undefined) sim.cancel(old);
    this.attempts.set(
      pod,
      sim.at(at, 'scheduler:attempt', () => {
        this.attempts.delete(pod);
        this.attempt(pod, false);
      }),
    );
  }

  /** One scheduling cycle for `pod`. */
  private attempt(pod: PodState, warm: boolean): void {
    if (pod.gone || pod.deletionMs !== null || pod.nodeName !== null) return;
    const c = this.cluster;
    const now = c.sim.now;
    const nodes = c.nodes.filter((n) => n.registered && n.deletedMs === null);
    const views = this.nodeViews(nodes, pod);
    const sp = schedPod(pod);
    const statuses: FilterStatus[] = [];
    const feasible: number[] = [];
    for (let i = 0; i < views.length; i++) {
      const st = filterNode(sp, views[i]!.node);
      if (st) statuses.push(st);
      else feasible.push(i);
    }
    if (feasible.length === 0) {
      pod.schedulingAttempts++;
      pod.lastSchedulingAttemptMs = now;
      c.record(`${pod.rs.deployment.prefix}pod/${pod.name}`, 'FailedScheduling', fitErrorMessage(statuses));
      this.unschedulable.add(pod);
      this.enqueueFlush(pod, now);
      this.onFailedScheduling?.(pod);
      return;
    }
    const fNodes = feasible.map((i) => views[i]!.node);
    const spread = topologySpreadScores(pod.scheduling, feasible.map((i) => views[i]!.spread), views.map((v) => v.spread), true);
    const best = selectHost(scoreNodes(sp, fNodes, spread), (n) => this.random.int(n));
    this.unschedulable.delete(pod);
    this.setPending(-1);
    this.kubelet.bind(pod, fNodes[best]!.name, warm);
    this.onPodBound?.(pod);
  }

  private enqueueFlush(pod: PodState, failedMs: number): void {
    this.cluster.sim.at(flushAt(failedMs), 'scheduler:flush', () => {
      // still waiting since that failure (not retried meanwhile): back to the active queue
      if (!this.unschedulable.has(pod) || pod.lastSchedulingAttemptMs !== failedMs) return;
      this.unschedulable.delete(pod);
      this.attempt(pod, false);
    });
  }

  /** The scheduler cache's view of each node: bound pods (terminating ones too, until they are gone). */
  private nodeViews(nodes: readonly NodeState[], pod: PodState): { node: SchedNode; spread: SpreadNode }[] {
    const byName = new Map<string, { cpu: number; mem: number; nzCpu: number; nzMem: number; count: number; matching: number }>();
    for (const n of nodes) byName.set(n.name, { cpu: 0, mem: 0, nzCpu: 0, nzMem: 0, count: 0, matching: 0 });
    for (const q of this.cluster.pods) {
      if (q.gone || q.nodeName === null) continue;
      const u = byName.get(q.nodeName);
      if (!u) continue;
      const r = schedPod(q);
      u.cpu += r.requests.cpuMilli;
      u.mem += r.requests.memoryBytes;
      u.nzCpu += r.nonZeroRequests.cpuMilli;
      u.nzMem += r.nonZeroRequests.memoryBytes;
      u.count++;
      // default spreading selector = the ReplicaSet's selector (with pod-template-hash) ∧ its Services'
      if (q.rs === pod.rs && C.isActive(q)) u.matching++;
    }
    return nodes.map((n) => {
      const u = byName.get(n.name)!;
      return {
        node: {
          name: n.name,
          labels: n.labels,
          taints: n.taints,
          unschedulable: n.unschedulable,
          allocatable: n.pool.allocatable,
          requested: { cpuMilli: u.cpu, memoryBytes: u.mem },
          nonZeroRequested: { cpuMilli: u.nzCpu, memoryBytes: u.nzMem },
          podCount: u.count,
        },
        spread: { name: n.name, labels: n.labels, matching: u.matching },
      };
    });
  }
}

/** The pod's requests as the scheduler counts them (non-zero defaults for a container without requests). */
export function schedPod(p: PodState): SchedPod {
  const req = p.container.resources.requests;
  const lim = p.container.resources.limits;
  const hasMem = req['memory'] !== undefined || lim['memory'] !== undefined;
  return {
    requests: { cpuMilli: p.requestCpuMilli, memoryBytes: p.requestMemoryBytes },
    nonZeroRequests: {
      cpuMilli: p.hasCpuRequest ? p.requestCpuMilli : DEFAULT_MILLI_CPU_REQUEST,
      memoryBytes: hasMem ? p.requestMemoryBytes : DEFAULT_MEMORY_REQUEST,
    },
    scheduling: p.scheduling,
  };
}
