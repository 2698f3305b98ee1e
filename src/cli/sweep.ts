/**
 * `kubesim sweep SCENARIO|SWEEPFILE [--set K=V1,V2,...]... [--seeds N] [--workers N] [--out DIR] [--shard I/N]
 *  [--quiet] [--json]`
 *
 * planSweep (every override checked before any run) → runSweep on worker threads → comparison files → one
 * atomic write of the folder (default reports/<name>-sweep/), then the recommendation on stdout (comparison.json
 * with `--json`). With `--shard I/N` only the variants whose index mod N is I−1 run, and the folder (default
 * reports/<name>-sweep-shard-I-of-N/) holds shard.json for `kubesim merge`. Progress goes to stderr when it is
 * a terminal; the wall clock is read only for that line and the closing summary.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { UserError } from '../engine/errors.js';
import { buildComparison, type Comparison } from '../compare/comparison.js';
import { recommendationText } from '../report/comparison-data.js';
import { shardFile } from '../compare/inputs.js';
import { buildComparisonFiles, checkReportFolder, writeReportFolder } from '../report/comparison-files.js';
import { comparedVariants, comparisonInput, MAX_SEEDS, planSweep, runSweep, sweepIdentity, type ShardSpec } from '../compare/sweep.js';
import { EXIT, printWarnings } from './errors.js';
import { setFlags } from './run.js';

interface SweepArgs {
  input: string;
  set?: string | string[];
  seeds?: string | string[];
  workers?: string | string[];
  out?: string;
  shard?: string | string[];
  quiet?: boolean;
  json?: boolean;
}

export const sweepCommand: CommandModule<object, SweepArgs> = {
  command: 'sweep <input>',
  describe: 'Run a grid of variants of a scenario over several seeds and compare them',
  builder: (y: Argv) =>
    y
      .positional('input', { type: 'string', demandOption: true, describe: 'A scenario file, or a sweep file (kind: Sweep)' })
      .option('set', { type: 'string', describe: 'KIND/NAME.PATH=V1,V2,… : an axis of the grid (one value: applies to every variant) (repeatable)' })
      .option('seeds', { type: 'string', describe: 'Seeds per variant: spec.seed, spec.seed+1, … (default 1, or the sweep file’s)' })
      .option('workers', { type: 'string', describe: `Worker threads (default one per core: ${availableParallelism()})` })
      .option('out', { type: 'string', describe: 'Output folder (default reports/<name>-sweep/)' })
      .option('shard', { type: 'string', describe: 'Run shard I of N (1-based): the variants whose index mod N is I−1; merge with kubesim merge' })
      .option('quiet', { type: 'boolean', describe: 'Print nothing but errors' })
      .option('json', { type: 'boolean', describe: 'Print comparison.json instead of the recommendation' })
      .example('kubesim sweep scenarios/sweep-api.yaml --set hpa/api.spec.minReplicas=2,3,4 --seeds 3', '')
      .example('kubesim sweep scenarios/sweep-api.sweep.yaml --shard 2/4', ''),
  handler: async (args) => {
    process.exitCode = await sweep(args);
  },
};

/** A whole number flag within bounds, or a UserError naming the flag. */
export function countFlag(flag: string, value: string | string[] | undefined, min: number, max: number): number | undefined {
  const text = Array.isArray(value) ? value.at(-1) : value; // given twice: the last one counts
  if (text === undefined) return undefined;
  const t = String(text).trim();
  if (!/^\d+$/.test(t) || Number(t) < min || Number(t) > max) throw new UserError(`expected a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`, { file: flag });
  return Number(t);
}

export function parseShard(value: string | string[] | undefined): ShardSpec | undefined {
  const text = Array.isArray(value) ? value.at(-1) : value;
  if (text === undefined) return undefined;
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(String(text));
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) {
    throw new UserError(`expected I/N with 1 ≤ I ≤ N (1-based; a Kubernetes Indexed Job passes $((JOB_COMPLETION_INDEX+1))/N), got ${JSON.stringify(text)}`, { file: '--shard' });
  }
  return { index, count };
}

/** A progress line on stderr when it is a terminal (redrawn in place, cleared at the end). */
export function progressLine(enabled: boolean, what: string): { update: (done: number, total: number) => void; done: () => void } {
  const started = performance.now();
  if (!enabled || !process.stderr.isTTY) return { update: () => {}, done: () => {} };
  return {
    update: (done, total) => process.stderr.write(`\r\x1b[Kkubesim: ${what} ${done}/${total} · ${((performance.now() - started) / 1000).toFixed(1)}s`),
    done: () => process.stderr.write('\r\x1b[K'),
  };
}

async function sweep(args: SweepArgs): Promise<number> {
  const seeds = countFlag('--seeds', args.seeds, 1, MAX_SEEDS);
  const workers = countFlag('--workers', args.workers, 1, 1024) ?? availableParallelism();
  const shard = parseShard(args.shard);
  const plan = await planSweep(args.input, { sets: setFlags(args.set), seeds });
  const out = args.out ?? join('reports', shard ? `${plan.name}-sweep-shard-${shard.index}-of-${shard.count}` : `${plan.name}-sweep`);
  checkReportFolder(out); // fail before the runs, not after them
  const quiet = args.quiet || args.json;
  if (!args.quiet) printWarnings(plan.warnings);

  const started = performance.now();
  const progress = progressLine(!quiet, 'sweep: variants');
  let runs;
  try {
    runs = await runSweep(plan, { workers, shard, onProgress: progress.update });
  } finally {
    progress.done();
  }
  const seconds = (performance.now() - started) / 1000;
  if (!args.quiet) printWarnings(runs.flatMap((r) => r.warnings));

  if (shard) {
    const files = new Map([['shard.json', shardFile({ sweep: sweepIdentity(plan), shard, variants: comparedVariants(plan, runs) })]]);
    writeReportFolder(out, files);
    if (args.json) process.stdout.write(JSON.stringify({ shard: `${shard.index}/${shard.count}`, sweepHash: plan.hash, variants: runs.map((r) => r.index), out }) + '\n');
    else if (!quiet) {
      process.stdout.write(
        `${plan.name}: shard ${shard.index}/${shard.count}, ${runs.length} of ${plan.variants.length} variants × ${plan.seeds} seed${plan.seeds === 1 ? '' : 's'} in ${seconds.toFixed(1)}s → ${out}\n` +
          `  combine the shards with: kubesim merge DIR... --out DIR\n`,
      );
    }
    return EXIT.ok;
  }
  const comparison = buildComparison(comparisonInput(plan, runs));
  const files = await buildComparisonFiles(comparison);
  writeReportFolder(out, files);
  printComparison(comparison, files, out, args, `${plan.variants.length} variants × ${plan.seeds} seed${plan.seeds === 1 ? '' : 's'} on ${Math.min(workers, runs.length)} worker${workers === 1 ? '' : 's'} in ${seconds.toFixed(1)}s`);
  return EXIT.ok;
}

/** stdout after a comparison was written: comparison.json with --json, else a headline and the recommendation. */
export function printComparison(c: Comparison, files: ReadonlyMap<string, string>, out: string, args: { quiet?: boolean; json?: boolean }, how: string): void {
  if (args.json) process.stdout.write(files.get('comparison.json')!);
  else if (!args.quiet) {
    const frontier = c.frontier.map((i) => String(i)).join(', ') || 'none';
    process.stdout.write(`${c.input.name}: ${how} → ${out}\n  Pareto frontier (cost vs failed requests): variants ${frontier}\n  ${recommendationText(c)}\n`);
  }
}
