/**
 * The command line as users run it, in `dist/bin/`, bundled by esbuild from tsc's own output (the code is the same
 * JavaScript that tsc emitted, only in fewer files), then trained once for V8's code cache. Run by `npm run build`
 * after tsc.
 *
 *   kubesim.js        `--version` alone, else loads kubesim-cli.cjs        (dist/cli/bundle/kubesim.js)
 *   kubesim-cli.cjs   the command line, every command                    (dist/cli/process.js)
 *   chart-worker.js   the chart worker thread: loads chart-worker.cjs    (dist/cli/bundle/chart-worker.js)
 *   sweep-worker.js   a sweep worker thread: loads sweep-worker.cjs      (dist/cli/bundle/sweep-worker.js)
 *   render.cjs        vega, vega-lite and the renderer, loaded by whichever thread draws first
 *   *.v8cache         each bundle's code cache (src/cli/bundle/launch.ts)
 *
 * Why bundles: Node 20 loads an ES module file by file (resolve, read, compile, link each). Unbundled, a `kubesim
 * run` of a day loaded ~480 ES module files over its two threads (~160 of kubesim's, ~35 of yargs' and what it
 * imports, ~280 of vega's and d3's). Measured in pairs on the project's machine when they were first bundled (as
 * ES module chunks): the week run's start phase 0.05–0.41 s shorter (median 0.16 s, 8 pairs), and the chart worker
 * had vega after 0.11–0.14 s instead of 0.28–0.39 s. Bundling yaml, csv-stringify, csv-parse and seedrandom too
 * took `kubesim validate` of a day from a median of 0.345 s to 0.315 s (10 pairs).
 *
 * Why CommonJS: V8's code cache is only reachable through `vm.Script`, which compiles a script, not an ES module
 * (Node 20's `vm.SourceTextModule` is behind a flag). So the bundles are CommonJS files with no code splitting:
 *   - each command's module is still evaluated only when it runs (esbuild wraps a dynamically imported module in
 *     an init function), and vega is in a bundle of its own, read only by a thread that draws a chart;
 *   - `import.meta.url` is the bundle file's URL (workers are started by URL relative to the module that starts
 *     them — `./chart-worker.js`, `./sweep-worker.js` — and every file is written flat into one folder);
 *   - dynamic imports of what stays in node_modules become `require` (a `vm.Script` has no ES module loader);
 *   - vega-canvas's node build awaits `import('canvas')` at its top level, which CommonJS cannot; it is built
 *     with no canvas package, as if none were installed — what the renderer relies on anyway (text measured by
 *     vega's estimate, render.ts), so the SVGs cannot depend on whether one happens to be.
 * Only @resvg/resvg-js (a native binary) and the fonts stay in node_modules.
 *
 * Two rewrites take work out of every command's start (each fails the build if its piece is gone):
 *   - string-width builds its `Intl.Segmenter` and emoji expression on first use, not when loaded;
 *   - yargs does not render the running command's help before its handler (`cacheHelpMessage`).
 * `kubesim validate` of a day went from a median of 0.309 s to 0.254 s with both (10 pairs, 9 faster); help and
 * error texts are unchanged (test/build/bundle-cli.test.ts compares them with the unbundled command line's).
 *
 * Two more things depend on where a file lives, and are kept true here:
 *   - yargs finds its locale files (the translations of its own messages, chosen by LANG) at
 *     `../../../locales` from its platform shim; that one path is rewritten to `../yargs-locales` from the bundle
 *     file, and the files are copied there. The build fails if the line it rewrites is not found (a yargs update
 *     must be looked at, not silently mistranslated);
 *   - the version, which `src/version.ts` reads from `../package.json`, is written in (`KUBESIM_BUNDLED_VERSION`).
 *
 * Training: with KUBESIM_WRITE_CODE_CACHE=1, the bundled command line validates a bundled scenario, sweeps another on
 * two threads (a sweep worker, and the comparison's charts drawn on this thread), then runs the first (the chart
 * worker draws its charts). Each run starts from the caches the one before wrote, so the last caches hold what all
 * compiled; the run comes last because its charts are what every `kubesim run` draws (V8 may drop the bytecode of
 * functions a thread has not used for a while, so the last writer's work is the surest to be in the cache). A
 * training run that fails fails the build: the bundle does not work.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type BuildOptions, type Plugin } from 'esbuild';

/** Dependencies left in node_modules (with `name/*`); every other one is bundled. */
const EXTERNAL = ['@resvg/resvg-js', 'dejavu-fonts-ttf'];
const YARGS_LOCALES = 'yargs-locales';
/** What `import.meta.url` is in a CommonJS bundle. */
const META_URL = '__kubesimMetaUrl';

const SHIM = /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/;
const LOCALES_LINE = "resolve(__dirname, '../../../locales')";
const VEGA_CANVAS = /[\\/]vega-canvas[\\/]build[\\/]vega-canvas\.node\.js$/;
const CANVAS_IMPORT = "NodeCanvas = await import('canvas');";

/**
 * A plugin that replaces exact pieces of a dependency's file as it is bundled; the build fails when a piece is not
 * there (an update of the dependency must be looked at, not silently bundled unchanged).
 */
export function replaceIn(
  name: string,
  file: RegExp,
  pieces: ReadonlyArray<readonly [piece: string, by: string]> | ((source: string) => ReadonlyArray<readonly [piece: string, by: string]>),
  why: string,
): Plugin {
  return {
    name,
    setup(b) {
      b.onLoad({ filter: file }, (args) => {
        let source = readFileSync(args.path, 'utf8');
        for (const [piece, by] of typeof pieces === 'function' ? pieces(source) : pieces) {
          if (!source.includes(piece)) return { errors: [{ text: `${args.path}: expected ${piece} (${why})` }] };
          source = source.replace(piece, by);
        }
        return { contents: source, loader: 'js' };
      });
    },
  };
}

/** yargs' platform shim, with its locale folder where the bundle has it. */
const yargsLocales = replaceIn('yargs-locales', SHIM, [[LOCALES_LINE, `resolve(__dirname, '../${YARGS_LOCALES}')`]], "where yargs finds its locales; the bundle would lose yargs' translations");

/** vega-canvas as with no canvas package installed (see the top of this file). */
const noCanvas = replaceIn('no-canvas', VEGA_CANVAS, [[CANVAS_IMPORT, 'NodeCanvas = null;']], "vega-canvas's optional canvas package, to build without it");

/**
 * string-width (three copies: yargs' own, cliui's and wrap-ansi's) builds an `Intl.Segmenter` and, in yargs' copy,
 * the RGI emoji regular expression when it is loaded: ~35–50 ms of every command's start, for widths that only
 * non-ASCII help text needs. Both are built on first use instead; the widths are the same.
 */
const STRING_WIDTH = /[\\/]string-width[\\/]index\.js$/;
const SEGMENTER = 'const segmenter = new Intl.Segmenter();';
const LAZY_SEGMENTER = 'let segmenter_; const segmenter = {segment: (s) => (segmenter_ ??= new Intl.Segmenter()).segment(s)};';
const RGI_EMOJI = 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;';
const LAZY_RGI_EMOJI = 'let rgiEmojiRegex_; const rgiEmojiRegex = {test: (s) => (rgiEmojiRegex_ ??= /^\\p{RGI_Emoji}$/v).test(s)};';
// yargs' own copy (string-width 8) has the emoji expression; the older copies call emoji-regex per character
const lazyStringWidth = replaceIn(
  'lazy-string-width',
  STRING_WIDTH,
  (source) => [[SEGMENTER, LAZY_SEGMENTER], ...(source.includes('rgiEmojiRegex') ? [[RGI_EMOJI, LAZY_RGI_EMOJI] as const] : [])],
  'built on first use',
);

/**
 * yargs renders the running command's help text before every command (`cacheHelpMessage`), for a `showHelp` called
 * from the handler or a failure shown with help. kubesim calls neither (its `fail` handler throws and prints its own
 * message), so the ~20 ms of rendering is left out; `--help` renders as before.
 */
const YARGS_COMMAND = /[\\/]yargs[\\/]build[\\/]lib[\\/]command\.js$/;
const CACHE_HELP = 'yargs.getInternalMethods().getUsageInstance().cacheHelpMessage();';
const noHelpCache = replaceIn('no-help-cache', YARGS_COMMAND, [[CACHE_HELP, '/* kubesim: help is not cached before the handler (see bundle-cli.ts) */']], 'help is never shown once a command runs');

/** `report/render.js` imported by a bundle other than render.cjs: src/cli/bundle/render.js, which loads render.cjs. */
function renderFromItsBundle(dist: string): Plugin {
  const render = join(dist, 'report', 'render.js');
  const loader = join(dist, 'cli', 'bundle', 'render.js');
  return {
    name: 'render-bundle',
    setup(b) {
      b.onResolve({ filter: /[\\/]render\.js$/ }, (args) => {
        if (args.kind === 'entry-point' || resolve(args.resolveDir, args.path) !== render) return undefined;
        return { path: loader };
      });
    },
  };
}

export interface BundleOptions {
  /** The repository (its package.json, node_modules and scenarios). */
  root: string;
  /** tsc's output. */
  dist: string;
  /** The folder written (emptied first); every file flat in it. */
  outDir: string;
  /** Run the training runs that write the code caches (default true). */
  train?: boolean;
}

/** Bundles the command line into `outDir` and trains its code caches (see the top of this file). */
export async function bundleCli(o: BundleOptions): Promise<void> {
  const pkg = JSON.parse(readFileSync(join(o.root, 'package.json'), 'utf8')) as { version: string };
  const common: BuildOptions = {
    outdir: o.outDir,
    entryNames: '[name]',
    bundle: true,
    platform: 'node',
    target: 'node20',
    external: EXTERNAL.flatMap((d) => [d, `${d}/*`]),
    define: { KUBESIM_BUNDLED_VERSION: JSON.stringify(pkg.version) },
    logLevel: 'warning',
  };
  rmSync(o.outDir, { recursive: true, force: true });
  // the launchers: small ES modules (top-level await, import.meta) that load the bundles
  await build({
    ...common,
    entryPoints: {
      kubesim: join(o.dist, 'cli', 'bundle', 'kubesim.js'),
      'chart-worker': join(o.dist, 'cli', 'bundle', 'chart-worker.js'),
      'sweep-worker': join(o.dist, 'cli', 'bundle', 'sweep-worker.js'),
    },
    format: 'esm',
  });
  const cjs: BuildOptions = {
    ...common,
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    supported: { 'dynamic-import': false },
    define: { ...common.define, 'import.meta.url': META_URL },
    banner: { js: `var ${META_URL} = require('node:url').pathToFileURL(__filename).href;` },
  };
  await build({
    ...cjs,
    entryPoints: {
      'kubesim-cli': join(o.dist, 'cli', 'process.js'),
      'chart-worker': join(o.dist, 'report', 'chart-worker.js'),
      'sweep-worker': join(o.dist, 'compare', 'sweep-worker.js'),
    },
    plugins: [yargsLocales, lazyStringWidth, noHelpCache, renderFromItsBundle(o.dist)],
  });
  await build({ ...cjs, entryPoints: { render: join(o.dist, 'report', 'render.js') }, plugins: [noCanvas] });
  const yargsDir = dirname(createRequire(join(o.root, 'package.json')).resolve('yargs/package.json'));
  mkdirSync(join(o.outDir, YARGS_LOCALES), { recursive: true });
  for (const f of readdirSync(join(yargsDir, 'locales'))) if (f.endsWith('.json')) cpSync(join(yargsDir, 'locales', f), join(o.outDir, YARGS_LOCALES, f));
  if (o.train !== false) train(o);
}

/** The training runs (see the top of this file). */
function train(o: BundleOptions): void {
  const cli = join(o.outDir, 'kubesim.js');
  const work = mkdtempSync(join(tmpdir(), 'kubesim-train-'));
  try {
    const runs: string[][] = [
      ['validate', join(o.root, 'scenarios', 'seed-api.yaml')],
      ['sweep', join(o.root, 'scenarios', 'php-apache.yaml'), '--set', 'hpa/php-apache.spec.minReplicas=1,2,3', '--workers', '2', '--quiet', '--out', join(work, 'sweep')],
      ['run', join(o.root, 'scenarios', 'seed-api.yaml'), '--quiet', '--out', join(work, 'run')],
    ];
    for (const args of runs) {
      const r = spawnSync(process.execPath, [cli, ...args], { cwd: work, encoding: 'utf8', env: { ...process.env, KUBESIM_WRITE_CODE_CACHE: '1' } });
      if (r.error) throw r.error;
      if (r.status !== 0) throw new Error(`code cache training: kubesim ${args.join(' ')} exited with ${r.status ?? r.signal}\n${r.stderr}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// `node dist/build/bundle-cli.js` (npm run build): tsc's output in dist/ into dist/bin/
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dist = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  await bundleCli({ root: resolve(dist, '..'), dist, outDir: join(dist, 'bin') });
}
