/**
 * Load classes (world/routing.ts) settle the pods that share a load once per class instead of once per pod.
 * They must not change what happens: for bundled scenarios the run with classes and the run settling every pod
 * alone give the same events, conditions and HPA decisions, and figures equal to within float rounding (sums
 * taken in another order). Scenarios the classes do not cover (memory, closed-loop clients) take the per-pod
 * path in both runs and must be identical to the last bit.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenario } from '../../src/scenario/index.js';
import { simulate } from '../../src/world/simulate.js';

/** Compares two JSON-like values; numbers within a relative 1e-9 (NaN equals NaN). Returns the first difference. */
function firstDifference(a: unknown, b: unknown, path = ''): string | null {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) && Number.isNaN(b)) return null;
    if (a === b) return null;
    return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)) ? null : `${path}: ${a} vs ${b}`;
  }
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) return firstDifference(Array.from(a as Float64Array), Array.from(b as Float64Array), path);
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}: length ${a.length} vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return a === b ? null : `${path}: ${String(a)} vs ${String(b)}`;
}

const CLASSED = ['seed-api', 'overload', 'bad-release', 'crash-overnight', 'hpa-behaviors', 'namespaces', 'node-failure', 'rolling-update'];

for (const name of CLASSED) {
  test(`${name}: classes change nothing but float rounding`, async () => {
    const s = await loadScenario(`scenarios/${name}.yaml`);
    const classed = simulate(s);
    const alone = simulate(s, { loadClasses: false });
    assert.equal(classed.events, alone.events);
    assert.equal(classed.conditions, alone.conditions);
    assert.equal(classed.hpaDecisions, alone.hpaDecisions);
    assert.is(firstDifference(classed.summary, alone.summary, 'summary'), null);
    assert.is(firstDifference(classed.timeseries, alone.timeseries, 'timeseries'), null);
  });
}

test('a scenario with a memory model settles every pod alone either way: identical to the bit', async () => {
  const s = await loadScenario('scenarios/sidecar-memory.yaml');
  const a = simulate(s);
  const b = simulate(s, { loadClasses: false });
  assert.is(JSON.stringify(a.summary), JSON.stringify(b.summary));
  assert.equal(a.events, b.events);
});

test('per-second noise: settle events only where probes could change their answer, not one per second', async () => {
  const s = await loadScenario('scenarios/seed-api.yaml');
  const classed = simulate(s);
  const alone = simulate(s, { loadClasses: false });
  const seconds = s.durationMs / 1000;
  // settling every pod alone needs an event at every one-second noise break
  assert.ok(alone.stats.events > seconds, `per pod: ${alone.stats.events} events in ${seconds} s`);
  assert.ok(classed.stats.events < alone.stats.events - 0.8 * seconds, `classes: ${classed.stats.events} vs ${alone.stats.events}`);
});

test('an HPA growing to 150 pods: pods moved between classes one by one give what settling each pod alone gives', async () => {
  const { largeScenario } = await import('../../src/bench/cases/scenarios.js');
  const yaml = largeScenario(150);
  const s = await loadScenario('-', { readStdin: async () => yaml });
  const classed = simulate(s);
  const alone = simulate(s, { loadClasses: false });
  assert.ok(classed.summary.replicas.max >= 100, `max ${classed.summary.replicas.max}`);
  assert.equal(classed.events, alone.events);
  assert.equal(classed.hpaDecisions, alone.hpaDecisions);
  assert.is(firstDifference(classed.summary, alone.summary, 'summary'), null);
  assert.is(firstDifference(classed.timeseries, alone.timeseries, 'timeseries'), null);
});

test.run();
