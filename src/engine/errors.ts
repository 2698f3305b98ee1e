/**
 * The two kinds of failure kubesim knows (user errors: one line, exit 2; bugs: exit 70).
 *
 * - `UserError`: the input is wrong (a scenario field, a flag, a missing file). It carries the file and the field
 *   path, prints as one line, and makes the CLI exit 2 without a stack trace.
 * - anything else is a bug: the CLI prints its stack only with `--verbose`.
 *
 * The engine knows nothing of Kubernetes; the message text is built by whoever throws.
 */
export class UserError extends Error {
  readonly file: string | undefined;
  readonly path: string | undefined;
  readonly detail: string;

  constructor(detail: string, where: { file?: string; path?: string } = {}) {
    super(formatUserError(detail, where.file, where.path));
    this.name = 'UserError';
    this.detail = detail;
    this.file = where.file;
    this.path = where.path;
  }

  /** The same error, located in `file` (keeps an already-known file). */
  inFile(file: string): UserError {
    return this.file ? this : new UserError(this.detail, { file, path: this.path });
  }

  /** The same error with `prefix` put in front of its field path (`spec.template` + `.spec.containers[0]`). */
  under(prefix: string): UserError {
    const path = this.path ? (this.path.startsWith('[') ? prefix + this.path : `${prefix}.${this.path}`) : prefix;
    return new UserError(this.detail, { file: this.file, path });
  }
}

export function formatUserError(detail: string, file?: string, path?: string): string {
  return [file, path, detail].filter((s) => s !== undefined && s !== '').join(': ');
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}

/** Thrown by a simulation handler: the sim time and the event it was running, then the cause. */
export class SimulationError extends Error {
  constructor(readonly timeMs: number, readonly eventName: string, override readonly cause: unknown) {
    super(`at t=${(timeMs / 1000).toFixed(3)}s in ${eventName}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'SimulationError';
  }
}
