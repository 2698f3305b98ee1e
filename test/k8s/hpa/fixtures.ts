/** Builders shared by the HPA unit tests (not a test file itself). */
import type { HpaParams, HpaPod, MetricSpec, ReconcileInput, ScalingRules } from '../../../src/k8s/hpa/index.js';

/** Go's zero time, as the vectors write it. */
export const ZERO = -10000000000;

/** A long-running, ready pod with a cpu request and (optionally) a cpu sample taken at `now`. */
export function cpuPod(name: string, requestMilli: number, usageMilli: number | null, over: Partial<HpaPod> = {}, now = 0): HpaPod {
  return {
    name,
    phase: 'Running',
    deleted: false,
    ready: true,
    readyTransitionTime: ZERO,
    startTime: ZERO,
    requests: { cpu: requestMilli },
    metrics: usageMilli === null ? {} : { cpu: { value: usageMilli, timestamp: now, window: 60 } },
    ...over,
  };
}

export const TEST_PARAMS: HpaParams = {
  tolerance: 0.1,
  cpuInitializationPeriod: 120,
  initialReadinessDelay: 10,
  downscaleStabilizationWindow: 300,
  scaleUpLimitFactor: 2,
  scaleUpLimitMinimum: 4,
  configurableToleranceGate: true,
};

export const CPU_50: MetricSpec = { type: 'Resource', name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } };

export function rules(over: Partial<ScalingRules> = {}): ScalingRules {
  return { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [], tolerance: null, ...over };
}

/** A legacy (no behavior) HPA on cpu 50 % with no controller history yet. */
export function input(over: Partial<ReconcileInput> & { pods: HpaPod[]; specReplicas: number }): ReconcileInput {
  const { specReplicas, ...rest } = over;
  return {
    params: TEST_PARAMS,
    hpa: { minReplicas: 1, maxReplicas: 10, metrics: [CPU_50], behavior: null },
    scale: { specReplicas, statusReplicas: specReplicas },
    history: { recommendations: [], scaleUpEvents: [], scaleDownEvents: [] },
    ...rest,
  };
}
