/**
 * The CLI run in this process (no spawn, no tsx start-up): the same yargs root as src/cli/main.ts, with stdout
 * and stderr captured and the exit code read from `process.exitCode` (then reset). Used by the bad-input corpus,
 * where a spawn per row (~1 s each) would make the suite minutes long.
 */
import yargs from 'yargs';
import { compareCommand } from '../../src/cli/compare.js';
import { conformanceCommand } from '../../src/cli/conformance.js';
import { reportError, UsageError } from '../../src/cli/errors.js';
import { mergeCommand } from '../../src/cli/merge.js';
import { runCommand, STDIN_ARG } from '../../src/cli/run.js';
import { schemaCommand } from '../../src/cli/schema.js';
import { sweepCommand } from '../../src/cli/sweep.js';
import { validateCommand } from '../../src/cli/validate.js';
import type { CliResult } from './helpers.js';

let busy = false;

export async function kubesimInProcess(args: readonly string[]): Promise<CliResult> {
  if (busy) throw new Error('kubesimInProcess: one call at a time (stdout/stderr are captured globally)');
  busy = true;
  const out: string[] = [];
  const err: string[] = [];
  const writeOut = process.stdout.write;
  const writeErr = process.stderr.write;
  process.stdout.write = ((chunk: string | Uint8Array) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => (err.push(String(chunk)), true)) as typeof process.stderr.write;
  const before = process.exitCode;
  process.exitCode = undefined;
  let status: number;
  try {
    const argv = args.map((a) => (a === '-' ? STDIN_ARG : a));
    try {
      await yargs(argv)
        .scriptName('kubesim')
        .command(runCommand)
        .command(validateCommand)
        .command(conformanceCommand)
        .command(schemaCommand)
        .command(sweepCommand)
        .command(mergeCommand)
        .command(compareCommand)
        .option('verbose', { type: 'boolean', global: true })
        .demandCommand(1, 'name a command')
        .strict()
        .help(false)
        .version(false)
        .exitProcess(false)
        .fail((message, error) => {
          throw error ?? new UsageError(message);
        })
        .parseAsync();
    } catch (e) {
      process.exitCode = reportError(e, { verbose: argv.includes('--verbose') });
    }
    status = typeof process.exitCode === 'number' ? process.exitCode : Number(process.exitCode ?? 0);
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
    process.exitCode = before;
    busy = false;
  }
  return { status, stdout: out.join(''), stderr: err.join('') };
}
