#!/usr/bin/env node
/** kubesim's command line: a strict yargs root; each command is a module that hands the work to a service. */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { compareCommand } from './compare.js';
import { conformanceCommand } from './conformance.js';
import { reportError, UsageError } from './errors.js';
import { mergeCommand } from './merge.js';
import { runCommand, STDIN_ARG } from './run.js';
import { schemaCommand } from './schema.js';
import { sweepCommand } from './sweep.js';
import { validateCommand } from './validate.js';
import { version } from '../version.js';

// yargs drops a bare "-" (standard input); pass it on as a token the commands recognise.
const argv = hideBin(process.argv).map((a) => (a === '-' ? STDIN_ARG : a));
// `kubesim schema | head`: a closed pipe is the reader's choice, not an error
process.stdout.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' ? process.exit(process.exitCode ?? 0) : undefined));

try {
  await yargs(argv)
    .scriptName('kubesim')
    .usage('$0 <command> [options]\n\nDeterministic discrete-event simulator for Kubernetes capacity and autoscaling.')
    .command(runCommand)
    .command(validateCommand)
    .command(conformanceCommand)
    .command(schemaCommand)
    .command(sweepCommand)
    .command(mergeCommand)
    .command(compareCommand)
    .option('verbose', { type: 'boolean', global: true, describe: 'Print the stack trace of internal errors' })
    .demandCommand(1, 'name a command: run, validate, conformance or schema')
    .strict()
    .version(version)
    .help()
    .wrap(null)
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    })
    .parseAsync();
} catch (e) {
  process.exitCode = reportError(e, { verbose: argv.includes('--verbose') });
}
