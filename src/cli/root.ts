/**
 * The strict yargs root: every command, the global flags, and one place where an outcome becomes an exit code.
 * `runCli` is the whole command line as a function (argv and io in, exit code out), so tests run it in process.
 *
 * Each command's module (and what it imports: the simulator, the report, the comparison) is loaded only when
 * that command is named: `kubesim validate` never loads the report, `kubesim schema` not even the scenario
 * loader. Without a known command name (`kubesim --help`, a typo) every command is loaded, so help lists them
 * all and yargs can say what is wrong.
 */
import yargs, { type CommandModule } from 'yargs';
import { releaseOutputFolders } from '../report/output-folder.js';
import { version } from '../version.js';
import { reportError, UsageError } from './errors.js';
import { terminalSafe, type CliIo, type CommandContext } from './io.js';
import { STDIN_ARG } from './options.js';

/** Every command by name, in the order help lists them, each loaded when needed. */
const COMMANDS: Readonly<Record<string, () => Promise<CommandModule>>> = {
  run: async () => (await import('./run.js')).runCommand,
  validate: async () => (await import('./validate.js')).validateCommand,
  sweep: async () => (await import('./sweep.js')).sweepCommand,
  merge: async () => (await import('./merge.js')).mergeCommand,
  compare: async () => (await import('./compare.js')).compareCommand,
  conformance: async () => (await import('./conformance.js')).conformanceCommand,
  schema: async () => (await import('./schema.js')).schemaCommand,
  traffic: async () => (await import('./traffic.js')).trafficCommand,
};
const NAMES = Object.keys(COMMANDS);

/** The commands a command line needs: the one it names first, or all of them when it names none. */
export function commandsFor(args: readonly string[]): string[] {
  const first = args.find((a) => !a.startsWith('-'));
  return first !== undefined && Object.hasOwn(COMMANDS, first) ? [first] : NAMES;
}

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
    for (const c of await Promise.all(commandsFor(argv).map((name) => COMMANDS[name]!()))) root = root.command(c);
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
