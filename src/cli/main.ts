#!/usr/bin/env node
/**
 * kubesim's command line in a process: the yargs root (root.ts) with the process's stdout, stderr and stdin.
 * `kubesim --version` alone is answered before the root and its commands are imported (the same text yargs
 * prints), so it costs little more than Node's own start.
 */
const args = process.argv.slice(2);
if (args.length === 1 && args[0] === '--version') {
  const { version } = await import('../version.js');
  process.stdout.write(`${version}\n`);
} else {
  const [{ processIo }, { runCli }] = await Promise.all([import('./io.js'), import('./root.js')]);
  // `kubesim schema | head`: a closed pipe is the reader's choice, not an error
  process.stdout.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' ? process.exit(process.exitCode ?? 0) : undefined));
  process.exitCode = await runCli(args, processIo); // what yargs' hideBin gives under node: the arguments after the script
}
