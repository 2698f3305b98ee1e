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
  return sample === undefined
    ? podGroupOf(pod.deleted, pod.phase, pod.ready, pod.readyTransitionTime, pod.startTime, false, 0, 0, false, params, now)
    : podGroupOf(pod.deleted, pod.phase, pod.ready, pod.readyTransitionTime, pod.startTime, true, sample.timestamp, sample.window, resource === 'cpu', params, now);
}

/**
 * `podGroup` from the fields it reads (for a caller that holds them outside an `HpaPod`): `hasSample` false = no
 * sample (its timestamp and window are then not read); `cpu` = the cpu readiness rules apply.
 */
export function podGroupOf(
  deleted: boolean,
  phase: HpaPod['phase'],
  ready: boolean | null,
  readyTransitionTime: number | null,
  startTime: number | null,
  hasSample: boolean,
  sampleTimestamp: number,
  sampleWindow: number,
  cpu: boolean,
  params: ReadinessParams,
  now: number,
): PodGroup {
  if (deleted || phase === 'Failed') return 'ignored';
  if (phase === 'Pending') return 'unready';
  if (!hasSample) return 'missing';
  if (cpu && isCpuUnready(ready, readyTransitionTime, startTime, sampleTimestamp, sampleWindow, params, now)) return 'unready';
  return 'ready';
}

function isCpuUnready(
  ready: boolean | null,
  readyTransitionTime: number | null,
  startTime: number | null,
  sampleTimestamp: number,
  sampleWindow: number,
  params: ReadinessParams,
  now: number,
): boolean {
  if (ready === null || startTime === null) return true;
  // An unset lastTransitionTime is Go's zero time: older than anything else.
  const transition = readyTransitionTime ?? -Infinity;
  if (startTime + params.cpuInitializationPeriod > now) {
    // Still initialising: ignore the sample unless the pod is ready and a whole window was collected since.
    return ready === false || sampleTimestamp < transition + sampleWindow;
  }
  // Initialised: ignore only a pod that went unready right after start (presumably never ready).
  return ready === false && startTime + params.initialReadinessDelay > transition;
}
