/**
 * Every user-facing word of the report in one place: chart titles and legends, SLO check wording, headings
 * of the HTML and Markdown outputs. Change the wording here, not in the builders.
 */

import {
  formatDuration,
  formatInt,
  formatMoney,
  formatMs,
  formatPercent,
  formatPercentTarget,
  formatPoints,
} from '../results/format.js';

export const CHART_NAMES = ['traffic', 'pods', 'cpu', 'latency', 'cost'] as const;
export type ChartName = (typeof CHART_NAMES)[number];

export const CHART_TEXT: Record<ChartName, { title: string; caption: string; yTitle: string }> = {
  traffic: {
    title: 'Traffic',
    caption: 'Requests per second offered to the workload, served, and failed.',
    yTitle: 'requests/s',
  },
  pods: {
    title: 'Ready pods by ReplicaSet revision',
    caption: 'Ready pods of each ReplicaSet (stacked), with the desired replicas and the HPA’s recommendation.',
    yTitle: 'pods',
  },
  cpu: {
    title: 'CPU utilisation',
    caption: 'CPU use as a percentage of the request, averaged over ready pods, against the HPA target.',
    yTitle: '% of CPU request',
  },
  latency: {
    title: 'Latency',
    caption: 'Request latency percentiles against the p99 SLO.',
    yTitle: 'ms',
  },
  cost: {
    title: 'Cost',
    caption: 'Cost of the requested resources, accumulated over the run.',
    yTitle: '$ (cumulative)',
  },
};

/** Series names shown in chart legends. */
export const SERIES = {
  offered: 'offered',
  served: 'served',
  failed: 'failed',
  desired: 'desired replicas',
  hpaDesired: 'HPA desired',
  readyAll: 'ready',
  cpu: 'CPU utilisation',
  hpaTarget: 'HPA target',
  p50: 'p50',
  p95: 'p95',
  p99: 'p99',
  p99Slo: 'p99 SLO',
  cost: 'cost',
  budget: 'budget',
} as const;

/** Kinds of event marked on the time axis, in legend order. */
export const MARKER_KINDS = ['rollout', 'rollback', 'pod kill', 'HPA rescale'] as const;
export type MarkerKind = (typeof MARKER_KINDS)[number];

export function timeAxisTitle(unit: string): string {
  return `time (${unit})`;
}

export function binningNote(rowsPerPoint: number, seconds: number): string {
  return `Each point summarises ${formatInt(rowsPerPoint)} samples (${formatDuration(seconds)}): rates and pods are means, ` +
    'desired replicas and latency are maxima, cost is the last value.';
}

// ---- SLO checks ----------------------------------------------------------------------------------------------

export const SLO_LABEL = {
  availability: 'availability',
  latencyP99: 'p99 latency',
  latencyP95: 'p95 latency',
  maxOutageSeconds: 'outage',
  costBudget: 'cost',
} as const;

export type SloName = keyof typeof SLO_LABEL;

/** How a target prints, per check. */
export const SLO_FORMAT: Record<SloName, { actual: (v: number, target: number) => string; target: (v: number) => string }> = {
  availability: { actual: (v, t) => formatPercent(v, 2, t), target: formatPercentTarget },
  latencyP99: { actual: (v) => formatMs(v), target: (v) => formatMs(v) },
  latencyP95: { actual: (v) => formatMs(v), target: (v) => formatMs(v) },
  maxOutageSeconds: { actual: (v) => formatDuration(v), target: (v) => formatDuration(v) },
  costBudget: { actual: (v) => formatMoney(v), target: (v) => formatMoney(v) },
};

export function sloDetail(name: SloName, actual: number, target: number, met: boolean): string {
  const label = SLO_LABEL[name];
  if (!Number.isFinite(actual)) return `${label}: no data, counted as missed`;
  const a = SLO_FORMAT[name].actual(actual, target);
  const t = SLO_FORMAT[name].target(target);
  switch (name) {
    case 'availability':
      return met
        ? `${label} ${a} ≥ ${t} target, ${formatPoints(actual - target)} to spare`
        : `${label} ${a} < ${t} target, short by ${formatPoints(target - actual)}`;
    case 'latencyP99':
    case 'latencyP95':
      return met
        ? `${label} ${a} ≤ ${t} target`
        : `${label} ${a} > ${t} target, over by ${formatMs(actual - target)}`;
    case 'maxOutageSeconds':
      return met
        ? `${label} ${a} ≤ ${t} allowed`
        : `${label} ${a} > ${t} allowed, over by ${formatDuration(actual - target)}`;
    case 'costBudget':
      return met
        ? `${label} ${a} ≤ ${t} budget`
        : `${label} ${a} > ${t} budget, over by ${formatMoney(actual - target)}`;
  }
}

export const JUNIT = {
  suites: 'kubesim',
  suite: (scenario: string) => `SLO: ${scenario}`,
  failureType: 'SLOMissed',
};

// ---- verdicts and headings -----------------------------------------------------------------------------------

export function verdictText(met: boolean | undefined, checks: number): string {
  if (met === undefined || checks === 0) return 'no SLO given';
  if (met) return checks === 1 ? 'SLO met' : `all ${checks} SLOs met`;
  return 'SLO missed';
}

export const HEADINGS = {
  summary: 'Summary',
  slo: 'SLO',
  charts: 'Charts',
  timeline: 'Rollout and scaling timeline',
  rollouts: 'Rollouts',
  events: 'Events',
};

export const SUMMARY_LABELS = {
  seed: 'seed',
  duration: 'simulated',
  offered: 'requests offered',
  served: 'requests served',
  failed: 'requests failed',
  availability: 'availability',
  outage: 'outage',
  latency: 'latency p50 / p95 / p99',
  replicas: 'ready pods min / mean / max',
  scaling: 'HPA scale-ups / scale-downs',
  cpuCoreHours: 'CPU core-hours',
  memoryGiBHours: 'memory GiB-hours',
  cost: 'cost',
};

export const ROLLOUT_COLUMNS = ['deployment', 'image', 'started', 'completed', 'took'];
export const EVENT_COLUMNS = ['time', 'object', 'reason', 'message'];
export const SLO_COLUMNS = ['', 'SLO', 'target', 'actual', 'detail'];

export const TIMELINE = { rolloutStarted: 'rollout started', rolloutCompleted: 'rollout complete' };

export function timelineObjects(count: number): string {
  return `${formatInt(count)} objects`;
}

/** A folded run of one reason: "×40 events, new sizes 2–6". */
export function timelineRun(count: number, sizes?: [number, number]): string {
  const range = sizes === undefined ? '' : sizes[0] === sizes[1] ? `, new size ${sizes[0]}` : `, new sizes ${sizes[0]}–${sizes[1]}`;
  return `×${formatInt(count)} events${range}`;
}

export const NEVER_COMPLETED = 'never completed';
export const NO_ROLLOUTS = 'No rollouts in this run.';
export const NO_EVENTS = 'No events.';
export const NO_TIMELINE = 'No rollouts, rollbacks, pod kills or HPA rescales in this run.';

export function leftOut(count: number, what: string, where: string): string {
  return `… ${formatInt(count)} ${what} left out here (${where} has them all) …`;
}

export const FOOTER = 'Generated by kubesim. Simulated time; the same scenario and seed give the same report.';
