/**
 * The output folder, owned: kubesim writes a manifest of its own files into every folder it writes
 * (`.kubesim-files`), and a later run into that folder replaces exactly those files — never a file the user put
 * there. A folder is kubesim's to write into when it is missing, empty, has a manifest, or (written before
 * manifests) holds one of kubesim's marker files; then only kubesim's known file names are replaced.
 *
 *   claimOutputFolder   checks `--out` before any work (a path that cannot be a folder, a name too long, a folder
 *                       of someone else's) and takes its lock `<out>.lock` (pid inside; a lock whose process is
 *                       gone is stale and taken over), so a second run into the same folder fails with exit 2
 *   stageOwnedFolder    the new files into `<out>.partial-<pid>`, one by one as the caller has them (large ones
 *                       streamed in chunks), then on commit: a missing folder is renamed into place (atomic); an
 *                       existing one gets each new file renamed in, the files of the old manifest that the new
 *                       run does not write removed, and the manifest written last
 *   writeOwnedFolder    the same for a map of files at once
 *   cleanupOutputs      what SIGINT/SIGTERM (once writing has begun) and the exit run: this process's partial
 *                       folders and locks removed
 *
 * A run that fails before writing leaves the previous output as it was (nothing is touched before the new files
 * are complete).
 */
import { accessSync, closeSync, constants, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, parse, resolve, sep } from 'node:path';
import { UserError } from '../engine/errors.js';

export const MANIFEST = '.kubesim-files';
/** Files kubesim wrote before it wrote manifests (a folder holding one of these is an earlier kubesim output). */
const MARKERS = ['summary.json', 'comparison.json', 'shard.json'];
const LEGACY_NAMES = /^(summary\.json|summary\.md|timeseries\.csv|events\.csv|hpa\.csv|report\.html|junit\.xml|comparison\.(csv|json|html)|shard\.json|charts\/[^/]+\.(svg|png))$/;
const MAX_NAME_BYTES = 255;

const bad = (detail: string): UserError => new UserError(detail, { file: '--out' });

const locks = new Map<string, string>(); // lock path → the folder it guards
const partials = new Set<string>();

function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The files a folder's manifest lists, or null when it has none. */
function readManifest(dir: string): string[] | null {
  try {
    const list = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as unknown;
    return Array.isArray(list) ? list.filter((n): n is string => typeof n === 'string' && safeRelative(n)) : [];
  } catch {
    return null;
  }
}

const safeRelative = (name: string): boolean => {
  const n = normalize(name);
  return name !== '' && !isAbsolute(name) && !n.startsWith('..') && n !== '.';
};

/** Every file below `dir`, as `/`-separated relative paths. */
function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(join(dir, e.name), rel));
    else out.push(rel);
  }
  return out;
}

/** Which files of an existing folder are kubesim's (to replace); throws when the folder is not kubesim's. */
function ownedFiles(dir: string, shown: string): string[] {
  const manifest = readManifest(dir);
  if (manifest) return manifest;
  const entries = readdirSync(dir);
  if (entries.length === 0) return [];
  if (!MARKERS.some((m) => entries.includes(m))) {
    throw bad(`${shown} exists and is not a kubesim output folder (no ${MANIFEST} or summary.json); choose another folder or remove it`);
  }
  return listFiles(dir).filter((f) => LEGACY_NAMES.test(f));
}

/** The checks that need no lock: what `--out` is, before any work. */
export function checkOutputPath(dir: string): string {
  const target = resolve(dir);
  for (const part of target.split(sep)) {
    if (Buffer.byteLength(part) > MAX_NAME_BYTES - 20) throw bad(`${shown(dir)}: the name ${JSON.stringify(part.slice(0, 40) + '…')} is too long (${Buffer.byteLength(part)} bytes; at most ${MAX_NAME_BYTES - 20}, room for kubesim's .partial-<pid>)`);
  }
  if (target === parse(target).root) throw bad(`${shown(dir)} is the root folder; choose an output folder of its own`);
  const cwd = resolve('.');
  if (cwd === target || cwd.startsWith(target + sep)) throw bad(`${shown(dir)} holds the current folder; choose an output folder of its own`);
  let st;
  try {
    st = lstatSync(target);
  } catch {
    st = null;
  }
  if (st) {
    if (st.isSymbolicLink()) throw bad(`${shown(dir)} is a symbolic link; give the folder itself`);
    if (!st.isDirectory()) throw bad(`${shown(dir)} exists and is not a folder`);
    ownedFiles(target, shown(dir));
  } else {
    // the first part of the path that exists must be a folder we may write into
    let up = dirname(target);
    for (;;) {
      let s;
      try {
        s = statSync(up);
      } catch {
        const next = dirname(up);
        if (next === up) break;
        up = next;
        continue;
      }
      if (!s.isDirectory()) throw bad(`${shown(dir)}: ${up} is not a folder, so nothing can be written below it`);
      try {
        accessSync(up, constants.W_OK);
      } catch {
        throw bad(`${shown(dir)}: cannot create it in ${up} (permission denied)`);
      }
      break;
    }
  }
  return target;
}

const shown = (dir: string): string => dir;

/** Checks `--out` and takes its lock (until `releaseOutputFolders`, the process's exit, or a signal). */
export function claimOutputFolder(dir: string): void {
  const target = checkOutputPath(dir);
  const lock = `${target}.lock`;
  if (locks.has(lock)) return;
  mkdirSync(dirname(target), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      locks.set(lock, target);
      installExitHooks();
      removeStalePartials(target);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw bad(`cannot lock ${dir}: ${(e as Error).message}`);
      let pid = NaN;
      try {
        pid = Number(readFileSync(lock, 'utf8').trim());
      } catch {
        // vanished meanwhile: try again
      }
      if (processAlive(pid)) throw bad(`${dir} is in use by another kubesim run (pid ${pid}, lock ${lock}); wait for it, or choose another --out`);
      rmSync(lock, { force: true }); // stale: its run was killed
    }
  }
  throw bad(`cannot lock ${dir}: another kubesim run is taking it`);
}

/** `<out>.partial-<pid>` folders of runs that were killed (SIGKILL, power loss) are removed by the next run. */
function removeStalePartials(target: string): void {
  const base = target.slice(dirname(target).length + 1);
  let names: string[] = [];
  try {
    names = readdirSync(dirname(target));
  } catch {
    return;
  }
  for (const n of names) {
    const m = /^(.*)\.partial-(\d+)$/.exec(n);
    if (m && m[1] === base && !processAlive(Number(m[2]))) rmSync(join(dirname(target), n), { recursive: true, force: true });
  }
}

/** Releases the locks this process holds (the end of a command). */
export function releaseOutputFolders(): void {
  for (const lock of locks.keys()) rmSync(lock, { force: true });
  locks.clear();
}

/** Removes this process's partial folders and locks (SIGINT, SIGTERM, exit). */
export function cleanupOutputs(): void {
  for (const p of partials) rmSync(p, { recursive: true, force: true });
  partials.clear();
  releaseOutputFolders();
}

let hooked = false;
function installExitHooks(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', cleanupOutputs);
}

let signalsHooked = false;
/**
 * Installed when the first files are written, not before: during the simulation a signal ends the process at
 * once (its lock is then stale and taken over by the next run); from the write on, a signal that arrives while
 * files are being written (synchronously) is handled right after, so no partial folder is left. The exit code is
 * the shell's 128 + signal number.
 */
function installSignalHooks(): void {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.on(signal, () => {
      cleanupOutputs();
      process.exit(code);
    });
  }
}

/** A file's contents: whole, or streamed in chunks (written as produced, never whole in memory). */
export type FolderContent = string | Uint8Array | { stream(sink: (chunk: Uint8Array) => void): void };

/** An output folder being written: files go into its partial folder until `commit` puts them in place. */
export interface StagedFolder {
  /** Writes one file into the partial folder (a streamed one chunk by chunk). */
  write(name: string, content: FolderContent): void;
  /** Puts every written file in place (see the module comment) and releases the lock. */
  commit(): void;
  /** Removes the partial folder and releases the lock; the folder stays as it was (idempotent). */
  abort(): void;
}

const FS_USER_ERRORS = ['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'ENOTDIR', 'EEXIST', 'ENAMETOOLONG', 'EISDIR', 'ENOTEMPTY'];

/**
 * Starts writing the folder `dir`: its partial folder is made now, files are written into it one by one (so a
 * caller can stream its large files while other work goes on), and `commit` moves them into place. Any failure
 * aborts: nothing is left behind and `dir` stays as it was.
 */
export function stageOwnedFolder(dir: string): StagedFolder {
  claimOutputFolder(dir);
  const target = resolve(dir);
  const partial = `${target}.partial-${process.pid}`;
  const names: string[] = [];
  let open = true;
  installSignalHooks();
  partials.add(partial);
  const finish = (): void => {
    open = false;
    rmSync(partial, { recursive: true, force: true });
    partials.delete(partial);
    releaseLock(target);
  };
  const guarded = <T>(f: () => T): T => {
    if (!open) throw new Error(`the output folder ${dir} is no longer being written`);
    try {
      return f();
    } catch (e) {
      finish();
      const code = (e as NodeJS.ErrnoException).code;
      if (code && FS_USER_ERRORS.includes(code)) throw bad(`cannot write ${dir}: ${(e as Error).message}`);
      throw e;
    }
  };
  guarded(() => {
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
  });
  return {
    write: (name, content) =>
      guarded(() => {
        if (!safeRelative(name) || name === MANIFEST || names.includes(name)) throw new Error(`output file name outside the folder or written twice: ${name}`);
        const path = join(partial, name);
        mkdirSync(dirname(path), { recursive: true });
        if (typeof content === 'string' || content instanceof Uint8Array) writeFileSync(path, content);
        else {
          const fd = openSync(path, 'w');
          try {
            content.stream((chunk) => {
              let off = 0;
              while (off < chunk.length) off += writeSync(fd, chunk, off, chunk.length - off);
            });
          } finally {
            closeSync(fd);
          }
        }
        names.push(name);
      }),
    commit: () =>
      guarded(() => {
        const manifest = JSON.stringify([...names].sort(), null, 0) + '\n';
        if (!existsSync(target)) {
          writeFileSync(join(partial, MANIFEST), manifest);
          renameSync(partial, target);
        } else {
          const old = ownedFiles(target, dir);
          for (const name of names) {
            const to = join(target, name);
            mkdirSync(dirname(to), { recursive: true });
            try {
              if (statSync(to).isDirectory()) throw bad(`${dir}: ${name} is a folder of yours where kubesim writes a file; move it away`);
            } catch (e) {
              if (e instanceof UserError) throw e;
            }
            renameSync(join(partial, name), to);
          }
          for (const name of old) if (!names.includes(name)) rmSync(join(target, name), { force: true });
          removeEmptyFolders(target, old);
          writeFileSync(join(target, MANIFEST), manifest);
        }
        finish();
      }),
    abort: () => {
      if (open) finish();
    },
  };
}

/** Writes `files` into `dir` (see the module comment); `files` names are relative, `/`-separated. */
export function writeOwnedFolder(dir: string, files: ReadonlyMap<string, FolderContent>): void {
  for (const name of files.keys()) {
    if (!safeRelative(name) || name === MANIFEST) throw new Error(`output file name outside the folder: ${name}`);
  }
  const folder = stageOwnedFolder(dir);
  try {
    for (const [name, content] of files) folder.write(name, content);
    folder.commit();
  } finally {
    folder.abort();
  }
}

function releaseLock(target: string): void {
  const lock = `${target}.lock`;
  if (locks.delete(lock)) rmSync(lock, { force: true });
}

/** Sub-folders that held only kubesim's old files (charts/) are removed when they are left empty. */
function removeEmptyFolders(target: string, old: readonly string[]): void {
  const dirs = new Set(old.filter((n) => n.includes('/')).map((n) => n.slice(0, n.lastIndexOf('/'))));
  for (const d of [...dirs].sort((a, b) => b.length - a.length)) {
    const path = join(target, d);
    try {
      if (readdirSync(path).length === 0) rmSync(path, { recursive: true });
    } catch {
      // already gone
    }
  }
}
