/**
 * The one place traffic inputs are read from disk (CSV traces, saved Prometheus responses, Grafana exports), so
 * limits and messages for input files live in one function.
 */
import { readFileSync } from 'node:fs';
import { UserError } from '../../engine/errors.js';

/** The bytes of `file`; a failure is a UserError naming the file (`what` says what kind of file was expected). */
export function readTrafficFile(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? `is a directory, expected ${what}`
          : code === 'EACCES'
            ? 'permission denied'
            : (e as Error).message;
    throw new UserError(`cannot read traffic trace: ${why}`, { file });
  }
}
