/**
 * Normalisation for HPAs WITHOUT spec.behavior (upstream stabilizeRecommendation, normalizeDesiredReplicas,
 * convertDesiredReplicasWithRules):
 *
 * 1. Downscale stabilisation: the maximum of the proposal and every recommendation not older than the window
 *    (`timestamp ≥ now − W`: a record exactly on the boundary counts). The proposal is then stored: it
 *    overwrites the last record older than the window, or is appended.
 * 2. Clamp: minReplicas first, then min(maxReplicas, max(factor × current, minimum)).
 */
import type { Recommendation } from './types.js';

export interface LegacyStabilization {
  replicas: number;
  /** The list after storing the proposal (a new array; the input is not changed). */
  recommendations: Recommendation[];
}

export function stabilizeLegacy(
  recommendations: readonly Recommendation[],
  desiredReplicas: number,
  windowSeconds: number,
  now: number,
): LegacyStabilization {
  const cutoff = now - windowSeconds;
  let max = desiredReplicas;
  let oldIndex = -1;
  for (let i = 0; i < recommendations.length; i++) {
    const rec = recommendations[i]!;
    if (rec.timestamp < cutoff) oldIndex = i;
    else if (rec.replicas > max) max = rec.replicas;
  }
  const next = recommendations.slice();
  const stored = { replicas: desiredReplicas, timestamp: now };
  if (oldIndex >= 0) next[oldIndex] = stored;
  else next.push(stored);
  return { replicas: max, recommendations: next };
}

export interface LimitDecision {
  replicas: number;
  /** ScalingLimited reason: DesiredWithinRange, TooFewReplicas, TooManyReplicas, ScaleUpLimit, ScaleDownLimit. */
  reason: string;
  message: string;
}

export const WITHIN_RANGE: Omit<LimitDecision, 'replicas'> = {
  reason: 'DesiredWithinRange',
  message: 'the desired count is within the acceptable range',
};

/** `int32(max(factor × current, minimum))`. */
export function legacyScaleUpLimit(currentReplicas: number, factor: number, minimum: number): number {
  return Math.trunc(Math.max(factor * currentReplicas, minimum));
}

/** Upstream convertDesiredReplicasWithRules. */
export function legacyClamp(
  currentReplicas: number,
  desiredReplicas: number,
  minReplicas: number,
  maxReplicas: number,
  scaleUpLimitFactor = 2,
  scaleUpLimitMinimum = 4,
): LimitDecision {
  const scaleUpLimit = legacyScaleUpLimit(currentReplicas, scaleUpLimitFactor, scaleUpLimitMinimum);
  const upper =
    maxReplicas > scaleUpLimit
      ? { max: scaleUpLimit, reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' }
      : { max: maxReplicas, reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' };
  if (desiredReplicas < minReplicas) {
    return { replicas: minReplicas, reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' };
  }
  if (desiredReplicas > upper.max) return { replicas: upper.max, reason: upper.reason, message: upper.message };
  return { replicas: desiredReplicas, ...WITHIN_RANGE };
}
