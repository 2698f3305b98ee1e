/**
 * Plain data shapes for the Deployment controller's decision functions.
 *
 * Times are simulation milliseconds (the kernel's integer-ms clock); `created` only matters for ordering.
 * `replicas` is always `spec.replicas`; status counts are spelled out (`statusReplicas`, `availableReplicas`, …).
 * Nothing here is mutated by the decision functions: they return new values or lists of changes.
 */
import type { IntOrString } from '../api/intstr.js';

export type DeploymentStrategyType = 'RollingUpdate' | 'Recreate';

/** Annotation keys the controller reads and writes (`pkg/controller/deployment/util`). */
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
export const DEPRECATED_ROLLBACK_TO_ANNOTATION = 'deprecated.deployment.rollback.to';
export const LAST_APPLIED_CONFIG_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** `progressDeadlineSeconds` / `revisionHistoryLimit` equal to MaxInt32 mean "none" upstream. */
export const MAX_INT32 = 2147483647;

/** Condition reasons, in upstream's words (`deployment_util.go`). */
export const Reason = {
  NewReplicaSetCreated: 'NewReplicaSetCreated',
  FoundNewReplicaSet: 'FoundNewReplicaSet',
  NewReplicaSetAvailable: 'NewReplicaSetAvailable',
  ReplicaSetUpdated: 'ReplicaSetUpdated',
  ProgressDeadlineExceeded: 'ProgressDeadlineExceeded',
  DeploymentPaused: 'DeploymentPaused',
  DeploymentResumed: 'DeploymentResumed',
  ReplicaSetCreateError: 'ReplicaSetCreateError',
  MinimumReplicasAvailable: 'MinimumReplicasAvailable',
  MinimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;

/** The four fields that decide all rolling-update arithmetic. `maxSurge`/`maxUnavailable` null = absent. */
export interface RolloutParams {
  replicas: number;
  strategy: DeploymentStrategyType;
  maxSurge: IntOrString | null;
  maxUnavailable: IntOrString | null;
}

export type ConditionStatus = 'True' | 'False' | 'Unknown';
export type DeploymentConditionType = 'Available' | 'Progressing' | 'ReplicaFailure';

export interface DeploymentCondition {
  type: DeploymentConditionType;
  status: ConditionStatus;
  reason: string;
  message: string;
  /** ms */
  lastUpdateTime: number;
  /** ms */
  lastTransitionTime: number;
}

export interface DeploymentStatus {
  observedGeneration: number;
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  unavailableReplicas: number;
  terminatingReplicas: number;
  conditions: DeploymentCondition[];
}

export interface Deployment extends RolloutParams {
  name: string;
  minReadySeconds: number;
  /** null = no deadline (as is MAX_INT32). Default 600. */
  progressDeadlineSeconds: number | null;
  /** null = keep everything (as is MAX_INT32). Default 10. */
  revisionHistoryLimit: number | null;
  paused?: boolean;
  generation?: number;
  annotations?: Record<string, string>;
  status: DeploymentStatus;
}

export interface ReplicaSet {
  name: string;
  /** creation time, ms; ties are broken by name */
  created: number;
  /** spec.replicas */
  replicas: number;
  /** status.replicas (active, non-terminating pods) */
  statusReplicas: number;
  availableReplicas: number;
  readyReplicas: number;
  terminatingReplicas?: number;
  annotations: Record<string, string>;
  /** revision; when absent the revision annotation is read (absent there too = 0) */
  revision?: number;
  /** metadata.deletionTimestamp is set */
  deleting?: boolean;
  generation?: number;
  observedGeneration?: number;
  /** ReplicaFailure condition reported by the ReplicaSet controller, if any */
  replicaFailure?: { reason: string; message: string; lastTransitionTime: number } | null;
}

/** 'up' / 'down', or '' when upstream's proportional scale had nothing to add (it still writes annotations). */
export type ScalingOperation = 'up' | 'down' | '';

/**
 * One write the controller makes to a ReplicaSet: new `spec.replicas` (`from` → `to`, possibly equal when only
 * the replica annotations change) and the two replica annotations it always sets with it.
 */
export interface ReplicaSetUpdate {
  name: string;
  from: number;
  to: number;
  operation: ScalingOperation;
  /** desired-replicas and max-replicas, as strings */
  annotations: Record<string, string>;
}

/** The result of one scaling step: the writes, in upstream's order, and whether any size changed. */
export interface ScaleOutcome {
  scaled: boolean;
  updates: ReplicaSetUpdate[];
}
