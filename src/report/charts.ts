/**
 * Vega-Lite chart specs, as plain data, for the five report charts: traffic, ready pods by revision, CPU against
 * the HPA target, latency against the SLO, and cumulative cost. Long runs are binned first (bin.ts); rollouts,
 * rollbacks, pod kills and HPA rescales are drawn as vertical rules on the shared time axis.
 *
 *   timeseries ──binTimeseries──▶ points ──series()──▶ long rows {t, s, v} ──layer()──▶ spec
 *   summary + events ──eventMarkers──▶ rules
 */

import type { TopLevelSpec } from 'vega-lite';
import { binRevisions, binTimeseries, DEFAULT_MAX_POINTS, type Binned } from '../results/bin.js';
import type { RevisionSeries } from '../results/types.js';
import { ALL_CHART_NAMES, CHART_TEXT, MARKER_KINDS, type PerChart, SERIES, timeAxisTitle, type ChartName, type MarkerKind } from './messages.js';
import type { EventRow, SloTargets, Summary, Timeseries } from './types.js';
import { isPodKill } from './timeline.js';

export { CHART_NAMES, type ChartName } from './messages.js';

export interface ChartInput {
  summary: Summary;
  timeseries: Timeseries;
  /** Ready pods per ReplicaSet (revisions.csv): the pods chart's stacked areas; without it, one area of all ready pods. */
  revisions?: RevisionSeries;
  events: readonly EventRow[];
  slo?: SloTargets;
  /** Incident windows (seconds from start), shaded on every chart. */
  incidents?: ReadonlyArray<{ start: number; end: number }>;
}

export interface ChartOptions {
  /** Most points per series (default 1000, and never more than `width`). */
  maxPoints?: number;
  /** Plot area in px (default 840 × 200). */
  width?: number;
  height?: number;
  /** Only this time window (seconds from start): a zoomed chart. */
  window?: { start: number; end: number };
}

/** A vertical rule on the time axis. */
export interface Marker {
  /** Seconds from the start. */
  time: number;
  kind: MarkerKind;
  label: string;
}

export interface ChartSet {
  /** The five charts, and `nodes` when the run has node pools. */
  specs: PerChart<TopLevelSpec>;
  binned: Binned;
  markers: Marker[];
}

/** Fonts named once, so the SVG never depends on a platform default. */
export const CHART_FONT = 'Helvetica, Arial, sans-serif';

const COLORS = {
  offered: '#c7c7c7',
  served: '#2ca02c',
  failed: '#d62728',
  desired: '#222222',
  hpaDesired: '#17becf',
  primary: '#4c78a8',
  reference: '#e45756',
  p50: '#9ecae9',
  p95: '#4c78a8',
  p99: '#1d3557',
  cost: '#54a24b',
  nodes: '#4c78a8',
  pending: '#d62728',
};
const REVISION_COLORS = ['#4c78a8', '#72b7b2', '#54a24b', '#eeca3b', '#9d755d', '#bab0ac', '#88d27a', '#f58518'];
const MARKER_COLORS: Record<MarkerKind, string> = {
  rollout: '#9467bd',
  rollback: '#ff7f0e',
  'pod kill': '#d62728',
  'HPA rescale': '#a0a0a0',
};
/** Resolution of the marker rules: at most this many per kind. */
const MARKER_SLOTS = 400;
/** Length of the HPA rescale ticks along the top of a chart. */
const RESCALE_TICK_PX = 9;
const MARKER_REASONS: Record<string, MarkerKind> = {
  undo: 'rollback',
  SuccessfulRescale: 'HPA rescale',
};

function markerKind(e: EventRow): MarkerKind | undefined {
  return isPodKill(e) ? 'pod kill' : MARKER_REASONS[e.reason];
}

interface Row {
  t: number;
  s: string;
  v: number | null;
  o?: number;
}
interface SeriesDef {
  name: string;
  color: string;
  rows: Row[];
  mark: 'line' | 'area' | 'rule';
  dashed?: boolean;
  width?: number;
}
interface Axis {
  divisor: number;
  title: string;
  start: number;
  end: number;
  /** Tick labels other than the numbers (a zoom labels the clock, as the story writes times), at these values. */
  labelExpr?: string;
  values?: number[];
}

/** Builds the five chart specs (and the binned data and markers they were built from). */
export function buildCharts(input: ChartInput, options: ChartOptions = {}): ChartSet {
  const size = { width: options.width ?? 840, height: options.height ?? 200 };
  // At most one point per pixel column: more would only cost render time.
  const w = options.window;
  const range = w ? rowRange(input.timeseries.time, w.start, w.end) : { from: 0, to: input.timeseries.time.length };
  const table = w ? sliceRows(input.timeseries, range.from, range.to) : input.timeseries;
  const binned = binTimeseries(table, Math.min(options.maxPoints ?? DEFAULT_MAX_POINTS, size.width));
  const readyByRevision = input.revisions ? binRevisions(input.revisions, binned.rowsPerPoint, range.from, range.to) : new Map<string, Float64Array>();
  const span = w ? Math.max(1, w.end - w.start) : runSpan(input.summary, binned);
  const axis = w ? windowAxis(w.start, w.end) : timeAxis(span);
  const markers = eventMarkers(input.summary, w ? input.events.filter((e) => e.time >= w.start && e.time <= w.end) : input.events, span)
    .filter((m) => !w || (m.time >= w.start && m.time <= w.end));
  const shaded = (input.incidents ?? [])
    .map((x) => ({ start: Math.max(x.start, axis.start * axis.divisor), end: Math.min(x.end, axis.end * axis.divisor) }))
    .filter((x) => x.end > x.start);
  const col = (name: string) => binned.columns.get(name);
  const line = (name: string, label: string, color: string, dashed = false, width = 1.5): SeriesDef[] => {
    const values = col(name);
    return values ? [{ name: label, color, rows: rowsOf(binned, values, label, axis, undefined, flatAt(values)), mark: 'line', dashed, width }] : [];
  };
  const rule = (value: number | undefined, label: string, color: string): SeriesDef[] =>
    value === undefined || !Number.isFinite(value)
      ? []
      : [{ name: label, color, rows: [{ t: 0, s: label, v: value }], mark: 'rule', dashed: true }];

  const revisions = revisionSeries(binned, readyByRevision, axis);
  const costValues = col('cost_total');
  const series: Record<ChartName, SeriesDef[]> = {
    traffic: [
      ...line('offered_rps', SERIES.offered, COLORS.offered, false, 4), // a band under `served`
      ...line('served_rps', SERIES.served, COLORS.served),
      ...line('failed_rps', SERIES.failed, COLORS.failed),
    ],
    pods: [
      ...revisions,
      ...line('desired_replicas', SERIES.desired, COLORS.desired),
      ...line('hpa_desired', SERIES.hpaDesired, COLORS.hpaDesired, true),
    ],
    cpu: [
      ...line('cpu_utilization', SERIES.cpu, COLORS.primary),
      ...line('hpa_target', SERIES.hpaTarget, COLORS.reference, true),
    ],
    latency: [
      ...line('latency_p50_ms', SERIES.p50, COLORS.p50),
      ...line('latency_p95_ms', SERIES.p95, COLORS.p95),
      ...line('latency_p99_ms', SERIES.p99, COLORS.p99),
      ...rule(input.slo?.latencyP99Ms, SERIES.p99Slo, COLORS.reference),
    ],
    cost: [
      ...(costValues
        ? [{ name: SERIES.cost, color: COLORS.cost, rows: rowsOf(binned, costValues, SERIES.cost, axis, undefined, flatAt(costValues)), mark: 'area' as const }]
        : []),
      ...rule(input.slo?.costBudget, SERIES.budget, COLORS.reference),
    ],
    nodes: [...line('nodes', SERIES.nodes, COLORS.nodes), ...line('pending_pods', SERIES.pending, COLORS.pending)],
  };
  const specs = {} as PerChart<TopLevelSpec>;
  for (const name of ALL_CHART_NAMES) {
    if (name === 'nodes' && !col('nodes')) continue;
    specs[name] = chartSpec(name, series[name], markers, axis, size, shaded);
  }
  return { specs, binned, markers };
}

/** The rows [from, to) of a timeseries whose interval overlaps [start, end] (a row covers the interval ending at its time). */
function rowRange(time: ArrayLike<number>, start: number, end: number): { from: number; to: number } {
  let from = 0;
  while (from < time.length && Number(time[from]) < start) from++;
  let to = from;
  while (to < time.length && Number(time[to]) <= end) to++;
  return { from, to };
}

function sliceRows(ts: Timeseries, from: number, to: number): Timeseries {
  const out: Record<string, ArrayLike<number>> = {};
  for (const [k, v] of Object.entries(ts)) out[k] = Array.prototype.slice.call(v, from, to) as number[];
  return out as unknown as Timeseries;
}

/** h:mm:ss of a value in seconds, as formatClock writes it (the story's times), for a vega label expression. */
const CLOCK_LABEL = "floor(datum.value / 3600) + ':' + pad(floor(datum.value / 60) % 60, 2, '0', 'left') + ':' + pad(floor(datum.value) % 60, 2, '0', 'left')";

/** A zoomed chart's axis: the window in seconds, labelled with the clock times the story gives. */
function windowAxis(start: number, end: number): Axis {
  // ticks on whole clock steps (every 10 s … 1 h), at most 8 of them
  const step = [10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600].find((x) => (end - start) / x <= 8) ?? 7200;
  const values: number[] = [];
  for (let t = Math.ceil(start / step) * step; t <= end; t += step) values.push(t);
  return { divisor: 1, title: 'time', start, end, labelExpr: CLOCK_LABEL, values };
}

/**
 * Workload charts of a run with several Deployments: ready pods of each (with its HPA's desired replicas), and
 * failed requests of each; null when the series has no per-workload columns.
 */
export function buildWorkloadSpecs(input: ChartInput, options: ChartOptions = {}): { pods: TopLevelSpec; failed: TopLevelSpec } | null {
  const size = { width: options.width ?? 840, height: options.height ?? 200 };
  const names = Object.keys(input.timeseries).filter((k) => k.startsWith('ready_pods@')).map((k) => k.slice('ready_pods@'.length));
  if (names.length === 0) return null;
  const binned = binTimeseries(input.timeseries, Math.min(options.maxPoints ?? DEFAULT_MAX_POINTS, size.width));
  const axis = timeAxis(runSpan(input.summary, binned));
  const shaded = input.incidents ?? [];
  const pods: SeriesDef[] = [];
  const failed: SeriesDef[] = [];
  // legends name the workload as the story does: without `default/` when every workload is in namespace default
  const allDefault = names.every((n) => n.startsWith('default/'));
  names.forEach((column, i) => {
    const n = allDefault ? column.slice('default/'.length) : column;
    const color = REVISION_COLORS[i % REVISION_COLORS.length]!;
    const ready = binned.columns.get(`ready_pods@${column}`);
    const want = binned.columns.get(`hpa_desired@${column}`);
    const lost = binned.columns.get(`failed_rps@${column}`);
    if (ready) pods.push({ name: `${n} ready`, color, rows: rowsOf(binned, ready, `${n} ready`, axis, undefined, flatAt(ready)), mark: 'line', width: 2 });
    if (want) pods.push({ name: `${n} HPA desired`, color, rows: rowsOf(binned, want, `${n} HPA desired`, axis, undefined, flatAt(want)), mark: 'line', dashed: true });
    if (lost) failed.push({ name: n, color, rows: rowsOf(binned, lost, n, axis, undefined, flatAt(lost)), mark: 'line' });
  });
  return {
    pods: chartSpec('pods', pods, [], axis, size, shaded, { title: 'Ready pods per workload', caption: 'Ready pods of each Deployment and its HPA’s desired replicas.' }),
    failed: chartSpec('traffic', failed, [], axis, size, shaded, { title: 'Failed requests per workload', caption: 'Failed requests per second of each Deployment.', yTitle: 'failed requests/s' }),
  };
}

/** The five chart specs only. */
export function buildChartSpecs(input: ChartInput, options: ChartOptions = {}): PerChart<TopLevelSpec> {
  return buildCharts(input, options).specs;
}

/**
 * Rollout starts (from the summary's rollouts, the authoritative list), rollbacks (`DeploymentRollback`), pod
 * kills (`isPodKill`: scenario crashes and probe kills, not ordinary deletions) and HPA rescales (`SuccessfulRescale`), sorted by time. Markers of one kind closer than
 * 1/400 of the run (~2 px) are merged into the first, so a long run never draws more than 400 rules per kind.
 */
export function eventMarkers(summary: Summary, events: readonly EventRow[], spanSeconds: number): Marker[] {
  const raw: Marker[] = summary.rollouts.map((r) => ({
    time: r.startedAt,
    kind: 'rollout' as const,
    label: `${r.deployment} → ${r.image}`,
  }));
  for (const e of events) {
    const kind = markerKind(e);
    if (kind) raw.push({ time: e.time, kind, label: `${e.object}: ${e.message}` });
  }
  raw.sort((a, b) => a.time - b.time || MARKER_KINDS.indexOf(a.kind) - MARKER_KINDS.indexOf(b.kind));
  const slot = spanSeconds > 0 ? spanSeconds / MARKER_SLOTS : 1;
  const seen = new Set<string>();
  const out: Marker[] = [];
  for (const m of raw) {
    if (!Number.isFinite(m.time)) continue;
    const key = `${m.kind}\u0000${Math.floor(m.time / slot)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(m);
  }
  return out;
}

/**
 * The ready pods of each ReplicaSet revision as stacked areas, in order of first appearance (or `ready` when none
 * are given). A revision's area covers only where it has pods: a point inside a run of zeros is left out, and so is
 * a point where every revision is flat — the stack stays exact, since every revision with pods at a time keeps its
 * point there.
 */
function revisionSeries(binned: Binned, byRevision: ReadonlyMap<string, Float64Array>, axis: Axis): SeriesDef[] {
  const found: Array<{ name: string; values: Float64Array; first: number }> = [];
  for (const [name, values] of byRevision) {
    let first = values.findIndex((v) => v > 0);
    if (first < 0) first = values.length;
    found.push({ name, values, first });
  }
  if (found.length === 0) {
    const all = binned.columns.get('ready_pods');
    if (!all) return [];
    found.push({ name: SERIES.readyAll, values: all, first: 0 });
  }
  found.sort((a, b) => a.first - b.first); // stable: ties keep the input's order
  const n = binned.time.length;
  const allFlat = new Uint8Array(n);
  for (let i = 1; i < n - 1; i++) allFlat[i] = found.every((r) => r.values[i - 1] === r.values[i] && r.values[i] === r.values[i + 1]) ? 1 : 0;
  return found.map((r, i) => {
    const v = r.values;
    const skip = (k: number) => allFlat[k] === 1 || (v[k - 1] === 0 && v[k] === 0 && v[k + 1] === 0);
    return {
      name: r.name,
      color: REVISION_COLORS[i % REVISION_COLORS.length] ?? COLORS.primary,
      rows: rowsOf(binned, v, r.name, axis, i, skip),
      mark: 'area' as const,
    };
  });
}

/**
 * Points a chart can leave out without changing what is drawn: an inner point equal to both neighbours lies on a
 * flat segment, the same under linear and step interpolation (NaN, a gap, counts as equal to NaN).
 */
/** A value as drawn: rounded to timeseries.csv's 6 decimals (float dust such as 1e-13 rps is 0). */
function drawn(v: number): number {
  return Math.round(v * 1e6) / 1e6 || 0;
}

function flatAt(values: ArrayLike<number>): (i: number) => boolean {
  const same = (a: number, b: number) => drawn(a) === drawn(b) || (Number.isNaN(a) && Number.isNaN(b));
  return (i) => same(values[i - 1]!, values[i]!) && same(values[i]!, values[i + 1]!);
}

/** One row per point, but inner points `skip` says are redundant (the first and last are always kept). */
function rowsOf(binned: Binned, values: ArrayLike<number>, s: string, axis: Axis, order?: number, skip?: (i: number) => boolean): Row[] {
  const rows: Row[] = [];
  const n = values.length;
  for (let i = 0; i < n; i++) {
    if (skip && i > 0 && i < n - 1 && skip(i)) continue;
    const v = values[i] ?? NaN;
    const row: Row = { t: (binned.time[i] ?? NaN) / axis.divisor, s, v: Number.isFinite(v) ? drawn(v) : null };
    if (order !== undefined) row.o = order;
    rows.push(row);
  }
  return rows;
}

function runSpan(summary: Summary, binned: Binned): number {
  const n = binned.time.length;
  const lastSample = n > 0 ? (binned.time[n - 1] ?? 0) + binned.sampleSeconds * ((binned.counts[n - 1] ?? 1) - 1) : 0;
  const span = Math.max(Number.isFinite(summary.durationSeconds) ? summary.durationSeconds : 0, lastSample);
  return span > 0 ? span : 1;
}

/** Seconds for runs up to 10 minutes, minutes up to 3 hours, hours beyond. */
function timeAxis(spanSeconds: number): Axis {
  if (spanSeconds <= 600) return { divisor: 1, title: timeAxisTitle('s'), start: 0, end: spanSeconds };
  if (spanSeconds <= 3 * 3600) return { divisor: 60, title: timeAxisTitle('min'), start: 0, end: spanSeconds / 60 };
  return { divisor: 3600, title: timeAxisTitle('h'), start: 0, end: spanSeconds / 3600 };
}

const LEGEND_FONT_SIZE = 11;
const LEGEND_LABEL_LIMIT = 220;

/**
 * Legend entries per row: all in one row when they fit the plot's width, else as many as fit, so the SVG
 * never grows wider than the plot (and is never scaled down in the page). Widths use vega's own estimate
 * (0.8 em per character), as the renderer does without a canvas.
 */
function legendColumns(labels: readonly string[], width: number): number {
  const entry = (label: string) => Math.min(LEGEND_LABEL_LIMIT, Math.floor(0.8 * label.length * LEGEND_FONT_SIZE)) + 30;
  const widths = labels.map(entry);
  if (widths.reduce((a, b) => a + b, 0) <= width) return 0;
  return Math.max(1, Math.floor(width / Math.max(...widths)));
}

/** A latency range too wide for a linear axis: the largest value over 100× the smallest. */
function wideRange(series: readonly SeriesDef[]): boolean {
  let lo = Infinity;
  let hi = 0;
  for (const s of series) {
    if (s.mark === 'rule') continue;
    for (const r of s.rows) {
      if (r.v === null || !(r.v > 0)) continue;
      if (r.v < lo) lo = r.v;
      if (r.v > hi) hi = r.v;
    }
  }
  return hi > 100 * lo;
}

type LayerItem = Extract<TopLevelSpec, { layer: unknown }>['layer'][number];

function chartSpec(
  name: ChartName,
  allSeries: SeriesDef[],
  markers: Marker[],
  axis: Axis,
  size: { width: number; height: number },
  incidents: ReadonlyArray<{ start: number; end: number }> = [],
  textOverride?: Partial<(typeof CHART_TEXT)[ChartName]>,
): TopLevelSpec {
  const text = { ...CHART_TEXT[name], ...textOverride };
  const series = allSeries.filter((s) => s.rows.some((r) => r.v !== null));
  const markerKinds = MARKER_KINDS.filter((k) => markers.some((m) => m.kind === k));
  const domain = [...series.map((s) => s.name), ...markerKinds];
  const range = [...series.map((s) => s.color), ...markerKinds.map((k) => MARKER_COLORS[k])];
  const x = {
    field: 't',
    type: 'quantitative' as const,
    title: axis.title,
    scale: { domain: [axis.start, axis.end], nice: false, zero: false },
    ...(axis.labelExpr ? { axis: { labelExpr: axis.labelExpr, ...(axis.values ? { values: axis.values } : {}) } } : {}),
  };
  const color = {
    field: 's',
    type: 'nominal' as const,
    title: null,
    scale: { domain, range },
    legend: {
      orient: 'bottom' as const,
      direction: 'horizontal' as const,
      columns: legendColumns(domain, size.width),
      symbolStrokeWidth: 2,
    },
  };
  const y = { field: 'v', type: 'quantitative' as const, title: text.yTitle, ...(name === 'latency' && wideRange(series) ? { scale: { type: 'log' as const } } : {}) };
  const layer: LayerItem[] = [];
  if (incidents.length > 0) {
    // Incident windows as a light band behind everything (at least 2 px wide, so a short burst is visible).
    const minWidth = (2 * (axis.end - axis.start)) / size.width;
    layer.push({
      data: { values: incidents.map((x) => ({ t: x.start / axis.divisor, t2: Math.max(x.end / axis.divisor, x.start / axis.divisor + minWidth) })) },
      mark: { type: 'rect', aria: false, color: '#d62728', opacity: 0.12 },
      encoding: { x: { ...x, field: 't' }, x2: { field: 't2' } },
    });
  }

  const areas = series.filter((s) => s.mark === 'area');
  if (areas.length > 0) {
    layer.push({
      data: { values: areas.flatMap((s) => s.rows) },
      mark: { type: 'area', opacity: 0.85, interpolate: name === 'pods' ? 'step-after' : 'linear', aria: false },
      encoding: {
        x,
        y: { ...y, stack: name === 'pods' ? 'zero' : null },
        color,
        ...(name === 'pods' ? { order: { field: 'o', type: 'quantitative' as const } } : {}),
      },
    });
  }
  for (const s of series.filter((d) => d.mark === 'line')) {
    layer.push({
      data: { values: s.rows },
      mark: {
        type: 'line',
        aria: false,
        strokeWidth: s.width ?? 1.5,
        interpolate: name === 'pods' ? 'step-after' : 'linear',
        ...(s.dashed ? { strokeDash: [6, 4] } : {}),
      },
      encoding: { x, y, color },
    });
  }
  for (const s of series.filter((d) => d.mark === 'rule')) {
    layer.push({
      data: { values: s.rows },
      mark: { type: 'rule', aria: false, strokeWidth: 1.5, strokeDash: [6, 4] },
      encoding: { y, color },
    });
  }
  // No per-rule aria labels on markers: hundreds of rescales would dominate the file; the report's timeline
  // lists them. Rollouts, rollbacks and kills span the plot; HPA rescales, often many, are ticks along the top.
  const major = markers.filter((m) => m.kind !== 'HPA rescale');
  const minor = markers.filter((m) => m.kind === 'HPA rescale');
  if (major.length > 0) {
    layer.push({
      data: { values: major.map((m) => ({ t: m.time / axis.divisor, s: m.kind })) },
      mark: { type: 'rule', aria: false, strokeWidth: 1.5, opacity: 0.9 },
      encoding: { x, color },
    });
  }
  if (minor.length > 0) {
    layer.push({
      data: { values: minor.map((m) => ({ t: m.time / axis.divisor, s: m.kind })) },
      mark: { type: 'rule', aria: false, strokeWidth: 1, opacity: 0.8 },
      encoding: { x, color, y: { value: 0 }, y2: { value: RESCALE_TICK_PX } },
    });
  }
  if (layer.length === 0) {
    // Nothing to draw (no such columns): an empty, labelled frame rather than a failure.
    layer.push({ data: { values: [{ t: 0, s: '', v: 0 }] }, mark: { type: 'point', opacity: 0 }, encoding: { x, y } });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `${text.title}. ${text.caption}`,
    title: { text: text.title, anchor: 'start' },
    width: size.width,
    height: size.height,
    background: '#ffffff',
    padding: 8,
    layer,
    config: {
      font: CHART_FONT,
      title: { fontSize: 14, font: CHART_FONT },
      axis: { labelFont: CHART_FONT, titleFont: CHART_FONT, labelFontSize: 10, titleFontSize: 11, gridColor: '#ececec' },
      axisY: { minExtent: 48 }, // the same left margin on every chart, so their time axes line up
      legend: { labelFont: CHART_FONT, titleFont: CHART_FONT, labelFontSize: LEGEND_FONT_SIZE, labelLimit: LEGEND_LABEL_LIMIT },
      view: { stroke: '#d0d0d0' },
    },
  };
}
