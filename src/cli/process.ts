/**
 * The command line as a process runs it, once `--version` alone has been answered (main.ts, or the bundle's
 * launcher in dist/bin/): the yargs root with the process's stdout, stderr and stdin, its exit code set on
 * `process.exitCode`. Imported lazily by main.ts so that `--version` loads none of it; the bundled command line
 * (src/build/bundle-cli.ts) is built from this module.
 */
import { processIo } from './io.js';
import { runCli } from './root.js';

export async function main(args: readonly string[]): Promise<void> {
  // `kubesim schema | head`: a closed pipe is the reader's choice, not an error
  process.stdout.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' ? process.exit(process.exitCode ?? 0) : undefined));
  process.exitCode = await runCli(args, processIo); // what yargs' hideBin gives under node: the arguments after the script
}
