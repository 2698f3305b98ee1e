/**
 * The strict yargs root: every command, the global flags, and one place where an outcome becomes an exit code.
 * `runCli` is the whole command line as a function (argv and io in, exit code out), so tests run it in process.
 */
import yargs from 'yargs';
import { releaseOutputFolders } from '../report/output-folder.js';
import { version } from '../version.js';
import { compareCommand } from './compare.js';
import { conformanceCommand } from './conformance.js';
import { reportError, UsageError } from './errors.js';
import { terminalSafe, type CliIo, type CommandContext } from './io.js';
import { mergeCommand } from './merge.js';
import { STDIN_ARG } from './options.js';
import { runCommand } from './run.js';
import { schemaCommand } from './schema.js';
import { sweepCommand } from './sweep.js';
import { trafficCommand } from './traffic.js';
import { validateCommand } from './validate.js';

const COMMANDS = [runCommand, validateCommand, sweepCommand, mergeCommand, compareCommand, conformanceCommand, schemaCommand, trafficCommand];
const NAMES = COMMANDS.map((c) => String(c.command).split(' ')[0]!);

/** Runs one command line (without `node` and the script) and returns its exit code. */
export async function runCli(args: readonly string[], rawIo: CliIo): Promise<number> {
  const io = terminalSafe(rawIo);
  // yargs drops a bare "-" (standard input); pass it on as a token the commands recognise.
  const argv = args.map((a) => (a === '-' ? STDIN_ARG : a));
  let code = 0;
  const context: CommandContext = { io, exit: (c) => (code = c) };
  try {
    let root = yargs()
      .scriptName('kubesim')
      .usage('$0 <command> [options]\n\nDeterministic discrete-event simulator for Kubernetes capacity and autoscaling.');
    for (const c of COMMANDS) root = root.command(c);
    await root
      .option('verbose', { type: 'boolean', global: true, describe: 'Print the stack trace of internal errors' })
      .demandCommand(1, `name a command: ${NAMES.join(', ')}`)
      .strict()
      .version(version)
      .help()
      .wrap(null)
      .exitProcess(false)
      .fail((message, error) => {
        throw error ?? new UsageError(message);
      })
      .parseAsync(argv, context, (_err, _parsed, output) => {
        // --help and --version: yargs hands their text here instead of printing it
        if (output) io.out(output.endsWith('\n') ? output : output + '\n');
      });
    return code;
  } catch (e) {
    return reportError(e, { verbose: argv.includes('--verbose'), stderr: (line) => io.err(line + '\n') });
  } finally {
    releaseOutputFolders(); // the --out locks this command took
  }
}
