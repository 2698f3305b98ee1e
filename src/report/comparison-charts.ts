/**
 * The comparison's two charts, as Vega-Lite specs rendered headlessly (render.ts):
 *
 *   cost-vs-failed      every variant's mean cost (x) against its mean failed requests (y, symlog so 0 fits),
 *                       coloured by SLO standing; the Pareto frontier as a staircase through its variants
 *                       (numbered), the baseline as a diamond, the recommendation ringed.
 *   replicas-frontier   ready pods over time (first seed, downsampled) of the frontier's variants, overlaid, with
 *                       the baseline dashed for reference. At most MAX_LINES lines: a longer frontier is thinned
 *                       evenly, keeping both ends.
 */
import type { TopLevelSpec } from 'vega-lite';
import { CHART_FONT } from './charts.js';
import type { Comparison, VariantRow } from '../compare/comparison.js';

export const COMPARISON_CHARTS = ['cost-vs-failed', 'replicas-frontier'] as const;
export type ComparisonChart = (typeof COMPARISON_CHARTS)[number];

export const COMPARISON_CHART_TEXT: Record<ComparisonChart, { title: string; caption: string }> = {
  'cost-vs-failed': {
    title: 'Cost against failed requests',
    caption: 'Each variant’s mean cost and mean failed requests over its seeds. The line is the Pareto frontier (no variant is both cheaper and fails less); numbers are variant indices.',
  },
  'replicas-frontier': {
    title: 'Ready pods of the frontier’s variants',
    caption: 'Ready pods over time (first seed) of the variants on the frontier, with the scenario as written dashed.',
  },
};

const MAX_LINES = 8;
const PALETTE = ['#4c78a8', '#f58518', '#54a24b', '#b279a2', '#e45756', '#72b7b2', '#9d755d', '#eeca3b'];
const STATUS = { met: 'meets the SLO', missed: 'misses the SLO', none: 'no SLO' } as const;
const STATUS_COLOR = { met: '#2ca02c', missed: '#d62728', none: '#4c78a8' } as const;
const WIDTH = 760;

function config() {
  return {
    font: CHART_FONT,
    title: { fontSize: 14, font: CHART_FONT },
    axis: { labelFont: CHART_FONT, titleFont: CHART_FONT, labelFontSize: 10, titleFontSize: 11, gridColor: '#ececec' },
    legend: { labelFont: CHART_FONT, titleFont: CHART_FONT, labelFontSize: 11, labelLimit: 260 },
    view: { stroke: '#d0d0d0' },
  };
}

const statusOf = (r: VariantRow): keyof typeof STATUS => (r.slo.met === null ? 'none' : r.slo.met ? 'met' : 'missed');

type LayerItem = Extract<TopLevelSpec, { layer: unknown }>['layer'][number];

export function costVsFailedSpec(c: Comparison): TopLevelSpec {
  const finite = c.rows.filter((r) => Number.isFinite(r.metrics.cost_total.mean) && Number.isFinite(r.metrics.requests_failed.mean));
  const point = (r: VariantRow) => ({ cost: r.metrics.cost_total.mean, failed: r.metrics.requests_failed.mean, status: STATUS[statusOf(r)], label: String(r.index) });
  const statuses = (Object.keys(STATUS) as (keyof typeof STATUS)[]).filter((s) => finite.some((r) => statusOf(r) === s));
  // A few labels with just the digits that differ: close costs ($0.0712, $0.0718, …) otherwise crowd the axis.
  const x = {
    field: 'cost',
    type: 'quantitative' as const,
    title: 'mean cost per run ($)',
    scale: { zero: false, nice: true },
    axis: { tickCount: 5, labelOverlap: 'greedy' as const, format: '$.4~r', labelFlush: true },
  };
  // symlog puts 0 on the axis; its default ticks bunch up at the top (800,000 500,000 300,000 …): one per decade
  const maxFailed = Math.max(0, ...finite.map((r) => r.metrics.requests_failed.mean));
  const decades = [0];
  for (let v = 1; ; v *= 10) {
    decades.push(v);
    if (v >= maxFailed || decades.length >= 12) break;
  }
  const y = {
    field: 'failed', type: 'quantitative' as const, title: 'mean failed requests per run',
    scale: { type: 'symlog' as const, domain: [0, decades[decades.length - 1]!], nice: false },
    // a label expression, not a d3 format: vega re-derives a log scale's tick format and prints 1, 10, 100 as "0k"
    axis: { values: decades, labelExpr: "datum.value >= 1e6 ? format(datum.value / 1e6, ',') + 'M' : datum.value >= 1e3 ? format(datum.value / 1e3, ',') + 'k' : format(datum.value, ',')" },
  };
  const frontier = c.frontier.map((i) => c.rows.find((r) => r.index === i)!).map(point);
  // One label per point: variants with the same numbers share it ("2, 4").
  const labels = new Map<string, ReturnType<typeof point>>();
  for (const p of frontier) {
    const key = `${p.cost}|${p.failed}`;
    const seen = labels.get(key);
    labels.set(key, seen ? { ...seen, label: `${seen.label}, ${p.label}` } : p);
  }
  const layer: LayerItem[] = [
    {
      data: { values: finite.map(point) },
      mark: { type: 'point', filled: true, size: 55, opacity: 0.8, aria: false },
      encoding: {
        x,
        y,
        color: { field: 'status', type: 'nominal', title: null, scale: { domain: statuses.map((s) => STATUS[s]), range: statuses.map((s) => STATUS_COLOR[s]) }, legend: { orient: 'bottom', direction: 'horizontal' } },
      },
    },
  ];
  if (frontier.length > 0) {
    layer.push(
      { data: { values: frontier }, mark: { type: 'line', interpolate: 'step-after', color: '#333333', strokeWidth: 1.5, strokeDash: [5, 3], aria: false }, encoding: { x, y } },
      { data: { values: [...labels.values()] }, mark: { type: 'text', align: 'left', dx: 7, dy: -7, fontSize: 10, color: '#333333', aria: false }, encoding: { x, y, text: { field: 'label' } } },
    );
  }
  const base = finite.find((r) => r.index === c.input.baseline);
  if (base) {
    layer.push({ data: { values: [point(base)] }, mark: { type: 'point', shape: 'diamond', size: 160, filled: false, strokeWidth: 2, color: '#222222', aria: false }, encoding: { x, y } });
  }
  const rec = c.recommendation.status === 'meets-slo' || c.recommendation.status === 'closest' ? c.recommendation.index : null;
  const recRow = finite.find((r) => r.index === rec);
  if (recRow) {
    layer.push({ data: { values: [point(recRow)] }, mark: { type: 'point', shape: 'circle', size: 320, filled: false, strokeWidth: 2.5, color: '#000000', aria: false }, encoding: { x, y } });
  }
  const marks = [base ? '◇ the scenario as written' : '', recRow ? '◯ the recommendation' : ''].filter(Boolean).join(', ');
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `${COMPARISON_CHART_TEXT['cost-vs-failed'].title}. ${COMPARISON_CHART_TEXT['cost-vs-failed'].caption}`,
    title: { text: COMPARISON_CHART_TEXT['cost-vs-failed'].title, subtitle: marks || undefined, anchor: 'start' },
    width: WIDTH,
    height: 360,
    background: '#ffffff',
    padding: 8,
    layer,
    config: config(),
  };
}

/** The frontier's variants to draw: all when few, else evenly spaced ones (both ends kept). */
export function linesToDraw(frontier: readonly number[], max = MAX_LINES): number[] {
  if (frontier.length <= max) return [...frontier];
  const out = new Set<number>();
  for (let k = 0; k < max; k++) out.add(frontier[Math.round((k * (frontier.length - 1)) / (max - 1))]!);
  return [...out];
}

export function replicasSpec(c: Comparison): TopLevelSpec {
  const shown = linesToDraw(c.frontier);
  const baseline = c.input.baseline;
  const withBase = baseline !== null && !shown.includes(baseline) ? [...shown, baseline] : shown;
  const variants = withBase.map((i) => c.input.variants.find((v) => v.index === i)).filter((v) => v?.series);
  const maxTime = Math.max(1, ...variants.flatMap((v) => v!.series!.time.filter(Number.isFinite)));
  const [divisor, unit] = maxTime <= 600 ? [1, 's'] : maxTime <= 3 * 3600 ? [60, 'min'] : [3600, 'h'];
  const names = variants.map((v) => (v!.index === baseline && !shown.includes(v!.index) ? `${v!.index}: ${v!.name} (as written)` : `${v!.index}: ${v!.name}`));
  const rows = variants.flatMap((v, k) =>
    v!.series!.time.map((t, i) => ({ t: t / divisor, v: Number.isFinite(v!.series!.ready[i]!) ? v!.series!.ready[i]! : null, s: names[k]! })),
  );
  const dashed = baseline !== null && !shown.includes(baseline) ? [names[names.length - 1]!] : [];
  const range = names.map((n, i) => (dashed.includes(n) ? '#888888' : PALETTE[i % PALETTE.length]!));
  const encoding = {
    x: { field: 't', type: 'quantitative' as const, title: `time (${unit})`, scale: { domain: [0, maxTime / divisor], nice: false, zero: false } },
    y: { field: 'v', type: 'quantitative' as const, title: 'ready pods' },
    color: { field: 's', type: 'nominal' as const, title: null, scale: { domain: names, range }, legend: { orient: 'bottom' as const, direction: 'vertical' as const, labelLimit: WIDTH } },
  };
  const layer: LayerItem[] = [];
  const solid = rows.filter((r) => !dashed.includes(r.s));
  const dash = rows.filter((r) => dashed.includes(r.s));
  if (dash.length > 0) layer.push({ data: { values: dash }, mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5, strokeDash: [6, 4], aria: false }, encoding });
  if (solid.length > 0) layer.push({ data: { values: solid }, mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5, aria: false }, encoding });
  if (layer.length === 0) layer.push({ data: { values: [{ t: 0, v: 0, s: '' }] }, mark: { type: 'point', opacity: 0 }, encoding: { x: encoding.x, y: encoding.y } });
  const text = COMPARISON_CHART_TEXT['replicas-frontier'];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `${text.title}. ${text.caption}`,
    title: { text: text.title, anchor: 'start' },
    width: WIDTH,
    height: 240,
    background: '#ffffff',
    padding: 8,
    layer,
    config: config(),
  };
}

/** Both charts as SVG, ids prefixed per chart so they can be inlined in one page. */
export async function renderComparisonCharts(c: Comparison): Promise<Record<ComparisonChart, string>> {
  const { renderSvg } = await import('./render.js'); // vega loads only when a chart is drawn (~0.35 s)
  return {
    'cost-vs-failed': await renderSvg(costVsFailedSpec(c), { idPrefix: 'cost-vs-failed' }),
    'replicas-frontier': await renderSvg(replicasSpec(c), { idPrefix: 'replicas-frontier' }),
  };
}
