/**
 * Recording a successful rescale (upstream storeScaleEvent / markScaleEventsOutdated /
 * getLongestPolicyPeriod). Only HPAs with spec.behavior record events; the rate limits read them.
 *
 * The direction's events older than its longest policy period (`timestamp < now − L`) are flagged outdated
 * (flags stay set); the new event overwrites the last outdated one, or is appended.
 */
import type { HpaBehavior, ScaleEvent, ScalingRules } from './types.js';

export interface ScaleEventLists {
  scaleUpEvents: ScaleEvent[];
  scaleDownEvents: ScaleEvent[];
}

export function longestPolicyPeriod(rules: ScalingRules): number {
  let longest = 0;
  for (const p of rules.policies) if (p.periodSeconds > longest) longest = p.periodSeconds;
  return longest;
}

function store(events: readonly ScaleEvent[], change: number, longestPeriod: number, now: number): ScaleEvent[] {
  const cutoff = now - longestPeriod;
  const next = events.map((e) => ({ ...e, outdated: e.outdated || e.timestamp < cutoff }));
  const fresh: ScaleEvent = { replicaChange: change, timestamp: now, outdated: false };
  let lastOutdated = -1;
  next.forEach((e, i) => {
    if (e.outdated) lastOutdated = i;
  });
  if (lastOutdated >= 0) next[lastOutdated] = fresh;
  else next.push(fresh);
  return next;
}

/**
 * The event lists after a rescale from `prevReplicas` to `newReplicas` (new arrays; inputs unchanged).
 * Without behavior nothing is stored. `newReplicas > prevReplicas` is a scale-up, anything else a scale-down.
 */
export function storeScaleEvent(
  behavior: HpaBehavior | null,
  lists: ScaleEventLists,
  prevReplicas: number,
  newReplicas: number,
  now: number,
): ScaleEventLists {
  const copy = (events: readonly ScaleEvent[]) => events.map((e) => ({ ...e }));
  if (!behavior) return { scaleUpEvents: copy(lists.scaleUpEvents), scaleDownEvents: copy(lists.scaleDownEvents) };
  if (newReplicas > prevReplicas) {
    return {
      scaleUpEvents: store(lists.scaleUpEvents, newReplicas - prevReplicas, longestPolicyPeriod(behavior.scaleUp), now),
      scaleDownEvents: copy(lists.scaleDownEvents),
    };
  }
  return {
    scaleUpEvents: copy(lists.scaleUpEvents),
    scaleDownEvents: store(lists.scaleDownEvents, prevReplicas - newReplicas, longestPolicyPeriod(behavior.scaleDown), now),
  };
}
