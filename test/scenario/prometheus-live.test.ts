/**
 * Live Prometheus traffic against a real Prometheus server holding the known series: the fetched traffic equals the
 * saved response's and the Grafana export's; chunking past 11,000 points; Prometheus' own errors; auth headers from
 * the environment never reaching the Scenario.
 *
 * The server: $KUBESIM_TEST_PROMETHEUS_URL (started by .ci/run), else one started here when the binaries exist,
 * else the Prometheus tests are skipped with the reason printed. Under CI=true with the variable set, an
 * unreachable server fails the test instead.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UserError } from '../../src/engine/errors.js';
import { loadScenario } from '../../src/scenario/index.js';
import { chunkRange, fetchPrometheusRange, type PrometheusQuery } from '../../src/scenario/prometheus-query.js';
import { parseGrafanaCsv } from '../../src/workload/traffic/grafana.js';
import { parsePrometheusResponse, prometheusTrace } from '../../src/workload/traffic/prometheus.js';
import type { SampledSpec } from '../../src/workload/traffic/types.js';
import { kubesimAsync } from '../cli/helpers.js';
import { KNOWN_METRIC, KNOWN_START_S, KNOWN_STEP_S, knownSeries, promResponse } from '../support/known-series.js';
import { KNOWN_POINTS, prometheusMissing, startPrometheus, type RunningPrometheus } from '../support/prometheus-server.js';

const dir = mkdtempSync(join(tmpdir(), 'kubesim-prom-'));
const START = new Date(KNOWN_START_S * 1000).toISOString();
const RANGE_S = (KNOWN_POINTS - 1) * KNOWN_STEP_S;
let url = process.env.KUBESIM_TEST_PROMETHEUS_URL ?? '';
let own: RunningPrometheus | undefined;
let skip: string | undefined;

test.before(async () => {
  if (url) {
    try {
      const r = await fetch(`${url}/-/ready`);
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
    } catch (e) {
      // .ci/run promised a server: not reaching it is a failure, not a reason to skip
      if (process.env.CI === 'true') throw new Error(`KUBESIM_TEST_PROMETHEUS_URL=${url} is set but unreachable: ${(e as Error).message}`);
      skip = `KUBESIM_TEST_PROMETHEUS_URL=${url} is unreachable`;
    }
    return;
  }
  const missing = prometheusMissing();
  if (missing) {
    if (process.env.CI === 'true' && process.env.KUBESIM_REQUIRE_PROMETHEUS === '1') throw new Error(`CI requires Prometheus: ${missing}`);
    skip = missing;
    return;
  }
  own = await startPrometheus(join(dir, 'prometheus'));
  url = own.url;
});
test.after(() => {
  own?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `f` unless there is no Prometheus, printing why once. */
function live(name: string, f: () => Promise<void>): void {
  test(name, async () => {
    if (skip) {
      console.log(`  skipped "${name}": ${skip}`);
      return;
    }
    await f();
  });
}

function scenarioFile(component: string, extra = ''): string {
  const file = join(dir, `s-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(
    file,
    `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: live}
spec:
  duration: 1h
  traffic:
    api:
      - ${component}
${extra}---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: api, image: api:1, resources: {requests: {cpu: 100m}}}]
`,
  );
  return file;
}

async function rejects(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  try {
    await p;
  } catch (e) {
    assert.instance(e, UserError);
    assert.match((e as Error).message, pattern);
    return;
  }
  assert.unreachable(`expected a UserError matching ${pattern}`);
}

test('a range is asked for in chunks of at most 11,000 points that share no timestamp', () => {
  const chunks = chunkRange(0, RANGE_S * 1000, KNOWN_STEP_S * 1000);
  assert.equal(chunks, [
    [0, 10_999 * 15_000],
    [11_000 * 15_000, 11_520 * 15_000],
  ]);
  assert.equal(chunkRange(0, 10_999 * 15_000, 15_000).length, 1);
});

live('the live query, the saved response and the Grafana export of the same series give the same traffic', async () => {
  const s = await loadScenario(
    scenarioFile(`prometheus: {url: "${url}", query: '${KNOWN_METRIC}{app="api"}', start: "${START}", duration: ${RANGE_S}s, step: 15s}`),
  );
  const liveTrace = (s.traffic.api![0] as SampledSpec).trace;
  const { times, values } = knownSeries(KNOWN_POINTS);
  assert.is(liveTrace.timesMs.length, KNOWN_POINTS);
  const saved = prometheusTrace([parsePrometheusResponse(promResponse([{ metric: { app: 'api' }, times, values }]), 'saved.json')], 'saved.json', { what: 'saved' }).trace;
  const csv = `"Time","Value"\r\n${times.map((t, i) => `${t * 1000},${values[i]}`).join('\r\n')}\r\n`;
  const grafana = parseGrafanaCsv(csv, 'panel.csv', { what: 'grafana' }).trace;
  for (const other of [saved, grafana]) {
    assert.equal([...liveTrace.timesMs], [...other.timesMs]);
    assert.equal([...liveTrace.rps], [...other.rps]);
  }
  assert.equal([...liveTrace.rps], values);
  assert.equal(s.warnings.filter((w) => /gap|NaN|summed/.test(w)), []);
});

live('the fetched range needed two requests (11,521 points)', async () => {
  const q: PrometheusQuery = { url, query: `${KNOWN_METRIC}{app="web"}`, startMs: KNOWN_START_S * 1000, endMs: (KNOWN_START_S + RANGE_S) * 1000, stepMs: 15_000, headersFromEnv: {} };
  const responses = await fetchPrometheusRange(q);
  assert.is(responses.length, 2);
  assert.equal(responses.map((r) => r.series[0]!.timesMs.length), [11_000, 521]);
});

live('two series are summed, and select picks one', async () => {
  const both = await loadScenario(scenarioFile(`prometheus: {url: "${url}", query: '${KNOWN_METRIC}', start: "${START}", duration: 1m, step: 15s}`));
  const api = knownSeries(5, 'api').values;
  const web = knownSeries(5, 'web').values;
  assert.equal([...(both.traffic.api![0] as SampledSpec).trace.rps], api.map((v, i) => v + web[i]!));
  assert.ok(both.warnings.some((w) => /2 series summed/.test(w)));
  const one = await loadScenario(scenarioFile(`prometheus: {url: "${url}", query: '${KNOWN_METRIC}', start: "${START}", duration: 1m, step: 15s, select: {app: web}}`));
  assert.equal([...(one.traffic.api![0] as SampledSpec).trace.rps], web);
});

live("a PromQL error is Prometheus' own message, at the query field", async () => {
  await rejects(
    loadScenario(scenarioFile(`prometheus: {url: "${url}", query: 'sum(${KNOWN_METRIC}', start: "${START}", duration: 1m, step: 15s}`)),
    /spec\.traffic\.api\[0\]\.prometheus\.query: Prometheus rejected the query \(HTTP 400\): bad_data: .*parse error/,
  );
});

live('an empty result is an error naming the range', async () => {
  await rejects(
    loadScenario(scenarioFile(`prometheus: {url: "${url}", query: 'no_such_metric', start: "${START}", duration: 1m, step: 15s}`)),
    /prometheus\.query: the query returned no series from 2026-11-02T00:00:00\.000Z to 2026-11-02T00:01:00\.000Z/,
  );
});

live('kubesim traffic fetch saves the range; prometheus: {file} then gives the live traffic', async () => {
  const out = join(dir, 'saved.json');
  const r = await kubesimAsync(['traffic', 'fetch', '--url', url, '--query', `${KNOWN_METRIC}{app="api"}`, '--start', START, '--duration', `${RANGE_S}s`, '--step', '15s', '--out', out]);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stderr, /wrote .*saved\.json: 1 series, 11521 points, 2 requests/);
  const fromFile = await loadScenario(scenarioFile(`prometheus: {file: ${out}}`));
  const fromUrl = await loadScenario(scenarioFile(`prometheus: {url: "${url}", query: '${KNOWN_METRIC}{app="api"}', start: "${START}", duration: ${RANGE_S}s, step: 15s}`));
  const a = (fromFile.traffic.api![0] as SampledSpec).trace;
  const b = (fromUrl.traffic.api![0] as SampledSpec).trace;
  assert.equal([...a.timesMs], [...b.timesMs]);
  assert.equal([...a.rps], [...b.rps]);
  const bad = await kubesimAsync(['traffic', 'fetch', '--url', url, '--query', 'sum(', '--start', START, '--duration', '1m', '--step', '15s', '--out', join(dir, 'x.json')]);
  assert.is(bad.status, 2);
  assert.match(bad.stderr, /kubesim: --query: Prometheus rejected the query \(HTTP 400\): bad_data/);
});

test('an unreachable server is an error at the url field', async () => {
  // a port nothing listens on: bind one, close it
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  await rejects(
    loadScenario(scenarioFile(`prometheus: {url: "http://127.0.0.1:${port}", query: up, start: "${START}", duration: 1m, step: 15s}`)),
    new RegExp(`prometheus\\.url: cannot reach Prometheus at http://127\\.0\\.0\\.1:${port}: connection refused`),
  );
});

test('auth headers come from the environment and never reach the Scenario; a missing variable is an error', async () => {
  const secret = 'Bearer s3cr3t-token-value';
  let seen: string | undefined;
  const srv: Server = createServer((req, res) => {
    seen = req.headers.authorization;
    res.setHeader('Content-Type', 'application/json');
    res.end(promResponse([{ metric: {}, times: [KNOWN_START_S, KNOWN_START_S + 15], values: [3, 4] }]));
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  const component = `prometheus: {url: "http://127.0.0.1:${port}", query: up, start: "${START}", duration: 15s, step: 15s, headersFromEnv: {Authorization: KUBESIM_TEST_PROM_AUTH}}`;
  try {
    await rejects(loadScenario(scenarioFile(component)), /prometheus\.headersFromEnv: environment variable KUBESIM_TEST_PROM_AUTH \(for the Authorization header\) is not set/);
    process.env.KUBESIM_TEST_PROM_AUTH = secret;
    const s = await loadScenario(scenarioFile(component));
    assert.is(seen, secret);
    assert.equal([...(s.traffic.api![0] as SampledSpec).trace.rps], [3, 4]);
    assert.not.match(JSON.stringify(s, (_k, v: unknown) => (v instanceof Float64Array ? [...v] : v)), 's3cr3t');
  } finally {
    delete process.env.KUBESIM_TEST_PROM_AUTH;
    srv.close();
  }
});

test.run();
