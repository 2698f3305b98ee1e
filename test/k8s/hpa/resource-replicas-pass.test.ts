/**
 * getResourceReplicas works in one pass over the pods, without per-name maps. It must give exactly what
 * upstream's sample-map arithmetic gives (replica_calculator.go GetResourceReplicas: groupPods, removeMetricsForPods,
 * calculatePodRequests, GetResourceUtilizationRatio, the missing/unready fill-ins): that arithmetic is written
 * out here with the maps, and both are run on random pod lists (unique names, integer values, optional extra
 * samples for listed and unlisted pods, missing requests, every phase and readiness).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import {
  getResourceReplicas,
  groupPods,
  isWithinTolerance,
  podRequests,
  podSamples,
  resourceUtilizationRatio,
  type CalcParams,
  type CalcResult,
  type ExtraPodMetrics,
  type HpaPod,
  type MetricSources,
} from '../../../src/k8s/hpa/index.js';

const NOW = 1000;

/** The map-based arithmetic, step by step as upstream writes it. */
function reference(
  target: number,
  resource: string,
  sources: MetricSources,
  params: CalcParams,
): CalcResult<{ replicas: number; utilization: number; rawAverage: number }> {
  const { currentReplicas, pods } = sources;
  const all = podSamples(pods, sources.extraMetrics, resource);
  if (all.size === 0) return { ok: false, error: `unable to get metrics for resource ${resource}: no metrics returned from resource metrics API` };
  if (pods.length === 0) return { ok: false, error: 'no pods returned by selector while calculating replica count' };
  const groups = groupPods(pods, all, resource, params, NOW);
  const dropped = new Set([...groups.ignored, ...groups.unready]);
  const samples = new Map<string, number>();
  for (const [name, s] of all) if (!dropped.has(name)) samples.set(name, s.value);
  if (samples.size === 0) return { ok: false, error: 'did not receive metrics for targeted pods (pods might be unready)' };
  const req = podRequests(pods, resource);
  if (!req.ok) return req;
  const requests = req.value;
  const first = resourceUtilizationRatio(samples, requests, target);
  if (!first.ok) return first;
  const { ratio, utilization, rawAverage } = first.value;
  const done = (replicas: number) => ({ ok: true as const, value: { replicas, utilization, rawAverage } });
  const scaleUpWithUnready = groups.unready.length > 0 && ratio > 1.0;
  if (!scaleUpWithUnready && groups.missing.length === 0) {
    if (isWithinTolerance(params.tolerances, ratio)) return done(currentReplicas);
    return done(Math.ceil(ratio * groups.readyPodCount));
  }
  if (groups.missing.length > 0) {
    const fallback = Math.max(100, target);
    if (ratio < 1.0) for (const name of groups.missing) samples.set(name, Math.trunc(((requests.get(name) ?? 0) * fallback) / 100));
    else if (ratio > 1.0) for (const name of groups.missing) samples.set(name, 0);
  }
  if (scaleUpWithUnready) for (const name of groups.unready) samples.set(name, 0);
  const second = resourceUtilizationRatio(samples, requests, target);
  if (!second.ok) return second;
  const newRatio = second.value.ratio;
  const t = params.tolerances;
  if (isWithinTolerance(t, newRatio) || (ratio < 1.0 && newRatio > 1.0) || (ratio > 1.0 && newRatio < 1.0)) return done(currentReplicas);
  const replicas = Math.ceil(newRatio * samples.size);
  if ((newRatio < 1.0 && replicas > currentReplicas) || (newRatio > 1.0 && replicas < currentReplicas)) return done(currentReplicas);
  return done(replicas);
}

const sample = (value: number, timestamp: number) => ({ value, timestamp, window: 30 });

const podArb = fc.record({
  phase: fc.constantFrom('Running', 'Running', 'Running', 'Pending', 'Failed', 'Succeeded'),
  deletedFlag: fc.integer({ min: 0, max: 9 }),
  ready: fc.constantFrom(true, true, true, false, null),
  readyTransition: fc.integer({ min: 0, max: 1000 }),
  start: fc.option(fc.integer({ min: 700, max: 1000 }), { nil: null, freq: 8 }),
  request: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined, freq: 30 }),
  usage: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: null, freq: 5 }),
  sampleAt: fc.integer({ min: 900, max: 1000 }),
});

const caseArb = fc.record({
  pods: fc.array(podArb, { maxLength: 12 }),
  extras: fc.array(fc.record({ listed: fc.boolean(), index: fc.integer({ min: 0, max: 15 }), usage: fc.integer({ min: 0, max: 3000 }) }), { maxLength: 4 }),
  target: fc.integer({ min: 1, max: 200 }),
  current: fc.integer({ min: 0, max: 20 }),
  tolerance: fc.constantFrom(0, 0.1, 0.5),
});

test('one pass = the map arithmetic, on random pods (500 cases, seeded)', () => {
  fc.assert(
    fc.property(caseArb, (c) => {
      const pods: HpaPod[] = c.pods.map((p, i) => ({
        name: `p${i}`,
        phase: p.phase as HpaPod['phase'],
        deleted: p.deletedFlag === 0,
        ready: p.ready,
        readyTransitionTime: p.readyTransition,
        startTime: p.start,
        requests: (p.request === undefined ? {} : { cpu: p.request }) as Record<string, number>,
        metrics: (p.usage === null ? {} : { cpu: sample(p.usage, p.sampleAt) }) as HpaPod['metrics'],
      }));
      const extraMetrics: ExtraPodMetrics[] = c.extras.map((e) => ({
        podName: e.listed && pods.length > 0 ? `p${e.index % pods.length}` : `x${e.index}`,
        metrics: { cpu: sample(e.usage, 990) },
      }));
      const sources: MetricSources = { currentReplicas: c.current, statusReplicas: c.current, pods, ...(extraMetrics.length ? { extraMetrics } : {}) };
      const params: CalcParams = { tolerances: { scaleUp: c.tolerance, scaleDown: c.tolerance }, cpuInitializationPeriod: 120, initialReadinessDelay: 10 };
      assert.equal(getResourceReplicas(c.target, 'cpu', undefined, sources, params, NOW), reference(c.target, 'cpu', sources, params));
    }),
    { seed: 20, numRuns: 500 },
  );
});

test.run();
