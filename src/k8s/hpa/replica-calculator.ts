/**
 * One metric's replica proposal (upstream replica_calculator.go): Resource / ContainerResource with a
 * Utilization or AverageValue target, Pods (AverageValue), Object and External (Value or AverageValue).
 *
 * Per-pod metrics: group the pods (group-pods.ts), drop ignored and unready samples, compute the ratio from
 * integer utilisation / averages (usage.ts). Fast path when nothing is unready-on-scale-up and nothing is
 * missing: within tolerance → currentReplicas, else ceil(ratio × ready pods). Otherwise rebalance: missing pods
 * count as 100 % of request (or the target if above 100 %) — for raw values exactly the target — on a
 * scale-down and 0 on a scale-up, unready pods count as 0 on a scale-up; the proposal is
 * ceil(newRatio × samples) unless the new ratio is within tolerance or flips the direction.
 *
 * Errors carry upstream's innermost words; compute-metrics.ts adds the per-type wrapping of horizontal.go.
 */
import { shapeSettler } from '../../engine/shapes.js';
import { groupPods, podGroup, type PodGroup, type ReadinessParams } from './group-pods.js';
import { isWithinTolerance } from './tolerance.js';
import { fail, ok } from './types.js';
import type { CalcResult, ExtraPodMetrics, HpaPod, MetricSample, MetricSpec, MetricValueStatus, Tolerances } from './types.js';
import { metricUsageRatio, utilizationRatio } from './usage.js';

const MAX_INT32 = 2147483647;

/** Where a metric's numbers come from during one sync. */
export interface MetricSources {
  /** The scale's spec.replicas. */
  currentReplicas: number;
  /** The scale's status.replicas (used only by AverageValue targets of Object/External metrics). */
  statusReplicas: number;
  /** The pods the target's selector lists. */
  pods: readonly HpaPod[];
  extraMetrics?: readonly ExtraPodMetrics[];
  /** Object metric values by metric name; absent or null = the custom metrics API fails for it. */
  objectMetrics?: Readonly<Record<string, number | null>>;
  /** External metric series by metric name; absent or null = the external metrics API fails for it. */
  externalMetrics?: Readonly<Record<string, readonly number[] | null>>;
  /**
   * The listed pods' tally for `resource` (their own samples, no container), when the caller summed them in its
   * own pass: a Utilization metric of that resource reads it instead of `pods` (which it must describe).
   */
  tally?: { resource: string; tally: ResourceTally };
}

export interface CalcParams extends ReadinessParams {
  tolerances: Tolerances;
}

export interface ReplicaProposal {
  replicas: number;
  /** Utilization targets only: integer percent of request (before rebalancing). */
  utilization?: number;
  /** The reported value: average (per-pod metrics), value (Object/External Value) or per-pod average. */
  rawMetric: number;
  /** What the HPA status reports for this metric. */
  status: MetricValueStatus;
}

/** Samples of `metricName` by pod name: the listed pods' samples, then the extra (unlisted) ones. */
export function podSamples(
  pods: readonly HpaPod[],
  extra: readonly ExtraPodMetrics[] | undefined,
  metricName: string,
  container?: string,
): Map<string, MetricSample> {
  const samples = new Map<string, MetricSample>();
  for (const pod of pods) {
    const sample = sampleOf(pod, metricName, container);
    if (sample !== undefined) samples.set(pod.name, sample);
  }
  for (const e of extra ?? []) {
    const sample = e.metrics[metricName];
    if (sample !== undefined && sample !== null && !samples.has(e.podName)) samples.set(e.podName, sample);
  }
  return samples;
}

/** A listed pod's own sample of `metricName` (its container's, for ContainerResource), if the API returned one. */
function sampleOf(pod: HpaPod, metricName: string, container: string | undefined): MetricSample | undefined {
  const source = container !== undefined && pod.containers ? pod.containers[container]?.metrics : pod.metrics;
  const sample = source?.[metricName];
  return sample === undefined || sample === null ? undefined : sample;
}

/** A pod's request for `resource` (its container's, for ContainerResource), or upstream's error when it has none. */
function requestOf(pod: HpaPod, resource: string, container: string | undefined): number | { error: string } {
  let source = pod.requests;
  if (container !== undefined && pod.containers) {
    const c = pod.containers[container];
    if (!c) return { error: `container ${container} not found in Pod ${pod.name}` };
    source = c.requests;
  }
  const request = source[resource];
  if (request === undefined || request === null) {
    return {
      error:
        container !== undefined
          ? `missing request for ${resource} in container ${container} of Pod ${pod.name}`
          : `missing request for ${resource} in Pod ${pod.name}`,
    };
  }
  return request;
}

/** Every listed pod's request for `resource` (ignored and unready pods too); one missing request fails all. */
export function podRequests(pods: readonly HpaPod[], resource: string, container?: string): CalcResult<Map<string, number>> {
  const requests = new Map<string, number>();
  for (const pod of pods) {
    const request = requestOf(pod, resource, container);
    if (typeof request !== 'number') return fail(request.error);
    requests.set(pod.name, request);
  }
  return ok(requests);
}

function sampleValues(samples: ReadonlyMap<string, MetricSample>, drop: readonly string[]): Map<string, number> {
  const dropped = new Set(drop);
  const values = new Map<string, number>();
  for (const [name, s] of samples) if (!dropped.has(name)) values.set(name, s.value);
  return values;
}

/**
 * What GetResourceReplicas reads of the pods, summed: the groups (group-pods.ts), the samples left once ignored and
 * unready pods' are dropped, and the requests. Pod names are unique (the API server's guarantee), values and
 * requests are integers (milli-units), so the sums do not depend on the order they are taken in.
 */
export interface ResourceTally {
  /** Pods the selector lists. */
  pods: number;
  /** Samples the metrics API returned: listed pods' (their own, or an extra one by name) and unlisted pods'. */
  returned: number;
  /** Samples of pods the selector does not list (they count among the samples but have no request). */
  unlisted: number;
  ready: number;
  /** Σ sample and Σ request over the ready pods. */
  readyUsage: number;
  readyRequest: number;
  unready: number;
  unreadyRequest: number;
  /** Requests of the listed pods without a sample, in pod order. */
  missing: number[];
  /** The first listed pod's missing-request error (upstream's calculatePodRequests fails on it), or null. */
  requestError: string | null;
}

const settleTally = shapeSettler(['readyUsage', 'readyRequest', 'unreadyRequest']); // engine/shapes.ts

/** An empty tally (to fill in pod by pod). */
export function emptyTally(): ResourceTally {
  const t: ResourceTally = { pods: 0, returned: 0, unlisted: 0, ready: 0, readyUsage: 0, readyRequest: 0, unready: 0, unreadyRequest: 0, missing: [], requestError: null };
  return settleTally(t);
}

/** Counts one pod of `group` into `t`: `usage` (read only for a ready pod) and `request` in milli-units. */
export function countPod(t: ResourceTally, group: PodGroup, usage: number, request: number): void {
  switch (group) {
    case 'ready':
      t.ready++;
      t.readyUsage += usage;
      t.readyRequest += request;
      break;
    case 'unready':
      t.unready++;
      t.unreadyRequest += request;
      break;
    case 'missing':
      t.missing.push(request);
      break;
    case 'ignored':
      break;
  }
}

/** The tally of `pods` (and `extraMetrics`) for one resource (one container's, for ContainerResource). */
export function tallyResourcePods(
  pods: readonly HpaPod[],
  extraMetrics: readonly ExtraPodMetrics[] | undefined,
  resource: string,
  container: string | undefined,
  params: ReadinessParams,
  now: number,
): ResourceTally {
  const extra = extraSamples(pods, extraMetrics, resource);
  const t = emptyTally();
  t.pods = pods.length;
  t.unlisted = extra ? extra.unlisted : 0;
  t.returned = t.unlisted;
  for (const pod of pods) {
    const sample = sampleOf(pod, resource, container) ?? extra?.byName.get(pod.name);
    if (sample !== undefined) t.returned++;
    const r = requestOf(pod, resource, container);
    let request = 0;
    if (typeof r === 'number') request = r;
    else if (t.requestError === null) t.requestError = r.error;
    const group = podGroup(pod, sample, resource, params, now);
    countPod(t, group, group === 'ready' ? sample!.value : 0, request);
  }
  return t;
}

/**
 * Resource / ContainerResource metric with a Utilization target (upstream GetResourceReplicas).
 *
 * One pass over the pods, without per-name maps (`tallyResourcePods`, or the caller's own pass: `sources.tally`):
 * it is the HPA's per-sync cost, proportional to the pods. The result is upstream's sample-map arithmetic. A
 * sample of `extraMetrics` stands in for a listed pod that has none of its own; one for an unlisted pod counts
 * among the samples but has no request.
 */
export function getResourceReplicas(
  targetUtilization: number,
  resource: string,
  container: string | undefined,
  sources: MetricSources,
  params: CalcParams,
  now: number,
): CalcResult<{ replicas: number; utilization: number; rawAverage: number }> {
  const given = sources.tally;
  const t =
    given !== undefined && given.resource === resource && container === undefined
      ? given.tally
      : tallyResourcePods(sources.pods, sources.extraMetrics, resource, container, params, now);
  return resourceReplicasOf(t, targetUtilization, resource, sources.currentReplicas, params.tolerances);
}

/** GetResourceReplicas from the tally: the errors, the ratio, and the missing/unready fill-ins. */
export function resourceReplicasOf(
  t: ResourceTally,
  targetUtilization: number,
  resource: string,
  currentReplicas: number,
  tolerances: Tolerances,
): CalcResult<{ replicas: number; utilization: number; rawAverage: number }> {
  const { ready, readyUsage, readyRequest, unready, unreadyRequest, missing } = t;
  if (t.returned === 0) return fail(`unable to get metrics for resource ${resource}: no metrics returned from resource metrics API`);
  if (t.pods === 0) return fail('no pods returned by selector while calculating replica count');
  // the samples left once ignored and unready pods' are dropped
  const sampleCount = ready + t.unlisted;
  if (sampleCount === 0) return fail('did not receive metrics for targeted pods (pods might be unready)');
  if (t.requestError !== null) return fail(t.requestError);
  // unlisted pods' samples have no request: only the ready pods' count
  const first = utilizationRatio(readyUsage, readyRequest, ready, targetUtilization);
  if (!first.ok) return first;
  const { ratio, utilization, rawAverage } = first.value;
  const done = (replicas: number) => ok({ replicas, utilization, rawAverage });

  const scaleUpWithUnready = unready > 0 && ratio > 1.0;
  if (!scaleUpWithUnready && missing.length === 0) {
    if (isWithinTolerance(tolerances, ratio)) return done(currentReplicas);
    return done(Math.ceil(ratio * ready));
  }
  // the samples once filled in: `count` in all, `withRequest` of them with a request
  let usage = readyUsage;
  let requests = readyRequest;
  let count = sampleCount;
  let withRequest = ready;
  if (missing.length > 0 && ratio !== 1.0) {
    // Scale-down: a missing pod uses 100 % of its request, or the target when the target is above 100 %;
    // scale-up: 0.
    const fallback = Math.max(100, targetUtilization);
    for (const request of missing) {
      if (ratio < 1.0) usage += Math.trunc((request * fallback) / 100);
      requests += request;
    }
    count += missing.length;
    withRequest += missing.length;
  }
  if (scaleUpWithUnready) {
    // unready pods count as 0 on a scale-up
    requests += unreadyRequest;
    count += unready;
    withRequest += unready;
  }
  const second = utilizationRatio(usage, requests, withRequest, targetUtilization);
  if (!second.ok) return second;
  return done(rebalancedReplicas(currentReplicas, ratio, second.value.ratio, count, tolerances));
}

/**
 * Samples of `extraMetrics` (the metrics API's samples for pods by name, the first of each name kept), and how
 * many of them are for pods the selector does not list. Null when there are none.
 */
function extraSamples(
  pods: readonly HpaPod[],
  extra: readonly ExtraPodMetrics[] | undefined,
  metricName: string,
): { byName: Map<string, MetricSample>; unlisted: number } | null {
  if (!extra || extra.length === 0) return null;
  const byName = new Map<string, MetricSample>();
  for (const e of extra) {
    const sample = e.metrics[metricName];
    if (sample !== undefined && sample !== null && !byName.has(e.podName)) byName.set(e.podName, sample);
  }
  const listed = new Set(pods.map((p) => p.name));
  let unlisted = 0;
  for (const name of byName.keys()) if (!listed.has(name)) unlisted++;
  return { byName, unlisted };
}

/** Steps 6–7 of the rebalance, shared by utilisation and raw values. */
function rebalancedReplicas(current: number, ratio: number, newRatio: number, sampleCount: number, t: Tolerances): number {
  if (isWithinTolerance(t, newRatio) || (ratio < 1.0 && newRatio > 1.0) || (ratio > 1.0 && newRatio < 1.0)) {
    // Too small a change, or the filled-in samples would flip the direction.
    return current;
  }
  const replicas = Math.ceil(newRatio * sampleCount);
  if ((newRatio < 1.0 && replicas > current) || (newRatio > 1.0 && replicas < current)) return current;
  return replicas;
}

/**
 * Raw per-pod values against an average target (upstream calcPlainMetricReplicas): Resource/ContainerResource
 * AverageValue (`resource` set: cpu readiness rules apply for cpu) and Pods metrics (`resource` null).
 */
export function getPlainMetricReplicas(
  all: ReadonlyMap<string, MetricSample>,
  targetUsage: number,
  resource: string | null,
  sources: MetricSources,
  params: CalcParams,
  now: number,
): CalcResult<{ replicas: number; usage: number }> {
  const { currentReplicas, pods } = sources;
  if (pods.length === 0) return fail('no pods returned by selector while calculating replica count');
  const groups = groupPods(pods, all, resource, params, now);
  const samples = sampleValues(all, [...groups.ignored, ...groups.unready]);
  if (samples.size === 0) return fail('did not receive metrics for targeted pods (pods might be unready)');
  const { ratio, usage } = metricUsageRatio(samples, targetUsage);
  const done = (replicas: number) => ok({ replicas, usage });

  const scaleUpWithUnready = groups.unready.length > 0 && ratio > 1.0;
  if (!scaleUpWithUnready && groups.missing.length === 0) {
    if (isWithinTolerance(params.tolerances, ratio)) return done(currentReplicas);
    return done(Math.ceil(ratio * groups.readyPodCount));
  }
  if (groups.missing.length > 0) {
    // Scale-down: a missing pod uses exactly the target; scale-up: nothing.
    if (ratio < 1.0) for (const name of groups.missing) samples.set(name, targetUsage);
    else if (ratio > 1.0) for (const name of groups.missing) samples.set(name, 0);
  }
  if (scaleUpWithUnready) for (const name of groups.unready) samples.set(name, 0);

  const newRatio = metricUsageRatio(samples, targetUsage).ratio;
  return done(rebalancedReplicas(currentReplicas, ratio, newRatio, samples.size, params.tolerances));
}

/** Pods in phase Running whose Ready condition is True. */
export function readyPodCount(pods: readonly HpaPod[]): number {
  return pods.filter((p) => p.phase === 'Running' && p.ready === true).length;
}

/**
 * Object/External Value targets (upstream getUsageRatioReplicaCount): with currentReplicas ≠ 0, within
 * tolerance → currentReplicas, else ceil(ratio × ready pods); at 0 replicas, ceil(ratio) ignoring tolerance.
 */
export function usageRatioReplicaCount(
  currentReplicas: number,
  ratio: number,
  pods: readonly HpaPod[],
  tolerances: Tolerances,
): CalcResult<number> {
  if (currentReplicas === 0) return ok(Math.ceil(ratio));
  if (isWithinTolerance(tolerances, ratio)) return ok(currentReplicas);
  if (pods.length === 0) {
    return fail('unable to calculate ready pods: no pods returned by selector while calculating replica count');
  }
  const raw = ratio * readyPodCount(pods);
  return ok(raw > MAX_INT32 ? MAX_INT32 : Math.ceil(raw));
}

/**
 * Object/External AverageValue targets: with S = status.replicas, ratio = total / (target × S); within
 * tolerance → S, else ceil(total / target). The reported average is ceil(total / S) (0 when S is 0).
 */
export function perPodReplicas(
  total: number,
  targetAverage: number,
  statusReplicas: number,
  tolerances: Tolerances,
): { replicas: number; average: number } {
  let replicas = statusReplicas;
  const ratio = total / (targetAverage * statusReplicas);
  if (!isWithinTolerance(tolerances, ratio)) {
    const raw = Math.ceil(total / targetAverage);
    replicas = raw > MAX_INT32 ? MAX_INT32 : raw;
  }
  return { replicas, average: statusReplicas === 0 ? 0 : Math.ceil(total / statusReplicas) };
}

/** The target of a metric, if it has the one its type supports. */
function target<T extends MetricSpec['target'] & {}>(metric: MetricSpec, type: T['type']): T | undefined {
  return metric.target?.type === type ? (metric.target as T) : undefined;
}

/** Sum of an external metric's series, or the fetch error. */
function externalTotal(name: string, sources: MetricSources): CalcResult<number> {
  const series = sources.externalMetrics?.[name];
  if (series === undefined || series === null) {
    return fail(`unable to get external metric ${name}: unable to fetch metrics from external metrics API: metric not available`);
  }
  if (series.length === 0) return fail(`unable to get external metric ${name}: no metrics returned from external metrics API`);
  return ok(series.reduce((a, b) => a + b, 0));
}

function objectValue(name: string, metric: MetricSpec, sources: MetricSources): CalcResult<number> {
  const value = sources.objectMetrics?.[name];
  if (value === undefined || value === null) {
    const obj = metric.describedObject ? `${metric.describedObject.kind} ${metric.describedObject.name}` : 'its object';
    return fail(`unable to get metric ${name} on ${obj}: unable to fetch metrics from custom metrics API: metric not available`);
  }
  return ok(value);
}

/**
 * One metric's proposal with upstream's innermost error text. Unknown types and missing/unsupported targets
 * are errors too (the messages horizontal.go uses for them).
 */
export function computeReplicaProposal(
  metric: MetricSpec,
  sources: MetricSources,
  params: CalcParams,
  now: number,
): CalcResult<ReplicaProposal> {
  const name = metric.name ?? '';
  switch (metric.type) {
    case 'Resource':
    case 'ContainerResource': {
      const container = metric.type === 'ContainerResource' ? (metric.container ?? '') : undefined;
      const util = target<{ type: 'Utilization'; averageUtilization: number }>(metric, 'Utilization');
      const avg = target<{ type: 'AverageValue'; averageValueMilli: number }>(metric, 'AverageValue');
      if (avg) {
        const all = podSamples(sources.pods, sources.extraMetrics, name, container);
        if (all.size === 0) return fail(`unable to get metrics for resource ${name}: no metrics returned from resource metrics API`);
        const r = getPlainMetricReplicas(all, avg.averageValueMilli, name, sources, params, now);
        if (!r.ok) return r;
        return ok({ replicas: r.value.replicas, rawMetric: r.value.usage, status: { averageValue: r.value.usage } });
      }
      if (!util) {
        return fail('invalid resource metric source: neither an average utilization target nor an average value (usage) target was set');
      }
      const r = getResourceReplicas(util.averageUtilization, name, container, sources, params, now);
      if (!r.ok) return r;
      const { replicas, utilization, rawAverage } = r.value;
      return ok({ replicas, utilization, rawMetric: rawAverage, status: { averageUtilization: utilization, averageValue: rawAverage } });
    }
    case 'Pods': {
      const avg = target<{ type: 'AverageValue'; averageValueMilli: number }>(metric, 'AverageValue');
      if (!avg) return fail('invalid pods metric source: an average value target must be set');
      const all = podSamples(sources.pods, sources.extraMetrics, name);
      if (all.size === 0) return fail(`unable to get metric ${name}: no metrics returned from custom metrics API`);
      const r = getPlainMetricReplicas(all, avg.averageValueMilli, null, sources, params, now);
      if (!r.ok) return r;
      return ok({ replicas: r.value.replicas, rawMetric: r.value.usage, status: { averageValue: r.value.usage } });
    }
    case 'Object':
    case 'External': {
      const value = target<{ type: 'Value'; valueMilli: number }>(metric, 'Value');
      const avg = target<{ type: 'AverageValue'; averageValueMilli: number }>(metric, 'AverageValue');
      if (!value && !avg) {
        return fail(`invalid ${metric.type === 'Object' ? 'object' : 'external'} metric source: neither a value target nor an average value target was set`);
      }
      const total = metric.type === 'Object' ? objectValue(name, metric, sources) : externalTotal(name, sources);
      if (!total.ok) return total;
      if (avg) {
        const r = perPodReplicas(total.value, avg.averageValueMilli, sources.statusReplicas, params.tolerances);
        return ok({ replicas: r.replicas, rawMetric: r.average, status: { averageValue: r.average } });
      }
      const ratio = total.value / value!.valueMilli;
      const r = usageRatioReplicaCount(sources.currentReplicas, ratio, sources.pods, params.tolerances);
      if (!r.ok) return r;
      return ok({ replicas: r.value, rawMetric: total.value, status: { value: total.value } });
    }
    default:
      return fail(`unknown metric source type ${JSON.stringify(metric.type)}`);
  }
}
