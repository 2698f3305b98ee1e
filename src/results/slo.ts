/**
 * SLO evaluation of a finished run against the scenario's targets, and the words each check is reported in
 * (kept in summary.json, printed by the CLI, shown by the reports).
 *
 * Rules: availability is met when actual ≥ target; p99 latency, outage and cost when actual ≤ target. A tolerance
 * of 1e-9 (relative) absorbs floating-point noise such as 0.999 computed as 0.99899999999. An actual that is not
 * a finite number (nothing measured) counts as missed, with a detail that says so.
 */
import { formatDuration, formatMoney, formatMs, formatAvailability, formatPercentTarget, formatPoints } from './format.js';
import type { SloCheck, SloResult, SloTargets, Summary } from './types.js';

// ---- words ----------------------------------------------------------------------------------------------

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
  availability: { actual: (v, t) => formatAvailability(v, t), target: formatPercentTarget },
  latencyP99: { actual: (v) => formatMs(v), target: (v) => formatMs(v) },
  latencyP95: { actual: (v) => formatMs(v), target: (v) => formatMs(v) },
  maxOutageSeconds: { actual: (v) => formatDuration(v), target: (v) => formatDuration(v) },
  costBudget: { actual: (v) => formatMoney(v), target: (v) => formatMoney(v) },
};

export function sloDetail(name: SloName, actual: number, target: number, met: boolean): string {
  const label = SLO_LABEL[name];
  if (!Number.isFinite(actual)) {
    const why = name === 'availability' ? 'no request was offered' : name.startsWith('latency') ? 'no request was served' : 'nothing was measured';
    return `${label}: no data (${why}), counted as missed`;
  }
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


/** Check order in every output. */
export const SLO_NAMES = ['availability', 'latencyP99', 'latencyP95', 'maxOutageSeconds', 'costBudget'] as const satisfies readonly SloName[];

const TARGET_KEY: Record<SloName, keyof SloTargets> = {
  availability: 'availability',
  latencyP99: 'latencyP99Ms',
  latencyP95: 'latencyP95Ms',
  maxOutageSeconds: 'maxOutageSeconds',
  costBudget: 'costBudget',
};

/** NaN = nothing measured: a latency with no request served, an availability with none offered. */
const ACTUAL: Record<SloName, (s: Summary) => number> = {
  availability: (s) => ((s.requests?.offered ?? 1) > 0 ? s.availability : NaN),
  latencyP99: (s) => ((s.requests?.served ?? 1) > 0 ? s.latency.p99 : NaN),
  latencyP95: (s) => ((s.requests?.served ?? 1) > 0 ? s.latency.p95 : NaN),
  maxOutageSeconds: (s) => s.outageSeconds,
  costBudget: (s) => s.cost.total,
};

const HIGHER_IS_BETTER: Record<SloName, boolean> = {
  availability: true,
  latencyP99: false,
  latencyP95: false,
  maxOutageSeconds: false,
  costBudget: false,
};

const TOLERANCE = 1e-9;

/** Evaluates every target given (absent targets are not checked); `met` is true when every check is met. */
export function evaluateSlo(summary: Summary, targets: SloTargets): SloResult {
  const checks: SloCheck[] = [];
  for (const name of SLO_NAMES) {
    const target = targets[TARGET_KEY[name]];
    if (target === undefined) continue;
    const actual = ACTUAL[name](summary);
    const met = isMet(name, actual, target);
    checks.push({ name, target, actual, met, detail: sloDetail(name, actual, target, met) });
  }
  return { met: checks.every((c) => c.met), checks };
}

function isMet(name: SloName, actual: number, target: number): boolean {
  if (!Number.isFinite(actual)) return false;
  const slack = TOLERANCE * Math.max(1, Math.abs(target));
  return HIGHER_IS_BETTER[name] ? actual >= target - slack : actual <= target + slack;
}

