/** summary.json, the CSV files, and the atomic folder write. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UserError } from '../../src/engine/errors.js';
import type { Summary } from '../../src/results/types.js';
import { eventsCsv, hpaCsv, roundSummaryNumber, summaryJson, timeseriesCsv, writeOutputsAtomically } from '../../src/report/files.js';
import { tempDir } from '../cli/helpers.js';

const summary = (): Summary => ({
  // keys deliberately out of order
  seed: 42,
  scenario: 'api',
  requests: { served: 999, offered: 1000, failed: 1 },
  durationSeconds: 7200,
  availability: 0.999,
  outageSeconds: 12.3456789,
  latency: { p50: 10.123456, p95: 20, p99: Number.NaN },
  replicas: { min: 2, max: 5, mean: 3.333333333 },
  cost: { cpuCoreHours: 1.23456789, memoryGiBHours: 2, total: 0.0012345678 },
  scaling: { scaleUps: 1, scaleDowns: 0 },
  rollouts: [{ image: 'x:2', deployment: 'api', startedAt: 600, completedAt: null, durationSeconds: null }],
  restarts: 0,
  events: 3,
});

test('summary.json: fixed key order, 2-space indent, numbers rounded by kind, NaN as null', () => {
  const text = summaryJson(summary());
  assert.ok(text.endsWith('}\n'));
  const parsed = JSON.parse(text);
  assert.equal(Object.keys(parsed), ['scenario', 'seed', 'durationSeconds', 'requests', 'availability', 'outageSeconds', 'latency', 'replicas', 'cost', 'scaling', 'rollouts', 'restarts', 'events']);
  assert.equal(Object.keys(parsed.requests), ['offered', 'served', 'failed']);
  assert.equal(Object.keys(parsed.rollouts[0]), ['deployment', 'image', 'startedAt', 'completedAt', 'durationSeconds']);
  assert.is(parsed.outageSeconds, 12.346);
  assert.equal(parsed.latency, { p50: 10.123, p95: 20, p99: null });
  assert.is(parsed.replicas.mean, 3.33333);
  assert.is(parsed.cost.total, 0.00123457);
  assert.ok(text.includes('\n  "requests": {\n    "offered": 1000,'));
});

test('availability keeps its nines and is never rounded up to 1', () => {
  assert.is(roundSummaryNumber(0.99899999999, 'availability'), 0.999);
  assert.is(roundSummaryNumber(0.9999999996, 'availability'), 0.9999999996);
  assert.is(roundSummaryNumber(1, 'availability'), 1);
});

test('timeseries.csv: header, one row per sample, time in ms precision, NaN as an empty cell', () => {
  const csv = timeseriesCsv({
    names: ['time', 'offered_rps', 'latency_p99_ms'],
    columns: { time: new Float64Array([10, 20.0004]), offered_rps: [1 / 3, 2], latency_p99_ms: [Number.NaN, 12.5] },
    length: 2,
  });
  assert.is(csv, 'time,offered_rps,latency_p99_ms\n10,0.333333,\n20,2,12.5\n');
});

test('events.csv and hpa.csv quote what needs quoting; nulls are empty', () => {
  assert.is(
    eventsCsv([{ time: 1.5, object: 'deployment/api', reason: 'ScalingReplicaSet', message: 'Scaled up replica set api-1 from 1 to 2, "now"' }]),
    'time,object,reason,message,count,last_time\n1.5,deployment/api,ScalingReplicaSet,"Scaled up replica set api-1 from 1 to 2, ""now""",1,1.5\n',
  );
  const csv = hpaCsv([
    { time: 15, hpa: 'api', currentReplicas: 2, metrics: 'cpu=90%->3', recommendation: 3, stabilized: null, stabilizedBy: 'none', limitedBy: '', finalReplicas: 3, rescaled: true, reason: 'SuccessfulRescale' },
  ]);
  assert.is(csv, 'time,hpa,currentReplicas,metrics,recommendation,stabilized,stabilizedBy,limitedBy,finalReplicas,rescaled,reason\n15,api,2,cpu=90%->3,3,,none,,3,true,SuccessfulRescale\n');
});

test('writeOutputsAtomically: writes the folder, then replaces the files of the previous run (and removes those it no longer writes)', () => {
  const dir = join(tempDir(), 'reports', 'api');
  writeOutputsAtomically(dir, new Map([['summary.json', '{}\n'], ['charts/a.svg', '<svg/>']]));
  assert.equal(readdirSync(dir).sort(), ['.kubesim-files', 'charts', 'summary.json']);
  assert.is(readFileSync(join(dir, 'charts', 'a.svg'), 'utf8'), '<svg/>');
  writeOutputsAtomically(dir, new Map([['summary.json', '{"run": 2}\n']]));
  assert.equal(readdirSync(dir).sort(), ['.kubesim-files', 'summary.json']);
  assert.is(readFileSync(join(dir, 'summary.json'), 'utf8'), '{"run": 2}\n');
  assert.equal(readdirSync(join(dir, '..')), ['api'], 'no temporary folders left');
});

test('writeOutputsAtomically: a failure leaves nothing behind and the previous run intact', () => {
  const dir = join(tempDir(), 'out');
  writeOutputsAtomically(dir, new Map([['summary.json', 'old']]));
  const bad = new Map<string, string | Uint8Array>([['summary.json', 'new'], ['x/../../escape', 'no']]);
  assert.throws(() => writeOutputsAtomically(dir, bad));
  // a write error halfway: a file name that is also a folder name
  assert.throws(() => writeOutputsAtomically(dir, new Map([['summary.json', 'new'], ['summary.json/x', 'no']])));
  assert.is(readFileSync(join(dir, 'summary.json'), 'utf8'), 'old');
  assert.equal(readdirSync(join(dir, '..')), ['out']);
});

test('writeOutputsAtomically: refuses to replace a folder kubesim did not write', () => {
  const dir = join(tempDir(), 'src');
  mkdirSync(dir);
  writeFileSync(join(dir, 'main.ts'), 'keep me');
  try {
    writeOutputsAtomically(dir, new Map([['summary.json', '{}']]));
    assert.unreachable('should refuse');
  } catch (e) {
    assert.instance(e, UserError);
    assert.match((e as Error).message, /^--out: .*src exists and is not a kubesim output folder/);
  }
  assert.is(readFileSync(join(dir, 'main.ts'), 'utf8'), 'keep me');
  assert.not.ok(existsSync(`${dir}.partial-${process.pid}`));
});

test.run();
