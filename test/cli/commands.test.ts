/** The commands end to end, spawned as a user runs them: run, validate, conformance, schema, the root. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { kubesimAsync, kubesimSpawned, ROOT, tempDir } from './helpers.js';

const BASIC = 'test/fixtures/basic/scenario.yaml';
const tmp = tempDir();
const out = (name: string) => join(tmp, name);
const deployment = readFileSync(join(ROOT, 'test/fixtures/basic/k8s/deployment.yaml'), 'utf8');
const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

// started together, awaited one by one
const runs = {
  run: kubesimAsync(['run', BASIC, '--out', out('basic')]),
  again: kubesimAsync(['run', BASIC, '--out', out('basic-again'), '--quiet']),
  json: kubesimAsync(['run', BASIC, '--out', out('json'), '--json', '--seed', '3']),
  check: kubesimAsync(['run', BASIC, '--out', out('check'), '--check', '--quiet', '--set', 'scenario.spec.slo.latencyP99=1ms']),
  checkMet: kubesimAsync(['run', BASIC, '--out', out('check-met'), '--check', '--quiet', '--set', 'scenario.spec.slo.latencyP99=10s']),
  stdin: kubesimAsync(['run', '--scenario', 'test/fixtures/stdin/scenario.yaml', '-', '--out', out('stdin'), '--quiet'], { input: deployment }),
  validate: kubesimAsync(['validate', BASIC]),
  conformanceOk: kubesimAsync(['conformance', 'test/conformance/workload.json', 'test/conformance/hpa.json']),
  conformanceBad: kubesimAsync(['conformance', 'test/fixtures/conformance/failing.json']),
  schema: kubesimAsync(['schema']),
  none: kubesimAsync([]),
  version: kubesimAsync(['--version']),
};

test('run writes summary.json, timeseries.csv, events.csv, hpa.csv, the report and charts, and prints a short summary', async () => {
  const r = await runs.run;
  assert.is(r.status, 0, r.stderr);
  assert.equal(readdirSync(out('basic')).sort(), ['.kubesim-files', 'charts', 'conditions.csv', 'events.csv', 'hpa.csv', 'report.html', 'revisions.csv', 'summary.json', 'summary.md', 'timeseries.csv']);
  assert.equal(readdirSync(join(out('basic'), 'charts')).sort(), ['cost.svg', 'cpu.svg', 'latency.svg', 'pods.svg', 'traffic.svg']);
  const summary = JSON.parse(readFileSync(join(out('basic'), 'summary.json'), 'utf8'));
  assert.is(summary.scenario, 'basic');
  assert.is(summary.seed, 7);
  assert.is(summary.slo.met, true);
  assert.ok(readFileSync(join(out('basic'), 'timeseries.csv'), 'utf8').startsWith('time,offered_rps,served_rps,failed_rps,'));
  assert.ok(readFileSync(join(out('basic'), 'events.csv'), 'utf8').startsWith('time,object,reason,message,count,last_time\n'));
  assert.ok(readFileSync(join(out('basic'), 'conditions.csv'), 'utf8').startsWith('time,object,type,status,reason,message\n'));
  assert.match(r.stdout, /^basic: simulated 30m \(seed 7\) → /);
  assert.match(r.stdout, /slo +met/);
  assert.is(r.stderr, 'kubesim: warning: ignored (kinds kubesim does not simulate): ConfigMap/api-config\n', 'each warning once');
});

test('the same scenario and seed write byte-identical files (report and charts included)', async () => {
  await runs.run;
  const r = await runs.again;
  assert.is(r.status, 0, r.stderr);
  for (const f of ['summary.json', 'timeseries.csv', 'revisions.csv', 'events.csv', 'hpa.csv', 'report.html', 'summary.md', 'charts/pods.svg', 'charts/latency.svg']) {
    assert.ok(readFileSync(join(out('basic'), f)).equals(readFileSync(join(out('basic-again'), f))), `${f} differs`);
  }
});

test('run --json prints summary.json; --seed replaces the seed', async () => {
  const r = await runs.json;
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, readFileSync(join(out('json'), 'summary.json'), 'utf8'));
  assert.is(JSON.parse(r.stdout).seed, 3);
});

test('run --check exits 1 when an SLO is missed, and still writes the folder', async () => {
  const r = await runs.check;
  assert.is(r.status, 1, r.stderr);
  assert.is(r.stdout, '');
  assert.is(r.stderr, '');
  assert.is(JSON.parse(readFileSync(join(out('check'), 'summary.json'), 'utf8')).slo.met, false);
  const junit = readFileSync(join(out('check'), 'junit.xml'), 'utf8');
  assert.match(junit, /<testcase[^>]*name="latencyP99"[^>]*>\s*<failure/);
});

test('run --check exits 0 when every SLO is met; junit.xml has no failure; the HTML report and charts exist', async () => {
  const r = await runs.checkMet;
  assert.is(r.status, 0, r.stderr);
  const junit = readFileSync(join(out('check-met'), 'junit.xml'), 'utf8');
  assert.match(junit, /<testcase[^>]*name="latencyP99"/);
  assert.not.match(junit, /<failure/);
  assert.match(readFileSync(join(out('check-met'), 'report.html'), 'utf8'), /<svg/);
  assert.match(readFileSync(join(out('check-met'), 'charts', 'pods.svg'), 'utf8'), /^<svg/);
  assert.match(readFileSync(join(out('check-met'), 'summary.md'), 'utf8'), /✅/);
});

test('run --scenario FILE - reads the manifests from standard input', async () => {
  const r = await runs.stdin;
  assert.is(r.status, 0, r.stderr);
  assert.is(JSON.parse(readFileSync(join(out('stdin'), 'summary.json'), 'utf8')).scenario, 'from-stdin');
});

test('run replaces a previous run, but never a folder it did not write', async () => {
  const dir = out('replace');
  mkdirSync(dir);
  writeFileSync(join(dir, 'notes.md'), 'mine');
  const refused = await kubesimAsync(['run', BASIC, '--out', dir]);
  assert.is(refused.status, 2);
  assert.match(refused.stderr, /^kubesim: --out: .* exists and is not a kubesim output folder/);
  assert.equal(readdirSync(dir), ['notes.md']);
  const again = await kubesimAsync(['run', BASIC, '--out', out('basic'), '--quiet']);
  assert.is(again.status, 0, again.stderr);
  assert.is(again.stdout, '');
  assert.ok(existsSync(join(out('basic'), 'summary.json')));
});

test('validate prints ok with what the scenario holds; warnings go to stderr', async () => {
  const r = await runs.validate;
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, `ok: ${BASIC}: scenario "basic" (30m, seed 7): 1 Deployment, 1 Service, 1 HorizontalPodAutoscaler, 1 ignored, traffic for 1 target, 2 events, 2 SLO targets, 1 warning\nestimated run: ~12,688 events, 181 timeseries rows (~47 kB), at most 21 pods\n`);
  assert.match(r.stderr, /^kubesim: warning: ignored/);
});

test('conformance: every shipped vector passes', async () => {
  const r = await runs.conformanceOk;
  assert.is(r.status, 0, r.stdout);
  assert.match(r.stdout, /^\d+ passed, 0 failed\n$/);
});

test('conformance: failures are listed with id and differences, unknown kinds are named, exit 1', async () => {
  const r = await runs.conformanceBad;
  assert.is(r.status, 1);
  assert.is(
    r.stdout,
    'FAIL fails/wrong-expectation (quantityParse)\n  value: expected "2", got "1.5"\nFAIL fails/no-such-kind (noSuchCheck)\n  unknown kind "noSuchCheck"\n1 passed, 2 failed\n',
  );
});

test('schema prints the committed scenarios/scenario.schema.json', async () => {
  const r = await runs.schema;
  assert.is(r.status, 0);
  assert.is(r.stdout, readFileSync(join(ROOT, 'scenarios', 'scenario.schema.json'), 'utf8'));
});

test('no command is a usage error (exit 2) that lists every command; --version prints package.json version', async () => {
  const none = await runs.none;
  assert.is(none.status, 2);
  assert.is(none.stderr, 'kubesim: name a command: run, validate, sweep, merge, compare, conformance, schema, traffic (see kubesim --help)\n');
  const v = await runs.version;
  assert.is(v.status, 0);
  assert.is(v.stdout.trim(), version);
});

// ---- the real process: a few smoke tests of what only a process shows (exit status, stdin, streams) ----

test('as a process: --version exits 0 with the version on stdout', () => {
  const r = kubesimSpawned(['--version']);
  assert.is(r.status, 0);
  assert.is(r.stdout.trim(), version);
  assert.is(r.stderr, '');
});

test('as a process: a run reads manifests from a piped stdin and exits 0; a bad file exits 2 with one line', () => {
  const dir = tempDir();
  const ok = kubesimSpawned(['run', '--scenario', 'test/fixtures/stdin/scenario.yaml', '-', '--out', join(dir, 'stdin'), '--quiet'], { input: deployment });
  assert.is(ok.status, 0, ok.stderr);
  assert.ok(existsSync(join(dir, 'stdin', 'summary.json')));
  const bad = kubesimSpawned(['run', 'test/fixtures/bad/broken-yaml.yaml', '--out', join(dir, 'bad')]);
  assert.is(bad.status, 2);
  assert.is(bad.stderr.trim().split('\n').length, 1);
  assert.not.ok(existsSync(join(dir, 'bad')));
});

test.run();
