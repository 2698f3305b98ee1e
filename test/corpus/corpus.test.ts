/**
 * The bad-input corpus (rows.ts), run through the CLI in this process: every row exits 2 with one stderr line
 * `kubesim: …` that names what the row says (file, field path, expected), no stack trace, no internal error,
 * and no output folder (nor a partial one) in the row's folder.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { kubesimAsync } from '../cli/helpers.js';
import { BASE_FILES, ROWS, type FileContent, type Row } from './rows.js';

const root = mkdtempSync(join(tmpdir(), 'kubesim-corpus-'));

function materialise(row: Row, dir: string): void {
  const files: Record<string, FileContent | null> = { ...BASE_FILES, ...row.files };
  for (const [name, content] of Object.entries(files)) {
    if (content === null) continue;
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    if (typeof content === 'string' || Buffer.isBuffer(content)) writeFileSync(path, content);
    else if ('symlink' in content) symlinkSync(content.symlink, path);
    else symlinkSync(content.device, path);
  }
}

const fill = (s: string, dir: string): string => s.replaceAll('{dir}', dir);

test(`the corpus holds at least 150 bad inputs (${ROWS.length}, of ${new Set(ROWS.map((r) => r.kind)).size} kinds)`, () => {
  assert.ok(ROWS.length >= 150, `${ROWS.length} rows`);
  const names = ROWS.map((r) => r.name);
  assert.equal(names.filter((n, i) => names.indexOf(n) !== i), [], 'row names are unique');
});

ROWS.forEach((row, i) => {
  test(`${row.kind}: ${row.name}`, async () => {
    const dir = join(root, String(i));
    mkdirSync(dir);
    materialise(row, dir);
    const before = new Set(readdirSync(dir));
    const t0 = performance.now();
    const r = await kubesimAsync(row.args.map((a) => fill(a, dir)));
    if (process.env.CORPUS_TIMING) console.error(`${(performance.now() - t0).toFixed(0)} ms ${row.name}`);
    const lines = r.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('kubesim: warning: '));
    assert.is(r.status, row.exit ?? 2, `exit code (stderr: ${r.stderr})`);
    assert.is(lines.length, 1, `one error line, got: ${r.stderr}`);
    const line = lines[0]!;
    assert.ok(line.startsWith('kubesim: '), line);
    assert.not.match(line, /internal error/);
    assert.not.match(r.stderr, /\n\s+at /, 'no stack trace');
    for (const m of row.mentions) assert.ok(line.includes(fill(m, dir)), `expected ${JSON.stringify(fill(m, dir))} in: ${line}`);
    const after = readdirSync(dir).filter((n) => !before.has(n));
    assert.equal(after, [], 'nothing written next to the inputs');
    if (!before.has('out')) assert.not.ok(readdirSync(dir).includes('out'), 'no output folder');
    rmSync(dir, { recursive: true, force: true });
  });
});

test.after(() => rmSync(root, { recursive: true, force: true }));

test.run();
