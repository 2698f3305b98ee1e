/**
 * Types of the HPA decision (autoscaling/v2 horizontal pod autoscaler controller, one sync at a time).
 *
 * Everything here is plain data: times are seconds on the simulation clock (the caller passes `now`),
 * quantities are integers in milli-units (1000 = 1 CPU or 1.0 of a custom metric). The shapes follow
 * the upstream test vectors (`test/conformance/hpa.json`) so that a vector input is a valid decision input.
 */

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

/** One metrics-API sample: value (milli), when it was taken, and over how long a window (seconds). */
export interface MetricSample {
  value: number;
  timestamp: number;
  window: number;
}

/** Per-container data, used by ContainerResource metrics when a pod carries it (optional refinement). */
export interface HpaContainer {
  requests: Record<string, number>;
  metrics: Record<string, MetricSample>;
}

/**
 * A pod the scale target's selector lists, as the HPA controller sees it.
 * `requests` / `metrics` are per-pod totals (sum over containers, sidecars included). A metric name absent
 * from `metrics` means the metrics API returned no usable sample for this pod.
 * For ContainerResource metrics the named container's entry in `containers` is used when `containers` is
 * given; without it, `requests` / `metrics` are taken to be that container's own values (vector convention).
 */
export interface HpaPod {
  name: string;
  phase: PodPhase;
  /** The pod has a deletion timestamp. */
  deleted: boolean;
  /** Status of the Ready condition; null = the pod has no Ready condition. */
  ready: boolean | null;
  /** lastTransitionTime of the Ready condition (null = unset, treated as the distant past). */
  readyTransitionTime: number | null;
  /** status.startTime; null = not set. */
  startTime: number | null;
  requests: Record<string, number>;
  metrics: Record<string, MetricSample>;
  containers?: Record<string, HpaContainer>;
}

/** Samples the metrics API returned for pods the selector does not list. */
export interface ExtraPodMetrics {
  podName: string;
  metrics: Record<string, MetricSample>;
}

export type MetricTarget =
  | { type: 'Utilization'; averageUtilization: number }
  | { type: 'AverageValue'; averageValueMilli: number }
  | { type: 'Value'; valueMilli: number };

export type MetricSourceType = 'Resource' | 'ContainerResource' | 'Pods' | 'Object' | 'External';

/**
 * One entry of `spec.metrics`. `type` is kept open (an unknown type is a per-metric error, as upstream).
 * Pods metrics read `pod.metrics[name]`; Object metrics read `objectMetrics[name]`; External metrics read
 * `externalMetrics[name]`.
 */
export interface MetricSpec {
  type: MetricSourceType | (string & {});
  name?: string;
  /** ContainerResource only. */
  container?: string;
  target?: MetricTarget;
  /** Object only, for messages ("Deployment metric qps"); defaults to kind "Object". */
  describedObject?: { kind: string; name: string };
}

export type SelectPolicy = 'Max' | 'Min' | 'Disabled';

export interface ScalingPolicy {
  type: 'Pods' | 'Percent';
  value: number;
  periodSeconds: number;
}

/** One direction of `spec.behavior`, after API defaulting. */
export interface ScalingRules {
  /** null = use the controller's downscale-stabilization flag (scaleDown) / 0 (scaleUp). */
  stabilizationWindowSeconds: number | null;
  selectPolicy: SelectPolicy;
  policies: ScalingPolicy[];
  /** Per-HPA tolerance (KEP-4951); null = use the controller flag. */
  tolerance: number | null;
}

export interface HpaBehavior {
  scaleUp: ScalingRules;
  scaleDown: ScalingRules;
}

/** `spec.behavior` as a user may write it: any field may be left out (API defaulting fills it in). */
export interface HpaBehaviorSpec {
  scaleUp?: Partial<ScalingRules> | null;
  scaleDown?: Partial<ScalingRules> | null;
}

export interface Tolerances {
  scaleUp: number;
  scaleDown: number;
}

/** Controller flags (and feature gates) that shape the decision. */
export interface HpaParams {
  /** --horizontal-pod-autoscaler-tolerance (one number for both directions, or a pair). */
  tolerance: number | Tolerances;
  /** --horizontal-pod-autoscaler-cpu-initialization-period, seconds. */
  cpuInitializationPeriod: number;
  /** --horizontal-pod-autoscaler-initial-readiness-delay, seconds. */
  initialReadinessDelay: number;
  /** --horizontal-pod-autoscaler-downscale-stabilization, seconds. */
  downscaleStabilizationWindow: number;
  /** Legacy (no behavior) scale-up limit: max(factor × current, minimum). Constants 2 and 4 upstream. */
  scaleUpLimitFactor: number;
  scaleUpLimitMinimum: number;
  /** HPAConfigurableTolerance feature gate (per-HPA tolerances in spec.behavior). */
  configurableToleranceGate: boolean;
}

/** An unstabilised recommendation (max over metrics) remembered by the controller. */
export interface Recommendation {
  replicas: number;
  timestamp: number;
}

/** A successful rescale remembered by the controller (only for HPAs with behavior). */
export interface ScaleEvent {
  /** Always positive; the list says the direction. */
  replicaChange: number;
  timestamp: number;
  outdated: boolean;
}

/** The controller's in-memory state for one HPA (lost on controller restart). */
export interface HpaHistory {
  /** null = the controller has no history for this HPA yet (it will seed one). */
  recommendations: Recommendation[] | null;
  scaleUpEvents: ScaleEvent[];
  scaleDownEvents: ScaleEvent[];
}

export type ConditionType = 'AbleToScale' | 'ScalingActive' | 'ScalingLimited';

export interface HpaCondition {
  type: ConditionType;
  status: 'True' | 'False';
  reason: string;
  message: string;
}

/** What the HPA status reports for one metric (`status.currentMetrics[i].current`). Empty when it failed. */
export interface MetricValueStatus {
  averageUtilization?: number;
  averageValue?: number;
  value?: number;
}

export interface HpaEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

/** Result of a pure computation that can fail with an upstream-worded message. */
export type CalcResult<T> = { ok: true; value: T } | { ok: false; error: string };

export function ok<T>(value: T): CalcResult<T> {
  return { ok: true, value };
}

export function fail<T>(error: string): CalcResult<T> {
  return { ok: false, error };
}
