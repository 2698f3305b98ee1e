/**
 * PodDisruptionBudget (policy/v1) arithmetic and the eviction API's decision, as pure functions.
 *
 *   status    pkg/controller/disruption/disruption.go getExpectedPodCount / countHealthyPods / updatePdbStatus:
 *             maxUnavailable (int or percent, rounded up) → desiredHealthy = expected − maxUnavailable (≥ 0), with
 *             expected = the scale of the pods' controllers; minAvailable int → desiredHealthy = it, expected = the
 *             number of matching pods; minAvailable percent → ceil(percent × scale). currentHealthy = matching pods
 *             Ready and not being deleted; disruptionsAllowed = currentHealthy − desiredHealthy, 0 when negative
 *             or when nothing is expected.
 *   eviction  pkg/registry/core/pod/storage/eviction.go: a pod that is terminal, Pending or already terminating
 *             is deleted without a budget check; no matching budget → allowed; more than one → 500; a pod that is
 *             not Ready may go while the budget is healthy (IfHealthyBudget, the default) or always (AlwaysAllow);
 *             otherwise disruptionsAllowed must be > 0, else 429 "Cannot evict pod as it would violate the pod's
 *             disruption budget." with the cause "The disruption budget NAME needs N healthy pods and has M currently".
 */
import { scaledValue, type IntOrString } from '../api/intstr.js';

export interface PdbPolicy {
  readonly name: string;
  readonly minAvailable: IntOrString | null;
  readonly maxUnavailable: IntOrString | null;
  readonly unhealthyPodEvictionPolicy: 'IfHealthyBudget' | 'AlwaysAllow';
}

/** A pod matching the budget's selector, as the disruption controller reads it. */
export interface BudgetPod {
  readonly ready: boolean;
  readonly terminating: boolean;
}

export interface PdbStatus {
  expectedPods: number;
  desiredHealthy: number;
  currentHealthy: number;
  disruptionsAllowed: number;
}

/** `scale` is the summed spec.replicas of the matching pods' controllers (used for maxUnavailable and percents). */
export function pdbStatus(pdb: PdbPolicy, pods: readonly BudgetPod[], scale: number): PdbStatus {
  let expectedPods = 0;
  let desiredHealthy = 0;
  if (pdb.maxUnavailable !== null) {
    expectedPods = scale;
    desiredHealthy = Math.max(0, expectedPods - scaledValue(pdb.maxUnavailable, expectedPods, true));
  } else if (pdb.minAvailable !== null) {
    if (typeof pdb.minAvailable === 'number') {
      desiredHealthy = pdb.minAvailable;
      expectedPods = pods.length;
    } else {
      expectedPods = scale;
      desiredHealthy = scaledValue(pdb.minAvailable, expectedPods, true);
    }
  }
  const currentHealthy = pods.filter((p) => p.ready && !p.terminating).length;
  let disruptionsAllowed = currentHealthy - desiredHealthy;
  if (expectedPods <= 0 || disruptionsAllowed <= 0) disruptionsAllowed = 0;
  return { expectedPods, desiredHealthy, currentHealthy, disruptionsAllowed };
}

export const EVICTION_BLOCKED = "Cannot evict pod as it would violate the pod's disruption budget.";
export const EVICTION_MULTIPLE = 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.';

export type EvictionDecision =
  | { allowed: true }
  | { allowed: false; code: 429 | 500; message: string; cause: string | null };

export interface EvictedPod {
  readonly phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  readonly ready: boolean;
  readonly terminating: boolean;
}

/** The eviction subresource's answer for one pod, given the budgets whose selector matches it and their status. */
export function evictionDecision(pod: EvictedPod, budgets: readonly { pdb: PdbPolicy; status: PdbStatus }[]): EvictionDecision {
  if (pod.phase === 'Succeeded' || pod.phase === 'Failed' || pod.phase === 'Pending' || pod.terminating) return { allowed: true };
  if (budgets.length === 0) return { allowed: true };
  if (budgets.length > 1) return { allowed: false, code: 500, message: EVICTION_MULTIPLE, cause: null };
  const { pdb, status } = budgets[0]!;
  if (!pod.ready) {
    if (pdb.unhealthyPodEvictionPolicy === 'AlwaysAllow') return { allowed: true };
    if (status.currentHealthy >= status.desiredHealthy && status.desiredHealthy > 0) return { allowed: true };
  }
  if (status.disruptionsAllowed > 0) return { allowed: true };
  return {
    allowed: false,
    code: 429,
    message: EVICTION_BLOCKED,
    cause: `The disruption budget ${pdb.name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently`,
  };
}

/** kubectl drain's wait between attempts at a blocked eviction (staging/src/k8s.io/kubectl/pkg/drain/drain.go). */
export const DRAIN_RETRY_INTERVAL_MS = 5_000;

/** kubectl drain's line for a blocked eviction. */
export function drainRetryMessage(namespace: string, pod: string, message: string): string {
  return `error when evicting pods/${JSON.stringify(pod)} -n ${JSON.stringify(namespace)} (will retry after 5s): ${message}`;
}
