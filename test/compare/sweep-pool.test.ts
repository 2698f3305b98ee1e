/**
 * The sweep pool: how many threads a sweep gets, the same results on 1 and 2 threads, and the same failure
 * reported (the lowest failing variant) whatever the number of threads.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { poolSize, runPool, runVariant, VariantFailure, type VariantTask } from '../../src/compare/sweep-pool.js';
import { NoiseDraws } from '../../src/world/simulate.js';
import { UserError } from '../../src/engine/errors.js';
import { inputCache } from '../../src/scenario/index.js';
import { parseSetExpression } from '../../src/scenario/overrides.js';

const TINY = 'test/fixtures/sweep/tiny.yaml';
const config = { file: TINY, fixed: [parseSetExpression('scenario.spec.duration=3m')], seeds: 1 };
const task = (index: number, ...sets: string[]): VariantTask => ({ index, sets: sets.map((s) => parseSetExpression(s)) });

const SIZES: { name: string; requested: number | undefined; variants: number; cores: number; expected: number }[] = [
  { name: 'by default, one thread per core', requested: undefined, variants: 50, cores: 4, expected: 4 },
  { name: 'never more threads than variants', requested: 8, variants: 3, cores: 8, expected: 3 },
  { name: 'never more threads than cores, whatever is asked', requested: 16, variants: 50, cores: 2, expected: 2 },
  { name: 'fewer threads when asked', requested: 1, variants: 50, cores: 2, expected: 1 },
  { name: 'at least one thread, even for no variant', requested: 4, variants: 0, cores: 2, expected: 1 },
];
for (const row of SIZES) {
  test(`poolSize: ${row.name}`, () => {
    assert.is(poolSize(row.requested, row.variants, row.cores), row.expected);
  });
}

test('1 and 2 threads give the same results, each at its variant’s place; every variant is timed once', async () => {
  const tasks = [task(0), task(1, 'hpa/api.spec.minReplicas=3'), task(2, 'scenario.spec.seed=11'), task(3, 'hpa/api.spec.maxReplicas=4'), task(4, 'scenario.spec.seed=12')];
  const timed: number[] = [];
  const one = await runPool(config, tasks, { workers: 1 });
  const two = await runPool(config, tasks, { workers: 2, inputs: inputCache(), onDone: (run, t) => (timed.push(run.index), assert.ok(t.simulateSeconds > 0)) });
  assert.equal(one.map((r) => r.index), [0, 1, 2, 3, 4]);
  assert.equal(two, one);
  assert.equal(timed.sort(), [0, 1, 2, 3, 4]);
  assert.is(one[2]!.runs[0]!.seed, 11);
});

test('variants that keep the traffic and the seed share its noise draws, with the results of drawing them anew', async () => {
  // two seeds per variant; variant 2 moves the seed, variant 3 changes the traffic: those two draw again
  const seeded = { ...config, seeds: 2 };
  const tasks = [task(0), task(1, 'hpa/api.spec.minReplicas=3'), task(2, 'scenario.spec.seed=11'), task(3, 'scenario.spec.traffic.api[0].steps[0].rps=45'), task(4, 'hpa/api.spec.maxReplicas=4')];
  const draws = new NoiseDraws();
  for (const t of tasks) {
    const shared = await runVariant(seeded, t, undefined, draws);
    const alone = await runVariant(seeded, t);
    assert.equal(shared.run, alone.run, `variant ${t.index}`);
  }
  // seeds 7, 8 drawn by variant 0 and reused by 1 and 4; 11, 12 and the changed traffic's 7, 8 drawn once each
  assert.equal([draws.misses, draws.hits], [6, 4]);
});

test('a failure: the lowest failing variant is reported, as a UserError, on 1 thread and on 2', async () => {
  const tasks = [task(0), task(1), task(2, 'hpa/api.spec.maxReplicas=zero'), task(3, 'hpa/api.spec.minReplicas=many'), task(4)];
  for (const workers of [1, 2]) {
    try {
      await runPool(config, tasks, { workers });
      assert.unreachable('variants 2 and 3 cannot load');
    } catch (e) {
      assert.instance(e, VariantFailure);
      assert.is((e as VariantFailure).index, 2, `${workers} thread(s)`);
      assert.instance((e as VariantFailure).cause, UserError);
      assert.match(((e as VariantFailure).cause as UserError).message, /maxReplicas/);
    }
  }
});

test.run();
