/**
 * Sweep planning: the cross product's order, the variants a sweep file or `--set` axes make, the checks that
 * reject bad input before any run (unknown path, empty axis, wrong value type), shards, and one small run.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UserError } from '../../src/engine/errors.js';
import { crossProduct, planSweep, runSweep, settingKey, shardVariants } from '../../src/compare/sweep.js';
import { parseSweepFile } from '../../src/compare/sweep-file.js';
import { parseSetExpression } from '../../src/scenario/overrides.js';

const DIR = 'test/fixtures/sweep';
const TINY = `${DIR}/tiny.yaml`;
const SHORT = 'scenario.spec.duration=5m';

test('cross product: the first axis outermost, each axis in the order given', () => {
  assert.equal(crossProduct<string | number>([['a', 'b'], [1, 2, 3]]), [['a', 1], ['a', 2], ['a', 3], ['b', 1], ['b', 2], ['b', 3]]);
  assert.equal(crossProduct<string | number>([[1], ['x', 'y']]), [[1, 'x'], [1, 'y']]);
  assert.equal(crossProduct([]), []);
  assert.equal(crossProduct([[1, 2], []]), []);
});

test('setting keys are canonical: kind spellings share one column', () => {
  const keys = ['HorizontalPodAutoscaler/api.spec.minReplicas=1', 'hpa/api.spec.minReplicas=1', 'deployments/api.spec.template.spec.containers[0].resources.requests.cpu=1', 'scenario.spec.seed=1']
    .map((t) => settingKey(parseSetExpression(t)));
  assert.equal(keys, ['hpa/api.spec.minReplicas', 'hpa/api.spec.minReplicas', 'deploy/api.spec.template.spec.containers[0].resources.requests.cpu', 'scenario.spec.seed']);
});

test('--set axes: baseline first, then the grid in cross-product order; a single value applies to all', async () => {
  const plan = await planSweep(TINY, { sets: ['hpa/api.spec.minReplicas=1,2,4', SHORT, 'hpa/api.spec.metrics[0].resource.target.averageUtilization=50,90'] });
  assert.equal(plan.variants.map((v) => v.name), [
    'baseline',
    'minReplicas=1 averageUtilization=50',
    'minReplicas=1 averageUtilization=90',
    'minReplicas=2 averageUtilization=50',
    'minReplicas=2 averageUtilization=90',
    'minReplicas=4 averageUtilization=50',
    'minReplicas=4 averageUtilization=90',
  ]);
  assert.equal(plan.settingKeys, ['hpa/api.spec.minReplicas', 'hpa/api.spec.metrics[0].resource.target.averageUtilization']);
  assert.equal(plan.variants[4]!.settings, { 'hpa/api.spec.minReplicas': 2, 'hpa/api.spec.metrics[0].resource.target.averageUtilization': 90 });
  assert.equal(plan.fixed.map((s) => s.text), ['scenario.spec.duration=5m']);
  assert.equal([plan.name, plan.seeds, plan.slo], ['tiny', 1, { availability: 0.99, latencyP99Ms: 400 }]);
  assert.match(plan.hash, /^[0-9a-f]{64}$/);
});

test('a sweep file: its axes, then its explicit variants, its seeds (the command line may override them)', async () => {
  const plan = await planSweep(`${DIR}/tiny.sweep.yaml`);
  assert.equal(plan.variants.map((v) => v.name), ['baseline', 'minReplicas=1 averageUtilization=50', 'minReplicas=1 averageUtilization=90', 'minReplicas=4 averageUtilization=50', 'minReplicas=4 averageUtilization=90', 'steady']);
  assert.equal(plan.settingKeys, ['hpa/api.spec.minReplicas', 'hpa/api.spec.metrics[0].resource.target.averageUtilization', 'hpa/api.spec.maxReplicas']);
  assert.equal(plan.variants[5]!.settings, { 'hpa/api.spec.minReplicas': 5, 'hpa/api.spec.maxReplicas': 5 });
  assert.equal([plan.name, plan.seeds, plan.scenarioFile], ['tiny-grid', 2, `${DIR}/tiny.yaml`]);
  assert.is((await planSweep(`${DIR}/tiny.sweep.yaml`, { seeds: 5 })).seeds, 5);
});

test('the hash names the sweep: the same inputs give the same hash; a different value or seed count does not', async () => {
  const a = await planSweep(TINY, { sets: ['hpa/api.spec.minReplicas=1,2', SHORT] });
  const b = await planSweep(TINY, { sets: ['hpa/api.spec.minReplicas=1,2', SHORT] });
  const c = await planSweep(TINY, { sets: ['hpa/api.spec.minReplicas=1,3', SHORT] });
  const d = await planSweep(TINY, { sets: ['hpa/api.spec.minReplicas=1,2', SHORT], seeds: 2 });
  assert.is(a.hash, b.hash);
  assert.is.not(a.hash, c.hash);
  assert.is.not(a.hash, d.hash);
});

const bad: { name: string; run: () => Promise<unknown>; mentions: string[] }[] = [
  {
    name: 'an unknown path names the flag and suggests the field',
    run: () => planSweep(TINY, { sets: ['hpa/api.spec.minReplica=1,2'] }),
    mentions: ['--set hpa/api.spec.minReplica=1', 'did you mean "minReplicas"'],
  },
  { name: 'an empty axis on the command line', run: () => planSweep(TINY, { sets: ['hpa/api.spec.minReplicas='] }), mentions: ['--set hpa/api.spec.minReplicas=', 'empty axis'] },
  {
    name: 'a value of the wrong type names that value',
    run: () => planSweep(TINY, { sets: ['hpa/api.spec.minReplicas=2,two'] }),
    mentions: ['--set hpa/api.spec.minReplicas=two', 'spec.minReplicas', '"two"'],
  },
  {
    name: 'a value of the wrong type in a sweep file names the file and the value’s place',
    run: () => planSweep(`${DIR}/wrong-type.sweep.yaml`),
    mentions: [`${DIR}/wrong-type.sweep.yaml`, 'spec.axes[0].values[1]', 'hpa/api.spec.minReplicas=two', '"two"'],
  },
  { name: 'an empty axis in a sweep file', run: () => planSweep(`${DIR}/empty-axis.sweep.yaml`), mentions: [`${DIR}/empty-axis.sweep.yaml`, 'spec.axes[0].values', 'empty axis'] },
  { name: 'an unknown object', run: () => planSweep(TINY, { sets: ['deploy/web.spec.replicas=1,2'] }), mentions: ['no Deployment named "web"'] },
  { name: 'nothing to sweep', run: () => planSweep(TINY, { sets: ['hpa/api.spec.minReplicas=3'] }), mentions: ['nothing to sweep'] },
  { name: 'the same field twice', run: () => planSweep(TINY, { sets: ['hpa/api.spec.minReplicas=1,2', 'horizontalpodautoscaler/api.spec.minReplicas=3,4'] }), mentions: ['swept twice'] },
  { name: 'zero seeds', run: () => planSweep(TINY, { sets: ['hpa/api.spec.minReplicas=1,2'], seeds: 0 }), mentions: ['--seeds', 'from 1'] },
  { name: 'a missing scenario file', run: () => planSweep(`${DIR}/nope.yaml`, { sets: ['hpa/api.spec.minReplicas=1,2'] }), mentions: [`${DIR}/nope.yaml`, 'file not found'] },
];
for (const row of bad) {
  test(`rejected before any run: ${row.name}`, async () => {
    try {
      await row.run();
      assert.unreachable('planned');
    } catch (e) {
      assert.instance(e, UserError);
      for (const m of row.mentions) assert.ok((e as Error).message.includes(m), `"${m}" not in: ${(e as Error).message}`);
    }
  });
}

const fileRows: { name: string; text: string; mentions: string[] }[] = [
  { name: 'a missing scenario', text: 'spec: {axes: [{set: hpa/api.spec.minReplicas, values: [1, 2]}]}', mentions: ['spec.scenario', 'expected the scenario file'] },
  { name: 'an unknown field', text: 'spec: {scenario: s.yaml, axis: []}', mentions: ['spec.axis', 'did you mean "axes"'] },
  { name: 'a value in the field name', text: 'spec: {scenario: s.yaml, axes: [{set: "hpa/api.spec.minReplicas=3", values: [1]}]}', mentions: ['spec.axes[0].set', 'no "="'] },
  { name: 'values that are not a list', text: 'spec: {scenario: s.yaml, axes: [{set: hpa/api.spec.minReplicas, values: 3}]}', mentions: ['spec.axes[0].values', 'expected a list'] },
  { name: 'seeds that are not a whole number', text: 'spec: {scenario: s.yaml, seeds: 1.5, axes: [{set: a.b, values: [1, 2]}]}', mentions: ['spec.seeds'] },
  { name: 'two variants with one name', text: 'spec: {scenario: s.yaml, variants: [{name: a, sets: ["x.y=1"]}, {name: a, sets: ["x.y=2"]}]}', mentions: ['spec.variants[1].name', 'second variant'] },
  { name: 'neither axes nor variants', text: 'spec: {scenario: s.yaml}', mentions: ['nothing to sweep'] },
];
for (const row of fileRows) {
  test(`sweep file: ${row.name}`, () => {
    const text = `apiVersion: kubesim/v1alpha1\nkind: Sweep\nmetadata: {name: s}\n${row.text}\n`;
    try {
      parseSweepFile(text, 'x.sweep.yaml');
      assert.unreachable('parsed');
    } catch (e) {
      assert.instance(e, UserError);
      for (const m of ['x.sweep.yaml', ...row.mentions]) assert.ok((e as Error).message.includes(m), `"${m}" not in: ${(e as Error).message}`);
    }
  });
}

test('shards: variant index mod N is I−1; together they are every variant once', () => {
  const vs = Array.from({ length: 10 }, (_, index) => ({ index }));
  const shards = [1, 2, 3, 4].map((i) => shardVariants(vs, { index: i, count: 4 }).map((v) => v.index));
  assert.equal(shards, [[0, 4, 8], [1, 5, 9], [2, 6], [3, 7]]);
});

test('run: one record per seed (spec.seed, +1, …), the SLO checked, a downsampled ready-pods series', async () => {
  const plan = await planSweep(TINY, { sets: ['hpa/api.spec.minReplicas=1,4', SHORT], seeds: 2 });
  const runs = await runSweep(plan, { workers: 1 });
  assert.equal(runs.map((r) => r.index), [0, 1, 2]);
  assert.equal(runs[0]!.runs.map((r) => r.seed), [7, 8]);
  assert.equal(runs[2]!.runs[0]!.slo!.map((c) => c.name), ['availability', 'latencyP99']);
  assert.ok(runs[1]!.series!.time.length === 30 && runs[1]!.series!.ready.every((v) => v >= 1));
  const shard = await runSweep(plan, { workers: 1, shard: { index: 2, count: 2 } });
  assert.equal(shard, [runs[1]]);
});

test.run();
