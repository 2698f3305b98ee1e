/**
 * Scaling writes, proportional scaling and the new-RS bookkeeping of `pkg/controller/deployment/sync.go`
 *.
 *
 * Every scale decision is returned as `ReplicaSetUpdate`s (`{name, from, to, operation, annotations}`) in the
 * order upstream writes them; the controller applies them and emits `scalingEventMessage(u)` as a
 * `ScalingReplicaSet` event. Wording checked against the current (klog/v2) sync.go:
 * - creation: "Scaled up replica set <rs> from 0 to <n>" (only when n > 0; older releases said "… to <n>");
 * - any later size change: "Scaled <up|down> replica set <rs> to <new> from <old>". In a proportional scale the
 *   word is the direction of the whole scale (`toAdd`), not of the single RS, and is empty when toAdd is 0.
 */
import {
  compareByCreation,
  findActiveOrLatest,
  getReplicaSetProportion,
  hasProgressDeadline,
  isActive,
  isRollingUpdate,
  isSaturated,
  desiredReplicasAnnotation,
  maxRevision,
  maxSurge,
  newCondition,
  newRSNewReplicas,
  getCondition,
  replicasAnnotations,
  replicasAnnotationsNeedUpdate,
  setCondition,
  sumOf,
  type ScaleParams,
} from './util.js';
import {
  DEPRECATED_ROLLBACK_TO_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  LAST_APPLIED_CONFIG_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  Reason,
  type Deployment,
  type DeploymentCondition,
  type ReplicaSet,
  type ReplicaSetUpdate,
  type RolloutParams,
  type ScaleOutcome,
  type ScalingOperation,
} from './types.js';

// ---------------------------------------------------------------------------------------------------------------
// Single-RS writes and their events

/** scaleReplicaSet: a write when the size or the replica annotations differ, else null. */
export function scaleReplicaSet(
  rs: ReplicaSet,
  newScale: number,
  d: RolloutParams,
  operation: ScalingOperation,
): ReplicaSetUpdate | null {
  if (rs.replicas === newScale && !replicasAnnotationsNeedUpdate(rs, d)) return null;
  return { name: rs.name, from: rs.replicas, to: newScale, operation, annotations: replicasAnnotations(d) };
}

/** scaleReplicaSetAndRecordEvent: nothing when the size is already right; otherwise an 'up' or 'down' write. */
export function scaleReplicaSetAndRecordEvent(rs: ReplicaSet, newScale: number, d: RolloutParams): ReplicaSetUpdate | null {
  if (rs.replicas === newScale) return null;
  return scaleReplicaSet(rs, newScale, d, rs.replicas < newScale ? 'up' : 'down');
}

/** The `ScalingReplicaSet` event text for a write, or null when the size did not change (no event upstream). */
export function scalingEventMessage(u: ReplicaSetUpdate): string | null {
  if (u.from === u.to) return null;
  return `Scaled ${u.operation} replica set ${u.name} to ${u.to} from ${u.from}`;
}

/** The `ScalingReplicaSet` event text when a new RS is created with `replicas` (none for 0). */
export function createdEventMessage(rsName: string, replicas: number): string | null {
  return replicas > 0 ? `Scaled up replica set ${rsName} from 0 to ${replicas}` : null;
}

/** The RS after a write (a copy). */
export function applyUpdate(rs: ReplicaSet, u: ReplicaSetUpdate | null): ReplicaSet {
  if (!u) return rs;
  return { ...rs, replicas: u.to, annotations: { ...rs.annotations, ...u.annotations } };
}

export function outcome(updates: readonly (ReplicaSetUpdate | null)[]): ScaleOutcome {
  const list = updates.filter((u): u is ReplicaSetUpdate => u !== null);
  return { scaled: list.some((u) => u.from !== u.to), updates: list };
}

// ---------------------------------------------------------------------------------------------------------------
// Scaling events and proportional scaling (sync.go scale)

/** isScalingEvent: some active RS carries a valid desired-replicas annotation different from spec.replicas. */
export function isScalingEvent(d: RolloutParams, newRS: ReplicaSet | null, oldRSs: readonly ReplicaSet[]): boolean {
  return [...oldRSs, newRS].filter(isActive).some((rs) => {
    const desired = desiredReplicasAnnotation(rs);
    return desired !== undefined && desired !== d.replicas;
  });
}

/** ReplicaSetsBySizeNewer (scale up: bigger first, ties newer first) / BySizeOlder (scale down: ties older first). */
function bySize(newerFirst: boolean) {
  return (a: ReplicaSet, b: ReplicaSet): number => {
    if (a.replicas !== b.replicas) return b.replicas - a.replicas;
    return newerFirst ? compareByCreation(b, a) : compareByCreation(a, b);
  };
}

/**
 * scale(): one sync of a scaling event or of a paused Deployment. Returns the writes in upstream's order.
 * Examples: 5→10 with RSs 2(new)+3(old) → 4+6; 13→8 with 2/8/3 → 1/5/2; surge 2, 10→20 with 6+6 → 11+11.
 */
export function scale(d: ScaleParams, newRS: ReplicaSet | null, oldRSs: readonly ReplicaSet[]): ScaleOutcome {
  // At most one active RS: it (or the newest) takes the whole count.
  const single = findActiveOrLatest(newRS, oldRSs);
  if (single) {
    if (single.replicas === d.replicas) return outcome([]);
    return outcome([scaleReplicaSetAndRecordEvent(single, d.replicas, d)]);
  }
  // FindActiveOrLatest sorted upstream's oldRSs slice newest-first in place; later steps see that order.
  const oldNewestFirst = [...oldRSs].sort((a, b) => compareByCreation(b, a));

  if (isSaturated(d, newRS)) {
    return outcome(oldNewestFirst.filter(isActive).map((rs) => scaleReplicaSetAndRecordEvent(rs, 0, d)));
  }
  if (!isRollingUpdate(d)) return outcome([]); // Recreate waits for its rollout to finish

  const all = [...oldNewestFirst, newRS].filter(isActive);
  const allowed = d.replicas > 0 ? d.replicas + maxSurge(d) : 0;
  const toAdd = allowed - sumOf(all, (rs) => rs.replicas);
  let operation: ScalingOperation = '';
  if (toAdd > 0) {
    all.sort(bySize(true));
    operation = 'up';
  } else if (toAdd < 0) {
    all.sort(bySize(false));
    operation = 'down';
  }

  let added = 0;
  const sizes = all.map((rs) => {
    if (toAdd === 0) return rs.replicas;
    const p = getReplicaSetProportion(rs, d, toAdd, added);
    added += p;
    return rs.replicas + p;
  });
  // Leftovers go to the first (largest) RS, never below 0.
  if (toAdd !== 0 && sizes.length > 0) sizes[0] = Math.max(0, sizes[0]! + toAdd - added);
  return outcome(all.map((rs, i) => scaleReplicaSet(rs, sizes[i]!, d, operation)));
}

// ---------------------------------------------------------------------------------------------------------------
// New RS bookkeeping (sync.go getNewReplicaSet)

/**
 * Size of a new RS created now: NewRSNewReplicas over the old RSs plus the new one at 0
 * (RollingUpdate: at most replicas + maxSurge in total; Recreate: replicas).
 */
export function initialNewReplicaSetReplicas(d: RolloutParams, oldRSs: readonly ReplicaSet[]): number {
  return newRSNewReplicas(d, [...oldRSs, { replicas: 0 }], { replicas: 0 });
}

/**
 * The Progressing condition after getNewReplicaSet, with a deadline: a created RS →
 * True/NewReplicaSetCreated `Created new replica set "<rs>"`; an existing one while there is no Progressing
 * condition yet → True/FoundNewReplicaSet `Found new replica set "<rs>"`. Returns the new condition list.
 */
export function newReplicaSetConditions(
  d: Pick<Deployment, 'progressDeadlineSeconds' | 'status'>,
  rsName: string,
  created: boolean,
  now: number,
): DeploymentCondition[] {
  const conditions = d.status.conditions;
  if (!hasProgressDeadline(d)) return [...conditions];
  if (created) {
    return setCondition(conditions, newCondition('Progressing', 'True', Reason.NewReplicaSetCreated, `Created new replica set "${rsName}"`, now));
  }
  if (getCondition(d.status, 'Progressing')) return [...conditions];
  return setCondition(conditions, newCondition('Progressing', 'True', Reason.FoundNewReplicaSet, `Found new replica set "${rsName}"`, now));
}

const MAX_REVISION_HISTORY_CHARS = 2000;

/**
 * SetNewReplicaSetAnnotations' revision part: the new RS's revision becomes max(old revisions) + 1 when that is
 * larger; a previous revision is appended to revision-history (trimmed from the front to 2000 characters).
 * Returns the annotations to write (empty when nothing changes).
 */
export function revisionAnnotations(rs: Pick<ReplicaSet, 'annotations'> | null, oldRSs: readonly ReplicaSet[]): Record<string, string> {
  const newRevision = maxRevision(oldRSs) + 1;
  const annotations = rs?.annotations ?? {};
  const had = annotations[REVISION_ANNOTATION];
  let oldRevision = 0;
  if (had !== undefined && had !== '') {
    if (!/^[+-]?[0-9]+$/.test(had)) return {}; // upstream logs and leaves it alone
    oldRevision = Number(had);
  }
  if (oldRevision >= newRevision) return {};
  const out: Record<string, string> = { [REVISION_ANNOTATION]: String(newRevision) };
  if (had !== undefined) {
    const history = annotations[REVISION_HISTORY_ANNOTATION] ?? '';
    const parts = history.split(',');
    if (parts[0]!.length === 0) {
      out[REVISION_HISTORY_ANNOTATION] = had;
    } else {
      let total = history.length + had.length + 1;
      let start = 0;
      while (total > MAX_REVISION_HISTORY_CHARS && start < parts.length) {
        total -= parts[start]!.length + 1;
        start++;
      }
      if (total <= MAX_REVISION_HISTORY_CHARS) out[REVISION_HISTORY_ANNOTATION] = [...parts.slice(start), had].join(',');
    }
  }
  return out;
}

const SKIPPED_ANNOTATIONS = new Set([
  LAST_APPLIED_CONFIG_ANNOTATION,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  DEPRECATED_ROLLBACK_TO_ANNOTATION,
]);

/** skipCopyAnnotation: annotations the controller never copies between a Deployment and its RSs. */
export function isSkippedAnnotation(key: string): boolean {
  return SKIPPED_ANNOTATIONS.has(key);
}
