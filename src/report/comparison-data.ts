/**
 * The comparison's data files and its recommendation in words:
 *
 *   Comparison ──comparisonCsv / comparisonJson──▶ comparison.csv / comparison.json
 *              ──recommendationText──▶ the paragraph the CLI prints and the report shows
 *
 * Both files depend only on the comparison's numbers, in variant index order, rounded by fixed rules (the metric
 * table in compare/records.ts), so a sweep, its shards merged, and any worker count give the same bytes.
 */
import { stringify } from 'csv-stringify/sync';
import type { Comparison, VariantRow } from '../compare/comparison.js';
import { METRICS, roundMetric, showValue, type MetricKey, type Rounding } from '../results/figures.js';
import { formatMoney, formatPercent } from '../results/format.js';
import { SLO_LABEL, sloDetail, type SloName } from '../results/slo.js';
import { safeText } from './csv-safe.js';

const RULE = Object.fromEntries(METRICS.map((m) => [m.key, m.round])) as Record<MetricKey, Rounding>;
const cell = (x: number | null): string => (x === null ? '' : String(x));

// ---- comparison.csv ----

/** The CSV header: index, variant, the settings, SLO columns, pareto, then each metric (headline ones with their CI). */
export function comparisonColumns(settingKeys: readonly string[]): string[] {
  const cols = ['index', 'variant', ...settingKeys, 'seeds', 'slo_met', 'slo_met_seeds', 'slo_shortfall', 'pareto'];
  for (const m of METRICS) {
    cols.push(m.key);
    if (m.headline) cols.push(`${m.key}_ci95_low`, `${m.key}_ci95_high`);
  }
  return cols;
}

export function comparisonCsv(c: Comparison): string {
  const keys = c.input.settingKeys;
  const rows = c.rows.map((r) => {
    const out = [
      String(r.index),
      safeText(r.name),
      ...keys.map((k) => (!(k in r.settings) ? '' : typeof r.settings[k] === 'number' ? showValue(r.settings[k]) : safeText(showValue(r.settings[k])))),
      String(r.seeds.length),
      r.slo.met === null ? '' : String(r.slo.met),
      r.slo.met === null ? '' : String(r.slo.metSeeds),
      r.slo.met === null ? '' : cell(roundMetric(r.slo.shortfall, 'general')),
      String(r.pareto),
    ];
    for (const m of METRICS) {
      const v = r.metrics[m.key];
      out.push(cell(roundMetric(v.mean, m.round)));
      if (m.headline) out.push(cell(roundMetric(v.low, m.round)), cell(roundMetric(v.high, m.round)));
    }
    return out;
  });
  // Key names with dots or brackets are fine as CSV headers; csv-stringify quotes what needs quoting.
  return stringify(rows, { header: true, columns: comparisonColumns(keys).map(safeText), record_delimiter: 'unix' });
}

// ---- comparison.json ----

export function comparisonJson(c: Comparison): string {
  const { input } = c;
  const doc = {
    kind: 'kubesim/comparison',
    name: input.name,
    source: input.source,
    sweepHash: input.hash,
    settings: input.settingKeys,
    slo: input.slo,
    baseline: input.baseline,
    variants: c.rows.map((r) => ({
      index: r.index,
      name: r.name,
      settings: r.settings,
      seeds: r.seeds,
      slo:
        r.slo.met === null
          ? null
          : {
              met: r.slo.met,
              metSeeds: r.slo.metSeeds,
              shortfall: roundMetric(r.slo.shortfall, 'general'),
              missed: r.slo.missed.map((m) => ({ name: m.name, target: m.worst.target, worst: m.worst.actual, missedOn: m.missedOn })),
            },
      pareto: r.pareto,
      metrics: Object.fromEntries(
        METRICS.map((m) => {
          const v = r.metrics[m.key];
          const mean = roundMetric(v.mean, RULE[m.key]);
          if (!m.headline) return [m.key, mean];
          const ci = v.low === null || v.high === null ? null : [roundMetric(v.low, m.round), roundMetric(v.high, m.round)];
          return [m.key, { mean, ci95: ci }];
        }),
      ),
    })),
    frontier: c.frontier,
    recommendation: recommendationJson(c),
  };
  return JSON.stringify(doc, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n';
}

function recommendationJson(c: Comparison): Record<string, unknown> {
  const r = c.recommendation;
  const text = recommendationText(c);
  if (r.status === 'meets-slo') {
    return {
      status: r.status,
      variant: r.index,
      name: rowOf(c, r.index).name,
      cost: roundMetric(r.cost, 'general'),
      baselineCost: roundMetric(r.baselineCost, 'general'),
      savings: roundMetric(r.savings, 'general'),
      savingsPercent: r.savingsFraction === null ? null : roundMetric(r.savingsFraction * 100, 'ms'),
      text,
    };
  }
  if (r.status === 'closest') {
    return { status: r.status, variant: r.index, name: rowOf(c, r.index).name, cost: roundMetric(r.cost, 'general'), shortfall: roundMetric(r.shortfall, 'general'), text };
  }
  return { status: r.status, text };
}

const rowOf = (c: Comparison, index: number): VariantRow => c.rows.find((r) => r.index === index)!;

// ---- the recommendation in words ----

const label = (i: number, name: string): string => (name === 'baseline' ? 'baseline (the scenario as written)' : `variant ${i} "${name}"`);
const seedsText = (n: number): string => (n === 1 ? 'the seed' : `all ${n} seeds`);

/** Why a variant misses its SLO: one phrase per missed target, worst seed first. */
export function missedText(row: VariantRow): string[] {
  return row.slo.missed.map((m) => {
    const known = m.name in SLO_LABEL;
    const detail = known ? sloDetail(m.name as SloName, m.worst.actual, m.worst.target, false) : `${m.name} ${m.worst.actual} vs target ${m.worst.target}`;
    return `${detail} (missed on ${m.missedOn} of ${m.seeds} seed${m.seeds === 1 ? '' : 's'})`;
  });
}

/** The recommendation as one paragraph (printed by the CLI, shown in the report, kept in comparison.json). */
export function recommendationText(c: Comparison): string {
  const r = c.recommendation;
  switch (r.status) {
    case 'no-variants':
      return 'No variants to compare.';
    case 'no-slo':
      return 'No recommendation: the scenario has no spec.slo. Add targets (availability, latencyP99, …) to pick the cheapest variant that meets them.';
    case 'closest': {
      const row = rowOf(c, r.index);
      return `No variant meets every SLO on every seed. Closest: ${label(r.index, row.name)}, ${formatMoney(r.cost)} per run: ${missedText(row).join('; ')}.`;
    }
    case 'meets-slo': {
      const row = rowOf(c, r.index);
      const head = `Recommended: ${label(r.index, row.name)}, the cheapest variant that meets every SLO on ${seedsText(row.seeds.length)}: ${formatMoney(r.cost)} per run`;
      if (r.index === c.input.baseline) return `${head}. The scenario as written is already the cheapest that meets the SLO.`;
      if (r.savings === null || r.baselineCost === null) return `${head}.`;
      const pct = r.savingsFraction === null ? '' : ` (${formatPercent(Math.abs(r.savingsFraction), 1)})`;
      if (r.savings >= 0) return `${head}, saving ${formatMoney(r.savings)}${pct} against the scenario as written (${formatMoney(r.baselineCost)}).`;
      const why = r.baselineMeetsSlo === false ? ', which misses the SLO' : '';
      return `${head}, ${formatMoney(-r.savings)}${pct} more than the scenario as written (${formatMoney(r.baselineCost)})${why}.`;
    }
  }
}
