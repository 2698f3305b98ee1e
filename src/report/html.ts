/**
 * The self-contained report.html: summary numbers, SLO verdict, inline SVG charts, rollout and scaling timeline,
 * and the event table. No scripts, no network requests (a Content-Security-Policy forbids both), embedded CSS.
 * Every string that comes from the scenario or the run is HTML-escaped here; the chart SVGs are trusted as
 * vega wrote them (vega escapes their text).
 */

import type { Binned } from '../results/bin.js';
import {
  escapeHtml as h,
  formatClock,
  formatDuration,
  formatInt,
  formatMoney,
  formatNumber,
} from '../results/format.js';
import {
  binningNote,
  ALL_CHART_NAMES,
  CHART_TEXT,
  EVENT_COLUMNS,
  FOOTER,
  HEADINGS,
  leftOut,
  NEVER_COMPLETED,
  NO_EVENTS,
  NO_ROLLOUTS,
  NO_TIMELINE,
  ROLLOUT_COLUMNS,
  SLO_COLUMNS,
  SUMMARY_LABELS,
  verdictText,
  WORKLOAD_COLUMNS,
  type ChartName,
} from './messages.js';
import { formatSloActual, formatSloTarget, sloLabel } from './slo.js';
import { htmlPage, keyNumberPairs } from './page.js';
import { buildTimeline } from './timeline.js';
import type { EventRow, SloResult, Summary } from './types.js';
import type { Story } from '../results/story.js';
import { foldEvents } from '../results/events.js';
import { formatAvailability, formatMs } from '../results/format.js';

export interface HtmlInput {
  summary: Summary;
  events: readonly EventRow[];
  slo?: SloResult;
  /** Rendered SVG per chart; charts missing here are left out. */
  charts: Partial<Record<ChartName, string>>;
  /** File names of the charts, for the links under each. */
  chartFiles?: Partial<Record<ChartName, string>>;
  binning?: Pick<Binned, 'rowsPerPoint' | 'sampleSeconds'>;
  /** What happened and why (src/results/story.ts); shown first. */
  story?: Story;
  /** Zoomed incident charts and per-workload charts, by group. */
  extra?: ReadonlyArray<{ group: string; file: string; svg: string }>;
}

export interface HtmlOptions {
  /** Rows of the event table; longer logs show the first and last halves (default 500). */
  maxEventRows?: number;
  /** Entries of the timeline, likewise (default 200). */
  maxTimelineRows?: number;
}

/** Reasons Kubernetes reports as Warning events; highlighted in the table. */
const WARNING_REASONS = new Set([
  'Unhealthy', 'BackOff', 'Failed', 'FailedScheduling', 'FailedCreate', 'FailedKillPod', 'FailedRescale',
  'FailedGetResourceMetric', 'FailedComputeMetricsReplicas', 'ProgressDeadlineExceeded', 'Evicted', 'OOMKilling',
]);

export function buildHtml(input: HtmlInput, options: HtmlOptions = {}, prepared?: PreparedHtml): string {
  const { summary } = input;
  const title = `kubesim — ${summary.scenario}`;
  const { timeline, events } = prepared ?? prepareHtml(input, options);
  return htmlPage(title, CSS, [
    header(summary, input.slo),
    storySection(input),
    summarySection(summary),
    workloadsSection(input),
    sloSection(input.slo),
    chartsSection(input),
    timeline,
    events,
    `<footer>${h(FOOTER)}</footer>`,
  ]);
}

/** The sections that need no chart (the timeline and the event table): `buildReport` builds them while the charts are drawn. */
export interface PreparedHtml {
  timeline: string;
  events: string;
}

export function prepareHtml(input: Pick<HtmlInput, 'summary' | 'events'>, options: HtmlOptions = {}): PreparedHtml {
  return {
    timeline: timelineSection(input.summary, input.events, options.maxTimelineRows ?? 200),
    events: eventsSection(input.events, options.maxEventRows ?? 500),
  };
}

function header(summary: Summary, slo: SloResult | undefined): string {
  const cls = slo === undefined || slo.checks.length === 0 ? 'none' : slo.met ? 'met' : 'missed';
  const verdict = verdictText(slo?.met, slo?.checks.length ?? 0);
  return [
    '<header>',
    `<h1>${h(summary.scenario)}</h1>`,
    `<p class="meta">${h(SUMMARY_LABELS.seed)} ${h(String(summary.seed))} · ${h(formatDuration(summary.durationSeconds))} ${h(SUMMARY_LABELS.duration)}</p>`,
    `<p class="verdict ${cls}">${cls === 'met' ? '✔' : cls === 'missed' ? '✘' : '–'} ${h(verdict)}</p>`,
    '</header>',
  ].join('\n');
}

function storySection(input: HtmlInput): string {
  const st = input.story;
  if (!st) return '';
  const zoom = (group: string) =>
    (input.extra ?? []).filter((c) => c.group === group).map((c) => `<figure class="zoom">\n${c.svg}\n<figcaption><span class="file">${h(c.file)}</span></figcaption>\n</figure>`).join('\n');
  const incidents = st.incidents.map((inc, i) => {
    const causes = inc.causes.map((c) =>
      `<li>${h(c.text)}${c.settings.length > 0 ? `<br><span class="fix">change: ${c.settings.map((x) => `<code>${h(x)}</code>`).join(' · ')}</span>` : ''}</li>`).join('\n');
    return `<li id="incident-${i + 1}"><b>${h(`${formatClock(inc.start)}–${formatClock(inc.end)}`)}</b> ${h(incidentHeadline(inc))}` +
      (causes ? `\n<ul>\n${causes}\n</ul>` : '') + `\n${zoom(`incident-${i + 1}`)}</li>`;
  });
  const findings = st.findings.map((c) =>
    `<li>${h(c.text)}${c.settings.length > 0 ? `<br><span class="fix">change: ${c.settings.map((x) => `<code>${h(x)}</code>`).join(' · ')}</span>` : ''}</li>`);
  const steps = st.steps.map((x) => `<li>${h(x.text)}</li>`);
  const scaling = st.scaling.map((x) => `<li${x.flapping ? ' class="bad"' : ''}>${h(x.text)}</li>`);
  return [
    '<section class="story">',
    `<h2>${h(HEADINGS.story)}</h2>`,
    `<p class="paragraph">${h(st.paragraph)}</p>`,
    incidents.length > 0 ? `<h3>${h(HEADINGS.incidents)}</h3>\n<ol class="incidents">\n${incidents.join('\n')}\n</ol>` : '',
    findings.length > 0 ? `<h3>${h(HEADINGS.findings)}</h3>\n<ul>\n${findings.join('\n')}\n</ul>` : '',
    steps.length > 0 ? `<h3>${h(HEADINGS.steps)}</h3>\n<ul>\n${steps.join('\n')}\n</ul>` : '',
    scaling.length > 0 ? `<h3>${h(HEADINGS.scaling)}</h3>\n<ul>\n${scaling.join('\n')}\n</ul>` : '',
    '</section>',
  ].filter((x) => x !== '').join('\n');
}

function incidentHeadline(inc: Story['incidents'][number]): string {
  if (inc.kind === 'outage') return `outage of ${formatDuration(inc.outageSeconds)}, ${formatInt(inc.failed)} requests failed`;
  if (inc.kind === 'failures') return `${formatInt(inc.failed)} requests failed (peak ${formatNumber(inc.peakFailedRps, 1)}/s)`;
  return `p99 latency up to ${formatMs(inc.peakP99Ms)}`;
}

function workloadsSection(input: HtmlInput): string {
  const list = input.summary.workloads ?? [];
  if (list.length < 2) return '';
  const rows = list.map((w) =>
    `<tr><td>${h(`${w.namespace}/${w.name}`)}</td><td class="num">${h(formatInt(w.requests.offered))}</td><td class="num">${h(formatInt(w.requests.failed))}</td>` +
    // a workload with no traffic (a worker, placeholders) has no availability or latency, not 100 % and 0 ms
    `<td class="num">${w.requests.offered > 0 ? h(formatAvailability(w.availability)) : '—'}</td><td class="num">${w.requests.served > 0 ? h(formatMs(w.latency.p99)) : '—'}</td>` +
    `<td class="num">${h(`${formatInt(w.replicas.min)} / ${formatNumber(w.replicas.mean, 1)} / ${formatInt(w.replicas.max)}`)}</td>` +
    `<td class="num">${h(formatInt(w.restarts))}</td><td class="num">${h(formatMoney(w.cost.total))}</td>` +
    `<td class="num">${h(`${w.rollouts.completed}/${w.rollouts.started}`)}</td>` +
    `<td>${w.hpa ? h(`${w.hpa.name} ${w.hpa.minReplicas}–${w.hpa.maxReplicas}: ${w.hpa.scaleUps} up, ${w.hpa.scaleDowns} down, ${formatDuration(w.hpa.secondsAtMaxReplicas)} at max`) : '—'}</td></tr>`);
  const charts = (input.extra ?? []).filter((c) => c.group === 'workloads')
    .map((c) => `<figure>\n${c.svg}\n<figcaption><span class="file">${h(c.file)}</span></figcaption>\n</figure>`).join('\n');
  return `<section>\n<h2>${h(HEADINGS.workloads)}</h2>\n<div class="wide">${table(WORKLOAD_COLUMNS, rows)}</div>\n${charts}\n</section>`;
}

function summarySection(s: Summary): string {
  const L = SUMMARY_LABELS;
  const items: Array<[string, string]> = [
    ...keyNumberPairs(s),
    [L.cpuCoreHours, formatNumber(s.cost.cpuCoreHours, 2)],
    [L.memoryGiBHours, formatNumber(s.cost.memoryGiBHours, 2)],
    [L.cost, formatMoney(s.cost.total)],
    ...(s.nodes && s.cost.requests !== undefined
      ? ([
          ['node-hours', formatNumber(s.nodes.nodeHours, 2)],
          ['requested resources cost', formatMoney(s.cost.requests)],
          ['pending pod-seconds', formatNumber(s.pendingPodSeconds ?? 0, 0)],
        ] as Array<[string, string]>)
      : []),
  ];
  const cards = items.map(([k, v]) => `<div class="card"><dt>${h(k)}</dt><dd>${h(v)}</dd></div>`).join('\n');
  return `<section>\n<h2>${h(HEADINGS.summary)}</h2>\n<dl class="cards">\n${cards}\n</dl>\n</section>`;
}

function sloSection(slo: SloResult | undefined): string {
  if (!slo || slo.checks.length === 0) return '';
  const rows = slo.checks.map((c) => {
    const mark = c.met ? '<span class="ok">✔</span>' : '<span class="bad">✘</span>';
    return `<tr class="${c.met ? 'met' : 'missed'}"><td>${mark}</td><td>${h(sloLabel(c.name))}</td>` +
      `<td class="num">${h(formatSloTarget(c))}</td><td class="num">${h(formatSloActual(c))}</td>` +
      `<td>${h(c.detail)}</td></tr>`;
  });
  return `<section>\n<h2>${h(HEADINGS.slo)}</h2>\n${table(SLO_COLUMNS, rows)}\n</section>`;
}

function chartsSection(input: HtmlInput): string {
  const figures: string[] = [];
  for (const name of ALL_CHART_NAMES) {
    const svg = input.charts[name];
    if (svg === undefined) continue;
    const file = input.chartFiles?.[name];
    const link = file ? ` <span class="file">${h(file)}</span>` : '';
    figures.push(`<figure id="chart-${name}">\n${svg}\n<figcaption>${h(CHART_TEXT[name].caption)}${link}</figcaption>\n</figure>`);
  }
  if (figures.length === 0) return '';
  const b = input.binning;
  const note = b && b.rowsPerPoint > 1
    ? `\n<p class="note">${h(binningNote(b.rowsPerPoint, b.rowsPerPoint * b.sampleSeconds))}</p>`
    : '';
  return `<section>\n<h2>${h(HEADINGS.charts)}</h2>${note}\n${figures.join('\n')}\n</section>`;
}

function timelineSection(summary: Summary, events: readonly EventRow[], cap: number): string {
  const rolloutRows = summary.rollouts.map((r) =>
    `<tr><td>${h(r.deployment)}</td><td><code>${h(r.image)}</code></td><td class="num">${h(formatClock(r.startedAt))}</td>` +
    `<td class="num">${r.completedAt === null ? `<span class="bad">${h(NEVER_COMPLETED)}</span>` : h(formatClock(r.completedAt))}</td>` +
    `<td class="num">${r.durationSeconds === null ? '' : h(formatDuration(r.durationSeconds))}</td></tr>`);
  const rollouts = rolloutRows.length > 0 ? table(ROLLOUT_COLUMNS, rolloutRows) : `<p>${h(NO_ROLLOUTS)}</p>`;

  const items = capped(buildTimeline(summary, events), cap, (e) => {
    const when = e.end > e.time ? `${formatClock(e.time)}–${formatClock(e.end)}` : formatClock(e.time);
    const detail = e.isImage ? ` → <code>${h(e.detail)}</code>` : `${e.count > 1 ? ' ' : ': '}${h(e.detail)}`;
    return `<li><span class="t">${h(when)}</span> <b>${h(e.label)}</b> ${h(e.subject)}${detail}</li>`;
  }, (n) => `<li class="gap">${h(leftOut(n, 'entries', 'events.csv'))}</li>`);
  const list = items.length > 0 ? `<ol class="timeline">\n${items.join('\n')}\n</ol>` : `<p>${h(NO_TIMELINE)}</p>`;
  return `<section>\n<h2>${h(HEADINGS.timeline)}</h2>\n<h3>${h(HEADINGS.rollouts)}</h3>\n${rollouts}\n${list}\n</section>`;
}

function eventsSection(raw: readonly EventRow[], cap: number): string {
  // As the API server keeps them: repeats folded, with a count and the first and last time (results/events.ts).
  const events = foldEvents(raw);
  const rows = capped(events, cap, (e) => {
    const cls = WARNING_REASONS.has(e.reason) ? ' class="warning"' : '';
    const when = e.count > 1 ? `${formatClock(e.time)}–${formatClock(e.lastTime)}` : formatClock(e.time);
    return `<tr${cls}><td class="num">${h(when)}</td><td class="num">${e.count > 1 ? `×${h(formatInt(e.count))}` : ''}</td><td>${h(e.object)}</td><td>${h(e.reason)}</td><td>${h(e.message)}</td></tr>`;
  }, (n) => `<tr class="gap"><td colspan="5">${h(leftOut(n, 'events', 'events.csv'))}</td></tr>`);
  const body = rows.length > 0 ? table(EVENT_COLUMNS, rows, 'events') : `<p>${h(NO_EVENTS)}</p>`;
  const counted = raw.length !== events.length ? `${formatInt(events.length)}, ${formatInt(raw.length)} occurrences` : formatInt(events.length);
  return `<section>\n<h2>${h(HEADINGS.events)} <span class="count">(${h(counted)})</span></h2>\n${body}\n</section>`;
}

/** All items when there are at most `cap`; otherwise the first and last halves around one gap line. */
function capped<T>(items: readonly T[], cap: number, row: (t: T) => string, gap: (n: number) => string): string[] {
  if (items.length <= cap) return items.map(row);
  const head = Math.ceil(cap / 2);
  const tail = Math.floor(cap / 2);
  return [
    ...items.slice(0, head).map(row),
    gap(items.length - head - tail),
    ...items.slice(items.length - tail).map(row),
  ];
}

function table(columns: readonly string[], rows: readonly string[], cls = ''): string {
  const head = columns.map((c) => `<th>${h(c)}</th>`).join('');
  return `<table${cls ? ` class="${cls}"` : ''}>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
}

const CSS = `
:root { color-scheme: light; --fg: #1f2328; --muted: #656d76; --line: #d0d7de; --ok: #1a7f37; --bad: #cf222e; }
* { box-sizing: border-box; }
body { margin: 0; background: #f6f8fa; color: var(--fg);
  font: 14px/1.45 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
main { max-width: 1000px; margin: 0 auto; padding: 24px 20px 48px; background: #fff; }
header { border-bottom: 1px solid var(--line); padding-bottom: 12px; margin-bottom: 8px; }
h1 { margin: 0 0 4px; font-size: 24px; word-break: break-all; }
h2 { font-size: 18px; margin: 28px 0 10px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 16px 0 8px; }
.meta { margin: 0; color: var(--muted); }
.verdict { display: inline-block; margin: 10px 0 0; padding: 4px 12px; border-radius: 14px; font-weight: 600; }
.verdict.met { background: #dafbe1; color: var(--ok); }
.verdict.missed { background: #ffebe9; color: var(--bad); }
.verdict.none { background: #eaeef2; color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(210px, 1fr)); gap: 8px; margin: 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
.card dt { color: var(--muted); font-size: 12px; }
.card dd { margin: 2px 0 0; font-size: 18px; font-weight: 600; font-variant-numeric: tabular-nums; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 12px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eaeef2; vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; }
td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
table.events td:last-child { word-break: break-word; }
tr.warning td { background: #fff8c5; }
tr.gap td, li.gap { color: var(--muted); font-style: italic; text-align: center; }
.ok { color: var(--ok); font-weight: 700; } .bad { color: var(--bad); font-weight: 700; }
tr.missed td { background: #fff5f5; }
figure { margin: 0 0 20px; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 13px; margin-top: 2px; }
.file { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; margin-left: 6px; }
.note { color: var(--muted); font-size: 13px; }
ol.timeline { list-style: none; padding: 0; margin: 8px 0; }
ol.timeline li { padding: 2px 0; border-bottom: 1px dotted #eaeef2; }
.t { display: inline-block; min-width: 150px; color: var(--muted); font-variant-numeric: tabular-nums; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12.5px; background: #f6f8fa; padding: 0 3px; border-radius: 3px; }
.count { color: var(--muted); font-weight: normal; font-size: 14px; }
.story .paragraph { font-size: 15px; background: #f6f8fa; border-left: 4px solid #4c78a8; padding: 10px 14px; margin: 6px 0 10px; }
.story ol.incidents > li { margin-bottom: 10px; }
.fix { color: var(--muted); font-size: 13px; }
figure.zoom { margin: 6px 0; }
.wide { overflow-x: auto; }
.wide table td:first-child, .wide table th:first-child { position: sticky; left: 0; background: #fff; }
li.bad { color: var(--bad); }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
`.trim();
