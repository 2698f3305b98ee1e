/**
 * What a comparison keeps of one run: every summary number as a flat record (`RunRecord`), the SLO checks, and
 * the ready pods over time downsampled to at most 500 points. The same records come from a sweep's workers,
 * from a shard.json, and from an earlier run's summary.json + timeseries.csv (`kubesim compare`).
 *
 * The metric table fixes the column order of comparison.csv/json and how each number is rounded there.
 */
import { binTimeseries } from '../results/bin.js';
import { METRICS, type MetricKey } from '../results/figures.js';
import type { Column, SloCheck, Summary as RunSummary } from '../results/types.js';

/** One SLO check of one run (the detail text is rebuilt when shown). */
export type RunCheck = Pick<SloCheck, 'name' | 'target' | 'actual' | 'met'>;

/** One run (one seed) of one variant. Non-finite numbers mean "nothing measured". */
export interface RunRecord {
  seed: number;
  values: Record<MetricKey, number>;
  /** Null when the scenario has no SLO. */
  slo: RunCheck[] | null;
}

/** Ready pods over time (seconds), downsampled. */
export interface ReadySeries {
  time: number[];
  ready: number[];
}

export const SERIES_POINTS = 500;

/** A summary (with `slo` when evaluated) as a run record. Fields a summary lacks (an older summary.json) are NaN. */
export function runRecord(summary: Partial<RunSummary> & Pick<RunSummary, 'seed'>): RunRecord {
  const values = {} as Record<MetricKey, number>;
  for (const m of METRICS) {
    let v: number | undefined;
    try {
      v = m.get(summary as RunSummary);
    } catch {
      v = undefined; // a section missing from an older summary.json
    }
    values[m.key] = typeof v === 'number' ? v : NaN;
  }
  const slo = summary.slo ? summary.slo.checks.map((c) => ({ name: c.name, target: c.target, actual: num(c.actual), met: c.met })) : null;
  return { seed: summary.seed, values, slo };
}

/** `ready_pods` over time, as bucket means, at most `points` points (times and values to 3 decimals). */
export function readySeries(time: Column, ready: Column, points = SERIES_POINTS): ReadySeries {
  const binned = binTimeseries({ time, ready_pods: ready }, points);
  const values = binned.columns.get('ready_pods') ?? new Float64Array(0);
  const r3 = (x: number): number => (Number.isFinite(x) ? Math.round(x * 1000) / 1000 : NaN);
  return { time: Array.from(binned.time, r3), ready: Array.from(values, r3) };
}

/** JSON.stringify replacer that keeps NaN and ±Infinity (as strings), so records survive a shard.json exactly. */
export function keepNonFinite(_key: string, v: unknown): unknown {
  return typeof v === 'number' && !Number.isFinite(v) ? String(v) : v;
}

/** A number read back from JSON: a number, or "NaN"/"Infinity"/"-Infinity" as `keepNonFinite` wrote it. */
export function num(v: unknown): number {
  if (typeof v === 'number') return v;
  return v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : NaN;
}

/** A run record read back from JSON (shard.json), with its non-finite numbers restored. */
export function reviveRunRecord(raw: unknown): RunRecord {
  const r = (raw ?? {}) as { seed?: unknown; values?: Record<string, unknown>; slo?: unknown };
  const values = {} as Record<MetricKey, number>;
  for (const m of METRICS) values[m.key] = num(r.values?.[m.key]);
  const slo = Array.isArray(r.slo)
    ? r.slo.map((c: { name?: unknown; target?: unknown; actual?: unknown; met?: unknown }) => ({
        name: String(c.name),
        target: num(c.target),
        actual: num(c.actual),
        met: c.met === true,
      }))
    : null;
  return { seed: num(r.seed), values, slo };
}

export function reviveSeries(raw: unknown): ReadySeries | null {
  const s = raw as { time?: unknown; ready?: unknown } | null;
  if (!s || !Array.isArray(s.time) || !Array.isArray(s.ready)) return null;
  return { time: s.time.map(num), ready: s.ready.map(num) };
}
