/**
 * The run's figures as comparisons show them: the metric table (column order of comparison.csv/json, how each
 * number is read from a summary and rounded), and how a setting's value reads in a name or a cell.
 */
import type { Summary as RunSummary } from './types.js';

/** How a metric is rounded in the outputs (files.ts's summary.json rules). */
export type Rounding = 'availability' | 'ms' | 'seconds' | 'general';

export interface MetricDef {
  key: string;
  get: (s: RunSummary) => number | undefined;
  round: Rounding;
  /** Headline numbers get a 95 % confidence interval over seeds. */
  headline: boolean;
}

export const METRICS = [
  { key: 'availability', get: (s) => s.availability, round: 'availability', headline: true },
  { key: 'requests_failed', get: (s) => s.requests.failed, round: 'general', headline: true },
  { key: 'latency_p99_ms', get: (s) => s.latency.p99, round: 'ms', headline: true },
  { key: 'cost_total', get: (s) => s.cost.total, round: 'general', headline: true },
  { key: 'outage_seconds', get: (s) => s.outageSeconds, round: 'seconds', headline: true },
  { key: 'replicas_mean', get: (s) => s.replicas.mean, round: 'general', headline: true },
  { key: 'requests_offered', get: (s) => s.requests.offered, round: 'general', headline: false },
  { key: 'requests_served', get: (s) => s.requests.served, round: 'general', headline: false },
  { key: 'latency_p50_ms', get: (s) => s.latency.p50, round: 'ms', headline: false },
  { key: 'latency_p95_ms', get: (s) => s.latency.p95, round: 'ms', headline: false },
  { key: 'replicas_min', get: (s) => s.replicas.min, round: 'general', headline: false },
  { key: 'replicas_max', get: (s) => s.replicas.max, round: 'general', headline: false },
  { key: 'cost_cpu_core_hours', get: (s) => s.cost.cpuCoreHours, round: 'general', headline: false },
  { key: 'cost_memory_gib_hours', get: (s) => s.cost.memoryGiBHours, round: 'general', headline: false },
  { key: 'scale_ups', get: (s) => s.scaling.scaleUps, round: 'general', headline: false },
  { key: 'scale_downs', get: (s) => s.scaling.scaleDowns, round: 'general', headline: false },
  { key: 'restarts', get: (s) => s.restarts, round: 'general', headline: false },
  { key: 'events', get: (s) => s.events, round: 'general', headline: false },
  { key: 'rollouts', get: (s) => s.rollouts.length, round: 'general', headline: false },
  { key: 'rollouts_completed', get: (s) => s.rollouts.filter((r) => r.completedAt !== null).length, round: 'general', headline: false },
  {
    key: 'rollout_seconds_max',
    // the longest completed rollout (NaN when none completed; rollouts_completed says how many did)
    get: (s) => s.rollouts.reduce((m, r) => (r.durationSeconds === null ? m : Number.isNaN(m) ? r.durationSeconds : Math.max(m, r.durationSeconds)), NaN),
    round: 'seconds',
    headline: false,
  },
] as const satisfies readonly MetricDef[];

export type MetricKey = (typeof METRICS)[number]['key'];
export const HEADLINE_KEYS = METRICS.filter((m) => m.headline).map((m) => m.key);

/** A setting's value as it reads in a name or a cell: strings as they are, the rest as JSON. */
export function showValue(v: unknown): string {
  return typeof v === 'string' ? v : v === null || v === undefined ? '(removed)' : JSON.stringify(v);
}

const roundTo = (x: number, decimals: number): number => {
  const f = 10 ** decimals;
  const r = Math.round(x * f) / f;
  return r === 0 ? 0 : r;
};

/** Rounds for the outputs; null for NaN/Infinity (nothing measured). */
export function roundMetric(x: number | null, rule: Rounding): number | null {
  if (x === null || !Number.isFinite(x)) return null;
  if (Number.isInteger(x)) return x === 0 ? 0 : x;
  switch (rule) {
    case 'availability': {
      const r = roundTo(x, 9);
      return r === 1 && x < 1 ? Number(x.toPrecision(15)) : r; // never shown as 1 unless it is
    }
    case 'ms':
    case 'seconds':
      return roundTo(x, 3);
    case 'general':
      return Math.abs(x) >= 1e5 ? roundTo(x, 1) : roundTo(Number(x.toPrecision(6)), 12);
  }
}
