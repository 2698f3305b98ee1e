/**
 * `simulate(s, { rowPercentiles: false })` (what a sweep runs) leaves the rows' latency_p50/p95/p99 empty and
 * changes nothing else: the summary, every other timeseries column, the revisions, events, conditions and HPA
 * decisions are the same to the last bit as the full run's. The rows with more components than the exact
 * mixture takes (a 5-minute row of per-second noise) are where the interval's histogram must still be spread
 * as reading it would spread it, or the run's percentiles move.
 */
import { readdirSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenario } from '../../src/scenario/index.js';
import type { RunResult } from '../../src/results/types.js';
import { simulate } from '../../src/world/simulate.js';
import { deployment, hpa, scenario } from './world-fixture.js';

const LATENCY = new Set(['latency_p50_ms', 'latency_p95_ms', 'latency_p99_ms']);

/** The whole result as JSON, typed arrays as plain arrays (NaN as null), the rows' percentiles left out. */
function withoutRowPercentiles(r: RunResult): string {
  const columns = Object.fromEntries(Object.entries(r.timeseries.columns).filter(([k]) => !LATENCY.has(k)).map(([k, v]) => [k, Array.from(v as ArrayLike<number>)]));
  return JSON.stringify({ ...r, timeseries: { ...r.timeseries, columns } }, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v));
}

function assertSame(full: RunResult, lean: RunResult): void {
  assert.is(withoutRowPercentiles(lean), withoutRowPercentiles(full));
  for (const k of LATENCY) {
    const col = lean.timeseries.columns[k] as ArrayLike<number>;
    assert.ok(Array.from(col).every(Number.isNaN), `${k} is left empty`);
  }
}

const bundled = readdirSync('scenarios').filter((f) => f.endsWith('.yaml') && !f.endsWith('.sweep.yaml'));

test('bundled scenarios: the same result without the rows\' percentiles', async () => {
  assert.ok(bundled.length >= 10, `bundled scenarios found: ${bundled.length}`);
  for (const f of bundled) {
    const s = await loadScenario(`scenarios/${f}`);
    const full = simulate(s);
    assert.ok(Array.from(full.timeseries.columns.latency_p99_ms as ArrayLike<number>).some(Number.isFinite), `${f}: the full run has percentiles`);
    assertSame(full, simulate(s, { rowPercentiles: false }));
  }
});

for (const sampleIntervalMs of [1000, 10_000, 300_000]) {
  test(`per-second noise, ${sampleIntervalMs / 1000} s rows: the same summary and series`, () => {
    const s = scenario({
      durationMs: 3_600_000,
      sampleIntervalMs,
      hpas: [hpa({ min: 2, max: 20, target: 50 })],
      deployments: [deployment({ replicas: 2 })],
      traffic: [{ kind: 'diurnal', min: 50, max: 900, periodMs: 3_600_000, peakAtMs: 1_800_000 }, { kind: 'noise', noise: 'poisson' }],
      app: { cpuPerRequestMs: 2, idleMilli: 5, startupMs: 8000, serviceTimeMs: 20 },
    });
    const full = simulate(s);
    assert.ok(full.summary.scaling.scaleUps > 0, 'the HPA acted');
    assertSame(full, simulate(s, { rowPercentiles: false }));
  });
}

test.run();
