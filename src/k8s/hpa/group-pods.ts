/**
 * Pod grouping for per-pod metrics (upstream `groupPods` in replica_calculator.go): every listed pod falls
 * in exactly one of ignored / unready / missing / ready, tested in that order.
 *
 * - ignored: deletion timestamp, or phase Failed. (Upstream's vectors count a Succeeded pod as ready, so only
 *   Failed is terminal here; newer master uses IsPodTerminal, which also covers Succeeded.)
 * - unready: phase Pending.
 * - missing: no sample for the pod.
 * - only for the cpu resource: unready when the pod has no Ready condition or no start time; while still
 *   initialising (`start + cpuInitializationPeriod > now`) when Ready is False or the sample's window began
 *   before the pod became ready (`sample.timestamp < readyTransition + window`); afterwards only when Ready is
 *   False and the pod has presumably never been ready (`start + initialReadinessDelay > readyTransition`).
 */
import type { HpaPod, MetricSample } from './types.js';

export interface PodGroups {
  readyPodCount: number;
  /** Names, in pod order. */
  unready: string[];
  missing: string[];
  ignored: string[];
}

export interface ReadinessParams {
  cpuInitializationPeriod: number;
  initialReadinessDelay: number;
}

/**
 * @param samples the metrics API's samples by pod name (extra names are allowed and ignored here)
 * @param resource the resource name for Resource/ContainerResource metrics (cpu readiness rules apply only to
 *   `cpu`); null for Pods metrics
 */
export function groupPods(
  pods: readonly HpaPod[],
  samples: ReadonlyMap<string, MetricSample>,
  resource: string | null,
  params: ReadinessParams,
  now: number,
): PodGroups {
  const groups: PodGroups = { readyPodCount: 0, unready: [], missing: [], ignored: [] };
  for (const pod of pods) {
    const group = podGroup(pod, samples.get(pod.name), resource, params, now);
    if (group === 'ready') groups.readyPodCount++;
    else groups[group].push(pod.name);
  }
  return groups;
}

export type PodGroup = 'ignored' | 'unready' | 'missing' | 'ready';

/** The group of one listed pod, given its sample (undefined: the metrics API returned none for it). */
export function podGroup(pod: HpaPod, sample: MetricSample | undefined, resource: string | null, params: ReadinessParams, now: number): PodGroup {
  if (pod.deleted || pod.phase === 'Failed') return 'ignored';
  if (pod.phase === 'Pending') return 'unready';
  if (sample === undefined) return 'missing';
  if (resource === 'cpu' && isCpuUnready(pod, sample, params, now)) return 'unready';
  return 'ready';
}

function isCpuUnready(pod: HpaPod, sample: MetricSample, params: ReadinessParams, now: number): boolean {
  if (pod.ready === null || pod.startTime === null) return true;
  // An unset lastTransitionTime is Go's zero time: older than anything else.
  const transition = pod.readyTransitionTime ?? -Infinity;
  if (pod.startTime + params.cpuInitializationPeriod > now) {
    // Still initialising: ignore the sample unless the pod is ready and a whole window was collected since.
    return pod.ready === false || sample.timestamp < transition + sample.window;
  }
  // Initialised: ignore only a pod that went unready right after start (presumably never ready).
  return pod.ready === false && pod.startTime + params.initialReadinessDelay > transition;
}
