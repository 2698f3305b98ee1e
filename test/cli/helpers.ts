/**
 * Spawning the real CLI (`node --import tsx src/cli/main.ts …`) for the command-line tests. Each spawn costs
 * about a second (tsx compiles on start), so `kubesimAsync` runs several at once (one per CPU).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

interface CliOptions {
  input?: string;
  cwd?: string;
}

export function kubesim(args: readonly string[], options: CliOptions = {}): CliResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let running = 0;
const waiting: (() => void)[] = [];
const slots = Math.max(2, availableParallelism());

/** Like `kubesim`, without blocking: at most one spawn per CPU at a time. */
export async function kubesimAsync(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  if (running >= slots) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await new Promise<CliResult>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
        cwd: options.cwd ?? ROOT,
        env: { ...process.env, NO_COLOR: '1' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout, stderr }));
      child.stdin.end(options.input ?? '');
    });
  } finally {
    running--;
    waiting.shift()?.();
  }
}

export function tempDir(prefix = 'kubesim-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
