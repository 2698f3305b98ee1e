/**
 * `sweep`: 200 variants of the article's service × 1 simulated day (seed, HPA target utilisation and maximum
 * varied with `--set` expressions), run by kubesim's own sweep pool (src/compare/sweep-pool.ts) as `kubesim
 * sweep` runs them: first on 2 threads (this one and a worker), then on 1, so that the second thread can be seen
 * to pay off. Timed from the start of the pool to the last result: the worker's start-up and every variant's
 * loading are included; the scenario's files are read once beforehand, as `planSweep` reads them.
 *
 * Per row: wall, CPU seconds of the whole process (all threads), the sum of the variants' `simulate` wall times,
 * and the pool's overhead = wall − Σ simulate / threads (what the pool adds to a perfect split of the simulations).
 * The 2-thread row runs first, with this thread's JIT still cold for `simulate`; the 1-thread row inherits a warm
 * one, so the comparison is, if anything, unfair to 2 threads.
 *
 * The target is read on a seed per variant (every variant draws its own noise). A third row runs the same
 * variants on the scenario's one seed, as `kubesim sweep` does by default: there each thread draws the noise once
 * and the variants reuse it (`NoiseDraws`), so it shows what a usual sweep waits for.
 */
import { availableParallelism } from 'node:os';
import { poolSize, runPool, type VariantTask } from '../../compare/sweep-pool.js';
import { inputCache, loadScenario, parseSetExpression } from '../../scenario/index.js';
import { check, clockSeconds, stats, type BenchCase, type Measurement } from '../harness.js';
import { articleScenario, writeScenario } from './scenarios.js';

export const SWEEP_TARGET_SECONDS = 5;
const VARIANTS = 200;
const THREADS = 2;
const UTILIZATION = [50, 60, 70, 80];
const MAX_REPLICAS = [20, 50];

/**
 * The variants' overrides: a target utilisation and a maximum each, and a seed of its own unless `ownSeeds` is
 * false (then every variant runs the scenario's seed, as `kubesim sweep` runs its variants by default).
 */
export function sweepVariants(ownSeeds = true): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < VARIANTS; i++) {
    out.push([
      ...(ownSeeds ? [`scenario.spec.seed=${i + 1}`] : []),
      `hpa/api.spec.metrics[0].resource.target.averageUtilization=${UTILIZATION[i % UTILIZATION.length]}`,
      `hpa/api.spec.maxReplicas=${MAX_REPLICAS[Math.floor(i / UTILIZATION.length) % MAX_REPLICAS.length]}`,
    ]);
  }
  return out;
}

interface SweepSample {
  wall: number;
  cpu: number;
  simulate: number;
  load: number;
  threads: number;
}

const cpuSeconds = (): number => {
  const u = process.cpuUsage(); // the whole process: this thread and the workers
  return (u.user + u.system) / 1e6;
};

export const sweepCase: BenchCase = {
  name: 'sweep',
  description: `${VARIANTS} variants × 1 simulated day, kubesim's sweep pool on ${THREADS} threads and on 1 (${availableParallelism()} cores)`,
  async run(ctx) {
    const file = writeScenario(ctx.tmpDir, 'sweep', articleScenario({ days: 1, name: 'bench-sweep' }));
    const tasksOf = (ownSeeds: boolean): VariantTask[] => sweepVariants(ownSeeds).map((sets, index) => ({ index, sets: sets.map((s) => parseSetExpression(s)) }));
    const own = tasksOf(true);
    const shared = tasksOf(false);
    const config = { file, fixed: [], seeds: 1 };

    const once = async (workers: number, tasks: VariantTask[]): Promise<SweepSample> => {
      const inputs = inputCache();
      await loadScenario(file, { cache: inputs }); // what planSweep has read before the runs
      let simulate = 0;
      let load = 0;
      const c0 = cpuSeconds();
      const t0 = clockSeconds();
      const runs = await runPool(config, tasks, {
        workers,
        inputs,
        onDone: (_run, timing) => {
          simulate += timing.simulateSeconds;
          load += timing.loadSeconds;
        },
      });
      const wall = clockSeconds() - t0;
      if (runs.length !== VARIANTS) throw new Error(`the pool ran ${runs.length} variants, expected ${VARIANTS}`);
      return { wall, cpu: cpuSeconds() - c0, simulate, load, threads: poolSize(workers, VARIANTS) };
    };

    const rows: Measurement[] = [];
    const metrics: Record<string, number> = { variants: VARIANTS };
    const notes: string[] = [];
    const runsWanted = ctx.quick ? 1 : Math.min(ctx.runs, 3);
    // the target's rows (a seed per variant, on 2 threads and on 1), then the sweep's default of one seed for all
    const configs = [
      { workers: THREADS, tasks: own, suffix: '', keySuffix: '' },
      { workers: 1, tasks: own, suffix: '', keySuffix: '' },
      { workers: THREADS, tasks: shared, suffix: ', one seed', keySuffix: '.oneSeed' },
    ];
    for (const { workers, tasks, suffix, keySuffix } of configs) {
      const samples: SweepSample[] = [];
      let spent = 0;
      while (samples.length < runsWanted && (samples.length === 0 || spent + spent / samples.length <= 120)) {
        const s = await once(workers, tasks);
        samples.push(s);
        spent += s.wall;
      }
      const threads = samples[0]!.threads;
      const med = (f: (s: SweepSample) => number): number => stats(samples.map(f)).median;
      const wall = stats(samples.map((s) => s.wall));
      const label = `${VARIANTS} × 1 d, ${threads} thread${threads === 1 ? '' : 's'}${suffix}`;
      rows.push({ label, runs: samples.length, warmupKept: false, wall, samples: samples.map((s) => s.wall), rssPeak: process.memoryUsage().rss });
      const key = `t${threads}${keySuffix}`;
      metrics[`${key}.wallSeconds`] = wall.median;
      metrics[`${key}.cpuSeconds`] = med((s) => s.cpu);
      metrics[`${key}.simulateSeconds`] = med((s) => s.simulate);
      metrics[`${key}.loadSeconds`] = med((s) => s.load);
      metrics[`${key}.overheadSeconds`] = med((s) => s.wall - s.simulate / s.threads);
      metrics[`${key}.variantsPerSecond`] = VARIANTS / wall.median;
      ctx.log(
        `  ${label}: wall ${wall.median.toFixed(2)} s, CPU ${metrics[`${key}.cpuSeconds`]!.toFixed(2)} s, Σ simulate ${metrics[`${key}.simulateSeconds`]!.toFixed(2)} s, ` +
          `Σ load ${metrics[`${key}.loadSeconds`]!.toFixed(2)} s, overhead ${metrics[`${key}.overheadSeconds`]!.toFixed(2)} s`,
      );
    }
    const two = `t${poolSize(THREADS, VARIANTS)}`;
    if (two !== 't1') {
      metrics['speedup'] = metrics['t1.wallSeconds']! / metrics[`${two}.wallSeconds`]!;
      metrics['cpuRatio'] = metrics[`${two}.cpuSeconds`]! / metrics['t1.cpuSeconds']!;
      notes.push(`${THREADS} threads: ${metrics['speedup']!.toFixed(2)}× the speed of 1, for ${metrics['cpuRatio']!.toFixed(2)}× its CPU time`);
    } else notes.push('one core: the 2-thread row ran on 1 thread');
    const oneSeed = metrics[`${two}.oneSeed.wallSeconds`]!;
    notes.push(`one seed for every variant (the sweep's default): ${oneSeed.toFixed(2)} s, ${(oneSeed / metrics[`${two}.wallSeconds`]!).toFixed(2)}× a seed each (the noise is drawn once per thread)`);
    return {
      rows,
      checks: [check(`median wall, ${THREADS} threads`, metrics[`${two}.wallSeconds`]!, '<=', SWEEP_TARGET_SECONDS, 's')],
      metrics,
      notes,
    };
  },
};
