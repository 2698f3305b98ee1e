/**
 * The one place errors become exit codes and stderr lines (user errors: one line, exit 2; bugs: exit 70).
 *
 *   0   success (and, with `run --check`, every SLO met)
 *   1   findings: an SLO missed under `run --check`, a conformance vector failed
 *   2   bad input or usage: `kubesim: <file>: <field path>: <what was expected>` — one line, no stack trace
 *   70  a bug in kubesim (EX_SOFTWARE from sysexits.h; 1 is taken by SLO misses): `kubesim: internal error: …`,
 *       the stack trace only with `--verbose`
 */
import { isUserError, SimulationError } from '../engine/errors.js';
import { oneLine } from './io.js';

export const EXIT = { ok: 0, findings: 1, userError: 2, internal: 70 } as const;

/** A command-line usage problem found by yargs (unknown option, missing argument, …). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}


/** Prints `e` the way its kind asks for and returns the exit code. */
export function reportError(e: unknown, options: { verbose?: boolean; stderr?: (line: string) => void } = {}): number {
  const write = options.stderr ?? ((line: string) => process.stderr.write(line + '\n'));
  if (isUserError(e)) {
    write(`kubesim: ${oneLine(e.message)}`);
    return EXIT.userError;
  }
  if (e instanceof UsageError) {
    write(`kubesim: ${oneLine(e.message)} (see kubesim --help)`);
    return EXIT.userError;
  }
  // a handler that failed inside the simulation: the cause may still be the user's (e.g. a trace that is read lazily)
  if (e instanceof SimulationError && isUserError(e.cause)) {
    write(`kubesim: ${oneLine(e.cause.message)}`);
    return EXIT.userError;
  }
  const message = e instanceof Error ? e.message : String(e);
  write(`kubesim: internal error: ${oneLine(message)}${options.verbose ? '' : ' (run with --verbose for the stack trace)'}`);
  if (options.verbose && e instanceof Error && e.stack) write(e.stack);
  return EXIT.internal;
}
