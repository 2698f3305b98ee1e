/**
 * Where a command's words go and what it may read of its surroundings: stdout, stderr, standard input and the
 * environment. The real process gives `processIo`; tests run the CLI in process with their own (`runCli`).
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { readAllStdin } from '../scenario/load.js';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readStdin(): Promise<string>;
  env: Readonly<Record<string, string | undefined>>;
  /** Whether stderr is a terminal (progress lines are drawn only there). */
  stderrIsTTY: boolean;
}

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  readStdin: readAllStdin,
  env: process.env,
  stderrIsTTY: process.stderr.isTTY === true,
};

/** What every command handler receives besides its flags: the io, and where to put its exit code. */
export interface CommandContext {
  io: CliIo;
  exit: (code: number) => void;
}

/** Prints warnings to stderr, each once. */
export function printWarnings(io: CliIo, warnings: Iterable<string>): void {
  for (const w of new Set(warnings)) io.err(`kubesim: warning: ${oneLine(w)}\n`);
}

export const oneLine = (s: string): string => s.replace(/\s*\n\s*/g, ' ').trim();

/** A command module whose handler also gets the context `runCli` merges into its arguments. */
export interface CommandDef<U> {
  command: string;
  describe: string;
  builder: (y: Argv) => Argv<U>;
  handler: (args: ArgumentsCamelCase<U> & CommandContext) => void | Promise<void>;
}

export function defineCommand<U>(def: CommandDef<U>): CommandModule {
  // yargs types the handler's arguments from the flags alone; runCli passes { io, exit } as parse context.
  return def as unknown as CommandModule;
}
