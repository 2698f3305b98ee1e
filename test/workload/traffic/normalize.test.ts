/** spec.traffic → typed specs: every generator read, and every mistake reported at its field path. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UserError } from '../../../src/engine/errors.js';
import { normalizeTraffic } from '../../../src/scenario/normalize-traffic.js';

const dir = mkdtempSync(join(tmpdir(), 'kubesim-traffic-'));
writeFileSync(join(dir, 'prod.csv'), 'time,rps\n0,10\n60,20\n');
writeFileSync(join(dir, 'broken.csv'), 'time,rps\n0,10\n60,x\n');
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('every generator is read into its typed spec, durations in ms, defaults applied', () => {
  const out = normalizeTraffic(
    {
      api: [
        { constant: 300 },
        { steps: [{ at: '0s', rps: 300 }, { at: '30m', rps: 900 }] },
        { ramp: { from: 0, to: 600, start: '1h', end: '1h30m' } },
        { csv: { file: 'prod.csv' } },
        { spike: { at: '40m', duration: '10m', rps: 500, rise: '1m' } },
        { diurnal: { min: 100, max: 900, peakAt: '14h' } },
        { noise: { kind: 'poisson' } },
        { noise: { kind: 'jitter', cv: 0.1 } },
      ],
      web: [],
    },
    dir,
  );
  const [constant, steps, ramp, csv, spike, diurnal, poisson, jitter] = out.api;
  assert.equal(constant, { kind: 'constant', rps: 300 });
  assert.equal(steps, { kind: 'steps', steps: [{ atMs: 0, rps: 300 }, { atMs: 1_800_000, rps: 900 }] });
  assert.equal(ramp, { kind: 'ramp', from: 0, to: 600, startMs: 3_600_000, endMs: 5_400_000 });
  assert.ok(csv.kind === 'csv');
  if (csv.kind === 'csv') {
    assert.is(csv.file, join(dir, 'prod.csv'));
    assert.is(csv.scale, 1);
    assert.equal([...csv.trace.rps], [10, 20]);
  }
  assert.equal(spike, { kind: 'spike', atMs: 2_400_000, durationMs: 600_000, rps: 500, riseMs: 60_000, fallMs: 0 });
  assert.equal(diurnal, { kind: 'diurnal', min: 100, max: 900, periodMs: 86_400_000, peakAtMs: 50_400_000 });
  assert.equal(poisson, { kind: 'noise', noise: 'poisson' });
  assert.equal(jitter, { kind: 'noise', noise: 'jitter', cv: 0.1 });
  assert.equal(out.web, []);
  assert.equal(normalizeTraffic(undefined, dir), {});
});

const errors: { name: string; raw: unknown; path: string; message: RegExp }[] = [
  { name: 'traffic is not a mapping', raw: [1], path: 'spec.traffic', message: /expected a mapping of Service or Deployment name/ },
  { name: 'a Service maps to a single component, not a list', raw: { api: { constant: 1 } }, path: 'spec.traffic.api', message: /expected a list of traffic components/ },
  { name: 'a component is a number', raw: { api: [300] }, path: 'spec.traffic.api[0]', message: /expected a mapping with one generator key/ },
  { name: 'a generator name is misspelt', raw: { api: [{ constnat: 3 }] }, path: 'spec.traffic.api[0].constnat', message: /unknown traffic generator "constnat" \(did you mean "constant"\?\)/ },
  { name: 'two generators share a list item', raw: { api: [{ constant: 1, ramp: {} }] }, path: 'spec.traffic.api[0]', message: /expected exactly one generator per list item, got constant and ramp/ },
  { name: 'constant is negative', raw: { api: [{ constant: -1 }] }, path: 'spec.traffic.api[0].constant', message: /expected requests\/second \(a number from 0 to 1e9\), got number -1/ },
  { name: 'constant is a string', raw: { api: [{ constant: '300' }] }, path: 'spec.traffic.api[0].constant', message: /expected requests\/second/ },
  { name: 'a step time is not a duration', raw: { api: [{ constant: 1 }, { steps: [{ at: '10 minutes', rps: 1 }] }] }, path: 'spec.traffic.api[1].steps[0].at', message: /Go duration/ },
  { name: 'a step time is a bare number', raw: { api: [{ steps: [{ at: 30, rps: 1 }] }] }, path: 'spec.traffic.api[0].steps[0].at', message: /Go duration/ },
  { name: 'a step lacks rps', raw: { api: [{ steps: [{ at: '0s' }] }] }, path: 'spec.traffic.api[0].steps[0].rps', message: /required field is missing/ },
  { name: 'steps go back in time', raw: { api: [{ steps: [{ at: '10m', rps: 1 }, { at: '5m', rps: 2 }] }] }, path: 'spec.traffic.api[0].steps[1].at', message: /expected a time after the previous step's/ },
  { name: 'steps is empty', raw: { api: [{ steps: [] }] }, path: 'spec.traffic.api[0].steps', message: /expected a non-empty list of \{at, rps\}/ },
  { name: 'a step has an unknown field', raw: { api: [{ steps: [{ at: '0s', rsp: 1 }] }] }, path: 'spec.traffic.api[0].steps[0].rsp', message: /unknown field "rsp" \(expected one of at, rps\)/ },
  { name: 'a ramp ends before it starts', raw: { api: [{ ramp: { from: 0, to: 1, start: '1h', end: '30m' } }] }, path: 'spec.traffic.api[0].ramp.end', message: /expected an end at or after start \(1h\)/ },
  { name: 'a ramp starts at a negative time', raw: { api: [{ ramp: { from: 0, to: 1, start: '-1h', end: '30m' } }] }, path: 'spec.traffic.api[0].ramp.start', message: /expected a duration of 0 or more/ },
  { name: 'a csv file is missing', raw: { api: [{ csv: { file: 'nope.csv' } }] }, path: 'spec.traffic.api[0].csv.file', message: /nope\.csv: spec\.traffic\.api\[0\]\.csv\.file: cannot read traffic trace: file not found/ },
  { name: 'a csv file has a bad row', raw: { api: [{ csv: { file: 'broken.csv' } }] }, path: 'spec.traffic.api[0].csv.file', message: /broken\.csv: .*line 3: expected rps/ },
  { name: 'a csv scale is negative', raw: { api: [{ csv: { file: 'prod.csv', scale: -2 } }] }, path: 'spec.traffic.api[0].csv.scale', message: /expected a scale factor/ },
  { name: 'a spike has no duration', raw: { api: [{ spike: { at: '1m', rps: 5 } }] }, path: 'spec.traffic.api[0].spike.duration', message: /required field is missing/ },
  { name: 'a spike lasts 0s', raw: { api: [{ spike: { at: '1m', duration: '0s', rps: 5 } }] }, path: 'spec.traffic.api[0].spike.duration', message: /expected a duration greater than 0/ },
  { name: "a spike's rise and fall exceed it", raw: { api: [{ spike: { at: '1m', duration: '1m', rps: 5, rise: '40s', fall: '30s' } }] }, path: 'spec.traffic.api[0].spike.fall', message: /expected rise \+ fall to fit in duration \(1m\)/ },
  { name: 'diurnal max is below min', raw: { api: [{ diurnal: { min: 10, max: 5 } }] }, path: 'spec.traffic.api[0].diurnal.max', message: /expected max to be at least min \(10\)/ },
  { name: 'diurnal period is 0', raw: { api: [{ diurnal: { min: 1, max: 5, period: 0 } }] }, path: 'spec.traffic.api[0].diurnal.period', message: /expected a duration greater than 0/ },
  { name: 'noise has an unknown kind', raw: { api: [{ noise: { kind: 'gaussian' } }] }, path: 'spec.traffic.api[0].noise.kind', message: /expected one of poisson, jitter, got "gaussian"/ },
  { name: 'jitter lacks cv', raw: { api: [{ noise: { kind: 'jitter' } }] }, path: 'spec.traffic.api[0].noise.cv', message: /required field is missing: expected the coefficient of variation/ },
  { name: 'poisson is given a cv', raw: { api: [{ noise: { kind: 'poisson', cv: 1 } }] }, path: 'spec.traffic.api[0].noise.cv', message: /cv applies only to noise of kind jitter/ },
  { name: 'the same noise twice', raw: { api: [{ noise: { kind: 'poisson' } }, { noise: { kind: 'poisson' } }] }, path: 'spec.traffic.api[1].noise.kind', message: /at most one noise of kind poisson/ },
  { name: 'a name that needs quoting', raw: { 'my.svc': 5 }, path: 'spec.traffic["my.svc"]', message: /expected a list/ },
];

for (const e of errors) {
  test(`error when ${e.name}`, () => {
    try {
      normalizeTraffic(e.raw, dir);
      assert.unreachable('should have thrown');
    } catch (err) {
      assert.instance(err, UserError);
      assert.is((err as UserError).path, e.path);
      assert.match((err as Error).message, e.message);
    }
  });
}

test.run();
