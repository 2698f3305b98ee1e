/**
 * Deployment arithmetic and status logic (`pkg/controller/deployment/util/deployment_util.go`, `progress.go`,
 * `sync.go` calculateStatus).
 *
 * Pure functions over plain data. Times are simulation milliseconds; `now` is always an argument.
 *
 * Upstream notes kept here:
 * - ResolveFenceposts treats a nil maxSurge/maxUnavailable as 0; surge rounds up, unavailable rounds down, and if
 *   both resolve to 0 unavailable becomes 1. NewRSNewReplicas resolves maxSurge itself (nil is an error there).
 * - The replica annotations are parsed as non-negative int32 (`strconv.ParseUint(v, 10, 32)` plus a MaxInt32
 *   check, current upstream); anything else counts as absent.
 * - getReplicaSetFraction: annotation absent or 0 → `status.replicas`; both 0 → 0 (PR #128535, per the unit tests).
 * - syncRolloutStatus's condition rules and requeueStuckDeployment are transcribed from the context-aware
 *   `progress.go` (klog/v2 era).
 */
import { scaledValue, type IntOrString } from '../api/intstr.js';
import {
  DESIRED_REPLICAS_ANNOTATION,
  MAX_INT32,
  MAX_REPLICAS_ANNOTATION,
  REVISION_ANNOTATION,
  Reason,
  type ConditionStatus,
  type Deployment,
  type DeploymentCondition,
  type DeploymentConditionType,
  type DeploymentStatus,
  type ReplicaSet,
  type RolloutParams,
} from './types.js';

// ---------------------------------------------------------------------------------------------------------------
// Fenceposts

export interface Fenceposts {
  surge: number;
  unavailable: number;
  /** set when a value does not parse; surge and unavailable are then 0 (as upstream) */
  error?: string;
}

/**
 * ResolveFenceposts. Worked examples: 25%/25% of 10 → surge 3, unavailable 2; of 3 → 1/0; of 1 → 1/0;
 * 0/0 of anything → 0/1 (a rollout must always be able to move).
 */
export function resolveFenceposts(
  maxSurge: IntOrString | null | undefined,
  maxUnavailable: IntOrString | null | undefined,
  desired: number,
): Fenceposts {
  try {
    const surge = scaledValue(maxSurge ?? 0, desired, true);
    let unavailable = scaledValue(maxUnavailable ?? 0, desired, false);
    if (surge === 0 && unavailable === 0) unavailable = 1;
    return { surge, unavailable };
  } catch (e) {
    return { surge: 0, unavailable: 0, error: e instanceof Error ? e.message : String(e) };
  }
}

export function isRollingUpdate(d: Pick<RolloutParams, 'strategy'>): boolean {
  return d.strategy === 'RollingUpdate';
}

/** MaxUnavailable: 0 unless rolling or when replicas is 0; otherwise the resolved value clamped to replicas. */
export function maxUnavailable(d: RolloutParams): number {
  if (!isRollingUpdate(d) || d.replicas === 0) return 0;
  const { unavailable } = resolveFenceposts(d.maxSurge, d.maxUnavailable, d.replicas);
  return Math.min(unavailable, d.replicas);
}

/** MinAvailable: 0 unless rolling; else replicas − MaxUnavailable. */
export function minAvailable(d: RolloutParams): number {
  if (!isRollingUpdate(d)) return 0;
  return d.replicas - maxUnavailable(d);
}

/** MaxSurge: 0 unless rolling; else the resolved surge (not clamped). */
export function maxSurge(d: RolloutParams): number {
  if (!isRollingUpdate(d)) return 0;
  return resolveFenceposts(d.maxSurge, d.maxUnavailable, d.replicas).surge;
}

/**
 * NewRSNewReplicas: the size the new RS may grow to now. `allRSs` are summed as given (the controller passes old
 * and new together). RollingUpdate: grow by min(room under replicas + maxSurge, replicas − new); Recreate: replicas.
 */
export function newRSNewReplicas(
  d: RolloutParams,
  allRSs: readonly Pick<ReplicaSet, 'replicas'>[],
  newRS: Pick<ReplicaSet, 'replicas'>,
): number {
  if (d.strategy === 'Recreate') return d.replicas;
  const surge = scaledValue(d.maxSurge, d.replicas, true);
  const current = sumOf(allRSs, (rs) => rs.replicas);
  const maxTotal = d.replicas + surge;
  if (current >= maxTotal) return newRS.replicas;
  return newRS.replicas + Math.min(maxTotal - current, d.replicas - newRS.replicas);
}

// ---------------------------------------------------------------------------------------------------------------
// ReplicaSet helpers: annotations, revisions, ordering, activity

/** A non-negative int32 written in base 10 (leading zeros allowed, no sign), else undefined. */
export function parseNonNegativeInt32(v: string | undefined): number | undefined {
  if (v === undefined || !/^[0-9]+$/.test(v)) return undefined;
  const n = Number(v);
  return n <= MAX_INT32 ? n : undefined;
}

export function desiredReplicasAnnotation(rs: Pick<ReplicaSet, 'annotations'>): number | undefined {
  return parseNonNegativeInt32(rs.annotations[DESIRED_REPLICAS_ANNOTATION]);
}

export function maxReplicasAnnotation(rs: Pick<ReplicaSet, 'annotations'>): number | undefined {
  return parseNonNegativeInt32(rs.annotations[MAX_REPLICAS_ANNOTATION]);
}

/** The two annotations every scale writes: desired = replicas, max = replicas + MaxSurge. */
export function replicasAnnotations(d: RolloutParams): Record<string, string> {
  return {
    [DESIRED_REPLICAS_ANNOTATION]: String(d.replicas),
    [MAX_REPLICAS_ANNOTATION]: String(d.replicas + maxSurge(d)),
  };
}

export function replicasAnnotationsNeedUpdate(rs: Pick<ReplicaSet, 'annotations'>, d: RolloutParams): boolean {
  const want = replicasAnnotations(d);
  return Object.entries(want).some(([k, v]) => rs.annotations[k] !== v);
}

/** Revision: the `revision` field, else the annotation (absent = 0); undefined if the annotation does not parse. */
export function revisionOf(rs: Pick<ReplicaSet, 'annotations' | 'revision'>): number | undefined {
  if (rs.revision !== undefined) return rs.revision;
  const v = rs.annotations[REVISION_ANNOTATION];
  if (v === undefined) return 0;
  return /^[+-]?[0-9]+$/.test(v) ? Number(v) : undefined;
}

/** MaxRevision over the given RSs (unparsable ones skipped), 0 if none. New RS revision = this over old RSs + 1. */
export function maxRevision(rss: readonly Pick<ReplicaSet, 'annotations' | 'revision'>[]): number {
  return rss.reduce((m, rs) => Math.max(m, revisionOf(rs) ?? 0), 0);
}

/** ReplicaSetsByCreationTimestamp: older first, ties by name (Go string order). */
export function compareByCreation(a: Pick<ReplicaSet, 'created' | 'name'>, b: Pick<ReplicaSet, 'created' | 'name'>): number {
  if (a.created !== b.created) return a.created < b.created ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export function isActive(rs: Pick<ReplicaSet, 'replicas'> | null | undefined): rs is ReplicaSet {
  return rs !== null && rs !== undefined && rs.replicas > 0;
}

export function sumOf<T>(xs: readonly T[], f: (x: T) => number): number {
  return xs.reduce((s, x) => s + f(x), 0);
}

/** IsSaturated: the new RS has exactly replicas in spec, annotation and availability. */
export function isSaturated(d: RolloutParams, rs: ReplicaSet | null | undefined): boolean {
  if (!rs) return false;
  const desired = desiredReplicasAnnotation(rs);
  if (desired === undefined) return false;
  return rs.replicas === d.replicas && desired === d.replicas && rs.availableReplicas === d.replicas;
}

/**
 * FindActiveOrLatest: the only active RS, or (none active) the new RS, else the newest old RS; null when several
 * are active (proportional scaling needed) or there are no RSs at all.
 */
export function findActiveOrLatest(newRS: ReplicaSet | null, oldRSs: readonly ReplicaSet[]): ReplicaSet | null {
  if (!newRS && oldRSs.length === 0) return null;
  const newestFirst = [...oldRSs].sort((a, b) => compareByCreation(b, a));
  const active = [...newestFirst, newRS].filter(isActive);
  if (active.length === 0) return newRS ?? newestFirst[0] ?? null;
  return active.length === 1 ? active[0]! : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Proportional scaling fractions (deployment_util.go GetProportion)

export type ScaleParams = RolloutParams & { status: Pick<DeploymentStatus, 'replicas'> };

/** Go's math.Round: half away from zero. */
function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** getReplicaSetFraction: how many replicas this RS should gain (or lose) in a scaling event. */
export function getReplicaSetFraction(rs: Pick<ReplicaSet, 'replicas' | 'annotations'>, d: ScaleParams): number {
  if (d.replicas === 0) return -rs.replicas;
  const target = d.replicas + maxSurge(d);
  let before = maxReplicasAnnotation(rs);
  if (before === undefined || before === 0) before = d.status.replicas;
  if (before === 0) return 0;
  return roundHalfAway((rs.replicas * target) / before) - rs.replicas;
}

/** GetReplicaSetProportion: the fraction bounded by what is still left to add (toAdd − added). */
export function getReplicaSetProportion(
  rs: Pick<ReplicaSet, 'replicas' | 'annotations'>,
  d: ScaleParams,
  toAdd: number,
  added: number,
): number {
  if (rs.replicas === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = getReplicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

// ---------------------------------------------------------------------------------------------------------------
// Completion, progress, deadline (deployment_util.go DeploymentComplete / DeploymentProgressing / DeploymentTimedOut)

type CompletionStatus = Pick<DeploymentStatus, 'replicas' | 'updatedReplicas' | 'availableReplicas'> & {
  observedGeneration?: number;
};

/** DeploymentComplete: every replica updated and available, nothing old left, generation observed. */
export function deploymentComplete(d: { replicas: number; generation?: number }, st: CompletionStatus): boolean {
  return (
    st.updatedReplicas === d.replicas &&
    st.replicas === d.replicas &&
    st.availableReplicas === d.replicas &&
    (st.observedGeneration ?? 0) >= (d.generation ?? 0)
  );
}

type ProgressStatus = Pick<DeploymentStatus, 'replicas' | 'updatedReplicas' | 'readyReplicas' | 'availableReplicas'>;

/** DeploymentProgressing: more updated, fewer old, more ready or more available than the current status. */
export function deploymentProgressing(current: ProgressStatus, next: ProgressStatus): boolean {
  return (
    next.updatedReplicas > current.updatedReplicas ||
    next.replicas - next.updatedReplicas < current.replicas - current.updatedReplicas ||
    next.readyReplicas > current.readyReplicas ||
    next.availableReplicas > current.availableReplicas
  );
}

export function hasProgressDeadline(d: { progressDeadlineSeconds: number | null }): boolean {
  return d.progressDeadlineSeconds !== null && d.progressDeadlineSeconds !== MAX_INT32;
}

/** DeploymentTimedOut: the Progressing condition's lastUpdateTime + deadline is strictly before now (ms). */
export function deploymentTimedOut(
  d: { progressDeadlineSeconds: number | null },
  st: { conditions: readonly DeploymentCondition[] },
  now: number,
): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getCondition(st, 'Progressing');
  if (!c) return false;
  if (c.reason === Reason.NewReplicaSetAvailable) return false;
  if (c.reason === Reason.ProgressDeadlineExceeded) return true;
  return c.lastUpdateTime + d.progressDeadlineSeconds! * 1000 < now;
}

// ---------------------------------------------------------------------------------------------------------------
// Conditions

export function getCondition(
  st: { conditions: readonly DeploymentCondition[] },
  type: DeploymentConditionType,
): DeploymentCondition | undefined {
  return st.conditions.find((c) => c.type === type);
}

export function newCondition(
  type: DeploymentConditionType,
  status: ConditionStatus,
  reason: string,
  message: string,
  now: number,
): DeploymentCondition {
  return { type, status, reason, message, lastUpdateTime: now, lastTransitionTime: now };
}

/**
 * SetDeploymentCondition: no change when status and reason are unchanged (the message is not refreshed either);
 * lastTransitionTime is kept when only the reason changes; the condition moves to the end of the list.
 */
export function setCondition(conditions: readonly DeploymentCondition[], c: DeploymentCondition): DeploymentCondition[] {
  const cur = conditions.find((x) => x.type === c.type);
  if (cur && cur.status === c.status && cur.reason === c.reason) return [...conditions];
  const next = cur && cur.status === c.status ? { ...c, lastTransitionTime: cur.lastTransitionTime } : c;
  return [...conditions.filter((x) => x.type !== c.type), next];
}

export function removeCondition(conditions: readonly DeploymentCondition[], type: DeploymentConditionType): DeploymentCondition[] {
  return conditions.filter((x) => x.type !== type);
}

// ---------------------------------------------------------------------------------------------------------------
// Status (calculateStatus) and syncRolloutStatus

/**
 * calculateStatus. Upstream passes the RS objects as read at the start of the sync (a scale in the same sync is
 * seen only by the next one); pass the same to match it.
 */
export function calculateStatus(
  allRSs: readonly ReplicaSet[],
  newRS: ReplicaSet | null,
  d: Deployment,
  now: number,
): DeploymentStatus {
  const availableReplicas = sumOf(allRSs, (rs) => rs.availableReplicas);
  const total = sumOf(allRSs, (rs) => rs.replicas);
  const status: DeploymentStatus = {
    observedGeneration: d.generation ?? 0,
    replicas: sumOf(allRSs, (rs) => rs.statusReplicas),
    updatedReplicas: newRS ? newRS.statusReplicas : 0,
    readyReplicas: sumOf(allRSs, (rs) => rs.readyReplicas),
    availableReplicas,
    unavailableReplicas: Math.max(0, total - availableReplicas),
    terminatingReplicas: sumOf(allRSs, (rs) => rs.terminatingReplicas ?? 0),
    conditions: [...d.status.conditions],
  };
  const available =
    availableReplicas >= d.replicas - maxUnavailable(d)
      ? newCondition('Available', 'True', Reason.MinimumReplicasAvailable, 'Deployment has minimum availability.', now)
      : newCondition('Available', 'False', Reason.MinimumReplicasUnavailable, 'Deployment does not have minimum availability.', now);
  status.conditions = setCondition(status.conditions, available);
  return status;
}

export interface RolloutStatusResult {
  status: DeploymentStatus;
  /** the status differs from `d.status` (upstream writes it, and the write re-queues the Deployment) */
  changed: boolean;
  /**
   * Only when unchanged (requeueStuckDeployment): re-sync after this many ms for a deadline check (0 = now,
   * rate-limited), or null when no check is needed.
   */
  requeueAfterMs: number | null;
}

function subject(d: Deployment, newRS: ReplicaSet | null): string {
  return newRS ? `ReplicaSet "${newRS.name}"` : `Deployment "${d.name}"`;
}

/** syncRolloutStatus as a pure function: the new status with the Progressing/Available/ReplicaFailure conditions. */
export function syncRolloutStatus(
  d: Deployment,
  allRSs: readonly ReplicaSet[],
  newRS: ReplicaSet | null,
  now: number,
): RolloutStatusResult {
  const status = calculateStatus(allRSs, newRS, d, now);
  const deadline = hasProgressDeadline(d);
  if (!deadline) status.conditions = removeCondition(status.conditions, 'Progressing');

  const current = getCondition(d.status, 'Progressing');
  const alreadyComplete =
    status.replicas === status.updatedReplicas && current?.reason === Reason.NewReplicaSetAvailable;
  if (deadline && !alreadyComplete) {
    if (deploymentComplete(d, status)) {
      const msg = `${subject(d, newRS)} has successfully progressed.`;
      status.conditions = setCondition(status.conditions, newCondition('Progressing', 'True', Reason.NewReplicaSetAvailable, msg, now));
    } else if (deploymentProgressing(d.status, status)) {
      // Progress refreshes lastUpdateTime even when the reason is unchanged (hence remove, then set).
      const msg = `${subject(d, newRS)} is progressing.`;
      let c = newCondition('Progressing', 'True', Reason.ReplicaSetUpdated, msg, now);
      if (current) {
        if (current.status === 'True') c = { ...c, lastTransitionTime: current.lastTransitionTime };
        status.conditions = removeCondition(status.conditions, 'Progressing');
      }
      status.conditions = setCondition(status.conditions, c);
    } else if (deploymentTimedOut(d, status, now)) {
      const msg = `${subject(d, newRS)} has timed out progressing.`;
      status.conditions = setCondition(status.conditions, newCondition('Progressing', 'False', Reason.ProgressDeadlineExceeded, msg, now));
    }
  }

  // ReplicaFailure: the new RS's failure wins over old ones'.
  const failing = [newRS, ...allRSs].find((rs) => rs?.replicaFailure);
  if (failing?.replicaFailure) {
    const f = failing.replicaFailure;
    const c: DeploymentCondition = { type: 'ReplicaFailure', status: 'True', reason: f.reason, message: f.message, lastUpdateTime: f.lastTransitionTime, lastTransitionTime: f.lastTransitionTime };
    status.conditions = setCondition(status.conditions, c);
  } else {
    status.conditions = removeCondition(status.conditions, 'ReplicaFailure');
  }

  const changed = !statusEqual(d.status, status);
  return { status, changed, requeueAfterMs: changed ? null : requeueStuckDeployment(d, status, now) };
}

/** requeueStuckDeployment: ms until the next deadline check (+1 s upstream slack), 0 for now, null for never. */
export function requeueStuckDeployment(d: Deployment, next: DeploymentStatus, now: number): number | null {
  const current = getCondition(d.status, 'Progressing');
  if (!hasProgressDeadline(d) || !current) return null;
  if (deploymentComplete(d, next) || current.reason === Reason.ProgressDeadlineExceeded) return null;
  const after = current.lastUpdateTime + d.progressDeadlineSeconds! * 1000 - now;
  return after < 1000 ? 0 : after + 1000;
}

export function statusEqual(a: DeploymentStatus, b: DeploymentStatus): boolean {
  const keys = ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas', 'terminatingReplicas'] as const;
  if (keys.some((k) => a[k] !== b[k]) || a.conditions.length !== b.conditions.length) return false;
  return a.conditions.every((c, i) => {
    const o = b.conditions[i]!;
    return c.type === o.type && c.status === o.status && c.reason === o.reason && c.message === o.message &&
      c.lastUpdateTime === o.lastUpdateTime && c.lastTransitionTime === o.lastTransitionTime;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Pod availability (pkg/api/v1/pod/util.go IsPodAvailable)

/**
 * A pod is available when Ready and either minReadySeconds is 0 or Ready since strictly before
 * `now − minReadySeconds`. `readySince` = the Ready condition's lastTransitionTime (ms), null when not Ready.
 */
export function isPodAvailable(readySince: number | null | undefined, minReadySeconds: number, now: number): boolean {
  if (readySince === null || readySince === undefined) return false;
  return minReadySeconds === 0 || readySince + minReadySeconds * 1000 < now;
}

/** The first integer-ms instant at which a pod Ready since `readySince` counts as available. */
export function availableFrom(readySince: number, minReadySeconds: number): number {
  return minReadySeconds === 0 ? readySince : Math.floor(readySince + minReadySeconds * 1000) + 1;
}
