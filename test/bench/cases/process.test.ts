/**
 * The process case's reading of one run (src/bench/cases/process.ts `runOnce`): the phase lines and the code-cache
 * lines a `kubesim` process writes on stderr, and a failing command reported with its stderr. No timing is checked.
 */
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runOnce } from '../../../src/bench/cases/process.js';
import { tempDir } from '../../cli/helpers.js';

test('phases in seconds and the code caches, sorted, from stderr; other lines ignored', () => {
  const dir = tempDir('kubesim-bench-');
  try {
    const script = [
      "process.stderr.write('warning: something\\n')",
      "process.stderr.write('kubesim-code-cache render.cjs rejected\\n')",
      "process.stderr.write('kubesim-phase load 12.5\\nkubesim-phase write folder 3\\n')",
      "process.stderr.write('kubesim-code-cache kubesim-cli.cjs accepted\\n')",
    ].join(';');
    const s = runOnce([process.execPath, '-e', script], process.env, join(dir, 'time.txt'));
    assert.equal(s.phases, { load: 0.0125, 'write folder': 0.003 });
    assert.equal(s.codeCache, ['kubesim-cli.cjs accepted', 'render.cjs rejected']);
    assert.ok(s.wall > 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a command that fails is an error with its stderr', () => {
  const dir = tempDir('kubesim-bench-');
  try {
    assert.throws(() => runOnce([process.execPath, '-e', "process.stderr.write('boom'); process.exit(3)"], process.env, join(dir, 'time.txt')), /exited with 3: boom/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
