/**
 * Running a sweep's variants on every core: `runVariant` loads one variant and simulates it over its seeds;
 * `runPool` runs the variants on this thread and on worker threads, which live for the whole sweep and take
 * variants from one shared queue (an atomic counter in shared memory: the next variant goes to whichever thread
 * is free, without asking this thread). Each result is put at its variant's place — never in completion order — so
 * the results do not depend on the number of threads.
 *
 *   runPool ─▶ queue (SharedArrayBuffer) ◀─ this thread: runVariant, runVariant, …
 *          └─▶ N−1 workers (sweep-worker.ts) ◀─┘ each: runVariant, … ─postMessage─▶ results[slot]
 *
 * Why this shape, on a machine with few cores: every thread pays its own start (module loading, a cold JIT), so
 * there are never more threads than cores or variants, this thread is one of them (with one worker asked for, no
 * worker starts at all), and a thread starts once, not once per variant. The inputs are read once: the plan's
 * input cache (parsed YAML documents, CSV traces; src/scenario/input-cache.ts) goes to each worker with its start,
 * the traces in shared memory, so a variant only applies its overrides and normalises.
 *
 * When a variant fails, no thread takes another one; those under way finish, and the failure of the lowest
 * variant index is reported (every lower one was taken first, so this is the same failure whatever the number
 * of threads).
 *
 * Workers load compiled JS next to this module (`dist/compare/sweep-worker.js`). Run from TypeScript through
 * tsx (`node --import tsx`), this module's URL ends in `.ts`; a worker thread does not inherit tsx's loader on
 * Node 20, so it starts from a two-line bootstrap that registers tsx and then imports `sweep-worker.ts`.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { isUserError, SimulationError, UserError } from '../engine/errors.js';
import { readySeries, runRecord, type ReadySeries, type RunRecord } from './records.js';
import { evaluateSlo } from '../results/slo.js';
import { inputCache, loadScenario, shareTraces, type InputCache } from '../scenario/index.js';
import { NoiseDraws, simulate } from '../world/simulate.js';
import type { SetExpression } from '../scenario/overrides.js';

export type { RunRecord } from './records.js';

export interface SweepConfig {
  file: string;
  /** Applied before each variant's own sets. */
  fixed: SetExpression[];
  seeds: number;
}

export interface VariantTask {
  index: number;
  sets: SetExpression[];
}

/** One variant's results. */
export interface SweepRun {
  index: number;
  /** One per seed, in seed order. */
  runs: RunRecord[];
  /** Ready pods over time of the first seed. */
  series: ReadySeries | null;
  /** Warnings of the run (load warnings are the plan's). */
  warnings: string[];
}

/** Where one variant's time went (wall seconds, summed over its seeds): for benchmarks, never part of a result. */
export interface VariantTiming {
  loadSeconds: number;
  simulateSeconds: number;
}

export interface PoolOptions {
  /** Threads wanted (default: one per core). At most one per core and one per variant; this thread is one. */
  workers?: number;
  /** After each variant, in completion order (for progress only). */
  onDone?: (run: SweepRun, timing: VariantTiming) => void;
  /** Inputs already read (the plan's); filled as variants load when empty. */
  inputs?: InputCache;
}

/** A variant that failed; `cause` is its error (a `UserError` when the input was at fault). */
export class VariantFailure extends Error {
  constructor(readonly index: number, override readonly cause: unknown) {
    super(`variant ${index}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'VariantFailure';
  }
}

/** The threads a sweep of `variants` runs on when `requested` are asked for: at least 1, at most one per core and per variant. */
export function poolSize(requested: number | undefined, variants: number, cores = availableParallelism()): number {
  return Math.max(1, Math.min(requested ?? cores, cores, variants));
}

const seconds = (): number => performance.now() / 1000; // wall-clock: VariantTiming only (benchmarks)

/** Loads one variant and simulates it over the seeds spec.seed, spec.seed+1, … */
export async function runVariant(config: SweepConfig, task: VariantTask, inputs?: InputCache, noiseDraws?: NoiseDraws): Promise<{ run: SweepRun; timing: VariantTiming }> {
  const t0 = seconds();
  const scenario = await loadScenario(config.file, { sets: [...config.fixed, ...task.sets], ...(inputs ? { cache: inputs } : {}) });
  const timing: VariantTiming = { loadSeconds: seconds() - t0, simulateSeconds: 0 };
  const runs: RunRecord[] = [];
  let series: ReadySeries | null = null;
  const warnings = new Set<string>();
  for (let k = 0; k < config.seeds; k++) {
    const t1 = seconds();
    // a variant is read for its summary and ready_pods only: the rows' percentiles are not solved (the same figures)
    // and variants that keep the traffic and the seed draw its noise once per thread (`noiseDraws`)
    const result = simulate({ ...scenario, seed: scenario.seed + k }, { rowPercentiles: false, ...(noiseDraws ? { noiseDraws } : {}) });
    timing.simulateSeconds += seconds() - t1;
    if (scenario.slo) result.summary.slo = evaluateSlo(result.summary, scenario.slo);
    runs.push(runRecord(result.summary));
    for (const w of result.warnings) if (!scenario.warnings.includes(w)) warnings.add(w);
    if (k === 0) {
      const { time, ready_pods } = result.timeseries.columns;
      series = time && ready_pods ? readySeries(time, ready_pods) : null;
    }
  }
  return { run: { index: task.index, runs, series, warnings: [...warnings] }, timing };
}

/** Runs every task; the result array follows `tasks`' order. */
export async function runPool(config: SweepConfig, tasks: readonly VariantTask[], options: PoolOptions = {}): Promise<SweepRun[]> {
  const threads = poolSize(options.workers, tasks.length);
  const inputs = options.inputs ?? inputCache();
  const queue = new Int32Array(new SharedArrayBuffer(QUEUE_FIELDS * Int32Array.BYTES_PER_ELEMENT));
  const results: (SweepRun | undefined)[] = new Array(tasks.length);
  const failures: Extract<VariantReply, { ok: false }>[] = [];
  const receive = (m: VariantReply): void => {
    if (!m.ok) failures.push(m);
    else {
      results[m.slot] = m.run;
      options.onDone?.(m.run, m.timing);
    }
  };

  let crash: unknown;
  const workers: Worker[] = [];
  const finished: Promise<void>[] = [];
  if (threads > 1) shareTraces(inputs);
  for (let i = 1; i < threads; i++) {
    const w = startWorker({ config, tasks, inputs, queue: queue.buffer as SharedArrayBuffer });
    workers.push(w);
    const done = new Promise<void>((resolve, reject) => {
      let drained = false;
      w.on('message', (m: WorkerMessage) => {
        if ('drained' in m) {
          drained = true;
          resolve();
        } else receive(m);
      });
      w.on('error', reject);
      w.on('exit', (code) => (drained ? resolve() : reject(new Error(`a sweep worker stopped (exit code ${code}) before the sweep was done`))));
    });
    finished.push(
      done.catch((e: unknown) => {
        crash ??= e;
        Atomics.store(queue, STOP, 1); // no thread takes another variant
      }),
    );
  }
  try {
    // this thread's share; between variants it lets the workers' replies in (progress, and a crash is seen)
    await drain({ config, tasks, inputs, queue }, receive, () => new Promise<void>((resolve) => setImmediate(resolve)));
    await Promise.all(finished);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  if (crash !== undefined) throw crash;
  if (failures.length > 0) {
    const first = failures.reduce((a, b) => (b.slot < a.slot ? b : a));
    throw new VariantFailure(tasks[first.slot]!.index, reviveError(first.error));
  }
  const missing = results.findIndex((r) => r === undefined);
  if (missing >= 0) throw new Error(`sweep pool: variant ${tasks[missing]!.index} was never run`);
  return results as SweepRun[];
}

// ---- the shared queue ----

/** Int32 fields of the queue: the next slot to take, and a stop flag. */
const NEXT = 0;
const STOP = 1;
const QUEUE_FIELDS = 2;

export interface DrainContext {
  config: SweepConfig;
  tasks: readonly VariantTask[];
  inputs: InputCache;
  /** The shared queue (NEXT, STOP). */
  queue: Int32Array;
}

/** The next slot to run, or -1 when every slot is taken or the sweep stopped. */
function take(queue: Int32Array, n: number): number {
  if (Atomics.load(queue, STOP) !== 0) return -1;
  const slot = Atomics.add(queue, NEXT, 1);
  return slot < n ? slot : -1;
}

/** Runs variants from the queue until it is empty or stopped; each outcome goes to `report`. */
export async function drain(ctx: DrainContext, report: (m: VariantReply) => void, between?: () => Promise<void>): Promise<void> {
  const noiseDraws = new NoiseDraws(); // this thread's, for as long as it drains
  for (let slot = take(ctx.queue, ctx.tasks.length); slot >= 0; slot = take(ctx.queue, ctx.tasks.length)) {
    try {
      const { run, timing } = await runVariant(ctx.config, ctx.tasks[slot]!, ctx.inputs, noiseDraws);
      report({ ok: true, slot, run, timing });
    } catch (e) {
      Atomics.store(ctx.queue, STOP, 1);
      report({ ok: false, slot, error: serializeError(e) });
    }
    await between?.();
  }
}

// ---- the thread boundary ----

/** What a worker starts with (structured clone; `queue` is shared). */
export interface WorkerData {
  config: SweepConfig;
  tasks: readonly VariantTask[];
  inputs: InputCache;
  queue: SharedArrayBuffer;
}

export type VariantReply = { ok: true; slot: number; run: SweepRun; timing: VariantTiming } | { ok: false; slot: number; error: SerializedError };

/** A worker's messages: one reply per variant it ran, then `drained` when the queue is empty for it. */
export type WorkerMessage = VariantReply | { drained: true };

export type SerializedError =
  | { user: true; detail: string; file?: string; path?: string }
  | { user: false; message: string; stack?: string };

export function serializeError(e: unknown): SerializedError {
  const cause = e instanceof SimulationError && isUserError(e.cause) ? e.cause : e;
  if (isUserError(cause)) return { user: true, detail: cause.detail, file: cause.file, path: cause.path };
  return { user: false, message: cause instanceof Error ? cause.message : String(cause), stack: cause instanceof Error ? cause.stack : undefined };
}

function reviveError(s: SerializedError): Error {
  if (s.user) return new UserError(s.detail, { file: s.file, path: s.path });
  const e = new Error(s.message);
  if (s.stack) e.stack = s.stack;
  return e;
}

function startWorker(data: WorkerData): Worker {
  const self = import.meta.url;
  if (!self.endsWith('.ts')) return new Worker(new URL('./sweep-worker.js', self), { workerData: data });
  const tsx = pathToFileURL(createRequire(self).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const script = new URL('./sweep-worker.ts', self).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(script)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: data });
}
