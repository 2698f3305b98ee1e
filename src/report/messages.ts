/**
 * Every user-facing word of the report in one place: chart titles and legends, SLO check wording, headings
 * of the HTML and Markdown outputs. Change the wording here, not in the builders.
 */

import { formatDuration, formatInt } from '../results/format.js';

export const CHART_NAMES = ['traffic', 'pods', 'cpu', 'latency', 'cost'] as const;
/** Charts drawn only when the run has their data (`nodes`: node pools were given). */
export const OPTIONAL_CHART_NAMES = ['nodes'] as const;
export const ALL_CHART_NAMES = [...CHART_NAMES, ...OPTIONAL_CHART_NAMES] as const;
export type ChartName = (typeof ALL_CHART_NAMES)[number];
/** One value per chart: always the five, `nodes` only when drawn. */
export type PerChart<T> = Record<(typeof CHART_NAMES)[number], T> & Partial<Record<(typeof OPTIONAL_CHART_NAMES)[number], T>>;

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
  nodes: {
    title: 'Nodes',
    caption: 'Ready nodes of the node pools, and pods Pending because no node fits them.',
    yTitle: 'count',
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
  nodes: 'Ready nodes',
  pending: 'pending pods',
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

export const JUNIT = {
  suites: 'kubesim',
  suite: (scenario: string) => `SLO: ${scenario}`,
  failureType: 'SLOMissed',
  noSlo: 'the scenario has no spec.slo: nothing was checked (add spec.slo with availability, latencyP99, … to make --check fail on a miss)',
};

// ---- verdicts and headings -----------------------------------------------------------------------------------

export function verdictText(met: boolean | undefined, checks: number): string {
  if (met === undefined || checks === 0) return 'no SLO given';
  if (met) return checks === 1 ? 'SLO met' : `all ${checks} SLOs met`;
  return 'SLO missed';
}

export const HEADINGS = {
  story: 'What happened',
  incidents: 'Incidents',
  findings: 'Also in this run',
  steps: 'Traffic steps and time to capacity',
  scaling: 'Scaling activity',
  workloads: 'Per workload',
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
  clients: 'client requests / retries / finally failed',
  amplification: 'retry amplification',
  cpuCoreHours: 'CPU core-hours',
  memoryGiBHours: 'memory GiB-hours',
  cost: 'cost',
};

export const ROLLOUT_COLUMNS = ['deployment', 'image', 'started', 'completed', 'took'];
export const EVENT_COLUMNS = ['time', 'count', 'object', 'reason', 'message'];
export const WORKLOAD_COLUMNS = ['workload', 'offered', 'failed', 'availability', 'p99', 'ready min / mean / max', 'restarts', 'cost', 'rollouts done', 'HPA'];
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
