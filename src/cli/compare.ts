/**
 * `kubesim compare DIR... [--out DIR] [--quiet] [--json]`
 *
 * The comparison report from earlier `kubesim run` output folders: each folder is one variant (named after
 * the folder, one seed: its summary.json and timeseries.csv); the first folder is the baseline savings are
 * measured against. Written atomically to --out (default reports/comparison/).
 */
import { join } from 'node:path';
import type { ComparisonInput } from '../compare/comparison.js';
import { readRunFolder } from '../compare/inputs.js';
import { checkReportFolder } from '../report/comparison-files.js';
import { writeComparison } from './comparison.js';
import { EXIT } from './errors.js';
import { defineCommand, printWarnings, type CommandContext } from './io.js';
import { quietOption } from './options.js';

export const compareCommand = defineCommand({
  command: 'compare <dirs..>',
  describe: 'Compare earlier runs (kubesim run output folders): cost against failed requests, a recommendation',
  builder: (y) =>
    quietOption(y)
      .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'Run output folders; the first is the baseline' })
      .option('out', { type: 'string', describe: 'Output folder (default reports/comparison/)' })
      .option('json', { type: 'boolean', describe: 'Print comparison.json instead of the recommendation' })
      .example('kubesim compare reports/api-min2 reports/api-min3 reports/api-min4', ''),
  handler: async (args) => args.exit(await compare(args)),
});

async function compare(args: { dirs: string[]; out?: string | undefined; quiet?: boolean | undefined; json?: boolean | undefined } & CommandContext): Promise<number> {
  const out = args.out ?? join('reports', 'comparison');
  checkReportFolder(out);
  const runs = args.dirs.map((d, i) => readRunFolder(d, i));
  // Folder names that repeat (a/api, b/api) are told apart by the path as given.
  const names = runs.map((r) => r.name);
  runs.forEach((r, i) => {
    if (names.filter((n) => n === r.name).length > 1) r.name = args.dirs[i]!;
  });
  if (!args.quiet && !args.json) printWarnings(args.io, runs.filter((r) => !r.hasSeries).map((r) => `${args.dirs[r.index]}: no timeseries.csv; its ready pods are left out of the chart`));
  const input: ComparisonInput = {
    name: 'comparison',
    source: 'compare',
    hash: null,
    settingKeys: ['scenario'],
    variants: runs.map(({ index, name, settings, runs: r, series }) => ({ index, name, settings, runs: r, series })),
    baseline: 0,
    slo: runs.find((r) => r.slo !== null)?.slo ?? null,
  };
  await writeComparison(args.io, input, out, args, `${runs.length} runs compared`);
  return EXIT.ok;
}
