import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildHtml, prepareHtml } from '../../src/report/html.js';
import { buildReport } from '../../src/report/index.js';
import { evaluateSlo } from '../../src/results/slo.js';
import type { EventRow } from '../../src/report/types.js';
import { makeFixture } from './fixture.js';

const input = makeFixture({ hours: 6 });
const slo = evaluateSlo(input.summary, input.slo!);
const FAKE_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>';
const charts = { traffic: FAKE_SVG, pods: FAKE_SVG };

test('the report holds the summary numbers, the verdict, the charts, the timeline and the events', () => {
  const html = buildHtml({ summary: input.summary, events: input.events, slo, charts });
  assert.ok(html.startsWith('<!DOCTYPE html>'));
  assert.match(html, /<title>kubesim — seed-api<\/title>/);
  assert.match(html, /requests offered/);
  assert.match(html, /class="verdict met">✔ all 2 SLOs met/);
  assert.match(html, /availability 99\.\d+% ≥ 99\.5% target/);
  assert.is(html.match(/<svg/g)?.length, 2);
  assert.match(html, /rollout started<\/b> api → <code>myrepo\/api:1\.3\.0<\/code>/);
  assert.match(html, /<td class="num">1:30:00<\/td><td>api<\/td>|<td class="num">1:30:00<\/td>/);
  assert.match(html, /<tr class="warning"><td class="num">3:00:05<\/td><td class="num"><\/td><td>Pod\/api-6f7c9d8b4-x2k4q<\/td><td>Unhealthy/);
});

test('sections prepared while the charts are drawn give the page built in one go, row limits included', () => {
  const events: EventRow[] = [...input.events, ...Array.from({ length: 700 }, (_, i) => ({ time: 4000 + i, object: `Pod/p-${i}`, reason: 'Started', message: `m ${i}` }))];
  for (const options of [{}, { maxEventRows: 50, maxTimelineRows: 3 }]) {
    const whole = { summary: input.summary, events, slo, charts };
    const prepared = prepareHtml({ summary: input.summary, events }, options);
    assert.match(prepared.events, /Pod\/p-699</);
    assert.is(buildHtml(whole, options, prepared), buildHtml(whole, options));
  }
});

test('self-contained and inert: no scripts, no external resources', () => {
  const html = buildHtml({ summary: input.summary, events: input.events, slo, charts });
  assert.not.match(html, /<script/i);
  assert.not.match(html, /\b(src|href)=/i);
  assert.not.match(html.replaceAll('xmlns="http://www.w3.org/2000/svg"', ''), /https?:\/\//);
  assert.not.match(html, /@import|url\(\s*['"]?(https?:|\/\/)/i);
  assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
});

test('a missed SLO shows as missed', () => {
  const missed = evaluateSlo({ ...input.summary, availability: 0.9971 }, { availability: 0.999 });
  const html = buildHtml({ summary: input.summary, events: [], slo: missed, charts: {} });
  assert.match(html, /class="verdict missed">✘ SLO missed/);
  assert.match(html, /short by 0\.19 pp/);
});

test('long event logs show the first and last rows and say how many were left out', () => {
  const events: EventRow[] = Array.from({ length: 5000 }, (_, i) => ({
    time: i, object: `Pod/p-${i}`, reason: 'Started', message: `Started container ${i}`,
  }));
  const html = buildHtml({ summary: input.summary, events, charts: {} }, { maxEventRows: 100 });
  assert.match(html, /Pod\/p-0</);
  assert.match(html, /Pod\/p-49</);
  assert.not.match(html, /Pod\/p-50</);
  assert.match(html, /Pod\/p-4999</);
  assert.match(html, /… 4,900 events left out here \(events\.csv has them all\) …/);
  assert.match(html, /Events <span class="count">\(5,000\)/);
});

test('a scenario whose names contain <script> renders inert', async () => {
  const evil = makeFixture({
    hours: 1,
    scenario: '<script>alert("name")</script>',
    revisions: ['<script>alert(1)</script>', 'x" onload="alert(2)'],
    image: 'evil/<img src=x onerror=alert(3)>',
  });
  evil.events = [
    ...evil.events,
    { time: 5, object: '<script>o</script>', reason: '<b>Reason</b>', message: '</td><script>alert(4)</script>' },
    { time: 6, object: 'Deployment/api', reason: 'DeploymentRollback', message: '<iframe src="javascript:alert(5)">' },
  ];
  const files = await buildReport({ ...evil, junit: true });
  const html = files.get('report.html')!;
  assert.not.match(html, /<script/i);
  assert.not.match(html, /<img/i);
  assert.not.match(html, /<iframe/i);
  assert.not.match(html, /<b>Reason/);
  const tags = html.match(/<[^>]*>/g) ?? [];
  const attributes = tags.map((t) => t.replace(/"[^"]*"/g, '""'));
  assert.not.ok(attributes.some((t) => /\son\w+\s*=/i.test(t)), 'no event-handler attribute in any tag');
  assert.match(html, /&lt;script&gt;alert\(&quot;name&quot;\)&lt;\/script&gt;/);
  assert.match(html, /evil\/&lt;img src=x onerror=alert\(3\)&gt;/);
  for (const [name, body] of files) {
    if (name.endsWith('.svg') || name.endsWith('.md') || name.endsWith('.xml')) assert.not.match(body, /<script/i, name);
  }
});

test.run();
