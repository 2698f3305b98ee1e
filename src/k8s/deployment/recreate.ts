/**
 * The Recreate strategy (`pkg/controller/deployment/recreate.go`).
 *
 * Each sync: scale every active old RS to 0 (if that wrote anything, stop); while any old pod is still
 * "running" stop; otherwise create the new RS if needed (directly at spec.replicas) and scale it to
 * spec.replicas; clean up old RSs if the status read at the start was complete. "Running" = some old RS still
 * reports status.replicas > 0, or some pod owned by a non-new RS is in any phase but Succeeded/Failed — this
 * includes terminating pods (still Running until the kubelet finishes) and Pending/Unknown ones. So every old
 * pod is gone before the first new pod is created.
 */
import { cleanupDeployment } from './cleanup.js';
import { outcome, scaleReplicaSetAndRecordEvent } from './sync.js';
import { deploymentComplete, isActive, syncRolloutStatus, type RolloutStatusResult } from './util.js';
import type { Deployment, ReplicaSet, ReplicaSetUpdate } from './types.js';

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

/** oldPodsRunning: `oldPods` are the pods (terminating ones included) owned by any RS but the new one. */
export function oldPodsRunning(oldRSs: readonly ReplicaSet[], oldPods: readonly { phase: PodPhase }[]): boolean {
  if (oldRSs.some((rs) => rs.statusReplicas > 0)) return true;
  return oldPods.some((p) => p.phase !== 'Succeeded' && p.phase !== 'Failed');
}

export type RecreateStep = 'scale-down-old' | 'wait-for-old-pods' | 'create-new' | 'scale-up-new';

export interface RecreateSync {
  step: RecreateStep;
  /** for 'create-new': the size to create the new RS with (spec.replicas) */
  createReplicas?: number;
  updates: ReplicaSetUpdate[];
  deleteReplicaSets: string[];
  /** absent for 'create-new' (the controller calls again after creating) */
  status?: RolloutStatusResult;
}

/**
 * rolloutRecreate, one sync. 'create-new' asks the controller to create the new RS with `createReplicas`
 * (event `createdEventMessage`, conditions `newReplicaSetConditions`) and call again in the same sync with it.
 */
export function rolloutRecreate(
  d: Deployment,
  newRS: ReplicaSet | null,
  oldRSs: readonly ReplicaSet[],
  oldPods: readonly { phase: PodPhase }[],
  now: number,
): RecreateSync {
  const allRSs = newRS ? [...oldRSs, newRS] : [...oldRSs];
  const status = (): RolloutStatusResult => syncRolloutStatus(d, allRSs, newRS, now);

  const down = outcome(oldRSs.filter(isActive).map((rs) => scaleReplicaSetAndRecordEvent(rs, 0, d)));
  if (down.scaled) return { step: 'scale-down-old', updates: down.updates, deleteReplicaSets: [], status: status() };

  if (oldPodsRunning(oldRSs, oldPods)) {
    return { step: 'wait-for-old-pods', updates: [], deleteReplicaSets: [], status: status() };
  }
  if (!newRS) return { step: 'create-new', createReplicas: d.replicas, updates: [], deleteReplicaSets: [] };

  const up = outcome([scaleReplicaSetAndRecordEvent(newRS, d.replicas, d)]);
  const deleteReplicaSets = deploymentComplete(d, d.status) ? cleanupDeployment(oldRSs, d.revisionHistoryLimit) : [];
  return { step: 'scale-up-new', updates: up.updates, deleteReplicaSets, status: status() };
}
