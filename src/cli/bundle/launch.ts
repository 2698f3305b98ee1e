/**
 * How the bundled command line loads its code: each bundle (`dist/bin/*.cjs`, src/build/bundle-cli.ts) is a
 * CommonJS file compiled through `vm.Script` with V8's code cache (`*.v8cache` beside it), so a process starts
 * from the bytecode of every function a training run used instead of parsing and compiling the source again,
 * function by function, as it first calls each one.
 *
 * Why: Node 20 has no compile cache for ES modules (module.enableCompileCache came with Node 22.1), and a
 * `kubesim run` compiles a few megabytes of JavaScript lazily over its two threads: the simulator, yargs and the
 * CSV writers on this thread, vega and vega-lite on the chart worker. Measured on the project's machine, a fresh
 * process loading and simulating the article's day took 0.59–0.72 s with the cache against 0.71–0.84 s without
 * it, and the chart worker's vega import with one chart set 0.42–0.51 s against 0.59–0.67 s (5 pairs each).
 *
 * A cache is used only if it was made from this very source (its file starts with the SHA-256 of the bundle's
 * text: V8 itself compares only the source's length) and by this Node (V8 checks its version and flags); else the
 * source is compiled as usual — the same code either way, only slower, so no output can depend on it.
 * `npm run build` writes the caches by running the bundled command line with `KUBESIM_WRITE_CODE_CACHE=1`: each
 * bundle's cache is then written from what its thread compiled (this thread's at exit; a worker's each time it
 * posts a message, since its parent may terminate it before it exits).
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { isMainThread, parentPort } from 'node:worker_threads';

/** Set to `1` to write the code caches (the build's training runs). */
export const WRITE_CODE_CACHE_ENV = 'KUBESIM_WRITE_CODE_CACHE';

/** The code cache of a bundle: `name.cjs` → `name.v8cache`. */
export function codeCacheFile(bundle: string): string {
  return bundle.replace(/\.cjs$/, '') + '.v8cache';
}

/** What became of a bundle's code cache: none found, or found and accepted or rejected by V8. */
export type CodeCacheState = 'none' | 'accepted' | 'rejected';

/**
 * Loads a CommonJS bundle with its code cache (when there is one V8 accepts) and returns its exports. With
 * `KUBESIM_PHASES=1` (src/cli/phases.ts) it says on stderr what became of the cache, one line per bundle —
 *   kubesim-code-cache <bundle file> <none|accepted|rejected>
 * — so a benchmark can tell a run that compiled from source from one that did not.
 */
export function loadBundle(url: URL): Record<string, unknown> {
  const file = fileURLToPath(url);
  const cacheFile = codeCacheFile(file);
  const text = readFileSync(file, 'utf8');
  // V8 checks a cache against the source's length, not its text: the file starts with the digest of the text
  const digest = createHash('sha256').update(text).digest();
  let stored: Buffer | undefined;
  try {
    stored = readFileSync(cacheFile);
  } catch {
    stored = undefined; // not built yet, or removed: compiled from source
  }
  const ours = stored !== undefined && stored.length > digest.length && stored.subarray(0, digest.length).equals(digest);
  const cachedData = ours ? stored!.subarray(digest.length) : undefined;
  // CommonJS's own wrapper, on the source's first line so that stack traces keep their line numbers
  const source = `(function (exports, require, module, __filename, __dirname) {${text}\n})`;
  const script = new Script(source, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const state: CodeCacheState = stored === undefined ? 'none' : !ours || script.cachedDataRejected === true ? 'rejected' : 'accepted';
  if (process.env['KUBESIM_PHASES'] === '1') process.stderr.write(`kubesim-code-cache ${basename(file)} ${state}\n`);
  if (process.env[WRITE_CODE_CACHE_ENV] === '1') writeWhenDone(script, cacheFile, digest);
  const module = { exports: {} as Record<string, unknown> };
  const wrapper = script.runInThisContext() as (e: unknown, r: NodeJS.Require, m: unknown, f: string, d: string) => void;
  wrapper(module.exports, createRequire(file), module, file, dirname(file));
  return module.exports;
}

/** Training: writes the script's cache with what this thread compiled (see the top of this file). */
function writeWhenDone(script: Script, cacheFile: string, digest: Buffer): void {
  const write = (): void => writeFileSync(cacheFile, Buffer.concat([digest, script.createCachedData()]));
  if (isMainThread || parentPort === null) {
    process.once('exit', write);
    return;
  }
  const port = parentPort;
  const post = port.postMessage.bind(port);
  port.postMessage = (...args: Parameters<typeof post>) => {
    write(); // before the message: its reply is what may end this thread
    post(...args);
  };
}
