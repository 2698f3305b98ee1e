/**
 * Normalisation for HPAs WITH spec.behavior (upstream stabilizeRecommendationWithBehaviors,
 * convertDesiredReplicasWithBehaviorRate, calculateScale{Up,Down}Limit*, getReplicasChangePerPeriod), and the
 * API defaulting of spec.behavior (pkg/apis/autoscaling/v2/defaults.go).
 *
 * Stabilisation: upLimit = min(proposal, records strictly after now − upWindow), downLimit = max(proposal,
 * records strictly after now − downWindow); the result is currentReplicas brought into [upLimit, downLimit].
 * The proposal is stored over the last record strictly older than both cutoffs, or appended.
 *
 * Rate limits, in the direction of movement only: each policy allows, from the replica count at the start of
 * its period (current − added + removed within the period, events strictly after now − period), Pods: ±value,
 * Percent: ceil(start × (1 + v/100)) up / trunc(start × (1 − v/100)) down. selectPolicy Max picks the most
 * change, Min the least, Disabled forbids that direction. min/max replicas are folded into the same step.
 */
import { DEFAULT_SCALE_DOWN, DEFAULT_SCALE_UP } from '../api/manifest-hpa.js';
import { WITHIN_RANGE, type LimitDecision } from './normalize-legacy.js';
import type { HpaBehavior, HpaBehaviorSpec, Recommendation, ScaleEvent, ScalingPolicy, ScalingRules } from './types.js';

const MAX_INT32 = 2147483647;
const MIN_INT32 = -2147483648;

/** The API server's behavior defaults (one definition, in the API layer), as fresh mutable rules. */
function copyRules(r: typeof DEFAULT_SCALE_UP): ScalingRules {
  return { ...r, policies: r.policies.map((p) => ({ ...p })) };
}

export function defaultScaleUpRules(): ScalingRules {
  return copyRules(DEFAULT_SCALE_UP);
}

/** The scale-down window stays null: the controller substitutes its downscale-stabilization flag. */
export function defaultScaleDownRules(): ScalingRules {
  return copyRules(DEFAULT_SCALE_DOWN);
}

function fillRules(given: Partial<ScalingRules> | null | undefined, defaults: ScalingRules): ScalingRules {
  if (!given) return defaults;
  return {
    stabilizationWindowSeconds: given.stabilizationWindowSeconds ?? defaults.stabilizationWindowSeconds,
    selectPolicy: given.selectPolicy ?? defaults.selectPolicy,
    // Policies are replaced as a whole when the user gives any.
    policies: given.policies ? given.policies.map((p) => ({ ...p })) : defaults.policies,
    tolerance: given.tolerance ?? defaults.tolerance,
  };
}

/** API defaulting of a present spec.behavior (idempotent on already-defaulted input). */
export function withBehaviorDefaults(spec: HpaBehaviorSpec): HpaBehavior {
  return { scaleUp: fillRules(spec.scaleUp, defaultScaleUpRules()), scaleDown: fillRules(spec.scaleDown, defaultScaleDownRules()) };
}

export interface BehaviorStabilization {
  replicas: number;
  /** The list after storing the proposal (a new array). */
  recommendations: Recommendation[];
  /** Condition reason/message upstream uses when the result differs from the proposal. */
  reason: 'ScaleUpStabilized' | 'ScaleDownStabilized';
  message: string;
}

export interface BehaviorStabilizationInput {
  currentReplicas: number;
  desiredReplicas: number;
  scaleUpWindowSeconds: number;
  scaleDownWindowSeconds: number;
  recommendations: readonly Recommendation[];
}

export function stabilizeWithBehavior(input: BehaviorStabilizationInput, now: number): BehaviorStabilization {
  const { currentReplicas, desiredReplicas } = input;
  const upCutoff = now - input.scaleUpWindowSeconds;
  const downCutoff = now - input.scaleDownWindowSeconds;
  let upLimit = desiredReplicas;
  let downLimit = desiredReplicas;
  let oldIndex = -1;
  input.recommendations.forEach((rec, i) => {
    if (rec.timestamp > upCutoff) upLimit = Math.min(upLimit, rec.replicas);
    if (rec.timestamp > downCutoff) downLimit = Math.max(downLimit, rec.replicas);
    if (rec.timestamp < upCutoff && rec.timestamp < downCutoff) oldIndex = i;
  });
  let replicas = currentReplicas;
  if (replicas < upLimit) replicas = upLimit;
  if (replicas > downLimit) replicas = downLimit;

  const next = input.recommendations.slice();
  const stored = { replicas: desiredReplicas, timestamp: now };
  if (oldIndex >= 0) next[oldIndex] = stored;
  else next.push(stored);

  return desiredReplicas >= currentReplicas
    ? {
        replicas,
        recommendations: next,
        reason: 'ScaleUpStabilized',
        message: 'recent recommendations were lower than current one, applying the lowest recent recommendation',
      }
    : {
        replicas,
        recommendations: next,
        reason: 'ScaleDownStabilized',
        message: 'recent recommendations were higher than current one, applying the highest recent recommendation',
      };
}

/** Sum of the replica changes of the events strictly after now − period. */
export function replicasChangePerPeriod(periodSeconds: number, events: readonly ScaleEvent[], now: number): number {
  const cutoff = now - periodSeconds;
  let total = 0;
  for (const e of events) if (e.timestamp > cutoff) total += e.replicaChange;
  return total;
}

function periodStart(current: number, policy: ScalingPolicy, up: readonly ScaleEvent[], down: readonly ScaleEvent[], now: number): number {
  return current - replicasChangePerPeriod(policy.periodSeconds, up, now) + replicasChangePerPeriod(policy.periodSeconds, down, now);
}

/** The highest replica count the scale-up rules allow now (upstream calculateScaleUpLimitWithScalingRules). */
export function scaleUpLimit(
  currentReplicas: number,
  scaleUpEvents: readonly ScaleEvent[],
  scaleDownEvents: readonly ScaleEvent[],
  rules: ScalingRules,
  now: number,
): number {
  if (rules.selectPolicy === 'Disabled') return currentReplicas;
  const pickMin = rules.selectPolicy === 'Min';
  let result = pickMin ? MAX_INT32 : MIN_INT32;
  for (const policy of rules.policies) {
    const start = periodStart(currentReplicas, policy, scaleUpEvents, scaleDownEvents, now);
    // Percent rounds up, or a small percentage of a small count would never add a pod.
    const proposed = policy.type === 'Pods' ? start + policy.value : Math.ceil(start * (1 + policy.value / 100));
    result = pickMin ? Math.min(result, proposed) : Math.max(result, proposed);
  }
  return result;
}

/** The lowest replica count the scale-down rules allow now (upstream calculateScaleDownLimitWithBehaviors). */
export function scaleDownLimit(
  currentReplicas: number,
  scaleUpEvents: readonly ScaleEvent[],
  scaleDownEvents: readonly ScaleEvent[],
  rules: ScalingRules,
  now: number,
): number {
  if (rules.selectPolicy === 'Disabled') return currentReplicas;
  // Min = least change = the largest floor; Max (default) = most change = the smallest floor.
  const pickMax = rules.selectPolicy === 'Min';
  let result = pickMax ? MIN_INT32 : MAX_INT32;
  for (const policy of rules.policies) {
    const start = periodStart(currentReplicas, policy, scaleUpEvents, scaleDownEvents, now);
    const proposed = policy.type === 'Pods' ? start - policy.value : Math.trunc(start * (1 - policy.value / 100));
    result = pickMax ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

export interface RateLimitInput {
  currentReplicas: number;
  /** The already stabilised value. */
  desiredReplicas: number;
  minReplicas: number;
  maxReplicas: number;
  scaleUp: ScalingRules;
  scaleDown: ScalingRules;
  scaleUpEvents: readonly ScaleEvent[];
  scaleDownEvents: readonly ScaleEvent[];
}

/** Upstream convertDesiredReplicasWithBehaviorRate. */
export function rateLimitWithBehavior(input: RateLimitInput, now: number): LimitDecision {
  const { currentReplicas: current, desiredReplicas: desired } = input;
  if (desired > current) {
    // Never scale down because of a scale-up limit (recent scale-ups may exceed the allowance).
    const limit = Math.max(current, scaleUpLimit(current, input.scaleUpEvents, input.scaleDownEvents, input.scaleUp, now));
    const bound =
      input.maxReplicas > limit
        ? { max: limit, reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' }
        : { max: input.maxReplicas, reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' };
    if (desired > bound.max) return { replicas: bound.max, reason: bound.reason, message: bound.message };
  } else if (desired < current) {
    const limit = Math.min(current, scaleDownLimit(current, input.scaleUpEvents, input.scaleDownEvents, input.scaleDown, now));
    const bound =
      input.minReplicas < limit
        ? { min: limit, reason: 'ScaleDownLimit', message: 'the desired replica count is decreasing faster than the maximum scale rate' }
        : { min: input.minReplicas, reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' };
    if (desired < bound.min) return { replicas: bound.min, reason: bound.reason, message: bound.message };
  }
  return { replicas: desired, ...WITHIN_RANGE };
}
