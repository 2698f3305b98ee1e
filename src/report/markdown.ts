/**
 * summary.md: a short GitHub-flavoured Markdown report for a pull-request comment or a CI job summary —
 * verdict, key numbers, SLO checks with ✅/❌, rollouts, and links to the chart files. Scenario text is escaped
 * so it renders as text, never as Markdown or HTML.
 */

import {
  escapeMarkdown as md,
  formatClock,
  formatDuration,
  formatMoney,
  formatNumber,
} from '../results/format.js';
import {
  ALL_CHART_NAMES,
  CHART_NAMES,
  CHART_TEXT,
  HEADINGS,
  leftOut,
  NEVER_COMPLETED,
  NO_ROLLOUTS,
  ROLLOUT_COLUMNS,
  SLO_COLUMNS,
  SUMMARY_LABELS,
  verdictText,
  type ChartName,
} from './messages.js';
import { formatSloActual, formatSloTarget, sloLabel } from './slo.js';
import { keyNumberPairs } from './page.js';
import type { SloResult, Summary } from './types.js';
import type { Story } from '../results/story.js';
import { formatAvailability, formatInt, formatMs } from '../results/format.js';

export interface MarkdownOptions {
  /** Path (or URL) the chart file names are relative to, ending in `/` (default: none, names as given). */
  chartBase?: string;
  /** Chart files to link, by chart (default `charts/<name>.svg` for all five). */
  chartFiles?: Partial<Record<ChartName, string>>;
  /** Embed the charts as images instead of linking them (for places that can reach the files). */
  embedCharts?: boolean;
  /** Most rollout rows (default 50). */
  maxRollouts?: number;
  /** What happened and why: shown first. */
  story?: Story;
}

export function buildMarkdown(summary: Summary, slo: SloResult | undefined, options: MarkdownOptions = {}): string {
  const checks = slo?.checks.length ?? 0;
  const icon = checks === 0 ? 'ℹ️' : slo?.met ? '✅' : '❌';
  const out: string[] = [
    `## kubesim: ${md(summary.scenario)} — ${icon} ${md(verdictText(slo?.met, checks))}`,
    '',
    `${md(SUMMARY_LABELS.seed)} ${md(String(summary.seed))} · ${md(formatDuration(summary.durationSeconds))} ${md(SUMMARY_LABELS.duration)}`,
    '',
    ...storyLines(options.story),
    ...keyNumbers(summary),
    ...workloads(summary),
  ];
  if (slo && checks > 0) out.push('', `### ${md(HEADINGS.slo)}`, '', ...sloTable(slo));
  out.push('', `### ${md(HEADINGS.rollouts)}`, '', ...rollouts(summary, options.maxRollouts ?? 50));
  out.push('', `### ${md(HEADINGS.charts)}`, '', ...charts(options), '');
  return out.join('\n');
}

function storyLines(st: Story | undefined): string[] {
  if (!st) return [];
  const out = [`### ${md(HEADINGS.story)}`, '', md(st.paragraph), ''];
  for (const inc of st.incidents.slice(0, 10)) {
    out.push(`- ${md(inc.text)}`);
    const fixes = inc.causes.flatMap((c) => c.settings);
    if (fixes.length > 0) out.push(`  - change: ${fixes.map((f) => `\`${f.replace(/`/g, "'")}\``).join(' · ')}`);
  }
  if (st.incidents.length > 10) out.push(`- ${md(leftOut(st.incidents.length - 10, 'incidents', 'report.html'))}`);
  // findings of the whole run with what would change them (report.html's "also in this run"): the node pool
  // settings of Pending pods, the memory limit of an OOM kill, the quota
  for (const f of st.findings.filter((x) => x.settings.length > 0).slice(0, 5)) {
    out.push(`- ${md(f.text.charAt(0).toUpperCase() + f.text.slice(1))}.`);
    out.push(`  - change: ${f.settings.map((x) => `\`${x.replace(/`/g, "'")}\``).join(' · ')}`);
  }
  for (const x of st.steps.slice(0, 5)) out.push(`- ${md(x.text)}`);
  for (const x of st.scaling) out.push(`- ${md(x.text)}`);
  if (out.length > 4) out.push('');
  return out;
}

function workloads(s: Summary): string[] {
  const list = s.workloads ?? [];
  if (list.length < 2) return [];
  return [
    '',
    `### ${md(HEADINGS.workloads)}`,
    '',
    '| workload | offered | failed | availability | p99 | ready mean | restarts | cost | HPA |',
    '|---|--:|--:|--:|--:|--:|--:|--:|---|',
    ...list.map((w) => row([
      md(`${w.namespace}/${w.name}`), formatInt(w.requests.offered), formatInt(w.requests.failed), w.requests.offered > 0 ? md(formatAvailability(w.availability)) : '—',
      w.requests.served > 0 ? md(formatMs(w.latency.p99)) : '—', formatNumber(w.replicas.mean, 1), formatInt(w.restarts), md(formatMoney(w.cost.total)),
      w.hpa ? md(`${w.hpa.scaleUps} up, ${w.hpa.scaleDowns} down, ${formatDuration(w.hpa.secondsAtMaxReplicas)} at max ${w.hpa.maxReplicas}`) : '—',
    ])),
  ];
}

function keyNumbers(s: Summary): string[] {
  const L = SUMMARY_LABELS;
  const rows: Array<[string, string]> = [
    ...keyNumberPairs(s),
    s.nodes && s.cost.requests !== undefined
      ? [L.cost, `${formatMoney(s.cost.total)} (${formatNumber(s.nodes.nodeHours, 2)} node-hours; requested resources ${formatMoney(s.cost.requests)})`]
      : [L.cost, `${formatMoney(s.cost.total)} (${formatNumber(s.cost.cpuCoreHours, 2)} ${L.cpuCoreHours}, ` +
        `${formatNumber(s.cost.memoryGiBHours, 2)} ${L.memoryGiBHours})`],
    ...(s.nodes ? [['nodes Ready min / mean / max', `${s.nodes.min} / ${formatNumber(s.nodes.mean, 1)} / ${s.nodes.max}`] as [string, string], ['pending pod-seconds', formatNumber(s.pendingPodSeconds ?? 0, 0)] as [string, string]] : []),
  ];
  return ['| | |', '|---|---:|', ...rows.map(([k, v]) => `| ${md(k)} | ${md(v)} |`)];
}

function sloTable(slo: SloResult): string[] {
  return [
    row(SLO_COLUMNS.map(md)),
    '|:-:|---|--:|--:|---|',
    ...slo.checks.map((c) =>
      row([c.met ? '✅' : '❌', md(sloLabel(c.name)), md(formatSloTarget(c)), md(formatSloActual(c)), md(c.detail)])),
  ];
}

function rollouts(s: Summary, cap: number): string[] {
  if (s.rollouts.length === 0) return [md(NO_ROLLOUTS)];
  const shown = s.rollouts.slice(0, cap);
  const lines = [
    row(ROLLOUT_COLUMNS.map(md)),
    '|---|---|--:|--:|--:|',
    ...shown.map((r) => row([
      md(r.deployment),
      md(r.image),
      md(formatClock(r.startedAt)),
      r.completedAt === null ? `❌ ${md(NEVER_COMPLETED)}` : md(formatClock(r.completedAt)),
      r.durationSeconds === null ? '' : md(formatDuration(r.durationSeconds)),
    ])),
  ];
  if (s.rollouts.length > cap) lines.push('', md(leftOut(s.rollouts.length - cap, 'rollouts', 'summary.json')));
  return lines;
}

function charts(options: MarkdownOptions): string[] {
  // Relative links are dead in a job summary or a PR comment: without a base to resolve them, name the files.
  if (options.chartBase === undefined && !options.embedCharts) {
    return [md('In the output folder: report.html (every chart and the event log) and ') +
      CHART_NAMES.map((name) => `\`${options.chartFiles?.[name] ?? `charts/${name}.svg`}\``).join(', ') + '.'];
  }
  const base = options.chartBase ?? '';
  const names = options.chartFiles ? ALL_CHART_NAMES.filter((n) => options.chartFiles![n] !== undefined) : CHART_NAMES;
  return names.map((name) => {
    const file = options.chartFiles?.[name] ?? `charts/${name}.svg`;
    const url = encodeURI(base + file).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    const title = md(CHART_TEXT[name].title);
    return options.embedCharts ? `![${title}](${url})` : `- [${title}](${url}) — ${md(CHART_TEXT[name].caption)}`;
  });
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}
