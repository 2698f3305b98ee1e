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
import { preempt as preemptPods, preemptedMessage, type FitsWith } from './preemption.js';

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
  /** A preemption victim was deleted (its ReplicaSet replaces it). */
  onPodPreempted: ((pod: PodState) => void) | null = null;
  /** PodDisruptionBudgets (the NodeController's): a pod's budget, and each budget's disruptionsAllowed now. */
  budgets: { of: (pod: PodState) => string | null; allowed: () => Map<string, number> } | null = null;
  /** Preemptors and the node their victims are leaving (status.nominatedNodeName). */
  private readonly nominated = new Map<PodState, string>();

  constructor(private readonly cluster: Cluster, private readonly kubelet: Kubelet) {
    this.random = cluster.sim.random.get('scheduler');
  }

  /** Pods that fit no node now (the node autoscaler's input). */
  unschedulablePods(): PodState[] {
    // a preemptor waits for its victims on its nominated node: no new node is needed for it
    return [...this.unschedulable].filter((p) => !p.gone && p.nodeName === null && p.deletionMs === null && !this.nominated.has(p));
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
    this.nominated.delete(pod);
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
      if (!this.nominated.has(pod)) this.preempt(pod, nodes, sp);
      this.onFailedScheduling?.(pod);
      return;
    }
    const fNodes = feasible.map((i) => views[i]!.node);
    const spread = topologySpreadScores(pod.scheduling, feasible.map((i) => views[i]!.spread), views.map((v) => v.spread), true);
    const best = selectHost(scoreNodes(sp, fNodes, spread), (n) => this.random.int(n));
    this.unschedulable.delete(pod);
    this.nominated.delete(pod);
    this.setPending(-1);
    this.kubelet.bind(pod, fNodes[best]!.name, warm);
    this.onPodBound?.(pod);
  }

  /**
   * PostFilter (DefaultPreemption, `preemption.ts`): when lower-priority pods could make room on a node, delete
   * them (Preempted on each) and nominate the pod to that node; it is retried when they are gone.
   */
  private preempt(pod: PodState, nodes: readonly NodeState[], sp: SchedPod): void {
    if (pod.rs.template.spec.preemptionPolicy === 'Never') return;
    const priority = pod.priority ?? 0;
    const pods = this.cluster.pods.filter((q) => !q.gone && q.nodeName !== null);
    if (!pods.some((q) => (q.priority ?? 0) < priority)) return;
    const byVictim = new Map<string, PodState>();
    const candidates = nodes.map((n) => {
      const on = pods.filter((q) => q.nodeName === n.name && q.deletionMs === null);
      return {
        name: n.name,
        pods: on.map((q) => {
          const name = `${q.rs.deployment.prefix}${q.name}`;
          byVictim.set(name, q);
          return { name, priority: q.priority ?? 0, startMs: q.startTimeMs ?? q.createdMs, cpuMilli: q.requestCpuMilli, memoryBytes: q.requestMemoryBytes, pdb: this.budgets?.of(q) ?? null };
        }),
      };
    });
    const views = new Map(this.nodeViews(nodes, pod).map((v) => [v.node.name, v.node] as const));
    const fits: FitsWith = (node, remaining) => {
      const v = views.get(node.name)!;
      const all = candidates.find((c) => c.name === node.name)!.pods;
      const removed = all.filter((p) => !remaining.includes(p)).map((p) => schedPod(byVictim.get(p.name)!));
      const minus = (a: number, key: 'cpuMilli' | 'memoryBytes', of: 'requests' | 'nonZeroRequests') => a - removed.reduce((t, r) => t + r[of][key], 0);
      return filterNode(sp, {
        ...v,
        requested: { cpuMilli: minus(v.requested.cpuMilli, 'cpuMilli', 'requests'), memoryBytes: minus(v.requested.memoryBytes, 'memoryBytes', 'requests') },
        nonZeroRequested: { cpuMilli: minus(v.nonZeroRequested.cpuMilli, 'cpuMilli', 'nonZeroRequests'), memoryBytes: minus(v.nonZeroRequested.memoryBytes, 'memoryBytes', 'nonZeroRequests') },
        podCount: v.podCount - removed.length,
      }) === null;
    };
    const preemptor = { name: pod.name, uid: `${pod.rs.deployment.namespace}/${pod.name}`, priority, preemptionPolicy: pod.rs.template.spec.preemptionPolicy ?? 'PreemptLowerPriority' } as const;
    const r = preemptPods(preemptor, candidates, fits, this.budgets?.allowed() ?? new Map());
    if (!r) return;
    this.nominated.set(pod, r.node);
    for (const v of r.victims) {
      const q = byVictim.get(v.name)!;
      this.cluster.record(`${q.rs.deployment.prefix}pod/${q.name}`, 'Preempted', preemptedMessage(preemptor.uid, r.node));
      this.kubelet.deletePod(q);
      this.onPodPreempted?.(q);
    }
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
      addPod(u, q);
      // default spreading selector = the ReplicaSet's selector (with pod-template-hash) ∧ its Services'
      if (q.rs === pod.rs && C.isActive(q)) u.matching++;
    }
    // pods nominated to a node by preemption hold its room against pods of no higher priority (addNominatedPods)
    for (const [q, nodeName] of this.nominated) {
      const u = byName.get(nodeName);
      if (!u || q === pod || q.gone || (q.priority ?? 0) < (pod.priority ?? 0)) continue;
      addPod(u, q);
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

/** Adds a pod's requests (as the scheduler counts them, and their non-zero form for scoring) to a node's usage. */
function addPod(u: { cpu: number; mem: number; nzCpu: number; nzMem: number; count: number }, q: PodState): void {
  const r = schedPod(q);
  u.cpu += r.requests.cpuMilli;
  u.mem += r.requests.memoryBytes;
  u.nzCpu += r.nonZeroRequests.cpuMilli;
  u.nzMem += r.nonZeroRequests.memoryBytes;
  u.count++;
}
