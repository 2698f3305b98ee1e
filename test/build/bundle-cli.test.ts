/**
 * The bundled command line (src/build/bundle-cli.ts → dist/bin/kubesim.js, what package.json's `bin` links, with
 * its CommonJS bundles and their code caches) does exactly what tsc's unbundled one (dist/cli/main.js) does: the same version, the same help and errors in another
 * language (yargs' locale files found from the bundle), the same report folder from a run (its chart worker
 * started from the bundle's folder), the same sweep (its sweep worker likewise). Against the build, like
 * test/index.test.ts: `npm ci` builds it through `prepare`; `npm run build` again after changing src/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { build } from 'esbuild';
import { replaceIn } from '../../src/build/bundle-cli.js';
import { ROOT, tempDir } from '../cli/helpers.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };
const BUNDLED = join(ROOT, pkg.bin.kubesim!);
const UNBUNDLED = join(ROOT, 'dist', 'cli', 'main.js');

function cli(main: string, args: readonly string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [main, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file under `dir` with its bytes. */
function files(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const path = join(e.parentPath, e.name);
    out.set(path.slice(dir.length + 1), readFileSync(path, 'latin1'));
  }
  return out;
}

test('replaceIn rewrites each piece of the file it names, and fails the build when a piece is missing', async () => {
  const dir = tempDir('kubesim-bundle-');
  try {
    const entry = join(dir, 'entry.js');
    writeFileSync(entry, 'export const a = 1;\nexport const b = 2;\n');
    const bundle = (pieces: Parameters<typeof replaceIn>[2]) =>
      build({ entryPoints: [entry], bundle: true, write: false, format: 'esm', logLevel: 'silent', plugins: [replaceIn('t', /entry\.js$/, pieces, 'a test')] });
    const out = await bundle([['a = 1', 'a = 10'], ['b = 2', 'b = 20']]);
    assert.match(out.outputFiles[0]!.text, /a = 10;[\s\S]*b = 20;/);
    const chosen = await bundle((source) => (source.includes('b = 2') ? [['b = 2', 'b = 3']] : []));
    assert.match(chosen.outputFiles[0]!.text, /b = 3;/);
    const failed = await bundle([['a = 1', 'a = 10'], ['c = 3', 'c = 30']]).then(
      () => null,
      (e: { errors?: { text: string }[] }) => e.errors?.map((x) => x.text).join('\n') ?? String(e),
    );
    assert.ok(failed !== null, 'the build failed');
    assert.match(failed, /entry\.js: expected c = 3 \(a test\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the bundle builds string-width's segmenters and emoji expression on first use, and caches no help before a command", () => {
  const text = readFileSync(join(ROOT, 'dist', 'bin', 'kubesim-cli.cjs'), 'utf8');
  assert.not.match(text, /^var segmenter\d* = new Intl\.Segmenter\(\);$/m);
  assert.not.match(text, /^var rgiEmojiRegex = new RegExp/m);
  assert.is((text.match(/\?\?= new Intl\.Segmenter\(\)/g) ?? []).length, 3, "three copies of string-width, each lazy");
  assert.not.match(text, /getUsageInstance\(\)\.cacheHelpMessage\(\)/);
});

test('package.json links the bundle, a script of its own with the shebang', () => {
  assert.is(pkg.bin.kubesim, 'dist/bin/kubesim.js');
  assert.ok(existsSync(BUNDLED), `${BUNDLED} is missing: run npm run build`);
  assert.ok(readFileSync(BUNDLED, 'utf8').startsWith('#!/usr/bin/env node\n'));
  for (const worker of ['chart-worker.js', 'sweep-worker.js']) assert.ok(existsSync(join(ROOT, 'dist', 'bin', worker)), `${worker} beside it`);
});

test('the same version, help and errors as the unbundled CLI, in English and in German', () => {
  assert.is(cli(BUNDLED, ['--version']).stdout, `${pkg.version}\n`);
  const cases: [string, string[]][] = [
    ['en_US.UTF-8', ['--help']],
    ['en_US.UTF-8', ['validate', 'scenarios/seed-api.yaml']],
    ['de_DE.UTF-8', ['run', '--help']],
    ['de_DE.UTF-8', ['run', '--bogus', 'x.yaml']],
    ['de_DE.UTF-8', ['bogus']],
    // a command that fails once its handler runs (yargs renders no help for it in the bundle: bundle-cli.ts)
    ['en_US.UTF-8', ['run', 'scenarios/no-such-file.yaml']],
    ['de_DE.UTF-8', ['sweep', '--help']],
  ];
  for (const [lang, args] of cases) {
    const a = cli(UNBUNDLED, args, { LANG: lang });
    const b = cli(BUNDLED, args, { LANG: lang });
    assert.equal(b, a, `${lang} kubesim ${args.join(' ')}`);
  }
  // yargs' own words translated: the locale files were found from the bundle
  assert.match(cli(BUNDLED, ['run', '--help'], { LANG: 'de_DE.UTF-8' }).stdout, /Optionen:/);
});

test('a run and a sweep write the same files as the unbundled CLI (its workers started from the bundle folder)', () => {
  const dir = tempDir('kubesim-bundle-');
  try {
    for (const [name, args] of [
      ['run', ['run', 'scenarios/seed-api.yaml', '--quiet', '--out']],
      // 1 + 2 variants of 25 simulated minutes: small, but more than one thread's worth
      ['sweep', ['sweep', 'scenarios/php-apache.yaml', '--set', 'hpa/php-apache.spec.minReplicas=2,3', '--quiet', '--workers', '2', '--out']],
    ] as const) {
      const a = cli(UNBUNDLED, [...args, join(dir, `${name}-a`)]);
      const b = cli(BUNDLED, [...args, join(dir, `${name}-b`)]);
      assert.equal([b.status, b.stderr], [a.status, a.stderr], name);
      assert.is(a.status, 0, a.stderr);
      const fa = files(join(dir, `${name}-a`));
      const fb = files(join(dir, `${name}-b`));
      assert.equal([...fb.keys()].sort(), [...fa.keys()].sort(), `${name}: the same files`);
      assert.ok([...fa.keys()].some((f) => f.endsWith('.svg')), `${name}: charts were drawn`);
      for (const [f, bytes] of fa) assert.ok(fb.get(f) === bytes, `${name}: ${f} differs`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the build trained code caches that this Node accepts, for the command line, the chart worker and vega', () => {
  const dir = tempDir('kubesim-bundle-');
  try {
    const r = cli(BUNDLED, ['run', 'scenarios/seed-api.yaml', '--quiet', '--out', join(dir, 'run')], { KUBESIM_PHASES: '1' });
    assert.is(r.status, 0, r.stderr);
    const states = r.stderr.split('\n').filter((l) => l.startsWith('kubesim-code-cache ')).sort();
    assert.equal(states, ['kubesim-code-cache chart-worker.cjs accepted', 'kubesim-code-cache kubesim-cli.cjs accepted', 'kubesim-code-cache render.cjs accepted']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
