/**
 * The comparison of variants — from a sweep, a merge of shards, or earlier runs' folders — as data and as the
 * two data files:
 *
 *   ComparisonInput (variants × seeds run records) ──buildComparison──▶ rows (mean + 95 % CI per metric, SLO
 *   standing), Pareto frontier, recommendation ──comparisonCsv / comparisonJson──▶ comparison.csv / .json
 *
 * Both files depend only on the input's numbers, in variant index order, rounded by fixed rules (the metric
 * table in comparison-metrics.ts), so a sweep, its shards merged, and any worker count give the same bytes.
 */
import { paretoFrontier, recommend, sloShortfall, type Recommendation, type Shortfall } from './frontier.js';
import { METRICS, type MetricKey } from '../results/figures.js';
import type { ReadySeries, RunRecord } from './records.js';
import { meanCi, type MeanCi } from './stats.js';
import type { SloTargets } from '../results/types.js';

export interface ComparedVariant {
  index: number;
  name: string;
  /** Setting key → value (only the settings this variant has). */
  settings: Record<string, unknown>;
  /** One per seed. */
  runs: RunRecord[];
  series: ReadySeries | null;
}

export interface ComparisonInput {
  name: string;
  /** `sweep` (a sweep or merged shards) or `compare` (earlier runs' folders). */
  source: 'sweep' | 'compare';
  /** The sweep's identity hash (null for `compare`). */
  hash: string | null;
  /** Column order of the settings. */
  settingKeys: string[];
  /** In index order. */
  variants: ComparedVariant[];
  /** The variant savings are measured against: the scenario as written. */
  baseline: number | null;
  slo: SloTargets | null;
}

export interface VariantRow {
  index: number;
  name: string;
  settings: Record<string, unknown>;
  seeds: number[];
  slo: Shortfall;
  pareto: boolean;
  metrics: Record<MetricKey, MeanCi>;
}

export interface Comparison {
  input: ComparisonInput;
  rows: VariantRow[];
  /** Indices on the cost / failed-requests frontier, cheapest first. */
  frontier: number[];
  recommendation: Recommendation;
}

export function buildComparison(input: ComparisonInput): Comparison {
  const variants = [...input.variants].sort((a, b) => a.index - b.index);
  const rows: VariantRow[] = variants.map((v) => {
    const metrics = {} as Record<MetricKey, MeanCi>;
    for (const m of METRICS) metrics[m.key] = meanCi(v.runs.map((r) => r.values[m.key]));
    return { index: v.index, name: v.name, settings: v.settings, seeds: v.runs.map((r) => r.seed), slo: sloShortfall(v.runs.map((r) => r.slo)), pareto: false, metrics };
  });
  const frontier = paretoFrontier(rows.map((r) => ({ index: r.index, cost: r.metrics.cost_total.mean, failed: r.metrics.requests_failed.mean })));
  for (const r of rows) r.pareto = frontier.includes(r.index);
  const recommendation = recommend(rows.map((r) => ({ index: r.index, cost: r.metrics.cost_total.mean, slo: r.slo })), input.baseline);
  return { input: { ...input, variants }, rows, frontier, recommendation };
}

// ---- number rounding (both files) ----

