/**
 * HPA status conditions (upstream setCondition / setConditionInList): a sync sets some of AbleToScale,
 * ScalingActive and ScalingLimited; the ones it does not set keep their previous value. A condition's
 * lastTransitionTime changes only when its status changes.
 */
import type { ConditionType, HpaCondition } from './types.js';

/** A condition as stored in the HPA status. */
export interface HpaStatusCondition extends HpaCondition {
  lastTransitionTime: number;
}

/** Sets within one sync: the last write of a type wins, the order is that of the first write. */
export function setCondition(list: HpaCondition[], condition: HpaCondition): void {
  const i = list.findIndex((c) => c.type === condition.type);
  if (i >= 0) list[i] = { ...condition };
  else list.push({ ...condition });
}

export function condition(type: ConditionType, status: boolean, reason: string, message: string): HpaCondition {
  return { type, status: status ? 'True' : 'False', reason, message };
}

/**
 * The status conditions after a sync: `previous` updated with what the sync set (new types appended).
 * Returns a new array.
 */
export function mergeConditions(
  previous: readonly HpaStatusCondition[],
  set: readonly HpaCondition[],
  now: number,
): HpaStatusCondition[] {
  const result = previous.map((c) => ({ ...c }));
  for (const c of set) {
    const existing = result.find((p) => p.type === c.type);
    if (!existing) {
      result.push({ ...c, lastTransitionTime: now });
      continue;
    }
    if (existing.status !== c.status) existing.lastTransitionTime = now;
    existing.status = c.status;
    existing.reason = c.reason;
    existing.message = c.message;
  }
  return result;
}
