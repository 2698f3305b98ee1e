/**
 * How many pods one ReplicaSet sync creates or deletes (pure; `pkg/controller/replicaset/replica_set.go`
 * manageReplicas and slowStartBatch, `pkg/controller/controller_utils.go` SlowStartInitialBatchSize).
 *
 * - `diff = active − spec.replicas`; one sync creates or deletes at most `burstReplicas` (500, the
 *   kube-controller-manager default) pods. The ReplicaSet is synced again once the informer has observed
 *   those creations or deletions (expectations), so a larger gap closes over several syncs: 600 replicas are
 *   500 then 100.
 * - Creations go in slow-start batches of 1, 2, 4, 8, … (each batch twice the last, the last one what
 *   remains); a batch with a failure ends the sync, and the pods of later batches are not attempted.
 */

/** kube-controller-manager `--concurrent-...` default `BurstReplicas`. */
export const BURST_REPLICAS = 500;
/** `controller.SlowStartInitialBatchSize`. */
export const SLOW_START_INITIAL_BATCH = 1;

export interface ManagePlan {
  /** Pods to create this sync (≤ burst). */
  create: number;
  /** Pods to delete this sync (≤ burst). */
  delete: number;
  /** The gap is larger than one burst: sync again once these are observed. */
  resync: boolean;
}

export function manageReplicas(active: number, replicas: number, burst = BURST_REPLICAS): ManagePlan {
  const diff = active - replicas;
  if (diff < 0) return { create: Math.min(-diff, burst), delete: 0, resync: -diff > burst };
  if (diff > 0) return { create: 0, delete: Math.min(diff, burst), resync: diff > burst };
  return { create: 0, delete: 0, resync: false };
}

/** The batch sizes slowStartBatch uses for `count` creations: 1, 2, 4, …, then the remainder. */
export function slowStartBatches(count: number, initial = SLOW_START_INITIAL_BATCH): number[] {
  const out: number[] = [];
  let remaining = count;
  for (let size = Math.min(remaining, initial); size > 0; size = Math.min(2 * size, remaining)) {
    out.push(size);
    remaining -= size;
  }
  return out;
}

/**
 * Runs `create` in slow-start batches; stops after the first batch in which any creation failed.
 * Returns how many succeeded. (Upstream runs a batch's calls in parallel; here they run in order.)
 */
export function slowStartBatch(count: number, create: () => boolean, initial = SLOW_START_INITIAL_BATCH): number {
  let successes = 0;
  for (const size of slowStartBatches(count, initial)) {
    let failed = false;
    for (let i = 0; i < size; i++) {
      if (create()) successes++;
      else failed = true;
    }
    if (failed) break;
  }
  return successes;
}
