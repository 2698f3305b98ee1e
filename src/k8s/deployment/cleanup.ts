/**
 * cleanupDeployment (`pkg/controller/deployment/sync.go`): keep at most
 * `revisionHistoryLimit` old ReplicaSets.
 *
 * Runs only when the Deployment status read at the start of the sync is complete (rolling and recreate) or while
 * paused. Old RSs already being deleted are not counted; the oldest revisions (ReplicaSetsByRevision: revision
 * ascending, missing = 0, equal or unparsable revisions by creation time then name) are considered first, and
 * only the first `count − limit` of them: one that still has replicas (spec or status) or an unobserved
 * generation is skipped, not replaced by a later one.
 */
import { compareByCreation, revisionOf } from './util.js';
import { MAX_INT32, type ReplicaSet } from './types.js';

type CleanupRS = Pick<ReplicaSet, 'name' | 'created' | 'replicas' | 'statusReplicas' | 'annotations'> &
  Partial<Pick<ReplicaSet, 'revision' | 'deleting' | 'generation' | 'observedGeneration'>>;

/** ReplicaSetsByRevision. */
export function compareByRevision(a: CleanupRS, b: CleanupRS): number {
  const ra = revisionOf(a);
  const rb = revisionOf(b);
  if (ra === undefined || rb === undefined || ra === rb) return compareByCreation(a, b);
  return ra - rb;
}

export function hasRevisionHistoryLimit(limit: number | null | undefined): limit is number {
  return limit !== null && limit !== undefined && limit !== MAX_INT32;
}

/** The names of the old ReplicaSets to delete, in deletion order. */
export function cleanupDeployment(oldRSs: readonly CleanupRS[], revisionHistoryLimit: number | null | undefined): string[] {
  if (!hasRevisionHistoryLimit(revisionHistoryLimit)) return [];
  const cleanable = oldRSs.filter((rs) => !rs.deleting);
  const diff = cleanable.length - revisionHistoryLimit;
  if (diff <= 0) return [];
  return [...cleanable]
    .sort(compareByRevision)
    .slice(0, diff)
    .filter(
      (rs) =>
        rs.statusReplicas === 0 &&
        rs.replicas === 0 &&
        (rs.generation ?? 0) <= (rs.observedGeneration ?? 0) &&
        !rs.deleting,
    )
    .map((rs) => rs.name);
}
