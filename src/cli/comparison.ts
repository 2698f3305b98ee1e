/**
 * What `sweep`, `merge` and `compare` do once they hold a ComparisonInput: the comparison model, its files
 * written atomically to the folder, then comparison.json (with --json) or a headline and the recommendation.
 */
import { buildComparison, type ComparisonInput } from '../compare/comparison.js';
import { recommendationText } from '../report/comparison-data.js';
import { buildComparisonFiles, writeReportFolder } from '../report/comparison-files.js';
import type { CliIo } from './io.js';

export interface ComparisonOutputArgs {
  quiet?: boolean;
  json?: boolean;
}

export async function writeComparison(io: CliIo, input: ComparisonInput, out: string, args: ComparisonOutputArgs, how: string): Promise<void> {
  const c = buildComparison(input);
  const files = await buildComparisonFiles(c);
  writeReportFolder(out, files);
  if (args.json) io.out(files.get('comparison.json')!);
  else if (!args.quiet) {
    const frontier = c.frontier.map((i) => String(i)).join(', ') || 'none';
    io.out(`${c.input.name}: ${how} → ${out}\n  Pareto frontier (cost vs failed requests): variants ${frontier}\n  ${recommendationText(c)}\n`);
  }
}
