/**
 * The ReplicaSet controller (pkg/controller/replicaset): keeps each ReplicaSet's active
 * pods equal to its spec.replicas. Too few: create the difference, at most 500 a sync in slow-start batches;
 * too many: delete the pods upstream's ranking puts first (`pod-ranking.ts`), at most 500 a sync
 * (`manage.ts`). A gap larger than one burst is closed by further syncs, queued as soon as the creations or
 * deletions are observed (at once: zero informer latency). Terminating pods are not active, so a replacement
 * is created as soon as a pod starts terminating.
 *
 * Syncs are queued at the current instant and de-duplicated, like a work queue with zero latency.
 */
import { shapeSettler } from '../../engine/shapes.js';
import type { Cluster } from '../cluster/cluster.js';
import { Cluster as C } from '../cluster/cluster.js';
import type { PodState, ReplicaSetState } from '../cluster/types.js';
import type { Kubelet } from '../kubelet/kubelet.js';
import { manageReplicas, slowStartBatch } from './manage.js';
import { podsToDelete, type RankablePod } from './pod-ranking.js';

/** apiserver `maxNameGenerationCreateAttempts`: a generated name is drawn at most this many times per create. */
export const NAME_GENERATION_ATTEMPTS = 8;

export class ReplicaSetController {
  private readonly queued = new Set<ReplicaSetState>();
  /** Refused creates per ReplicaSet since its last clean sync (the work queue's rate-limiter memory). */
  private readonly failures = new Map<ReplicaSetState, { count: number; lastMessage: string; timer: number | undefined }>();
  /** Every refused create (for the summary: why the HPA's replicas were not reached). */
  onCreateFailed: (rs: ReplicaSetState, message: string) => void = () => {};

  constructor(private readonly cluster: Cluster, private readonly kubelet: Kubelet) {}

  enqueue(rs: ReplicaSetState): void {
    if (this.queued.has(rs)) return;
    this.queued.add(rs);
    this.cluster.sim.at(this.cluster.sim.now, 'replicaset:sync', () => {
      this.queued.delete(rs);
      this.sync(rs);
    });
  }

  /** One sync; `warm` (the initial state at t=0) closes the whole gap at once, as if long since synced. */
  sync(rs: ReplicaSetState, warm = false): void {
    for (;;) {
      const active = rs.pods.filter(C.isActive);
      const plan = manageReplicas(active.length, rs.replicas);
      if (plan.create > 0) {
        let refusal: { message: string; reason: string } | null = null;
        slowStartBatch(plan.create, () => {
          if (refusal) return false;
          refusal = this.createPod(rs, warm);
          return refusal === null;
        });
        if (refusal !== null) {
          const r: { message: string; reason: string } = refusal;
          this.createFailed(rs, r.message, r.reason);
          return;
        }
        this.failures.delete(rs);
      } else if (plan.delete > 0) {
        const victims = this.choosePodsToDelete(rs, active, plan.delete);
        for (const p of victims) {
          this.cluster.record(`${rs.deployment.prefix}replicaset/${rs.name}`, 'SuccessfulDelete', `Deleted pod: ${p.name}`);
          this.kubelet.deletePod(p);
        }
      }
      if (!plan.resync) return;
      if (!warm) {
        this.enqueue(rs);
        return;
      }
    }
  }

  /**
   * One pod create as the API server answers it: the name is generated (`<rs>-<5 chars>`), admission runs
   * (ResourceQuota), and a name already in use is drawn again, 8 attempts in all (RetryGenerateName, GA since
   * 1.32: apiserver `pkg/registry/generic/registry/store.go`, maxNameGenerationCreateAttempts). Null when the
   * pod was created, else the refusal.
   */
  private createPod(rs: ReplicaSetState, warm: boolean): { message: string; reason: string } | null {
    const admit = this.cluster.hooks.admitPod;
    let name = '';
    for (let attempt = 0; attempt < NAME_GENERATION_ATTEMPTS; attempt++) {
      name = this.kubelet.newPodName(rs);
      const refused = admit ? admit(rs, name) : null;
      if (refused !== null) return { message: `pods "${name}" is forbidden: ${refused}`, reason: refused };
      if (!this.cluster.podNameTaken(rs.deployment.namespace, name)) {
        this.kubelet.createPod(rs, warm, name);
        return null;
      }
    }
    return { message: `pods "${name}" already exists`, reason: 'already exists' };
  }

  /**
   * A create the API server refused: `FailedCreate` "Error creating: …" (controller_utils.go `CreatePods`), and
   * the sync is retried with the work queue's per-item exponential back-off (client-go
   * `DefaultTypedControllerRateLimiter`: 5 ms × 2^failures, at most 1000 s; `Forget` after a clean sync).
   * The API server's event correlator folds similar events (same object and reason) into one with a count, so a
   * streak of refusals for the same reason (`why`, the message without the generated pod name) is one event row;
   * `onCreateFailed` sees every attempt.
   */
  private createFailed(rs: ReplicaSetState, message: string, why: string): void {
    const c = this.cluster;
    const f = this.failures.get(rs) ?? { count: 0, lastMessage: '', timer: undefined };
    if (f.lastMessage !== why) c.record(`${rs.deployment.prefix}replicaset/${rs.name}`, 'FailedCreate', `Error creating: ${message}`);
    f.lastMessage = why;
    const delay = Math.min(5 * 2 ** f.count, 1_000_000);
    f.count++;
    this.failures.set(rs, f);
    this.onCreateFailed(rs, message);
    c.sim.cancel(f.timer);
    f.timer = c.sim.at(c.sim.now + Math.ceil(delay), 'replicaset:retry', () => {
      f.timer = undefined;
      this.enqueue(rs);
    });
  }

  private choosePodsToDelete(rs: ReplicaSetState, active: PodState[], count: number): PodState[] {
    // rank = active pods on the same node owned by any ReplicaSet of the same Deployment
    const related = rs.deployment.replicaSets.flatMap((r) => r.pods.filter(C.isActive)).map(rankable);
    const ranked = active.map(rankable);
    return podsToDelete(ranked, count, related, this.cluster.sim.now).map((r) => r.ref);
  }
}

/**
 * A pod as upstream's deletion ranking reads it, and the pod itself. One literal for every pod, its nullable fields
 * settled (engine/shapes.ts): the comparators read thousands of these per sort, and a spread copy or a field that
 * is null for some pods and a number for others gave them a different hidden class each.
 */
const settleRankable = shapeSettler(['deletionCost'], ['readySince']);

function rankable(p: PodState): RankablePod & { ref: PodState } {
  return settleRankable({
    name: p.name,
    uid: String(p.uid).padStart(12, '0'),
    nodeName: p.nodeName ?? '',
    phase: p.phase,
    ready: p.ready,
    readySince: p.ready ? p.readyTransitionMs : null,
    created: p.createdMs,
    restartCount: p.restartCount,
    deletionCost: p.rs.template.annotations['controller.kubernetes.io/pod-deletion-cost'] ?? null,
    deleting: p.deletionMs !== null,
    ref: p,
  });
}
