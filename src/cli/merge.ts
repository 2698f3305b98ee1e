/**
 * `kubesim merge DIR... [--out DIR] [--quiet] [--json]`
 *
 * Reads each DIR/shard.json (the output of `kubesim sweep --shard I/N`), checks they are every shard of one
 * sweep exactly once (same sweep hash and N, indices 1..N), and writes the comparison a single sweep would
 * have written — comparison.csv and comparison.json byte for byte — into --out (default reports/<name>-sweep/).
 */
import { defaultOutDir } from '../report/paths.js';
import { mergeShards, readShard } from '../compare/inputs.js';
import { checkReportFolder } from '../report/comparison-files.js';
import { EXIT } from './errors.js';
import { writeComparison } from './comparison.js';
import { defineCommand } from './io.js';
import { quietOption } from './options.js';

export const mergeCommand = defineCommand({
  command: 'merge <dirs..>',
  describe: 'Combine the shard folders of a sweep (kubesim sweep --shard I/N) into its comparison',
  builder: (y) =>
    quietOption(y)
      .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'The shard output folders (each with a shard.json)' })
      .option('out', { type: 'string', describe: 'Output folder (default reports/<name>-sweep/)' })
      .option('json', { type: 'boolean', describe: 'Print comparison.json instead of the recommendation' })
      .example('kubesim merge shards/*/ --out reports/sweep-api-sweep', ''),
  handler: async (args) => {
    const input = mergeShards(args.dirs.map(readShard));
    const out = args.out ?? defaultOutDir(input.name, '-sweep', 'sweep');
    checkReportFolder(out);
    await writeComparison(args.io, input, out, args, `${args.dirs.length} shards merged, ${input.variants.length} variants`);
    args.exit(EXIT.ok);
  },
});
