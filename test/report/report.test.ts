import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildReport } from '../../src/report/index.js';
import { makeFixture } from './fixture.js';

test('buildReport returns every file, junit.xml only when asked, and the same bytes twice', async () => {
  const input = makeFixture({ hours: 24 });
  const first = await buildReport(input);
  assert.equal([...first.keys()], [
    'report.html', 'summary.md',
    'charts/traffic.svg', 'charts/pods.svg', 'charts/cpu.svg', 'charts/latency.svg', 'charts/cost.svg',
    // the fixture's incidents, zoomed (the first three)
    'charts/incident-1-traffic.svg', 'charts/incident-1-pods.svg', 'charts/incident-2-traffic.svg', 'charts/incident-2-pods.svg',
    'charts/incident-3-traffic.svg', 'charts/incident-3-pods.svg',
  ]);
  const second = await buildReport({ ...input, junit: true });
  for (const [name, body] of first) assert.ok(second.get(name) === body, `${name} is byte-identical`);
  assert.match(second.get('junit.xml')!, /<testsuites name="kubesim" tests="2" failures="0"/);
  const html = first.get('report.html')!;
  assert.is(html.match(/<svg/g)?.length, 11);
  // Ids in inlined charts never clash.
  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
  assert.is(new Set(ids).size, ids.length);
  assert.match(html, /Each point summarises 11 samples \(1m50s\)/);
});

test('the verdict falls back to summary.slo when no targets are given', async () => {
  const input = makeFixture({ hours: 1 });
  const slo = { met: false, checks: [{ name: 'availability', target: 0.999, actual: 0.99, met: false, detail: 'availability 99% < 99.9% target, short by 0.9 pp' }] };
  const files = await buildReport({ ...input, slo: undefined, summary: { ...input.summary, slo }, junit: true });
  assert.match(files.get('summary.md')!, /❌ SLO missed/);
  assert.match(files.get('junit.xml')!, /failures="1"/);
});

test.run();
