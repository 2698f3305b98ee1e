/**
 * The benchmark harness: time a piece of work several times and summarise it.
 *
 *   measure(label, work) ─▶ warm-up run(s) ─▶ N timed runs (fewer when one run is slow) ─▶ Measurement
 *                                              └ after each run: process.memoryUsage().rss, while the run's
 *                                                result is still referenced
 *
 * A case (cases/*.ts) is an async function of a `BenchContext` that calls `measure` one or more times and turns
 * the measurements into target checks (PASS/MISS). main.ts runs each case in its own child process, so one case's
 * heap, JIT state or crash never touches another's, and the child's `process.resourceUsage().maxRSS` is that
 * case's true peak.
 *
 * Wall-clock time is read here only (and is never used by the simulator or its tests).
 */

/** What one run of the work reports about itself (all optional). */
export interface RunInfo {
  /** Simulated seconds covered by the run. */
  simulatedSeconds?: number;
  /** Discrete events executed by the run. */
  events?: number;
}

export interface MeasureOptions {
  /** Untimed warm-up runs before the timed ones (default 1). */
  warmup?: number;
  /** Timed runs wanted (default: the context's `runs`). */
  runs?: number;
  /**
   * Time budget for the timed runs, in seconds: when the warm-up shows that `runs` runs would take longer, fewer
   * are made (at least one). Default: the context's `budgetSeconds`.
   */
  budgetSeconds?: number;
  /**
   * A warm-up run at least this long (seconds) is kept as the first timed run: JIT warm-up is noise next to it,
   * and running it again would only double the wait. Default 5.
   */
  keepSlowWarmupSeconds?: number;
}

export interface Stats {
  median: number;
  min: number;
  max: number;
}

/** One timed piece of work: a row of the table. */
export interface Measurement {
  label: string;
  runs: number;
  /** True when the warm-up run was slow enough to be kept as the first timed run. */
  warmupKept: boolean;
  /** Wall seconds per run. */
  wall: Stats;
  /** Every timed run's wall seconds, in order. */
  samples: number[];
  simulatedSeconds?: number;
  events?: number;
  /** events / median wall seconds. */
  eventsPerSecond?: number;
  /** simulated seconds / median wall seconds. */
  speedup?: number;
  /** Largest `process.memoryUsage().rss` sampled after a run (bytes). */
  rssPeak: number;
}

export type Op = '<=' | '>=';

/** A target and whether it was met. */
export interface Check {
  /** What is compared, e.g. `median wall`. */
  label: string;
  value: number;
  op: Op;
  limit: number;
  /** Unit of `value` and `limit`, for printing: `s`, `MiB`, `` (a ratio). */
  unit: string;
  pass: boolean;
}

export interface CaseOutput {
  rows: Measurement[];
  checks: Check[];
  /** Extra numbers for the JSON (ratios, exponents, sizes). */
  metrics?: Record<string, number>;
  notes?: string[];
}

export interface BenchContext {
  quick: boolean;
  /** Timed runs per measurement unless a case asks otherwise (5, or 2 with --quick). */
  runs: number;
  /** Default time budget per measurement (seconds). */
  budgetSeconds: number;
  /** A fresh temporary folder for this case (removed afterwards). */
  tmpDir: string;
  /** Progress lines (stderr). */
  log(line: string): void;
}

export interface BenchCase {
  name: string;
  /** One line: what is measured. */
  description: string;
  run(ctx: BenchContext): Promise<CaseOutput>;
}

/** Seconds since an arbitrary origin. The one wall clock of kubesim: benchmarks only. */
export function clockSeconds(): number {
  return performance.now() / 1000; // wall-clock: benchmark timing
}

export function stats(values: readonly number[]): Stats {
  if (values.length === 0) return { median: NaN, min: NaN, max: NaN };
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, min: s[0]!, max: s[s.length - 1]! };
}

/**
 * Runs `work` (warm-up, then timed runs) and summarises it. `work` returns what it simulated (or nothing); its
 * return value is kept alive until RSS has been sampled, so the sample includes the run's result.
 */
export async function measure(
  ctx: BenchContext,
  label: string,
  work: () => RunInfo | void | Promise<RunInfo | void>,
  options: MeasureOptions = {},
): Promise<Measurement> {
  const warmup = options.warmup ?? 1;
  let runs = Math.max(1, options.runs ?? ctx.runs);
  const budget = options.budgetSeconds ?? ctx.budgetSeconds;
  const keepSlow = options.keepSlowWarmupSeconds ?? 5;
  const samples: number[] = [];
  let rssPeak = 0;
  let info: RunInfo | void = undefined;
  let warmupKept = false;

  const timed = async (): Promise<number> => {
    const t0 = clockSeconds();
    const result = await work();
    const seconds = clockSeconds() - t0;
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    info = result;
    return seconds;
  };

  for (let i = 0; i < warmup; i++) {
    const seconds = await timed();
    if (i === warmup - 1) {
      if (seconds >= keepSlow) {
        samples.push(seconds);
        warmupKept = true;
      }
      // fewer runs when `runs` of them would overrun the budget
      runs = Math.min(runs, Math.max(1, Math.floor(budget / Math.max(seconds, 1e-9))));
    }
  }
  let spent = 0;
  while (samples.length < runs) {
    const seconds = await timed();
    samples.push(seconds);
    spent += seconds;
    // without a warm-up to go by, stop once another run (as long as the mean so far) would overrun the budget
    if (spent + spent / samples.length > budget) break;
  }

  const wall = stats(samples);
  const last = (info ?? {}) as RunInfo;
  const m: Measurement = { label, runs: samples.length, warmupKept, wall, samples, rssPeak };
  if (last.simulatedSeconds !== undefined) {
    m.simulatedSeconds = last.simulatedSeconds;
    m.speedup = last.simulatedSeconds / wall.median;
  }
  if (last.events !== undefined) {
    m.events = last.events;
    m.eventsPerSecond = last.events / wall.median;
  }
  ctx.log(`  ${label}: median ${wall.median.toFixed(3)} s over ${samples.length} run(s)${warmupKept ? ' (slow warm-up kept)' : ''}`);
  return m;
}

/**
 * Like `measure` for several pieces of work compared with one another: after a warm-up of each, the timed runs
 * take turns (A B C A B C …), so a change in machine load over the minute affects all of them alike.
 */
export async function measureInterleaved(
  ctx: BenchContext,
  works: readonly { label: string; work: () => RunInfo | void }[],
  options: { warmup?: number; runs?: number } = {},
): Promise<Measurement[]> {
  const warmup = options.warmup ?? 1;
  const runs = Math.max(1, options.runs ?? ctx.runs);
  const samples = works.map(() => [] as number[]);
  const infos: (RunInfo | void)[] = works.map(() => undefined);
  const rss = works.map(() => 0);
  for (let i = 0; i < warmup; i++) for (const w of works) w.work();
  for (let r = 0; r < runs; r++) {
    works.forEach((w, j) => {
      const t0 = clockSeconds();
      infos[j] = w.work();
      samples[j]!.push(clockSeconds() - t0);
      rss[j] = Math.max(rss[j]!, process.memoryUsage().rss);
    });
  }
  return works.map((w, j) => {
    const wall = stats(samples[j]!);
    const info = (infos[j] ?? {}) as RunInfo;
    const m: Measurement = { label: w.label, runs, warmupKept: false, wall, samples: samples[j]!, rssPeak: rss[j]! };
    if (info.simulatedSeconds !== undefined) {
      m.simulatedSeconds = info.simulatedSeconds;
      m.speedup = info.simulatedSeconds / wall.median;
    }
    if (info.events !== undefined) {
      m.events = info.events;
      m.eventsPerSecond = info.events / wall.median;
    }
    ctx.log(`  ${w.label}: median ${wall.median.toFixed(3)} s over ${runs} run(s), interleaved`);
    return m;
  });
}

export function check(label: string, value: number, op: Op, limit: number, unit = ''): Check {
  const pass = Number.isFinite(value) && (op === '<=' ? value <= limit : value >= limit);
  return { label, value, op, limit, unit, pass };
}

/** Least-squares slope of log(y) on log(x): the growth exponent of y in x (1 = linear). */
export function growthExponent(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 2 || ys.length !== n) return NaN;
  const lx = xs.map(Math.log);
  const ly = ys.map(Math.log);
  const mx = lx.reduce((a, b) => a + b, 0) / n;
  const my = ly.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (lx[i]! - mx) * (ly[i]! - my);
    sxx += (lx[i]! - mx) ** 2;
  }
  return sxx === 0 ? NaN : sxy / sxx;
}

export const MiB = 1024 * 1024;
