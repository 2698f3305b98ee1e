/** Saved Prometheus responses and Grafana exports through loadScenario: fields, several files, warnings, errors. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UserError } from '../../src/engine/errors.js';
import { loadScenario } from '../../src/scenario/index.js';
import { simulate } from '../../src/world/simulate.js';
import type { SampledSpec } from '../../src/workload/traffic/types.js';
import { KNOWN_START_S, knownSeries, promResponse } from '../support/known-series.js';

const dir = mkdtempSync(join(tmpdir(), 'kubesim-traffic-files-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function scenario(components: string): string {
  const file = join(dir, `s-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(
    file,
    `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: files}
spec:
  duration: 10m
  traffic:
    api:
${components
  .split('\n')
  .map((l) => `      ${l}`)
  .join('\n')}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  replicas: 2
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: api, image: api:1, resources: {requests: {cpu: 500m}}}]
`,
  );
  return file;
}

const { times, values } = knownSeries(41);
writeFileSync(join(dir, 'a.json'), promResponse([{ metric: { app: 'api' }, times: times.slice(0, 21), values: values.slice(0, 21) }]));
writeFileSync(join(dir, 'b.json'), promResponse([{ metric: { app: 'api' }, times: times.slice(20), values: values.slice(20) }]));
writeFileSync(join(dir, 'panel.csv'), `sep=,\r\n"Time","api"\r\n${times.map((t, i) => `${t * 1000},${values[i]}`).join('\r\n')}\r\n`);
writeFileSync(join(dir, 'gappy.json'), promResponse([{ metric: {}, times: [0, 15, 60, 75].map((t) => KNOWN_START_S + t), values: ['1', 'NaN', '2', '3'] }]));

test('two saved responses for one range and the Grafana export give the same traffic and the same run', async () => {
  const prom = await loadScenario(scenario('- prometheus: {file: [a.json, b.json]}'));
  const graf = await loadScenario(scenario('- grafana: {file: panel.csv}'));
  const a = (prom.traffic.api![0] as SampledSpec).trace;
  const g = (graf.traffic.api![0] as SampledSpec).trace;
  assert.equal([...a.rps], values);
  assert.equal([...g.rps], values);
  assert.equal([...a.timesMs], [...g.timesMs]);
  assert.equal(simulate(prom).summary.requests, simulate(graf).summary.requests);
  assert.is(Math.round(simulate(prom).summary.requests.offered), Math.round(values.slice(0, 40).reduce((x, v) => x + v * 15, 0)));
});

test('gaps and NaN become warnings of the scenario, naming the field and file', async () => {
  const s = await loadScenario(scenario('- prometheus: {file: gappy.json, step: 15s}'));
  const w = s.warnings.join('\n');
  assert.match(w, /spec\.traffic\.api\[0\]\.prometheus: gappy\.json: 1 gap in the samples \(step 15s; longest 45s/);
  assert.match(w, /1 NaN or empty value replaced/);
  assert.equal([...(s.traffic.api![0] as SampledSpec).trace.rps], [1, 1, 2, 3]);
});

for (const [name, component, pattern] of [
  ['a missing file names the field', '- prometheus: {file: nope.json}', /spec\.traffic\.api\[0\]\.prometheus\.file: .*nope\.json: cannot read traffic trace: file not found/],
  ['a bad value names the file and its JSON path', '- prometheus: {file: bad.json}', /prometheus\.file: .*bad\.json: data\.result\[0\]\.values\[0\]\[1\]: expected a sample value/],
  ['an unknown field suggests the right one', '- prometheus: {file: a.json, selct: {app: api}}', /spec\.traffic\.api\[0\]\.prometheus\.selct: unknown field "selct" \(did you mean "select"\?\)/],
  ['a select matching nothing lists the series', '- prometheus: {file: a.json, select: {app: web}}', /select \{app="web"\} matches none of the 1 series \(\{app="api"\}\)/],
  ['a Grafana column that does not exist lists the header', '- grafana: {file: panel.csv, column: web}', /grafana\.file: .*panel\.csv: no value column named "web" \(the header has "Time", "api"\)/],
  ['two clients components are refused', '- clients: {count: 1}\n- clients: {count: 2}', /spec\.traffic\.api\[1\]\.clients: expected at most one clients component per list/],
] as const) {
  test(`errors: ${name}`, async () => {
    writeFileSync(join(dir, 'bad.json'), '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"x"]]}]}}');
    try {
      await loadScenario(scenario(component));
    } catch (e) {
      assert.instance(e, UserError);
      assert.match((e as Error).message, pattern);
      return;
    }
    assert.unreachable('expected a UserError');
  });
}

test.run();
