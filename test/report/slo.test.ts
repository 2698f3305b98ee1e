import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { evaluateSlo } from '../../src/results/slo.js';
import { junitXml } from '../../src/report/slo.js';
import type { SloTargets, Summary } from '../../src/report/types.js';
import { makeFixture } from './fixture.js';

const base = makeFixture({ hours: 1 }).summary;
function summary(patch: Partial<Summary>): Summary {
  return { ...base, ...patch };
}

const rows: Array<{ name: string; summary: Summary; targets: SloTargets; met: boolean; detail: string }> = [
  {
    name: 'availability below target is missed, with the shortfall in percentage points',
    summary: summary({ availability: 0.9971 }),
    targets: { availability: 0.999 },
    met: false,
    detail: 'availability 99.71% < 99.9% target, short by 0.19 pp',
  },
  {
    name: 'availability above target is met',
    summary: summary({ availability: 0.9995 }),
    targets: { availability: 0.999 },
    met: true,
    detail: 'availability 99.95% ≥ 99.9% target, 0.05 pp to spare',
  },
  {
    name: 'availability a hair under target shows enough digits to tell them apart',
    summary: summary({ availability: 0.99899 }),
    targets: { availability: 0.999 },
    met: false,
    detail: 'availability 99.899% < 99.9% target, short by 0.001 pp',
  },
  {
    name: 'availability equal to target up to floating-point noise is met',
    summary: summary({ availability: 0.9989999999999999 }),
    targets: { availability: 0.999 },
    met: true,
    detail: 'availability 99.9% ≥ 99.9% target, 0.00 pp to spare',
  },
  {
    name: 'p99 latency over target is missed',
    summary: summary({ latency: { p50: 20, p95: 200, p99: 412 } }),
    targets: { latencyP99Ms: 300 },
    met: false,
    detail: 'p99 latency 412 ms > 300 ms target, over by 112 ms',
  },
  {
    name: 'p99 latency at target is met',
    summary: summary({ latency: { p50: 20, p95: 200, p99: 300 } }),
    targets: { latencyP99Ms: 300 },
    met: true,
    detail: 'p99 latency 300 ms ≤ 300 ms target',
  },
  {
    name: 'p99 latency never measured is missed and says so',
    summary: summary({ latency: { p50: NaN, p95: NaN, p99: NaN } }),
    targets: { latencyP99Ms: 300 },
    met: false,
    detail: 'p99 latency: no data (no request was served), counted as missed',
  },
  {
    name: 'outage longer than allowed is missed',
    summary: summary({ outageSeconds: 95 }),
    targets: { maxOutageSeconds: 60 },
    met: false,
    detail: 'outage 1m35s > 1m allowed, over by 35s',
  },
  {
    name: 'no outage is met',
    summary: summary({ outageSeconds: 0 }),
    targets: { maxOutageSeconds: 30 },
    met: true,
    detail: 'outage 0s ≤ 30s allowed',
  },
  {
    name: 'cost over budget is missed',
    summary: summary({ cost: { cpuCoreHours: 100, memoryGiBHours: 50, total: 12.34 } }),
    targets: { costBudget: 10 },
    met: false,
    detail: 'cost $12.34 > $10.00 budget, over by $2.34',
  },
  {
    name: 'cost within budget is met',
    summary: summary({ cost: { cpuCoreHours: 1, memoryGiBHours: 1, total: 0.0452 } }),
    targets: { costBudget: 1 },
    met: true,
    detail: 'cost $0.0452 ≤ $1.00 budget',
  },
];

for (const row of rows) {
  test(row.name, () => {
    const result = evaluateSlo(row.summary, row.targets);
    assert.is(result.checks.length, 1);
    assert.is(result.met, row.met);
    assert.is(result.checks[0]!.met, row.met);
    assert.is(result.checks[0]!.detail, row.detail);
  });
}

test('checks come in a fixed order, only for the targets given; met only when all are', () => {
  const s = summary({ availability: 0.9995, latency: { p50: 1, p95: 2, p99: 500 }, outageSeconds: 0 });
  const r = evaluateSlo(s, { costBudget: 1e9, latencyP99Ms: 300, availability: 0.999 });
  assert.equal(r.checks.map((c) => c.name), ['availability', 'latencyP99', 'costBudget']);
  assert.equal(r.checks.map((c) => c.met), [true, false, true]);
  assert.is(r.met, false);
  assert.equal(evaluateSlo(s, {}), { met: true, checks: [] });
});

test('JUnit XML: one testcase per SLO, a failure with the detail when missed', () => {
  const r = evaluateSlo(summary({ availability: 0.9971, latency: { p50: 1, p95: 2, p99: 120 } }), {
    availability: 0.999,
    latencyP99Ms: 300,
  });
  const xml = junitXml('seed-api', r.checks);
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites'));
  assert.is(xml.match(/<testcase /g)?.length, 2);
  assert.is(xml.match(/<failure /g)?.length, 1);
  assert.match(xml, /<testsuites name="kubesim" tests="2" failures="1"/);
  assert.match(xml, /<testcase classname="kubesim\.slo\.seed-api" name="availability" time="0">\n\s*<failure message="availability 99\.71% &lt; 99\.9% target, short by 0\.19 pp" type="SLOMissed">/);
  assert.match(xml, /name="latencyP99" time="0">\n\s*<system-out>p99 latency 120 ms ≤ 300 ms target<\/system-out>/);
});

test('JUnit XML: all met gives no failure element', () => {
  const r = evaluateSlo(summary({ availability: 1 }), { availability: 0.999 });
  const xml = junitXml('seed-api', r.checks);
  assert.not.match(xml, /<failure/);
  assert.match(xml, /tests="1" failures="0"/);
});

test('JUnit XML escapes the scenario name and details, and drops characters XML cannot carry', () => {
  const xml = junitXml('a<b>&"c\'\u0001', [
    { name: 'x<y', target: 1, actual: 2, met: false, detail: 'bad "quote" & <tag>' },
  ]);
  assert.match(xml, /name="SLO: a&lt;b&gt;&amp;&quot;c&apos;"/);
  assert.match(xml, /message="bad &quot;quote&quot; &amp; &lt;tag&gt;"/);
  assert.not.match(xml, /\u0001/);
  // Outside the tags, no raw markup characters may be left.
  const text = xml.replace(/<[^<>]*>/g, '');
  assert.not.match(text, /[<>]/);
});

test('a p95 target is checked against summary.latency.p95', () => {
  const s = { latency: { p50: 10, p95: 120, p99: 400 } } as unknown as Parameters<typeof evaluateSlo>[0];
  const met = evaluateSlo(s, { latencyP95Ms: 150 });
  assert.equal(met.checks.map((c) => [c.name, c.met]), [['latencyP95', true]]);
  const missed = evaluateSlo(s, { latencyP95Ms: 100 });
  assert.is(missed.met, false);
  assert.match(missed.checks[0]!.detail, 'p95 latency 120 ms > 100 ms target, over by 20.0 ms');
});

test.run();
