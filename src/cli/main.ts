#!/usr/bin/env node
/** kubesim's command line in a process: the yargs root (root.ts) with the process's stdout, stderr and stdin. */
import { hideBin } from 'yargs/helpers';
import { processIo } from './io.js';
import { runCli } from './root.js';

// `kubesim schema | head`: a closed pipe is the reader's choice, not an error
process.stdout.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' ? process.exit(process.exitCode ?? 0) : undefined));
process.exitCode = await runCli(hideBin(process.argv), processIo);
