/**
 * `kubesim compare DIR... [--out DIR] [--quiet] [--json]`
 *
 * The comparison report from earlier `kubesim run` output folders: each folder is one variant (named after
 * the folder, one seed: its summary.json and timeseries.csv); the first folder is the baseline savings are
 * measured against. Written atomically to --out (default reports/comparison/).
 */
import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { buildComparison, type ComparisonInput } from '../compare/comparison.js';
import { readRunFolder } from '../compare/inputs.js';
import { buildComparisonFiles, checkReportFolder, writeReportFolder } from '../report/comparison-files.js';
import { EXIT, printWarnings } from './errors.js';
import { printComparison } from './sweep.js';

interface CompareArgs {
  dirs: string[];
  out?: string;
  quiet?: boolean;
  json?: boolean;
}

export const compareCommand: CommandModule<object, CompareArgs> = {
  command: 'compare <dirs..>',
  describe: 'Compare earlier runs (kubesim run output folders): cost against failed requests, a recommendation',
  builder: (y: Argv) =>
    y
      .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'Run output folders; the first is the baseline' })
      .option('out', { type: 'string', describe: 'Output folder (default reports/comparison/)' })
      .option('quiet', { type: 'boolean', describe: 'Print nothing but errors' })
      .option('json', { type: 'boolean', describe: 'Print comparison.json instead of the recommendation' })
      .example('kubesim compare reports/api-min2 reports/api-min3 reports/api-min4', ''),
  handler: async (args) => {
    process.exitCode = await compare(args);
  },
};

async function compare(args: CompareArgs): Promise<number> {
  const out = args.out ?? join('reports', 'comparison');
  checkReportFolder(out);
  const runs = args.dirs.map((d, i) => readRunFolder(d, i));
  // Folder names that repeat (a/api, b/api) are told apart by the path as given.
  const names = runs.map((r) => r.name);
  runs.forEach((r, i) => {
    if (names.filter((n) => n === r.name).length > 1) r.name = args.dirs[i]!;
  });
  if (!args.quiet && !args.json) printWarnings(runs.filter((r) => !r.hasSeries).map((r) => `${args.dirs[r.index]}: no timeseries.csv; its ready pods are left out of the chart`));
  const input: ComparisonInput = {
    name: 'comparison',
    source: 'compare',
    hash: null,
    settingKeys: ['scenario'],
    variants: runs.map(({ index, name, settings, runs: r, series }) => ({ index, name, settings, runs: r, series })),
    baseline: 0,
    slo: runs.find((r) => r.slo !== null)?.slo ?? null,
  };
  const comparison = buildComparison(input);
  const files = await buildComparisonFiles(comparison);
  writeReportFolder(out, files);
  printComparison(comparison, files, out, args, `${runs.length} runs compared`);
  return EXIT.ok;
}
