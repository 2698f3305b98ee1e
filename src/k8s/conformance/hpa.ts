/**
 * Conformance checks for the hpa vector kinds: each maps a vector's input onto the pure functions of
 * src/k8s/hpa and compares with what upstream asserts (`error` expectations are substrings). Vector times are
 * relative to the evaluation instant, so every check runs at now = 0.
 */
import {
  computeReplicaProposal,
  groupPods,
  legacyClamp,
  podSamples,
  rateLimitWithBehavior,
  reconcile,
  replicasChangePerPeriod,
  scaleDownLimit,
  scaleUpLimit,
  stabilizeLegacy,
  stabilizeWithBehavior,
  storeScaleEvent,
  toTolerances,
  type ReconcileInput,
  type ScaleEvent,
  type ScalingRules,
} from '../hpa/index.js';
import { diffExpected } from './compare.js';
import type { Check } from './types.js';

const NOW = 0;

/** Vector events may omit `outdated`. */
function events(list: Array<Partial<ScaleEvent> & { replicaChange: number; timestamp: number }> | undefined): ScaleEvent[] {
  return (list ?? []).map((e) => ({ replicaChange: e.replicaChange, timestamp: e.timestamp, outdated: e.outdated ?? false }));
}

const replicaCalc: Check = (v) => {
  const i = v.input;
  const r = computeReplicaProposal(
    i.metric,
    {
      currentReplicas: i.currentReplicas,
      statusReplicas: i.currentReplicas,
      pods: i.pods,
      extraMetrics: i.extraMetrics,
      objectMetrics: i.objectMetrics,
      externalMetrics: i.externalMetrics,
    },
    {
      tolerances: toTolerances(i.params.tolerance),
      cpuInitializationPeriod: i.params.cpuInitializationPeriod,
      initialReadinessDelay: i.params.initialReadinessDelay,
    },
    NOW,
  );
  const { error, ...rest } = v.expected;
  if (error !== undefined) {
    if (r.ok) return [`expected an error containing ${JSON.stringify(error)}, got replicas ${r.value.replicas}`];
    return r.error.includes(error) ? [] : [`error: expected to contain ${JSON.stringify(error)}, got ${JSON.stringify(r.error)}`];
  }
  if (!r.ok) return [`unexpected error: ${r.error}`];
  return diffExpected(rest, r.value);
};

const groupPodsCheck: Check = (v) => {
  const i = v.input;
  const resource: string = i.resource;
  const actual = groupPods(i.pods, podSamples(i.pods, undefined, resource), resource, i.params, NOW);
  return diffExpected(v.expected, actual);
};

const stabilizeLegacyCheck: Check = (v) => {
  const i = v.input;
  const r = stabilizeLegacy(i.recommendations, i.desiredReplicas, i.downscaleStabilizationWindowSeconds, NOW);
  return diffExpected(v.expected, { replicas: r.replicas, recommendationCount: r.recommendations.length });
};

const stabilizeBehaviorCheck: Check = (v) => {
  const i = v.input;
  const r = stabilizeWithBehavior(
    {
      currentReplicas: i.currentReplicas,
      desiredReplicas: i.desiredReplicas,
      scaleUpWindowSeconds: i.scaleUpStabilizationWindowSeconds,
      scaleDownWindowSeconds: i.scaleDownStabilizationWindowSeconds,
      recommendations: i.recommendations,
    },
    NOW,
  );
  return diffExpected(v.expected, { replicas: r.replicas, recommendationsAfter: r.recommendations.map((x) => x.replicas) });
};

const rateLimitBehaviorCheck: Check = (v) => {
  const i = v.input;
  const r = rateLimitWithBehavior(
    {
      currentReplicas: i.currentReplicas,
      desiredReplicas: i.desiredReplicas,
      minReplicas: i.minReplicas,
      maxReplicas: i.maxReplicas,
      scaleUp: i.scaleUp,
      scaleDown: i.scaleDown,
      scaleUpEvents: events(i.scaleUpEvents),
      scaleDownEvents: events(i.scaleDownEvents),
    },
    NOW,
  );
  return diffExpected(v.expected, { replicas: r.replicas, condition: r.reason });
};

const scaleLimitCheck: Check = (v) => {
  const i = v.input;
  const fn = i.direction === 'up' ? scaleUpLimit : scaleDownLimit;
  const limit = fn(i.currentReplicas, events(i.scaleUpEvents), events(i.scaleDownEvents), i.rules, NOW);
  return diffExpected(v.expected, { limit });
};

const legacyClampCheck: Check = (v) => {
  const i = v.input;
  const r = legacyClamp(i.currentReplicas, i.desiredReplicas, i.minReplicas, i.maxReplicas, i.scaleUpLimitFactor, i.scaleUpLimitMinimum);
  return diffExpected(v.expected, { replicas: r.replicas, condition: r.reason });
};

const scaleEventStoreCheck: Check = (v) => {
  const i = v.input;
  const previous = events(i.previousEvents);
  const rules: ScalingRules | null = i.rules;
  const behavior = i.behaviorSet && rules ? { scaleUp: rules, scaleDown: rules } : null;
  const up = i.direction === 'up';
  const changeInLast60sBefore = replicasChangePerPeriod(60, previous, NOW);
  const lists = { scaleUpEvents: up ? previous : [], scaleDownEvents: up ? [] : previous };
  const after = storeScaleEvent(behavior, lists, i.prevReplicas, i.newReplicas, NOW);
  return diffExpected(v.expected, { changeInLast60sBefore, eventsAfter: up ? after.scaleUpEvents : after.scaleDownEvents });
};

const reconcileCheck: Check = (v) => {
  const input = v.input as ReconcileInput;
  const r = reconcile(
    {
      ...input,
      history: {
        recommendations: input.history.recommendations,
        scaleUpEvents: events(input.history.scaleUpEvents),
        scaleDownEvents: events(input.history.scaleDownEvents),
      },
    },
    NOW,
  );
  return diffExpected(v.expected, r);
};

export const hpaChecks: Record<string, Check> = {
  replicaCalc,
  groupPods: groupPodsCheck,
  stabilizeLegacy: stabilizeLegacyCheck,
  stabilizeBehavior: stabilizeBehaviorCheck,
  rateLimitBehavior: rateLimitBehaviorCheck,
  scaleLimit: scaleLimitCheck,
  legacyClamp: legacyClampCheck,
  scaleEventStore: scaleEventStoreCheck,
  reconcile: reconcileCheck,
};
