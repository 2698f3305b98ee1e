/**
 * The one place traffic inputs are read from disk (CSV traces, saved Prometheus responses, Grafana exports), so
 * limits and messages for input files live in one function: a regular file under the trace size limit
 * (src/engine/input-file.ts), never a device, FIFO or broken link.
 */
import { UserError } from '../../engine/errors.js';
import { readInputFile } from '../../engine/input-file.js';

/** The bytes of `file`; a failure is a UserError naming the file (`what` says what kind of file was expected). */
export function readTrafficFile(file: string, what: string): Buffer {
  return readInputFile(file, 'trace', (detail) => new UserError(`cannot read traffic trace: ${detail.replace('expected a file', `expected ${what}`)}`, { file }));
}
