/**
 * The input cache (src/scenario/input-cache.ts): a cached load gives the same scenario as an uncached one, each
 * load's overrides stay its own, and a file is read once — proved by changing the files on disk between loads.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { inputCache, loadScenario, shareTraces } from '../../src/scenario/index.js';
import type { CsvSpec } from '../../src/workload/traffic/types.js';

const FIXTURE = 'test/fixtures/basic';

function copy(): { dir: string; file: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-cache-'));
  cpSync(FIXTURE, dir, { recursive: true });
  return { dir, file: join(dir, 'scenario.yaml'), done: () => rmSync(dir, { recursive: true, force: true }) };
}

const csvOf = (s: Awaited<ReturnType<typeof loadScenario>>): CsvSpec => s.traffic['api']!.find((c) => c.kind === 'csv') as CsvSpec;

test('a cached load gives the scenario an uncached load gives, the first time and the next', async () => {
  const plain = await loadScenario(`${FIXTURE}/scenario.yaml`);
  const cache = inputCache();
  const first = await loadScenario(`${FIXTURE}/scenario.yaml`, { cache });
  const second = await loadScenario(`${FIXTURE}/scenario.yaml`, { cache });
  assert.equal(first, plain);
  assert.equal(second, plain);
  assert.ok(cache.documents.size >= 3, 'the scenario file and both manifest files');
  assert.is(cache.traces.size, 1);
});

test("one load's overrides do not reach the next: each gets its own copy of the documents", async () => {
  const cache = inputCache();
  const set = await loadScenario(`${FIXTURE}/scenario.yaml`, { cache, sets: ['hpa/api.spec.maxReplicas=33', 'scenario.spec.seed=99'] });
  const after = await loadScenario(`${FIXTURE}/scenario.yaml`, { cache });
  const plain = await loadScenario(`${FIXTURE}/scenario.yaml`);
  assert.is(set.seed, 99);
  assert.is(after.seed, plain.seed);
  assert.equal(after.hpas, plain.hpas);
  assert.not.equal(set.hpas, plain.hpas);
});

test('files are read once: after the first load, changes on disk reach only uncached loads', async () => {
  const { dir, file, done } = copy();
  try {
    const cache = inputCache();
    const first = await loadScenario(file, { cache });
    writeFileSync(join(dir, 'traces', 'rps.csv'), 'not,a,trace\n');
    writeFileSync(join(dir, 'k8s', 'hpa.yaml'), 'kind: [\n');
    const again = await loadScenario(file, { cache });
    assert.equal(again, first);
    assert.is(csvOf(again).trace, csvOf(first).trace, 'one copy of the trace, shared');
    await loadScenario(file).then(
      () => assert.unreachable('an uncached load reads the broken files'),
      (e: Error) => assert.match(e.message, /hpa\.yaml|rps\.csv/),
    );
  } finally {
    done();
  }
});

test('a file that fails to load is not cached: the next load reports it again', async () => {
  const { dir, file, done } = copy();
  try {
    writeFileSync(join(dir, 'traces', 'rps.csv'), 'time,rps\n5,1\n2,1\n');
    const cache = inputCache();
    for (let i = 0; i < 2; i++) {
      await loadScenario(file, { cache }).then(
        () => assert.unreachable('the trace goes back in time'),
        (e: Error) => assert.match(e.message, /rps\.csv.*line 3/),
      );
    }
    assert.is(cache.traces.size, 0);
  } finally {
    done();
  }
});

test('shareTraces moves the traces into shared memory, values unchanged, and the next load gets the shared copy', async () => {
  const cache = inputCache();
  const before = csvOf(await loadScenario(`${FIXTURE}/scenario.yaml`, { cache })).trace;
  shareTraces(cache);
  const after = csvOf(await loadScenario(`${FIXTURE}/scenario.yaml`, { cache })).trace;
  assert.ok(after.timesMs.buffer instanceof SharedArrayBuffer && after.rps.buffer instanceof SharedArrayBuffer);
  assert.equal(Array.from(after.timesMs), Array.from(before.timesMs));
  assert.equal(Array.from(after.rps), Array.from(before.rps));
  const cloned = structuredClone(cache);
  [...cloned.traces.values()][0]!.rps[0] = 12345; // this cache is the test's own: nothing else reads it
  assert.is(after.rps[0], 12345, 'a structured clone (what a worker gets) shares the memory, it does not copy it');
});

test.run();
