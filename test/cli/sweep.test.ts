/**
 * `kubesim sweep`, `merge` and `compare`, spawned as a user would: the same comparison.csv/json byte for byte
 * with 1 worker, 2 workers, and 4 shards merged; bad input and mismatched shards exit 2 with one clear line;
 * `compare` reads earlier run folders.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildOutputFiles, writeOutputsAtomically } from '../../src/report/files.js';
import { evaluateSlo } from '../../src/results/slo.js';
import { loadScenario } from '../../src/scenario/index.js';
import { simulate } from '../../src/world/simulate.js';
import { kubesimAsync, tempDir, type CliResult } from './helpers.js';

const TINY = 'test/fixtures/sweep/tiny.yaml';
/** 3 × 2 = 6 variants + baseline, 2 seeds each, 5 simulated minutes. */
const GRID = [TINY, '--set', 'hpa/api.spec.minReplicas=1,2,4', '--set', 'hpa/api.spec.metrics[0].resource.target.averageUtilization=50,90', '--set', 'scenario.spec.duration=5m', '--seeds', '2'];

const tmp = tempDir('kubesim-sweep-');
const out = (name: string): string => join(tmp, name);
const read = (dir: string, file: string): string => readFileSync(join(dir, file), 'utf8');
const okRun = (r: CliResult, what: string): void => assert.is(r.status, 0, `${what}: exit ${r.status}\n${r.stderr}`);

test('1 worker, 2 workers and 4 shards merged write byte-identical comparison.csv and comparison.json', async () => {
  const runs = await Promise.all([
    kubesimAsync(['sweep', ...GRID, '--workers', '1', '--out', out('w1')]),
    kubesimAsync(['sweep', ...GRID, '--workers', '2', '--out', out('w2'), '--quiet']),
    ...[1, 2, 3, 4].map((i) => kubesimAsync(['sweep', ...GRID, '--workers', '1', '--shard', `${i}/4`, '--out', out(`shard${i}`), '--quiet'])),
  ]);
  runs.forEach((r, i) => okRun(r, `sweep ${i}`));
  assert.match(runs[0]!.stdout, /^tiny: 7 variants × 2 seeds on 1 worker in [\d.]+s → /);
  assert.match(runs[0]!.stdout, /Pareto frontier \(cost vs failed requests\): variants [\d, ]+\n/);
  assert.match(runs[0]!.stdout, /(Recommended: |No variant meets every SLO)/);
  assert.is(runs[1]!.stdout, '');
  assert.ok(existsSync(join(out('shard3'), 'shard.json')) && !existsSync(join(out('shard3'), 'comparison.csv')));

  const merged = await kubesimAsync(['merge', out('shard4'), out('shard2'), out('shard1'), out('shard3'), '--out', out('merged')]);
  okRun(merged, 'merge');
  assert.match(merged.stdout, /^tiny: 4 shards merged, 7 variants → /);
  for (const file of ['comparison.csv', 'comparison.json']) {
    const whole = read(out('w1'), file);
    assert.is(read(out('w2'), file), whole, `${file}: 2 workers`);
    assert.is(read(out('merged'), file), whole, `${file}: merged shards`);
  }
  for (const file of ['comparison.html', 'charts/cost-vs-failed.svg', 'charts/replicas-frontier.svg']) assert.ok(existsSync(join(out('w1'), file)), file);
  const csv = read(out('w1'), 'comparison.csv').split('\n');
  assert.is(csv.length, 9); // header, 7 variants, final newline
  assert.match(csv[1]!, /^0,baseline,2,70,2,/); // the baseline shows the scenario's own values
  assert.match(csv[2]!, /^1,minReplicas=1 averageUtilization=50,1,50,2,/);
  assert.match(csv[7]!, /^6,minReplicas=4 averageUtilization=90,4,90,2,/);
});

interface BadRow {
  name: string;
  args: string[];
  mentions: string[];
}

// Shard mix-ups in detail (another sweep's shard, a shard twice, N differing) are tested in-process in
// test/report/comparison.test.ts; here, that each kind of bad input reaches the user as exit 2 and one line.
const badRows: BadRow[] = [
  { name: 'an unknown path', args: ['sweep', TINY, '--set', 'hpa/api.spec.minReplica=1,2'], mentions: ['--set hpa/api.spec.minReplica=1', 'did you mean "minReplicas"'] },
  { name: 'an empty axis', args: ['sweep', TINY, '--set', 'hpa/api.spec.minReplicas='], mentions: ['--set hpa/api.spec.minReplicas=', 'empty axis'] },
  { name: 'a value of the wrong type', args: ['sweep', 'test/fixtures/sweep/wrong-type.sweep.yaml'], mentions: ['wrong-type.sweep.yaml', 'spec.axes[0].values[1]', '"two"'] },
  { name: 'a missing shard in merge', args: ['merge', out('shard1'), out('shard2'), out('shard4'), '--out', out('bad')], mentions: ['missing shard 3/4 of sweep tiny', 'have 1/4, 2/4, 4/4'] },
];

test('bad input exits 2 with one clear line on stderr: unknown path, empty axis, wrong value type, mismatched shards', async () => {
  const results = await Promise.all(badRows.map((row) => kubesimAsync(row.args)));
  results.forEach((r, i) => {
    const row = badRows[i]!;
    assert.is(r.status, 2, `${row.name}: ${r.stderr}`);
    const lines = r.stderr.trim().split('\n');
    assert.is(lines.length, 1, `${row.name}: ${r.stderr}`);
    for (const m of row.mentions) assert.ok(lines[0]!.includes(m), `${row.name}: "${m}" not in: ${lines[0]}`);
  });
  assert.not.ok(existsSync(out('bad')));
});

test('compare: earlier run folders, the first one the baseline', async () => {
  const dirs: string[] = [];
  for (const min of [2, 4]) {
    const scenario = await loadScenario(TINY, { sets: [`hpa/api.spec.minReplicas=${min}`, 'scenario.spec.duration=5m'] });
    const result = simulate(scenario);
    result.summary.slo = evaluateSlo(result.summary, scenario.slo!);
    dirs.push(out(`run-min${min}`));
    writeOutputsAtomically(dirs.at(-1)!, buildOutputFiles(result));
  }
  const r = await kubesimAsync(['compare', ...dirs, '--out', out('compared')]);
  okRun(r, 'compare');
  assert.match(r.stdout, /^comparison: 2 runs compared → /);
  const doc = JSON.parse(read(out('compared'), 'comparison.json'));
  assert.equal(doc.variants.map((v: { name: string }) => v.name), ['run-min2', 'run-min4']);
  assert.equal([doc.source, doc.baseline, doc.slo], ['compare', 0, { availability: 0.99, latencyP99Ms: 400 }]);
  assert.ok(existsSync(join(out('compared'), 'charts/replicas-frontier.svg')));
});

test.run();
