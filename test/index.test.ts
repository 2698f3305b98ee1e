/**
 * The public API as a user's project sees it: `import('kubesim')` resolved through package.json (main, types,
 * exports) from another folder, against the build (`npm ci` builds it through `prepare`; `npm run build` again
 * after changing src/).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = resolve('.');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; types: string; version: string };

test('package.json points main and types at the built public API', () => {
  assert.is(pkg.main, 'dist/index.js');
  assert.is(pkg.types, 'dist/index.d.ts');
  assert.ok(existsSync(join(ROOT, pkg.main)), `${pkg.main} is missing: run npm run build`);
  assert.ok(existsSync(join(ROOT, pkg.types)), `${pkg.types} is missing: run npm run build`);
});

test("another project's import('kubesim') gives simulate, loadScenario, NoiseDraws and version, and they run a scenario", () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-user-'));
  try {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(ROOT, join(dir, 'node_modules', 'kubesim'), 'dir');
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    const script = [
      "const k = await import('kubesim');",
      "const s = await k.loadScenario(process.argv[2]);",
      'const r = k.simulate(s);',
      // two runs sharing noise draws: the second reuses the first's, with the numbers of a run that draws its own
      'const draws = new k.NoiseDraws();',
      'const shared = [k.simulate(s, { noiseDraws: draws }), k.simulate(s, { noiseDraws: draws })].map((x) => JSON.stringify(x.summary));',
      'const same = shared.every((x) => x === JSON.stringify(r.summary));',
      'console.log(JSON.stringify({ keys: Object.keys(k).sort(), version: k.version, scenario: r.summary.scenario, offered: r.summary.requests.offered > 0, same, hits: draws.hits }));',
    ].join('\n');
    writeFileSync(join(dir, 'use.mjs'), script);
    const out = execFileSync(process.execPath, ['use.mjs', join(ROOT, 'scenarios', 'seed-api.yaml')], { cwd: dir, encoding: 'utf8' });
    assert.equal(JSON.parse(out), { keys: ['NoiseDraws', 'loadScenario', 'simulate', 'version'], version: pkg.version, scenario: 'seed-api', offered: true, same: true, hits: 1 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
