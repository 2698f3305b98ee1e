/** One metric's proposal: tolerance band, pod grouping boundaries, integer utilisation, missing/unready fill-ins. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  computeReplicaProposal,
  groupPods,
  isWithinTolerance,
  podSamples,
  resolveTolerances,
  type CalcParams,
  type HpaPod,
  type MetricSources,
  type MetricSpec,
} from '../../../src/k8s/hpa/index.js';
import { cpuPod, ZERO } from './fixtures.js';

const PARAMS: CalcParams = { tolerances: { scaleUp: 0.1, scaleDown: 0.1 }, cpuInitializationPeriod: 120, initialReadinessDelay: 10 };

function cpu(target: number): MetricSpec {
  return { type: 'Resource', name: 'cpu', target: { type: 'Utilization', averageUtilization: target } };
}

function sources(currentReplicas: number, pods: HpaPod[], extra: Partial<MetricSources> = {}): MetricSources {
  return { currentReplicas, statusReplicas: currentReplicas, pods, ...extra };
}

function propose(metric: MetricSpec, src: MetricSources, params: CalcParams = PARAMS) {
  const r = computeReplicaProposal(metric, src, params, 0);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

const n = (count: number, request: number, usage: number | null): HpaPod[] =>
  Array.from({ length: count }, (_, i) => cpuPod(`p${i}`, request, usage));

const toleranceRows: Array<[string, number, { scaleUp: number; scaleDown: number }, boolean]> = [
  ['a ratio exactly at 1 + scale-up tolerance is within (inclusive)', 1.1, { scaleUp: 0.1, scaleDown: 0.1 }, true],
  ['a ratio exactly at 1 − scale-down tolerance is within (inclusive)', 0.9, { scaleUp: 0.1, scaleDown: 0.1 }, true],
  ['a ratio just above the band is outside', 1.1000001, { scaleUp: 0.1, scaleDown: 0.1 }, false],
  ['a ratio just below the band is outside', 0.8999999, { scaleUp: 0.1, scaleDown: 0.1 }, false],
  ['the scale-up tolerance does not widen the scale-down side', 0.85, { scaleUp: 0.5, scaleDown: 0.1 }, false],
  ['the scale-down tolerance does not widen the scale-up side', 1.15, { scaleUp: 0.1, scaleDown: 0.5 }, false],
  ['a zero tolerance keeps only a ratio of exactly 1', 1, { scaleUp: 0, scaleDown: 0 }, true],
];
for (const [name, ratio, tol, within] of toleranceRows) {
  test(name, () => assert.is(isWithinTolerance(tol, ratio), within));
}

test('per-HPA tolerances replace the flag per direction only when the gate is on', () => {
  const behavior = { scaleUp: { tolerance: 0.01 }, scaleDown: { tolerance: null } };
  assert.equal(resolveTolerances(0.1, behavior, true), { scaleUp: 0.01, scaleDown: 0.1 });
  assert.equal(resolveTolerances(0.1, behavior, false), { scaleUp: 0.1, scaleDown: 0.1 });
  assert.equal(resolveTolerances(0.1, null, true), { scaleUp: 0.1, scaleDown: 0.1 });
});

const utilizationRows: Array<[string, HpaPod[], number, number, { replicas: number; utilization: number }]> = [
  ['utilisation exactly 110 % of the target keeps the current count', n(3, 1000, 550), 50, 3, { replicas: 3, utilization: 55 }],
  ['utilisation exactly 90 % of the target keeps the current count', n(3, 1000, 450), 50, 3, { replicas: 3, utilization: 45 }],
  ['55.6 % is truncated to 55 % before the ratio, so it stays within tolerance', n(3, 1000, 556), 50, 3, { replicas: 3, utilization: 55 }],
  ['56 % against 50 % leaves the band and scales to ceil(1.12 × 3)', n(3, 1000, 560), 50, 3, { replicas: 4, utilization: 56 }],
  ['44 % against 50 % scales down to ceil(0.88 × ready pods)', n(10, 1000, 440), 50, 10, { replicas: 9, utilization: 44 }],
  ['the fast path multiplies by ready pods, not by spec.replicas', n(2, 1000, 1000), 50, 5, { replicas: 4, utilization: 100 }],
];
for (const [name, pods, target, current, expected] of utilizationRows) {
  test(name, () => {
    const r = propose(cpu(target), sources(current, pods));
    assert.is(r.replicas, expected.replicas);
    assert.is(r.utilization, expected.utilization);
  });
}

test('a missing pod on a scale-down counts as 100 % of its request', () => {
  // 10 % measured; with the missing pod at 1000/1000: 1200/3000 = 40 % → ceil(0.8 × 3) = 3.
  const pods = [cpuPod('a', 1000, 100), cpuPod('b', 1000, 100), cpuPod('c', 1000, null)];
  const r = propose(cpu(50), sources(5, pods));
  assert.is(r.replicas, 3);
  assert.is(r.utilization, 10);
});

test('a missing pod on a scale-down counts as the target when the target is above 100 %', () => {
  // 20 % measured against 200 %; missing pod at 2000: 2200/2000 = 110 % → ceil(0.55 × 2) = 2.
  const pods = [cpuPod('a', 1000, 200), cpuPod('b', 1000, null)];
  assert.is(propose(cpu(200), sources(4, pods)).replicas, 2);
});

test('a missing pod on a scale-up counts as zero, which can bring the ratio back into tolerance', () => {
  const pods = [cpuPod('a', 1000, 1000), cpuPod('b', 1000, null)];
  assert.is(propose(cpu(50), sources(2, pods)).replicas, 2);
});

test('a missing pod on a raw-value scale-down counts as exactly the target', () => {
  const qps: MetricSpec = { type: 'Pods', name: 'qps', target: { type: 'AverageValue', averageValueMilli: 10000 } };
  const pod = (name: string, v: number | null): HpaPod => ({
    ...cpuPod(name, 1000, null),
    metrics: v === null ? {} : { qps: { value: v, timestamp: 0, window: 60 } },
  });
  // average 2000 → 0.2; with the missing pod at 10000: 6000 → 0.6 → ceil(1.2) = 2.
  const r = propose(qps, sources(4, [pod('a', 2000), pod('b', null)]));
  assert.is(r.replicas, 2);
  assert.is(r.rawMetric, 2000);
});

test('unready pods join a scale-up at zero usage but stay out of a scale-down', () => {
  const unready = { ready: false, startTime: 0, readyTransitionTime: 0 };
  const up = [cpuPod('a', 1000, 800), cpuPod('b', 1000, 800), cpuPod('c', 1000, 900, unready)];
  // 80 % measured on the ready pods (→ 4 if c were left out); c at 0: 1600/3000 = 53 % → within → keep 3.
  assert.is(propose(cpu(50), sources(3, up)).replicas, 3);
  const down = [cpuPod('a', 1000, 100), cpuPod('b', 1000, 900, unready)];
  // 10 % measured on the ready pod only: ceil(0.2 × 1) = 1.
  assert.is(propose(cpu(50), sources(2, down)).replicas, 1);
});

test('Object Value proposals multiply by Running and Ready pods; within tolerance they keep spec.replicas', () => {
  const obj: MetricSpec = { type: 'Object', name: 'qps', target: { type: 'Value', valueMilli: 10000 } };
  const pods = [cpuPod('a', 1000, null), cpuPod('b', 1000, null, { ready: false }), cpuPod('c', 1000, null, { phase: 'Pending' })];
  assert.is(propose(obj, sources(3, pods, { objectMetrics: { qps: 30000 } })).replicas, 3);
  assert.is(propose(obj, sources(3, pods, { objectMetrics: { qps: 10500 } })).replicas, 3);
});

test('External AverageValue proposals use status.replicas and report ceil(total / status.replicas)', () => {
  const ext: MetricSpec = { type: 'External', name: 'q', target: { type: 'AverageValue', averageValueMilli: 1000 } };
  const r = propose(ext, { currentReplicas: 2, statusReplicas: 3, pods: [], externalMetrics: { q: [2500, 2500] } });
  assert.equal([r.replicas, r.rawMetric], [5, 1667]);
  const within = propose(ext, { currentReplicas: 2, statusReplicas: 5, pods: [], externalMetrics: { q: [5200] } });
  assert.is(within.replicas, 5);
});

const errorRows: Array<[string, MetricSpec, MetricSources, string]> = [
  ['an unknown metric type is an error', { type: 'CheddarCheese' }, sources(1, n(1, 1000, 100)), 'unknown metric source type "CheddarCheese"'],
  ['a pod without a cpu request fails the whole metric', cpu(50), sources(2, [cpuPod('a', 1000, 100), { ...cpuPod('b', 0, 100), requests: {} }]), 'missing request for cpu'],
  ['no samples at all is a metrics API error', cpu(50), sources(1, n(1, 1000, null)), 'no metrics returned from resource metrics API'],
  ['no pods is an error', cpu(50), { ...sources(1, []), extraMetrics: [{ podName: 'x', metrics: { cpu: { value: 1, timestamp: 0, window: 60 } } }] }, 'no pods returned by selector'],
  ['only unready samples is an error', cpu(50), sources(1, [cpuPod('a', 1000, 100, { phase: 'Pending' })]), 'did not receive metrics for targeted pods'],
  ['a failing external fetch is an error', { type: 'External', name: 'q', target: { type: 'Value', valueMilli: 1 } }, sources(1, []), 'unable to get external metric q'],
  ['an empty external series is an error', { type: 'External', name: 'q', target: { type: 'Value', valueMilli: 1 } }, { ...sources(1, []), externalMetrics: { q: [] } }, 'no metrics returned from external metrics API'],
];
for (const [name, metric, src, error] of errorRows) {
  test(name, () => {
    const r = computeReplicaProposal(metric, src, PARAMS, 0);
    assert.ok(!r.ok, 'expected an error');
    if (!r.ok) assert.ok(r.error.includes(error), r.error);
  });
}

// Pod grouping boundaries (replica_calculator.go groupPods): `now` is 1000 here.
const NOW = 1000;
const groupRows: Array<[string, Partial<HpaPod>, number, 'ready' | 'unready']> = [
  ['an initialising pod whose sample window began exactly at the readiness transition counts', { startTime: 950, readyTransitionTime: 900 }, 960, 'ready'],
  ['an initialising pod whose sample window began one second before the transition is unready', { startTime: 950, readyTransitionTime: 901 }, 960, 'unready'],
  ['an initialising pod that is not ready is unready', { startTime: 950, readyTransitionTime: 0, ready: false }, 1000, 'unready'],
  ['a pod exactly at the end of its initialisation period is past it', { startTime: 880, readyTransitionTime: 990 }, 1000, 'ready'],
  ['an initialised pod unready exactly initialReadinessDelay after start has been ready before', { startTime: 500, readyTransitionTime: 510, ready: false }, 1000, 'ready'],
  ['an initialised pod unready within initialReadinessDelay of start has never been ready', { startTime: 500, readyTransitionTime: 509, ready: false }, 1000, 'unready'],
  ['a pod without a Ready condition is unready for cpu', { ready: null }, 1000, 'unready'],
  ['a pod without a start time is unready for cpu', { startTime: null }, 1000, 'unready'],
  ['a Succeeded pod is not ignored', { phase: 'Succeeded' }, 1000, 'ready'],
];
for (const [name, over, sampleAt, group] of groupRows) {
  test(name, () => {
    const pod = { ...cpuPod('p', 1000, null), ...over, metrics: { cpu: { value: 1, timestamp: sampleAt, window: 60 } } };
    const g = groupPods([pod], podSamples([pod], undefined, 'cpu'), 'cpu', PARAMS, NOW);
    assert.is(g.readyPodCount === 1 ? 'ready' : 'unready', group);
  });
}

test('memory and custom metrics skip the cpu readiness rules', () => {
  const pod: HpaPod = { ...cpuPod('p', 1000, null), ready: null, startTime: null, metrics: { memory: { value: 1, timestamp: ZERO, window: 60 } } };
  assert.is(groupPods([pod], podSamples([pod], undefined, 'memory'), 'memory', PARAMS, NOW).readyPodCount, 1);
  assert.is(groupPods([pod], podSamples([pod], undefined, 'memory'), null, PARAMS, NOW).readyPodCount, 1);
});

test('deleted and Failed pods are ignored before anything else; Pending pods are unready', () => {
  const pods = [
    cpuPod('gone', 1000, 1, { deleted: true, phase: 'Pending' }),
    cpuPod('dead', 1000, 1, { phase: 'Failed' }),
    cpuPod('wait', 1000, null, { phase: 'Pending' }),
    cpuPod('nodata', 1000, null),
  ];
  const g = groupPods(pods, podSamples(pods, undefined, 'cpu'), 'cpu', PARAMS, NOW);
  assert.equal(g, { readyPodCount: 0, unready: ['wait'], missing: ['nodata'], ignored: ['gone', 'dead'] });
});

test.run();
