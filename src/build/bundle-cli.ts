/**
 * The command line as users run it: `dist/bin/kubesim.js` and its two worker threads, bundled by esbuild from
 * tsc's own output (`dist/cli/main.js`, `dist/report/chart-worker.js`, `dist/compare/sweep-worker.js`), so the
 * code is the same JavaScript that tsc emitted, only in fewer files. Run by `npm run build` after tsc.
 *
 * Why: Node 20 loads an ES module file by file (resolve, read, compile, link each). Unbundled, a `kubesim run`
 * of a day loaded ~480 ES module files over its two threads (~160 of kubesim's, ~35 of yargs' and what it
 * imports, ~280 of vega's and d3's); bundled, the same code loads in a handful of files. Measured in pairs on the
 * project's machine: the week run's start phase 0.05–0.41 s shorter (median 0.16 s, 8 pairs), and the chart
 * worker has vega after 0.11–0.14 s instead of 0.28–0.39 s (CPU that, on two hyperthreads, the simulation on the
 * main thread gets back). What stays out:
 *   - every other dependency (yaml, csv-stringify, csv-parse, seedrandom, resvg with its native binary, the fonts)
 *     is imported from node_modules as before;
 *   - what a command imports only when it runs stays a separate chunk (`splitting`), so `kubesim --version` and
 *     `kubesim validate` still load only what they need (root.ts's lazy commands, vega only on the chart worker).
 * The library (`dist/index.js`) is tsc's output, unbundled.
 *
 * Three things depend on where a file lives, and are kept true here:
 *   - the workers are started by URL relative to the module that starts them (`./chart-worker.js`,
 *     `./sweep-worker.js`): every bundled file is written flat into one folder, beside both workers;
 *   - yargs finds its locale files (the translations of its own messages, chosen by LANG) at
 *     `../../../locales` from its platform shim; that one path is rewritten to `../yargs-locales` from the bundle
 *     file, and the files are copied there. The build fails if the line it rewrites is not found (a yargs update
 *     must be looked at, not silently mistranslated);
 *   - the version, which `src/version.ts` reads from `../package.json`, is written in (`KUBESIM_BUNDLED_VERSION`).
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

/**
 * Dependencies bundled into the command line (with everything they import); every other one stays in
 * node_modules. The bundled copies are the same code, so the charts' SVGs are the same bytes (tested).
 */
const BUNDLED = new Set(['yargs', 'vega', 'vega-lite']);
const YARGS_LOCALES = 'yargs-locales';

const SHIM = /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/;
const LOCALES_LINE = "resolve(__dirname, '../../../locales')";

/** yargs' platform shim, with its locale folder where the bundle has it. */
const yargsLocales: Plugin = {
  name: 'yargs-locales',
  setup(b) {
    b.onLoad({ filter: SHIM }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes(LOCALES_LINE)) {
        return { errors: [{ text: `${args.path}: expected ${LOCALES_LINE} (where yargs finds its locales); the bundle would lose yargs' translations` }] };
      }
      return { contents: source.replace(LOCALES_LINE, `resolve(__dirname, '../${YARGS_LOCALES}')`), loader: 'js' };
    });
  },
};

export interface BundleOptions {
  /** The repository (its package.json and node_modules). */
  root: string;
  /** The entry modules (tsc's output): the command line and the two workers. */
  entries: { kubesim: string; 'chart-worker': string; 'sweep-worker': string };
  /** The folder written (emptied first); every file flat in it. */
  outDir: string;
}

/** Bundles the command line and its workers into `outDir` (see the top of this file). */
export async function bundleCli(o: BundleOptions): Promise<void> {
  const pkg = JSON.parse(readFileSync(join(o.root, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };
  const external = Object.keys(pkg.dependencies)
    .filter((d) => !BUNDLED.has(d))
    .flatMap((d) => [d, `${d}/*`]);
  rmSync(o.outDir, { recursive: true, force: true });
  await build({
    entryPoints: o.entries,
    outdir: o.outDir,
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external,
    define: { KUBESIM_BUNDLED_VERSION: JSON.stringify(pkg.version) },
    plugins: [yargsLocales],
    logLevel: 'warning',
  });
  const yargsDir = dirname(createRequire(join(o.root, 'package.json')).resolve('yargs/package.json'));
  mkdirSync(join(o.outDir, YARGS_LOCALES), { recursive: true });
  for (const f of readdirSync(join(yargsDir, 'locales'))) if (f.endsWith('.json')) cpSync(join(yargsDir, 'locales', f), join(o.outDir, YARGS_LOCALES, f));
}

// `node dist/build/bundle-cli.js` (npm run build): tsc's output in dist/ into dist/bin/
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dist = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  await bundleCli({
    root: resolve(dist, '..'),
    entries: {
      kubesim: join(dist, 'cli', 'main.js'),
      'chart-worker': join(dist, 'report', 'chart-worker.js'),
      'sweep-worker': join(dist, 'compare', 'sweep-worker.js'),
    },
    outDir: join(dist, 'bin'),
  });
}
