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

/**
 * Sets within one sync: the last write of a type wins, the order is that of the first write. The list holds the
 * condition object itself (not a copy): pass a fresh one (`condition()`), or a shared one that nobody mutates.
 */
export function setCondition(list: HpaCondition[], condition: HpaCondition): void {
  for (let i = 0; i < list.length; i++) {
    if (list[i]!.type === condition.type) {
      list[i] = condition;
      return;
    }
  }
  list.push(condition);
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
