/**
 * `kubesim merge DIR... [--out DIR] [--quiet] [--json]`
 *
 * Reads each DIR/shard.json (the output of `kubesim sweep --shard I/N`), checks they are every shard of one
 * sweep exactly once (same sweep hash and N, indices 1..N), and writes the comparison a single sweep would
 * have written — comparison.csv and comparison.json byte for byte — into --out (default reports/<name>-sweep/).
 */
import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { mergeShards, readShard } from '../compare/inputs.js';
import { buildComparisonFiles, writeReportFolder, checkReportFolder } from '../report/comparison-files.js';
import { buildComparison } from '../compare/comparison.js';
import { EXIT } from './errors.js';
import { printComparison } from './sweep.js';

interface MergeArgs {
  dirs: string[];
  out?: string;
  quiet?: boolean;
  json?: boolean;
}

export const mergeCommand: CommandModule<object, MergeArgs> = {
  command: 'merge <dirs..>',
  describe: 'Combine the shard folders of a sweep (kubesim sweep --shard I/N) into its comparison',
  builder: (y: Argv) =>
    y
      .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'The shard output folders (each with a shard.json)' })
      .option('out', { type: 'string', describe: 'Output folder (default reports/<name>-sweep/)' })
      .option('quiet', { type: 'boolean', describe: 'Print nothing but errors' })
      .option('json', { type: 'boolean', describe: 'Print comparison.json instead of the recommendation' })
      .example('kubesim merge shards/*/ --out reports/sweep-api-sweep', ''),
  handler: async (args) => {
    process.exitCode = await merge(args);
  },
};

async function merge(args: MergeArgs): Promise<number> {
  const input = mergeShards(args.dirs.map(readShard));
  const out = args.out ?? join('reports', `${input.name}-sweep`);
  checkReportFolder(out);
  const comparison = buildComparison(input);
  const files = await buildComparisonFiles(comparison);
  writeReportFolder(out, files);
  printComparison(comparison, files, out, args, `${args.dirs.length} shards merged, ${input.variants.length} variants`);
  return EXIT.ok;
}
