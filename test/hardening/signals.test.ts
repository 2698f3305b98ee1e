/**
 * SIGTERM and SIGINT during a real run (spawned: signals need a process of their own) leave no partial folder
 * and no lock, whenever they arrive; the exit is 143/130 (or the signal itself, during the simulation). A second
 * run into an --out that a live run holds fails with exit 2.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { kubesimAsync, ROOT, tempDir } from '../cli/helpers.js';

const MAIN = join(ROOT, 'src', 'cli', 'main.ts');

function runAndSignal(out: string, signal: NodeJS.Signals, afterMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'run', 'scenarios/seed-api.yaml', '--out', out, '--quiet', '--png'], { cwd: ROOT, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill(signal), afterMs);
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      resolve({ code, signal: sig });
    });
  });
}

for (const [signal, code, afterMs] of [['SIGTERM', 143, 2500], ['SIGINT', 130, 4000]] as const) {
  test(`${signal} after ${afterMs} ms leaves no partial folder or lock; exit ${code}, or ended by the signal, or done`, async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const r = await runAndSignal(out, signal, afterMs);
    assert.ok(r.code === code || r.signal === signal || r.code === 0, JSON.stringify(r));
    const left = readdirSync(dir).filter((n) => n !== 'out' && !n.endsWith('.lock'));
    assert.equal(left, [], 'no partial folder');
    if (r.code === code || r.code === 0) assert.not.ok(existsSync(`${out}.lock`), 'the lock is released');
    if (existsSync(out)) assert.ok(existsSync(join(out, 'summary.json')), 'a folder, if any, is complete');
  });
}

test('a second run into an --out held by a live run fails with exit 2', async () => {
  const dir = tempDir();
  const out = join(dir, 'out');
  writeFileSync(`${out}.lock`, `${process.pid}\n`); // this test process is alive
  const r = await kubesimAsync(['run', 'test/fixtures/bad/ok.yaml', '--out', out]);
  assert.is(r.status, 2, r.stderr);
  assert.match(r.stderr, /--out: .* is in use by another kubesim run \(pid \d+/);
  assert.not.ok(existsSync(out));
});

test.run();
