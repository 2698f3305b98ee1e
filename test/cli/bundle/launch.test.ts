/**
 * The bundles' loader (src/cli/bundle/launch.ts): a CommonJS file runs as Node would run it, with line numbers
 * kept; its code cache is written by a training run (at exit, or before a worker's message), accepted by the next
 * process, and a cache V8 rejects changes nothing but the compile. The child processes load tsc's build of the
 * loader (`npm run build`), as the bundled command line does.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codeCacheFile, loadBundle, WRITE_CODE_CACHE_ENV } from '../../../src/cli/bundle/launch.js';
import { ROOT, tempDir } from '../helpers.js';

const LAUNCH = pathToFileURL(join(ROOT, 'dist', 'cli', 'bundle', 'launch.js')).href;

const BUNDLE = `const path = require('node:path');
exports.name = path.basename(__filename);
exports.dir = __dirname;
exports.fail = () => { throw new Error('from line 4'); };
exports.sum = (n) => { let s = 0; for (let i = 1; i <= n; i++) s += i; return s; };
`;

/** Runs `body` with a fresh temporary folder, removed after. */
function inTempDir(body: (dir: string) => void): void {
  const dir = tempDir('kubesim-launch-');
  try {
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Loads `file` in a fresh process (env added) and prints sum(100); returns stdout and the code-cache lines. */
function loadInProcess(file: string, env: Record<string, string> = {}): { stdout: string; cache: string[] } {
  const code = `const { loadBundle } = await import(${JSON.stringify(LAUNCH)}); process.stdout.write(String(loadBundle(new URL(${JSON.stringify(pathToFileURL(file).href)})).sum(100)));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', env: { ...process.env, KUBESIM_PHASES: '1', ...env } });
  assert.is(r.status, 0, r.stderr);
  return { stdout: r.stdout, cache: r.stderr.split('\n').filter((l) => l.startsWith('kubesim-code-cache ')) };
}

test('a bundle runs as CommonJS: require, __filename, __dirname, and its own line numbers in a stack trace', () => {
  inTempDir((dir) => {
    const file = join(dir, 'b.cjs');
    writeFileSync(file, BUNDLE);
    const m = loadBundle(pathToFileURL(file)) as { name: string; dir: string; fail: () => void; sum: (n: number) => number };
    assert.is(m.name, 'b.cjs');
    assert.is(m.dir, dir);
    assert.is(m.sum(10), 55);
    try {
      m.fail();
      assert.unreachable('fail() threw');
    } catch (e) {
      assert.match((e as Error).stack ?? '', /b\.cjs:4:/);
    }
  });
});

test('the code cache: none, written by a training run at exit, accepted next time; a rejected one changes nothing', () => {
  inTempDir((dir) => {
    const file = join(dir, 'b.cjs');
    writeFileSync(file, BUNDLE);
    const cache = codeCacheFile(file);
    assert.is(cache, join(dir, 'b.v8cache'));

    const cold = loadInProcess(file);
    assert.equal(cold, { stdout: '5050', cache: ['kubesim-code-cache b.cjs none'] });
    assert.not.ok(existsSync(cache), 'nothing written outside training');

    assert.equal(loadInProcess(file, { [WRITE_CODE_CACHE_ENV]: '1' }).stdout, '5050');
    assert.ok(statSync(cache).size > 0, 'the training run wrote the cache');
    assert.equal(loadInProcess(file), { stdout: '5050', cache: ['kubesim-code-cache b.cjs accepted'] });

    writeFileSync(cache, Buffer.alloc(256, 7)); // not a cache V8 made
    assert.equal(loadInProcess(file), { stdout: '5050', cache: ['kubesim-code-cache b.cjs rejected'] });
    writeFileSync(file, BUNDLE.replace('s += i', 's += 2 * i')); // a cache of other source
    assert.equal(loadInProcess(file, { [WRITE_CODE_CACHE_ENV]: '1' }).stdout, '10100');
    writeFileSync(file, BUNDLE);
    assert.equal(loadInProcess(file), { stdout: '5050', cache: ['kubesim-code-cache b.cjs rejected'] });
    // other source of the same length, which V8's own check would let through: the digest does not
    assert.equal(loadInProcess(file, { [WRITE_CODE_CACHE_ENV]: '1' }).stdout, '5050');
    writeFileSync(file, BUNDLE.replace('s += i', 's -= i'));
    assert.equal(loadInProcess(file), { stdout: '-5050', cache: ['kubesim-code-cache b.cjs rejected'] });
  });
});

test("a worker's cache is written before each message it posts (its parent may terminate it on the reply)", () => {
  inTempDir((dir) => {
    const file = join(dir, 'w.cjs');
    writeFileSync(file, `require('node:worker_threads').parentPort.postMessage('up'); setInterval(() => {}, 1000);\n`);
    const cache = codeCacheFile(file);
    // the parent checks for the cache file on the worker's first message, then terminates it
    const code = `import { Worker } from 'node:worker_threads'; import { existsSync } from 'node:fs';
const w = new Worker(${JSON.stringify(`import(${JSON.stringify(LAUNCH)}).then((l) => l.loadBundle(new URL(${JSON.stringify(pathToFileURL(file).href)})));`)}, { eval: true });
w.once('message', async (m) => { process.stdout.write(m + ' ' + existsSync(${JSON.stringify(cache)})); await w.terminate(); });`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', env: { ...process.env, [WRITE_CODE_CACHE_ENV]: '1' } });
    assert.is(r.status, 0, r.stderr);
    assert.is(r.stdout, 'up true');
    assert.ok(readFileSync(cache).length > 0);
  });
});

test.run();
