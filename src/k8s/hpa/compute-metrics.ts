/**
 * Every metric of one HPA in one sync (upstream computeReplicasForMetrics / computeReplicasForMetric /
 * computeStatusFor*Metric in horizontal.go): proposals, the maximum, the partial-failure rule, the metric
 * descriptions used in events and conditions, and the error wording of each metric type.
 *
 * - The HPA proposal is the maximum of the valid proposals, in spec order (a proposal of 0 is replaced by any
 *   later one).
 * - Every metric failed → no scaling; some failed and the valid maximum is below spec.replicas → no scaling
 *   either (never scale down on incomplete information); otherwise proceed, and still report the first error.
 * - ScalingActive: the first failing metric's condition when the step fails, else ValidMetricFound.
 */
import { shapeSettler } from '../../engine/shapes.js';
import { computeReplicaProposal, type CalcParams, type MetricSources } from './replica-calculator.js';
import type { HpaCondition, HpaEvent, MetricSpec, MetricValueStatus } from './types.js';

/** A metric decision's fields that hold null or a value, whichever comes first (engine/shapes.ts). */
const DECISION_FIELDS = ['name', 'description', 'current', 'error'];
const settleFailed = shapeSettler(DECISION_FIELDS, ['replicas']);
const settleDecided = shapeSettler(DECISION_FIELDS, ['replicas']);

/** The decision log entry for one metric. */
export interface MetricDecision {
  type: string;
  name: string | null;
  /** How upstream names it in events ("cpu resource utilization (percentage of request)"); null on error. */
  description: string | null;
  /** The proposal; null when the metric failed. */
  replicas: number | null;
  /** status.currentMetrics[i].current: utilisation %/average/value before any rebalancing; {} on error. */
  current: MetricValueStatus;
  /** The error horizontal.go returns for this metric, or null. */
  error: string | null;
}

export interface MetricsOutcome {
  /** false = the metric step failed as a whole: no scaling this sync. */
  ok: boolean;
  /** Maximum of the valid proposals (-1 when !ok, as upstream). */
  replicas: number;
  /** Description of the metric that gave the maximum ("" when !ok). */
  description: string;
  metrics: MetricDecision[];
  /** The ScalingActive condition this step sets. */
  scalingActive: HpaCondition;
  /** "invalid metrics (n invalid out of m), first error is: …" when any metric failed, else null. */
  error: string | null;
  /** Warning events upstream records for failing metrics (reason = the condition reason). */
  events: HpaEvent[];
}

/** API default when spec.metrics is empty: cpu at 80 % utilisation. */
export const DEFAULT_METRIC: MetricSpec = { type: 'Resource', name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } };

/** The metric name upstream puts in events and conditions (metricNameProposal). */
export function describeMetric(metric: MetricSpec): string {
  const name = metric.name ?? '';
  switch (metric.type) {
    case 'Resource':
    case 'ContainerResource':
      if (metric.target?.type === 'AverageValue') return `${name} resource`;
      return metric.type === 'Resource'
        ? `${name} resource utilization (percentage of request)`
        : `${name} container resource utilization (percentage of request)`;
    case 'Pods':
      return `pods metric ${name}`;
    case 'Object':
      // Upstream quirk: an AverageValue Object metric is described as an external metric; the selector is
      // printed with %+v, which for an unset selector (never modelled here) reads "<nil>".
      if (metric.target?.type === 'AverageValue') return `external metric ${name}(<nil>)`;
      return `${metric.describedObject?.kind ?? 'Object'} metric ${name}`;
    case 'External':
      return `external metric ${name}(<nil>)`;
    default:
      return `${metric.type} metric ${name}`;
  }
}

interface WrappedError {
  /** Condition reason (and the reason of the Warning event). */
  reason: string;
  /** The error put in the ScalingActive message and the event ("the HPA was unable to compute …: <this>"). */
  conditionError: string;
  /** The error the metric returns to the loop. */
  error: string;
}

/** Upstream's per-type wrapping of a calculator error. */
function wrapError(metric: MetricSpec, inner: string): WrappedError {
  const name = metric.name ?? '';
  const invalidTarget = inner.startsWith('invalid ');
  switch (metric.type) {
    case 'Resource':
    case 'ContainerResource': {
      const what = metric.target?.type === 'AverageValue' ? 'usage' : 'utilization';
      const conditionError = invalidTarget ? inner : `failed to get ${name} ${what}: ${inner}`;
      return metric.type === 'Resource'
        ? { reason: 'FailedGetResourceMetric', conditionError, error: `failed to get ${name} resource metric value: ${conditionError}` }
        : {
            reason: 'FailedGetContainerResourceMetric',
            conditionError,
            error: `failed to get ${metric.container ?? ''} container metric value: ${conditionError}`,
          };
    }
    case 'Pods':
      return { reason: 'FailedGetPodsMetric', conditionError: inner, error: `failed to get pods metric value: ${inner}` };
    case 'Object': {
      const mid = metric.target?.type === 'AverageValue' && !invalidTarget ? `failed to get ${name} object metric: ${inner}` : inner;
      return { reason: 'FailedGetObjectMetric', conditionError: inner, error: `failed to get object metric value: ${mid}` };
    }
    case 'External': {
      let mid = inner;
      if (!invalidTarget) {
        mid = metric.target?.type === 'AverageValue' ? `failed to get ${name} external metric: ${inner}` : `failed to get external metric ${name}: ${inner}`;
      }
      return { reason: 'FailedGetExternalMetric', conditionError: inner, error: `failed to get ${name} external metric value: ${mid}` };
    }
    default:
      return { reason: 'InvalidMetricSourceType', conditionError: inner, error: inner };
  }
}

/** All metrics of one HPA: upstream computeReplicasForMetrics. */
export function computeReplicasForMetrics(
  specs: readonly MetricSpec[],
  sources: MetricSources,
  params: CalcParams,
  now: number,
): MetricsOutcome {
  const metrics: MetricDecision[] = [];
  const events: HpaEvent[] = [];
  let replicas = 0;
  let description = '';
  let invalid = 0;
  let firstError: WrappedError | null = null;

  for (const spec of specs) {
    const r = computeReplicaProposal(spec, sources, params, now);
    // (plain literals: an object spread here was the slowest line of the HPA's hot path)
    const type = spec.type;
    const name = spec.name ?? null;
    if (!r.ok) {
      const wrapped = wrapError(spec, r.error);
      if (invalid === 0) firstError = wrapped;
      invalid++;
      events.push({ type: 'Warning', reason: wrapped.reason, message: wrapped.conditionError });
      metrics.push(settleFailed({ type, name, description: null, replicas: null, current: {}, error: wrapped.error }));
      continue;
    }
    const desc = describeMetric(spec);
    metrics.push(settleDecided({ type, name, description: desc, replicas: r.value.replicas, current: r.value.status, error: null }));
    if (replicas === 0 || r.value.replicas > replicas) {
      replicas = r.value.replicas;
      description = desc;
    }
  }

  const error = firstError ? `invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${firstError.error}` : null;
  if (invalid >= specs.length || (invalid > 0 && replicas < sources.currentReplicas)) {
    const scalingActive: HpaCondition = firstError
      ? {
          type: 'ScalingActive',
          status: 'False',
          reason: firstError.reason,
          message: `the HPA was unable to compute the replica count: ${firstError.conditionError}`,
        }
      : // No metrics at all: upstream leaves an empty condition; report it as inactive.
        { type: 'ScalingActive', status: 'False', reason: '', message: '' };
    return { ok: false, replicas: -1, description: '', metrics, scalingActive, error, events };
  }
  return {
    ok: true,
    replicas,
    description,
    metrics,
    scalingActive: {
      type: 'ScalingActive',
      status: 'True',
      reason: 'ValidMetricFound',
      message: `the HPA was able to successfully calculate a replica count from ${description}`,
    },
    error,
    events,
  };
}
