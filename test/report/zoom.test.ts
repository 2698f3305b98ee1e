/** The zoomed incident charts of a real run (node-failure.yaml through simulate and buildReport). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildReport } from '../../src/report/index.js';
import { reportRows } from '../../src/report/files.js';
import { loadScenario } from '../../src/scenario/index.js';
import { simulate } from '../../src/world/simulate.js';

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
