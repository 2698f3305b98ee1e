/**
 * One whole sync of one HPA (upstream reconcileAutoscaler), as a pure function of its inputs and `now`.
 *
 * 1. currentReplicas = scale spec.replicas; AbleToScale=True/SucceededGetScale.
 * 2. No recommendation history yet → seed it with {currentReplicas, now} (holds a scale-down off after a
 *    controller restart).
 * 3. minReplicas defaults to 1. At 0 replicas with minReplicas ≠ 0 autoscaling is disabled; above max / below
 *    min the target jumps to the bound (no metrics, stabilisation or rate limits); otherwise the metrics give
 *    a proposal (compute-metrics.ts) that is normalised by the legacy path (no behavior) or the behavior path.
 * 4. A changed count is written ("rescaled"), the SuccessfulRescale event is emitted and, with behavior, the
 *    scale event is recorded. The write is assumed to succeed (the caller owns failures).
 *
 * The input is never mutated; the result carries the new history and a decision log.
 */
import { shapeSettler } from '../../engine/shapes.js';
import { computeReplicasForMetrics, DEFAULT_METRIC, type MetricDecision, type MetricsOutcome } from './compute-metrics.js';
import { condition, setCondition } from './conditions.js';
import { legacyClamp, stabilizeLegacy } from './normalize-legacy.js';
import { rateLimitWithBehavior, stabilizeWithBehavior, withBehaviorDefaults } from './normalize-behavior.js';
import { storeScaleEvent } from './scale-events.js';
import type { ResourceTally } from './replica-calculator.js';
import { resolveTolerances } from './tolerance.js';
import type {
  ExtraPodMetrics,
  HpaBehavior,
  HpaBehaviorSpec,
  HpaCondition,
  HpaEvent,
  HpaHistory,
  HpaParams,
  HpaPod,
  MetricSpec,
  MetricValueStatus,
  Recommendation,
  Tolerances,
} from './types.js';

/** The status's fields that hold null or a number, whichever comes first (engine/shapes.ts). */
const settleStatus = shapeSettler([], ['desiredReplicas', 'lastScaleTime']);

/** The parts of the HPA spec the decision reads. */
export interface HpaSpec {
  /** null/undefined = 1 (API default). */
  minReplicas?: number | null;
  maxReplicas: number;
  /** Empty = the API default (cpu at 80 % utilisation). */
  metrics: MetricSpec[];
  /** null/undefined = not set (legacy normalisation); partial rules get the API defaults. */
  behavior?: HpaBehaviorSpec | null;
}

export interface ReconcileInput {
  params: HpaParams;
  hpa: HpaSpec;
  /** The target's scale subresource. */
  scale: { specReplicas: number; statusReplicas: number };
  /** Pods the target's selector lists, with their metrics-API samples. */
  pods: HpaPod[];
  /** Metrics-API samples for pods the selector does not list. */
  extraMetrics?: ExtraPodMetrics[];
  /** The listed pods' tally for one resource, summed by the caller (`MetricSources.tally`; `pods` may then be empty). */
  tally?: { resource: string; tally: ResourceTally };
  /** Object metric values by metric name (absent/null = the fetch fails). */
  objectMetrics?: Record<string, number | null>;
  /** External metric series by metric name (absent/null = the fetch fails). */
  externalMetrics?: Record<string, number[] | null>;
  /** The controller's memory of this HPA. */
  history: HpaHistory;
  /**
   * The metric step's outcome, when the caller knows it equals an earlier one's (same pods, samples and
   * replicas, and nothing in it depends on `now`): the metrics are then not computed again.
   */
  metricsOutcome?: MetricsOutcome;
}

export type ReconcileBranch = 'disabled' | 'aboveMax' | 'belowMin' | 'metricsFailed' | 'metrics';
export type StabilizationWindow = 'none' | 'scaleUpWindow' | 'scaleDownWindow' | 'legacyDownscaleWindow';
export type LimitReason = 'ScaleUpLimit' | 'ScaleDownLimit' | 'TooManyReplicas' | 'TooFewReplicas';

export interface ReconcileStatus {
  currentReplicas: number;
  /** null = unchanged (the metric step failed: upstream keeps the previous desiredReplicas). */
  desiredReplicas: number | null;
  /** `now` when the sync rescaled, else null (= unchanged). */
  lastScaleTime: number | null;
  /** One entry per metric spec ({} for a failed metric); empty on the disabled / out-of-range branches. */
  currentMetrics: MetricValueStatus[];
}

export interface ReconcileResult {
  /** The replica count the sync leaves on the target (= current when nothing changes). */
  replicas: number;
  rescaled: boolean;
  branch: ReconcileBranch;
  /** The controller's memory after the sync (recommendations never null). */
  history: HpaHistory & { recommendations: Recommendation[] };
  /** Conditions this sync set, in the order first set (merge into the status with mergeConditions). */
  conditions: HpaCondition[];
  status: ReconcileStatus;
  /** Decision log: each metric's proposal, current value and error. */
  metrics: MetricDecision[];
  /** Max over the metrics (before normalisation), or null when not computed. */
  recommendation: number | null;
  /** After stabilisation (before rate limits / min / max), or null when not computed. */
  stabilized: number | null;
  /** Which window changed the recommendation ('none' when stabilisation changed nothing). */
  stabilizationWindow: StabilizationWindow;
  /** The limit that cut the stabilised value, or null. */
  limitedBy: LimitReason | null;
  tolerances: Tolerances;
  /** The SuccessfulRescale event, when the sync rescaled. */
  event: HpaEvent | null;
  /** Every event the sync emits (warnings of failing metrics, FailedComputeMetricsReplicas, SuccessfulRescale). */
  events: HpaEvent[];
  /** The error upstream's reconcile returns (metric failures, also when it scaled on the valid metrics). */
  error: string | null;
  /** The metric step's outcome (computed or passed in), null when the sync took another branch. */
  metricsOutcome: MetricsOutcome | null;
}

interface Normalized {
  replicas: number;
  stabilized: number;
  window: StabilizationWindow;
  limitedBy: LimitReason | null;
  recommendations: Recommendation[];
}

function normalizeLegacy(
  params: HpaParams,
  current: number,
  desired: number,
  min: number,
  max: number,
  recs: Recommendation[],
  now: number,
  conditions: HpaCondition[],
): Normalized {
  const st = stabilizeLegacy(recs, desired, params.downscaleStabilizationWindow, now);
  setCondition(
    conditions,
    st.replicas !== desired
      ? condition('AbleToScale', true, 'ScaleDownStabilized', 'recent recommendations were higher than current one, applying the highest recent recommendation')
      : condition('AbleToScale', true, 'ReadyForNewScale', 'recommended size matches current size'),
  );
  const clamp = legacyClamp(current, st.replicas, min, max, params.scaleUpLimitFactor, params.scaleUpLimitMinimum);
  const limited = clamp.replicas !== st.replicas;
  setCondition(conditions, condition('ScalingLimited', limited, clamp.reason, clamp.message));
  return {
    replicas: clamp.replicas,
    stabilized: st.replicas,
    window: st.replicas !== desired ? 'legacyDownscaleWindow' : 'none',
    limitedBy: limited ? (clamp.reason as LimitReason) : null,
    recommendations: st.recommendations,
  };
}

function normalizeBehavior(
  params: HpaParams,
  behavior: HpaBehavior,
  current: number,
  desired: number,
  min: number,
  max: number,
  history: HpaHistory,
  recs: Recommendation[],
  now: number,
  conditions: HpaCondition[],
): Normalized {
  const st = stabilizeWithBehavior(
    {
      currentReplicas: current,
      desiredReplicas: desired,
      scaleUpWindowSeconds: behavior.scaleUp.stabilizationWindowSeconds ?? 0,
      scaleDownWindowSeconds: behavior.scaleDown.stabilizationWindowSeconds ?? params.downscaleStabilizationWindow,
      recommendations: recs,
    },
    now,
  );
  const changed = st.replicas !== desired;
  setCondition(
    conditions,
    changed ? condition('AbleToScale', true, st.reason, st.message) : condition('AbleToScale', true, 'ReadyForNewScale', 'recommended size matches current size'),
  );
  const rl = rateLimitWithBehavior(
    {
      currentReplicas: current,
      desiredReplicas: st.replicas,
      minReplicas: min,
      maxReplicas: max,
      scaleUp: behavior.scaleUp,
      scaleDown: behavior.scaleDown,
      scaleUpEvents: history.scaleUpEvents,
      scaleDownEvents: history.scaleDownEvents,
    },
    now,
  );
  const limited = rl.replicas !== st.replicas;
  setCondition(conditions, condition('ScalingLimited', limited, rl.reason, rl.message));
  return {
    replicas: rl.replicas,
    stabilized: st.replicas,
    window: !changed ? 'none' : st.reason === 'ScaleUpStabilized' ? 'scaleUpWindow' : 'scaleDownWindow',
    limitedBy: limited ? (rl.reason as LimitReason) : null,
    recommendations: st.recommendations,
  };
}

/** `withBehaviorDefaults`, once per spec object (the result is only read). */
const behaviorCache = new WeakMap<HpaBehaviorSpec, HpaBehavior>();
function behaviorWithDefaults(spec: HpaBehaviorSpec): HpaBehavior {
  let b = behaviorCache.get(spec);
  if (b === undefined) {
    b = withBehaviorDefaults(spec);
    behaviorCache.set(spec, b);
  }
  return b;
}

/** One sync of one HPA at time `now`. */
export function reconcile(input: ReconcileInput, now: number): ReconcileResult {
  const { params, hpa, scale } = input;
  const current = scale.specReplicas;
  const conditions: HpaCondition[] = [];
  const events: HpaEvent[] = [];
  setCondition(conditions, condition('AbleToScale', true, 'SucceededGetScale', "the HPA controller was able to get the target's current scale"));

  // The new history shares the input's lists until a step changes one, and then that step writes a new list
  // (stabilisation and storeScaleEvent never modify their input): records and lists, once stored, are never
  // mutated, so sharing them is safe and saves three copies per sync.
  const history = input.history;
  const recommendations: Recommendation[] = history.recommendations ?? [{ replicas: current, timestamp: now }];
  const behavior = hpa.behavior ? behaviorWithDefaults(hpa.behavior) : null;
  const tolerances = resolveTolerances(params.tolerance, behavior, params.configurableToleranceGate);
  const minReplicas = hpa.minReplicas ?? 1;

  const result: ReconcileResult = {
    replicas: current,
    rescaled: false,
    branch: 'metrics',
    history: { recommendations, scaleUpEvents: history.scaleUpEvents, scaleDownEvents: history.scaleDownEvents },
    conditions,
    // null or a number, whichever comes (engine/shapes.ts)
    status: settleStatus({ currentReplicas: current, desiredReplicas: current, lastScaleTime: null, currentMetrics: [] }),
    metrics: [],
    recommendation: null,
    stabilized: null,
    stabilizationWindow: 'none',
    limitedBy: null,
    tolerances,
    event: null,
    events,
    error: null,
    metricsOutcome: null,
  };

  let desired = 0;
  let rescaleReason = '';
  if (current === 0 && minReplicas !== 0) {
    result.branch = 'disabled';
    setCondition(conditions, condition('ScalingActive', false, 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero'));
    return result;
  } else if (current > hpa.maxReplicas) {
    result.branch = 'aboveMax';
    rescaleReason = 'Current number of replicas above Spec.MaxReplicas';
    desired = hpa.maxReplicas;
  } else if (current < minReplicas) {
    result.branch = 'belowMin';
    rescaleReason = 'Current number of replicas below Spec.MinReplicas';
    desired = minReplicas;
  } else {
    const specs = hpa.metrics.length > 0 ? hpa.metrics : [DEFAULT_METRIC];
    const outcome = input.metricsOutcome ?? computeReplicasForMetrics(
      specs,
      {
        currentReplicas: current,
        statusReplicas: scale.statusReplicas,
        pods: input.pods,
        extraMetrics: input.extraMetrics,
        objectMetrics: input.objectMetrics,
        externalMetrics: input.externalMetrics,
        tally: input.tally,
      },
      { tolerances, cpuInitializationPeriod: params.cpuInitializationPeriod, initialReadinessDelay: params.initialReadinessDelay },
      now,
    );
    result.metricsOutcome = outcome;
    result.metrics = outcome.metrics;
    result.status.currentMetrics = outcome.metrics.map((m) => ({ ...m.current }));
    events.push(...outcome.events);
    setCondition(conditions, outcome.scalingActive);
    if (!outcome.ok) {
      result.branch = 'metricsFailed';
      result.status.desiredReplicas = null;
      result.error = `failed to compute desired number of replicas based on listed metrics: ${outcome.error ?? 'no metrics'}`;
      events.push({ type: 'Warning', reason: 'FailedComputeMetricsReplicas', message: outcome.error ?? 'no metrics' });
      return result;
    }
    // Some metrics failed but a scale-up (or no change) is still justified by the valid ones.
    result.error = outcome.error;

    let rescaleMetric = '';
    if (outcome.replicas > desired) {
      desired = outcome.replicas;
      rescaleMetric = outcome.description;
    }
    if (desired > current) rescaleReason = `${rescaleMetric} above target`;
    if (desired < current) rescaleReason = 'All metrics below target';
    result.recommendation = desired;

    const n = behavior
      ? normalizeBehavior(params, behavior, current, desired, minReplicas, hpa.maxReplicas, history, recommendations, now, conditions)
      : normalizeLegacy(params, current, desired, minReplicas, hpa.maxReplicas, recommendations, now, conditions);
    result.history.recommendations = n.recommendations;
    result.stabilized = n.stabilized;
    result.stabilizationWindow = n.window;
    result.limitedBy = n.limitedBy;
    desired = n.replicas;
  }

  if (desired === current) return result;

  result.replicas = desired;
  result.rescaled = true;
  result.status.desiredReplicas = desired;
  result.status.lastScaleTime = now;
  setCondition(conditions, condition('AbleToScale', true, 'SucceededRescale', `the HPA controller was able to update the target scale to ${desired}`));
  result.event = { type: 'Normal', reason: 'SuccessfulRescale', message: `New size: ${desired}; reason: ${rescaleReason}` };
  events.push(result.event);
  const stored = storeScaleEvent(behavior, history, current, desired, now);
  result.history.scaleUpEvents = stored.scaleUpEvents;
  result.history.scaleDownEvents = stored.scaleDownEvents;
  return result;
}
