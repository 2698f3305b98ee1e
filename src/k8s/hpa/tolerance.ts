/**
 * The tolerance band around a usage ratio of 1 inside which the HPA does not change the replica count,
 * and how the pair (scale-up, scale-down) is chosen for one HPA (flag, or per-HPA values from
 * spec.behavior when the HPAConfigurableTolerance gate is on — KEP-4951).
 */
import type { HpaBehavior, HpaBehaviorSpec, Tolerances } from './types.js';

/** `1 − down ≤ ratio ≤ 1 + up`, both ends inclusive (upstream `Tolerances.isWithin`). */
export function isWithinTolerance(tolerances: Tolerances, ratio: number): boolean {
  return 1.0 - tolerances.scaleDown <= ratio && ratio <= 1.0 + tolerances.scaleUp;
}

export function toTolerances(flag: number | Tolerances): Tolerances {
  return typeof flag === 'number' ? { scaleUp: flag, scaleDown: flag } : { scaleUp: flag.scaleUp, scaleDown: flag.scaleDown };
}

/**
 * The tolerances every metric of one HPA uses: the flag for both directions, replaced per direction by
 * `behavior.scaleUp.tolerance` / `behavior.scaleDown.tolerance` when the gate is on and the field is set.
 */
export function resolveTolerances(
  flag: number | Tolerances,
  behavior: HpaBehavior | HpaBehaviorSpec | null | undefined,
  configurableToleranceGate: boolean,
): Tolerances {
  const t = toTolerances(flag);
  if (!configurableToleranceGate || !behavior) return t;
  const up = behavior.scaleUp?.tolerance;
  const down = behavior.scaleDown?.tolerance;
  return {
    scaleUp: up === null || up === undefined ? t.scaleUp : up,
    scaleDown: down === null || down === undefined ? t.scaleDown : down,
  };
}
