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
import { defaultOutDir } from '../report/paths.js';
import { UserError } from '../engine/errors.js';
import { shardFile } from '../compare/inputs.js';
import { checkReportFolder, writeReportFolder } from '../report/comparison-files.js';
import { comparedVariants, comparisonInput, MAX_SEEDS, planSweep, runSweep, sweepIdentity, type ShardSpec } from '../compare/sweep.js';
import { poolSize } from '../compare/sweep-pool.js';
import { writeComparison } from './comparison.js';
import { EXIT } from './errors.js';
import { defineCommand, printWarnings, type CommandContext } from './io.js';
import { countFlag, quietOption, setFlags } from './options.js';
import { progressLine } from './progress.js';

export const sweepCommand = defineCommand({
  command: 'sweep <input>',
  describe: 'Run a grid of variants of a scenario over several seeds and compare them',
  builder: (y) =>
    quietOption(y)
      .positional('input', { type: 'string', demandOption: true, describe: 'A scenario file, or a sweep file (kind: Sweep)' })
      .option('set', { type: 'string', describe: 'KIND/NAME.PATH=V1,V2,… : an axis of the grid (one value: applies to every variant) (repeatable)' })
      .option('seeds', { type: 'string', describe: 'Seeds per variant: spec.seed, spec.seed+1, … (default 1, or the sweep file’s)' })
      .option('workers', { type: 'string', describe: `Variants run at once, on threads of this process (default and most: one per core, ${availableParallelism()})` })
      .option('out', { type: 'string', describe: 'Output folder (default reports/<name>-sweep/)' })
      .option('shard', { type: 'string', describe: 'Run shard I of N (1-based): the variants whose index mod N is I−1; merge with kubesim merge' })
      .option('json', { type: 'boolean', describe: 'Print comparison.json instead of the recommendation' })
      .example('kubesim sweep scenarios/sweep-api.yaml --set hpa/api.spec.minReplicas=2,3,4 --seeds 3', '')
      .example('kubesim sweep scenarios/sweep-api.sweep.yaml --shard 2/4', ''),
  handler: async (args) => args.exit(await sweep(args)),
});

interface SweepArgs extends CommandContext {
  input: string;
  set?: string | string[] | undefined;
  seeds?: string | string[] | undefined;
  workers?: string | string[] | undefined;
  out?: string | undefined;
  shard?: string | string[] | undefined;
  quiet?: boolean | undefined;
  json?: boolean | undefined;
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

async function sweep(args: SweepArgs): Promise<number> {
  const { io } = args;
  const seeds = countFlag('--seeds', args.seeds, 1, MAX_SEEDS);
  const workers = countFlag('--workers', args.workers, 1, 1024) ?? availableParallelism();
  const shard = parseShard(args.shard);
  const plan = await planSweep(args.input, { sets: setFlags(args.set), seeds });
  const out = args.out ?? defaultOutDir(plan.name, shard ? `-sweep-shard-${shard.index}-of-${shard.count}` : '-sweep', 'sweep');
  checkReportFolder(out); // fail before the runs, not after them
  const quiet = args.quiet || args.json;
  if (!args.quiet) printWarnings(io, plan.warnings);

  const started = performance.now();
  const progress = progressLine(io, !quiet);
  let runs;
  try {
    runs = await runSweep(plan, { workers, shard, onProgress: (done, total) => progress.update(`sweep: variants ${done}/${total}`) });
  } finally {
    progress.done();
  }
  const seconds = (performance.now() - started) / 1000;
  if (!args.quiet) printWarnings(io, runs.flatMap((r) => r.warnings));

  if (shard) {
    const files = new Map([['shard.json', shardFile({ sweep: sweepIdentity(plan), shard, variants: comparedVariants(plan, runs) })]]);
    writeReportFolder(out, files);
    if (args.json) io.out(JSON.stringify({ shard: `${shard.index}/${shard.count}`, sweepHash: plan.hash, variants: runs.map((r) => r.index), out }) + '\n');
    else if (!quiet) {
      io.out(
        `${plan.name}: shard ${shard.index}/${shard.count}, ${runs.length} of ${plan.variants.length} variants × ${plan.seeds} seed${plan.seeds === 1 ? '' : 's'} in ${seconds.toFixed(1)}s → ${out}\n` +
          `  combine the shards with: kubesim merge DIR... --out DIR\n`,
      );
    }
    return EXIT.ok;
  }
  const threads = poolSize(workers, runs.length);
  await writeComparison(io, comparisonInput(plan, runs), out, args, `${plan.variants.length} variants × ${plan.seeds} seed${plan.seeds === 1 ? '' : 's'} on ${threads} worker${threads === 1 ? '' : 's'} in ${seconds.toFixed(1)}s`);
  return EXIT.ok;
}
