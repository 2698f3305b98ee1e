/**
 * The reporting layer's entry point. One visible pipeline:
 *
 *   input ──evaluateSlo──▶ verdict
 *         ──buildCharts──▶ Vega-Lite specs ──renderCharts──▶ SVG
 *         ──buildHtml / buildMarkdown / junitXml──▶ files
 *
 * It returns file name → contents; the caller writes them (atomically). It reads only the run's outputs
 * (summary, timeseries, events, SLO targets), never the simulation's internals.
 */

import { buildCharts, buildWorkloadSpecs, type ChartOptions } from './charts.js';
import { buildStory, type Story } from '../results/story.js';
import { buildHtml, prepareHtml, type HtmlOptions } from './html.js';
import { buildMarkdown } from './markdown.js';
import { ALL_CHART_NAMES, type ChartName, type PerChart } from './messages.js';
import { inThreadRenderer, type ChartRenderer } from './chart-renderer.js';
import type { RenderOptions } from './render.js';
import type { TopLevelSpec } from 'vega-lite';
import { evaluateSlo } from '../results/slo.js';
import { junitXml } from './slo.js';
import type { ReportInput, SloResult } from './types.js';

export type * from './types.js';
export { buildChartSpecs, buildCharts, eventMarkers, type ChartInput, type ChartOptions, type Marker } from './charts.js';
export { binTimeseries, aggregateFor, DEFAULT_MAX_POINTS, type Binned, type Aggregate } from '../results/bin.js';
export { startChartRenderer, inThreadRenderer, type ChartRenderer } from './chart-renderer.js';
export type { RenderOptions } from './render.js';

/** `render.ts`'s renderSvg; vega is imported on the first call, not with this module. */
export async function renderSvg(spec: TopLevelSpec, options: RenderOptions = {}): Promise<string> {
  return (await import('./render.js')).renderSvg(spec, options);
}

/** `render.ts`'s renderCharts; vega is imported on the first call, not with this module. */
export async function renderCharts(specs: PerChart<TopLevelSpec>, options: Omit<RenderOptions, 'idPrefix'> = {}): Promise<PerChart<string>> {
  return (await import('./render.js')).renderCharts(specs, options);
}
export { buildHtml, type HtmlInput, type HtmlOptions } from './html.js';
export { buildMarkdown, type MarkdownOptions } from './markdown.js';
export { junitXml } from './slo.js';
export { evaluateSlo, SLO_NAMES, type SloName } from '../results/slo.js';
export { CHART_NAMES, type ChartName } from './messages.js';
export { buildTimeline, type TimelineItem } from './timeline.js';

export interface BuildReportOptions extends ChartOptions, HtmlOptions {
  /** Receives chart compile/render warnings (default: dropped). */
  onWarning?: (message: string) => void;
  /** Draws the charts (default: on this thread, vega imported on first use). */
  renderer?: ChartRenderer;
}

/** A chart beyond the five: a zoom on an incident, or a per-workload chart. */
export interface ExtraChart {
  /** `incident-<n>` (its incident's index + 1) or `workloads`. */
  group: string;
  file: string;
  svg: string;
}

/** Zoomed charts are drawn for the first this many incidents. */
const ZOOMED_INCIDENTS = 3;

/** The specs of the extra charts, by the id prefix each is drawn with (its file name with `-` for the rest). */
function extraSpecs(input: ReportInput & { incidents: Story['incidents'] }, story: Story, options: BuildReportOptions): { group: string; file: string; key: string; spec: TopLevelSpec }[] {
  const out: { group: string; file: string; key: string; spec: TopLevelSpec }[] = [];
  const end = input.summary.durationSeconds;
  const add = (group: string, file: string, spec: TopLevelSpec) => out.push({ group, file, key: file.replace(/\W+/g, '-'), spec });
  for (const [i, inc] of story.incidents.slice(0, ZOOMED_INCIDENTS).entries()) {
    const pad = Math.max(120, inc.end - inc.start);
    const window = { start: Math.max(0, inc.start - pad), end: Math.min(end, inc.end + pad) };
    const { specs } = buildCharts(input, { ...options, window, height: 150 });
    add(`incident-${i + 1}`, `charts/incident-${i + 1}-traffic.svg`, specs.traffic);
    add(`incident-${i + 1}`, `charts/incident-${i + 1}-pods.svg`, specs.pods);
  }
  const w = buildWorkloadSpecs(input, options);
  if (w) {
    add('workloads', 'charts/workloads-pods.svg', w.pods);
    // a flat zero line says nothing (and vega labels its one tick 0.000000): drawn only when a workload failed requests
    if ((input.summary.workloads ?? []).some((x) => x.requests.failed > 0)) add('workloads', 'charts/workloads-failed.svg', w.failed);
  }
  return out;
}

/** The file each chart is written to, relative to the report folder. */
export function chartFile(name: ChartName): string {
  return `charts/${name}.svg`;
}

/**
 * Builds every report file: `report.html`, `summary.md`, `charts/<chart>.svg` for the five charts, and
 * `junit.xml` when `input.junit` is set. The SLO verdict is evaluated from `input.slo` when given, else taken
 * from `summary.slo`.
 */
export async function buildReport(input: ReportInput, options: BuildReportOptions = {}): Promise<Map<string, string>> {
  const slo: SloResult | undefined = input.slo ? evaluateSlo(input.summary, input.slo) : input.summary.slo;
  const story = buildStory({ summary: input.summary, timeseries: input.timeseries, events: input.events, hpaDecisions: input.hpaDecisions ?? [], ...(input.slo ? { slo: input.slo } : {}) });
  const withIncidents = { ...input, incidents: story.incidents };
  const { specs, binned } = buildCharts(withIncidents, options);
  // every chart, the zooms and per-workload ones too, is drawn in one batch (on the worker when there is one)
  const extraList = extraSpecs(withIncidents, story, options);
  const all: Record<string, TopLevelSpec> = { ...specs };
  for (const e of extraList) all[e.key] = e.spec;
  const drawing = (options.renderer ?? inThreadRenderer()).render(all, options.onWarning);
  drawing.catch(() => {}); // awaited below
  // what needs no chart is built while the worker draws (the data files are written then too: run.ts)
  const prepared = prepareHtml(input, options);
  const drawn = await drawing;
  const svgs = {} as PerChart<string>;
  for (const n of ALL_CHART_NAMES) if (drawn[n] !== undefined) svgs[n] = drawn[n]!;
  const names = ALL_CHART_NAMES.filter((n) => svgs[n] !== undefined);
  const chartFiles = Object.fromEntries(names.map((n) => [n, chartFile(n)])) as Partial<Record<ChartName, string>>;
  const extra: ExtraChart[] = extraList.map((e) => ({ group: e.group, file: e.file, svg: drawn[e.key]! }));

  const files = new Map<string, string>();
  files.set('report.html', buildHtml({ summary: input.summary, events: input.events, slo, charts: svgs, chartFiles, binning: binned, story, extra }, options, prepared));
  files.set('summary.md', buildMarkdown(input.summary, slo, { chartFiles, story }));
  for (const name of names) files.set(chartFile(name), svgs[name]!);
  for (const c of extra) files.set(c.file, c.svg);
  if (input.junit) files.set('junit.xml', junitXml(input.summary.scenario, slo?.checks ?? []));
  return files;
}
