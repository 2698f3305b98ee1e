/**
 * The RollingUpdate strategy (`pkg/controller/deployment/rolling.go`).
 *
 * One sync makes at most one kind of change: scale the new RS up (or down to spec.replicas); failing that, scale
 * old RSs down — unhealthy replicas first (cleanupUnhealthyReplicas), then healthy ones while keeping
 * minAvailable (scaleDownOldReplicaSetsForRollingUpdate); failing that, if the status read at the start of the
 * sync is complete, delete surplus old RSs (revisionHistoryLimit).
 *
 * Worked example (defaults, 10 replicas, new template: surge 3, unavailable 2): the new RS is created with 3
 * (13 in total); no scale-up is possible (13 ≥ 13); old has 10 available, new 0, so
 * maxScaledDown = 13 − 8 − 3 = 2 and the old RS goes 10 → 8 in the same sync; as new pods become available the
 * budget grows again.
 *
 * Upstream's `allRSs` after the scale-down's cleanup step holds only the *active* old RSs (as updated) plus the
 * new RS, so an old RS already at spec 0 does not count its lingering available pods there; reproduced here.
 * An old RS whose availableReplicas exceeds its spec (stale status after a scale-down) makes upstream's cleanup
 * return an error: writes already made stay, and the step reports "not scaled".
 */
import { cleanupDeployment } from './cleanup.js';
import { applyUpdate, outcome, scaleReplicaSetAndRecordEvent } from './sync.js';
import {
  compareByCreation,
  deploymentComplete,
  isActive,
  maxUnavailable,
  newRSNewReplicas,
  sumOf,
  syncRolloutStatus,
  type RolloutStatusResult,
} from './util.js';
import type { Deployment, ReplicaSet, ReplicaSetUpdate, RolloutParams, ScaleOutcome } from './types.js';

/** reconcileNewReplicaSet: scale the new RS toward spec.replicas within maxSurge (or down to it). */
export function reconcileNewReplicaSet(d: RolloutParams, allRSs: readonly ReplicaSet[], newRS: ReplicaSet): ScaleOutcome {
  if (newRS.replicas === d.replicas) return outcome([]);
  if (newRS.replicas > d.replicas) return outcome([scaleReplicaSetAndRecordEvent(newRS, d.replicas, d)]);
  return outcome([scaleReplicaSetAndRecordEvent(newRS, newRSNewReplicas(d, allRSs, newRS), d)]);
}

export interface OldScaleDown {
  /** the old RSs sorted by creation, with the step's writes applied */
  oldRSs: ReplicaSet[];
  updates: ReplicaSetUpdate[];
  count: number;
  error?: string;
}

/** cleanupUnhealthyReplicas: take up to `maxCleanupCount` not-available replicas out of old RSs, oldest first. */
export function cleanupUnhealthyReplicas(d: RolloutParams, oldRSs: readonly ReplicaSet[], maxCleanupCount: number): OldScaleDown {
  const sorted = [...oldRSs].sort(compareByCreation);
  const updates: ReplicaSetUpdate[] = [];
  let total = 0;
  for (let i = 0; i < sorted.length; i++) {
    const rs = sorted[i]!;
    if (total >= maxCleanupCount) break;
    if (rs.replicas === 0 || rs.replicas === rs.availableReplicas) continue;
    const count = Math.min(maxCleanupCount - total, rs.replicas - rs.availableReplicas);
    const to = rs.replicas - count;
    if (to > rs.replicas) {
      const error = `when cleaning up unhealthy replicas, got invalid request to scale down ${rs.name} ${rs.replicas} -> ${to}`;
      return { oldRSs: sorted, updates, count: 0, error };
    }
    const u = scaleReplicaSetAndRecordEvent(rs, to, d);
    if (u) updates.push(u);
    sorted[i] = applyUpdate(rs, u);
    total += count;
  }
  return { oldRSs: sorted, updates, count: total };
}

/**
 * scaleDownOldReplicaSetsForRollingUpdate: remove `Σ available(allRSs) − minAvailable` replicas from old RSs,
 * oldest first.
 */
export function scaleDownOldReplicaSetsForRollingUpdate(
  d: RolloutParams,
  allRSs: readonly ReplicaSet[],
  oldRSs: readonly ReplicaSet[],
): OldScaleDown {
  const minAvailable = d.replicas - maxUnavailable(d);
  const available = sumOf(allRSs, (rs) => rs.availableReplicas);
  const sorted = [...oldRSs].sort(compareByCreation);
  if (available <= minAvailable) return { oldRSs: sorted, updates: [], count: 0 };
  const toRemove = available - minAvailable;
  const updates: ReplicaSetUpdate[] = [];
  let total = 0;
  for (let i = 0; i < sorted.length; i++) {
    const rs = sorted[i]!;
    if (total >= toRemove) break;
    if (rs.replicas === 0) continue;
    const count = Math.min(rs.replicas, toRemove - total);
    const u = scaleReplicaSetAndRecordEvent(rs, rs.replicas - count, d);
    if (u) updates.push(u);
    sorted[i] = applyUpdate(rs, u);
    total += count;
  }
  return { oldRSs: sorted, updates, count: total };
}

export interface OldReconcile extends ScaleOutcome {
  cleanupCount: number;
  scaledDownCount: number;
  /** old RSs with this step's writes applied (sorted by creation); only the active ones when anything ran */
  oldRSs: ReplicaSet[];
  error?: string;
}

/**
 * reconcileOldReplicaSets(allRSs, oldRSs, newRS): `oldRSs` may include inactive ones (they are filtered).
 * Budget: maxScaledDown = Σ spec(all) − minAvailable − (new.spec − new.available).
 */
export function reconcileOldReplicaSets(
  d: RolloutParams,
  allRSs: readonly ReplicaSet[],
  oldRSs: readonly ReplicaSet[],
  newRS: ReplicaSet,
): OldReconcile {
  const active = oldRSs.filter(isActive);
  const none: OldReconcile = { scaled: false, updates: [], cleanupCount: 0, scaledDownCount: 0, oldRSs: [...oldRSs] };
  if (sumOf(active, (rs) => rs.replicas) === 0) return none;
  const allPods = sumOf(allRSs, (rs) => rs.replicas);
  const minAvailable = d.replicas - maxUnavailable(d);
  const newUnavailable = newRS.replicas - newRS.availableReplicas;
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return none;

  const cleanup = cleanupUnhealthyReplicas(d, active, maxScaledDown);
  if (cleanup.error !== undefined) {
    return { ...none, updates: cleanup.updates, oldRSs: cleanup.oldRSs, error: cleanup.error };
  }
  const down = scaleDownOldReplicaSetsForRollingUpdate(d, [...cleanup.oldRSs, newRS], cleanup.oldRSs);
  return {
    scaled: cleanup.count + down.count > 0,
    updates: [...cleanup.updates, ...down.updates],
    cleanupCount: cleanup.count,
    scaledDownCount: down.count,
    oldRSs: down.oldRSs,
  };
}

export type RollingStep = 'create-new' | 'scale-up' | 'scale-down' | 'steady';

export interface RollingSync {
  step: RollingStep;
  /** for 'create-new': the size to create the new RS with */
  createReplicas?: number;
  updates: ReplicaSetUpdate[];
  /** old RSs to delete (revisionHistoryLimit), only on a 'steady' sync of a complete Deployment */
  deleteReplicaSets: string[];
  /** syncRolloutStatus over the RSs as read at the start of the sync (absent for 'create-new') */
  status?: RolloutStatusResult;
}

/**
 * rolloutRolling, one sync. With no new RS yet it answers 'create-new' with the size to create; the controller
 * creates it (event `createdEventMessage`, conditions `newReplicaSetConditions`, revision annotations) and calls
 * again in the same sync with the created RS and the updated Deployment status.
 */
export function rolloutRolling(d: Deployment, newRS: ReplicaSet | null, oldRSs: readonly ReplicaSet[], now: number): RollingSync {
  if (!newRS) {
    const createReplicas = newRSNewReplicas(d, [...oldRSs, { replicas: 0 }], { replicas: 0 });
    return { step: 'create-new', createReplicas, updates: [], deleteReplicaSets: [] };
  }
  const allRSs = [...oldRSs, newRS];
  const status = (): RolloutStatusResult => syncRolloutStatus(d, allRSs, newRS, now);

  const up = reconcileNewReplicaSet(d, allRSs, newRS);
  if (up.scaled) return { step: 'scale-up', updates: up.updates, deleteReplicaSets: [], status: status() };

  const down = reconcileOldReplicaSets(d, allRSs, oldRSs, newRS);
  if (down.scaled) return { step: 'scale-down', updates: down.updates, deleteReplicaSets: [], status: status() };

  const deleteReplicaSets = deploymentComplete(d, d.status) ? cleanupDeployment(oldRSs, d.revisionHistoryLimit) : [];
  return { step: 'steady', updates: [...up.updates, ...down.updates], deleteReplicaSets, status: status() };
}
