#!/usr/bin/env node
/**
 * `dist/bin/kubesim.js`, the command `npm install` links (src/build/bundle-cli.ts bundles it): `--version` alone
 * is answered here, before anything else is loaded; every other command loads the command line's bundle with
 * its code cache (launch.ts) and runs it (src/cli/process.ts). Meant to be bundled: beside tsc's output it finds
 * no bundle to load.
 */
import { version } from '../../version.js';
import { loadBundle } from './launch.js';

const args = process.argv.slice(2);
if (args.length === 1 && args[0] === '--version') process.stdout.write(`${version}\n`);
else await (loadBundle(new URL('./kubesim-cli.cjs', import.meta.url)) as { main: (args: readonly string[]) => Promise<void> }).main(args);
