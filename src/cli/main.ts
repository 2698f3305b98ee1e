#!/usr/bin/env node
/**
 * kubesim's command line in a process (tsc's output, unbundled; `npm install` links the bundle in dist/bin/,
 * built from the same modules). `kubesim --version` alone is answered before the root and its commands are
 * imported (the same text yargs prints), so it costs little more than Node's own start.
 */
const args = process.argv.slice(2);
if (args.length === 1 && args[0] === '--version') {
  const { version } = await import('../version.js');
  process.stdout.write(`${version}\n`);
} else {
  await (await import('./process.js')).main(args);
}
