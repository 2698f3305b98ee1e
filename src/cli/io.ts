/**
 * Where a command's words go and what it may read of its surroundings: stdout, stderr, standard input and the
 * environment. The real process gives `processIo`; tests run the CLI in process with their own (`runCli`).
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';

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
  readStdin: async () => (await import('../scenario/load.js')).readAllStdin(), // the YAML reader loads when a command reads
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

export const oneLine = (s: string): string => terminalText(s.replace(/\s*\n\s*/g, ' ').trim());

/**
 * Text for a terminal: control characters from inputs (escape sequences in an image name, a carriage return in a
 * label, bidirectional overrides) are shown as `\x1b`-style escapes instead of being run by the terminal. Newlines
 * and tabs are kept (the caller decides the lines). Every stdout write and every error or warning line goes
 * through it (runCli, oneLine); only the progress line, which is kubesim's own, draws with escapes.
 */
export function terminalText(s: string): string {
  return s.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** The same io with stdout made safe for a terminal. */
export function terminalSafe(io: CliIo): CliIo {
  return { ...io, out: (text) => io.out(terminalText(text)) };
}

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
