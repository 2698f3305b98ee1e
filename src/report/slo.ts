/**
 * SLO checks as the reports show them (labels, targets, actuals) and the JUnit XML a CI system reads (one
 * testcase per SLO, a <failure> when it was missed). The evaluation itself is the run's: src/results/slo.ts.
 */

import { escapeXml, formatNumber } from '../results/format.js';
import { SLO_FORMAT, SLO_LABEL, type SloName } from '../results/slo.js';
import { JUNIT } from './messages.js';
import type { SloCheck } from './types.js';

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
  const none = checks.length === 0;
  const tests = none ? 1 : checks.length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${JUNIT.suites}" tests="${tests}" failures="${failures}" errors="0" skipped="${none ? 1 : 0}" time="0">`,
    `  <testsuite name="${suite}" tests="${tests}" failures="${failures}" errors="0" skipped="${none ? 1 : 0}" time="0">`,
  ];
  if (none) {
    // Not an empty suite: a CI system shows a skipped test that says why nothing was checked.
    lines.push(`    <testcase classname="${classname}" name="slo" time="0">`, `      <skipped message="${escapeXml(JUNIT.noSlo)}"/>`, '    </testcase>');
  }
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
