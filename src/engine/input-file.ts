/**
 * Bounded input: every file kubesim reads from the user (scenarios, manifests, traces, run and shard folders)
 * comes through `readInputFile`, which reads only a regular file under a size limit. A device (`/dev/zero`), a
 * FIFO, a folder, a broken symbolic link or a file over the limit is a `UserError` saying what it is and what was
 * expected — never a hang, an out-of-memory or an internal error.
 *
 * The file is opened non-blocking (so opening a FIFO cannot wait for a writer), checked with `fstat` on the open
 * descriptor (no race between the check and the read), and read up to its size plus one byte (a file that grows
 * while it is read is refused, not read without end).
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import { UserError } from './errors.js';

const MiB = 1024 * 1024;

/** The size limits, by what the file is. Generous for real inputs (a week-long 1-second trace is 8 MB). */
export const INPUT_LIMITS = {
  /** A scenario, sweep or manifest file (YAML or JSON), and standard input. */
  yaml: 16 * MiB,
  /** A traffic trace (CSV). */
  trace: 256 * MiB,
  /** A summary.json, shard.json or other JSON file kubesim wrote earlier. */
  json: 64 * MiB,
  /** A timeseries.csv kubesim wrote earlier. */
  csv: 256 * MiB,
} as const;

export type InputKind = keyof typeof INPUT_LIMITS;

const HINT: Record<InputKind, string> = {
  yaml: 'split the manifests into several files listed in spec.manifests',
  trace: 'resample the trace to a coarser interval',
  json: 'is it a file kubesim wrote?',
  csv: 'write it with a longer spec.sampleInterval',
};

/** `12.3 MB` (decimal megabytes for sizes a user compares with `ls -lh`-like listings). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < MiB) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 * MiB) return `${(n / MiB).toFixed(1)} MiB`;
  return `${(n / (1024 * MiB)).toFixed(1)} GiB`;
}

/** Why a path cannot be opened, in words (`file not found`, `a broken symbolic link`, …). */
export function describeOpenError(path: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    try {
      if (lstatSync(path).isSymbolicLink()) return 'is a broken symbolic link (its target does not exist), expected a file';
    } catch {
      // the path itself is missing
    }
    return 'file not found';
  }
  if (code === 'ELOOP') return 'is a symbolic link that loops, expected a file';
  if (code === 'EISDIR') return 'is a folder, expected a file';
  if (code === 'ENOTDIR') return 'file not found (a part of the path is not a folder)';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENAMETOOLONG') return 'the path is too long';
  return `cannot read (${code ?? String(e)})`;
}

function describeNonFile(st: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (st.isDirectory()) return 'is a folder, expected a file';
  if (st.isFIFO()) return 'is a pipe (FIFO), expected a regular file';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'is a device, expected a regular file';
  if (st.isSocket()) return 'is a socket, expected a regular file';
  return 'is not a regular file';
}

/**
 * Reads a regular file of at most `INPUT_LIMITS[kind]` bytes. Failures are `UserError`s built by `located`
 * from the reason (`file not found`, `is a device, expected a regular file`, `is 50.0 MiB, more than …`).
 */
export function readInputFile(path: string, kind: InputKind, located: (detail: string) => UserError = (d) => new UserError(d, { file: path })): Buffer {
  const limit = INPUT_LIMITS[kind];
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw located(describeOpenError(path, e));
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw located(describeNonFile(st));
    if (st.size > limit) throw located(tooLarge(st.size, kind));
    const buf = Buffer.allocUnsafe(st.size + 1);
    let n = 0;
    for (;;) {
      let got: number;
      try {
        got = readSync(fd, buf, n, buf.length - n, null);
      } catch (e) {
        throw located(describeOpenError(path, e));
      }
      if (got === 0) break;
      n += got;
      if (n === buf.length) throw located('grew while it was being read (is something still writing it?)');
    }
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

function tooLarge(size: number, kind: InputKind): string {
  return `is ${formatBytes(size)}, more than the ${formatBytes(INPUT_LIMITS[kind])} kubesim reads from one file (${HINT[kind]})`;
}

/** Reads a text input file (UTF-8). */
export function readInputText(path: string, kind: InputKind, located?: (detail: string) => UserError): string {
  return readInputFile(path, kind, located).toString('utf8');
}

/** Reads a whole stream (standard input), refusing more than `INPUT_LIMITS[kind]` bytes. */
export async function readBoundedStream(stream: AsyncIterable<string | Buffer>, kind: InputKind, located: (detail: string) => UserError): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += b.length;
    if (size > INPUT_LIMITS[kind]) throw located(`more than the ${formatBytes(INPUT_LIMITS[kind])} kubesim reads from standard input (${HINT[kind]})`);
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}
