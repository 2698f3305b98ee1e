/**
 * SLO evaluation of a finished run against the scenario's targets, and the JUnit XML a CI system reads
 * (one testcase per SLO, a <failure> when it was missed).
 *
 * Rules: availability is met when actual ≥ target; p99 latency, outage and cost when actual ≤ target. A tolerance
 * of 1e-9 (relative) absorbs floating-point noise such as 0.999 computed as 0.99899999999. An actual that is not
 * a finite number (nothing measured) counts as missed, with a detail that says so.
 */

import { escapeXml } from '../results/format.js';
import { formatNumber } from '../results/format.js';
import { JUNIT, SLO_FORMAT, SLO_LABEL, sloDetail, type SloName } from './messages.js';
import type { SloCheck, SloResult, SloTargets, Summary } from './types.js';

export type { SloName } from './messages.js';

/** Check order in every output. */
export const SLO_NAMES = ['availability', 'latencyP99', 'latencyP95', 'maxOutageSeconds', 'costBudget'] as const satisfies readonly SloName[];

const TARGET_KEY: Record<SloName, keyof SloTargets> = {
  availability: 'availability',
  latencyP99: 'latencyP99Ms',
  latencyP95: 'latencyP95Ms',
  maxOutageSeconds: 'maxOutageSeconds',
  costBudget: 'costBudget',
};

const ACTUAL: Record<SloName, (s: Summary) => number> = {
  availability: (s) => s.availability,
  latencyP99: (s) => s.latency.p99,
  latencyP95: (s) => s.latency.p95,
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

/** The label a check is shown with ("p99 latency"); unknown names are shown as they are. */
export function sloLabel(name: string): string {
  return (SLO_LABEL as Record<string, string>)[name] ?? name;
}

/** A check's target as the user wrote it: "99.9%", "300 ms", "5m", "$10.00". */
export function formatSloTarget(check: SloCheck): string {
  const f = (SLO_FORMAT as Partial<Record<string, (typeof SLO_FORMAT)[SloName]>>)[check.name];
  return f ? f.target(check.target) : formatNumber(check.target, 3);
}

/** A check's actual value, with enough digits to differ visibly from its target. */
export function formatSloActual(check: SloCheck): string {
  const f = (SLO_FORMAT as Partial<Record<string, (typeof SLO_FORMAT)[SloName]>>)[check.name];
  return f ? f.actual(check.actual, check.target) : formatNumber(check.actual, 3);
}

/**
 * JUnit XML for CI: one <testsuite> for the scenario, one <testcase> per check, a <failure> with the detail as
 * message when the check was missed; the detail of a met check goes to <system-out>. Everything is XML-escaped.
 */
export function junitXml(scenarioName: string, checks: readonly SloCheck[]): string {
  const failures = checks.filter((c) => !c.met).length;
  const suite = escapeXml(JUNIT.suite(scenarioName));
  const classname = escapeXml(`kubesim.slo.${scenarioName}`);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${JUNIT.suites}" tests="${checks.length}" failures="${failures}" errors="0" time="0">`,
    `  <testsuite name="${suite}" tests="${checks.length}" failures="${failures}" errors="0" skipped="0" time="0">`,
  ];
  for (const c of checks) {
    const open = `    <testcase classname="${classname}" name="${escapeXml(c.name)}" time="0">`;
    const detail = escapeXml(c.detail);
    const body = c.met
      ? `      <system-out>${detail}</system-out>`
      : `      <failure message="${detail}" type="${JUNIT.failureType}">${detail}</failure>`;
    lines.push(open, body, '    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}
