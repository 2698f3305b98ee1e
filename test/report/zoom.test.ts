/** Incident zooms and per-workload charts of real runs (bundled scenarios through simulate and buildReport). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildReport } from '../../src/report/index.js';
import { reportRows } from '../../src/report/files.js';
import { loadScenario } from '../../src/scenario/index.js';
import { simulate } from '../../src/world/simulate.js';

async function report(name: string) {
  const scenario = await loadScenario(`scenarios/${name}.yaml`);
  const result = simulate(scenario);
  return buildReport({ summary: result.summary, timeseries: result.timeseries.columns, events: reportRows(result), hpaDecisions: result.hpaDecisions, ...(scenario.slo ? { slo: scenario.slo } : {}) });
}

test('per-workload charts: no failed-requests chart when nothing failed; legends without default/', async () => {
  const quiet = await report('hpa-behaviors');
  assert.ok(quiet.has('charts/workloads-pods.svg'));
  assert.not.ok(quiet.has('charts/workloads-failed.svg'), 'a flat zero line');
  assert.not.match(quiet.get('report.html')!, /workloads-failed/);
  const pods = quiet.get('charts/workloads-pods.svg')!;
  assert.ok(pods.includes('>api-default ready<'), 'legend');
  assert.not.ok(pods.includes('default/api-default'));
  const drained = await report('node-drain');
  assert.ok(drained.has('charts/workloads-failed.svg'), 'api-nopdb failed requests');
});

test('an incident zoom labels its time axis with the clock times the story writes, on whole steps', async () => {
  const scenario = await loadScenario('scenarios/node-failure.yaml');
  const result = simulate(scenario);
  const files = await buildReport({ summary: result.summary, timeseries: result.timeseries.columns, events: reportRows(result), hpaDecisions: result.hpaDecisions, ...(scenario.slo ? { slo: scenario.slo } : {}) });
  const svg = files.get('charts/incident-1-traffic.svg')!;
  assert.ok(svg, [...files.keys()].join());
  // the story says "NotReady at 0:30:55"; the zoom's axis says 0:30:00, 0:31:00, … (not 1,800 s)
  assert.match(files.get('report.html')!, /NotReady at 0:30:55/);
  for (const t of ['0:28:00', '0:29:00', '0:30:00', '0:31:00', '0:32:00']) assert.ok(svg.includes(`>${t}<`), t);
  assert.not.ok(svg.includes('>1,800<'));
  assert.not.ok(svg.includes('time (s)'));
});

test.run();
