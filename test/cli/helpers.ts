/**
 * Running the command line for the tests. `kubesimAsync` runs it in this process (`runCli` with captured
 * stdout/stderr and a given stdin), which costs milliseconds; `kubesimSpawned` starts the real CLI
 * (`node --import tsx src/cli/main.ts …`, about a second each) for the few smoke tests that need a process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/root.js';

export const ROOT = join(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

interface CliOptions {
  input?: string;
  env?: Record<string, string | undefined>;
}

/** The CLI in process: paths are relative to the repository root (the tests' working folder). */
export async function kubesimAsync(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    out: (t) => void (stdout += t),
    err: (t) => void (stderr += t),
    readStdin: async () => options.input ?? '',
    env: options.env ?? {},
    stderrIsTTY: false,
  };
  const status = await runCli(args, io);
  return { status, stdout, stderr };
}

/** The real CLI in a child process. */
export function kubesimSpawned(args: readonly string[], options: CliOptions = {}): CliResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: ROOT,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix = 'kubesim-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
