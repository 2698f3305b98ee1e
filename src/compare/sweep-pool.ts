/**
 * Running a sweep's variants: `runVariant` loads one variant and simulates it over its seeds; `runPool` hands
 * variants to worker threads one at a time (an idle worker takes the next), and puts each result at its
 * variant's place — never in completion order — so the results do not depend on the worker count.
 *
 * Workers load compiled JS next to this module (`dist/scenario/sweep-worker.js`). Run from TypeScript through
 * tsx (`node --import tsx`), this module's URL ends in `.ts`; a worker thread does not inherit tsx's loader on
 * Node 20, so it starts from a two-line bootstrap that registers tsx and then imports `sweep-worker.ts`.
 * With one worker (or one variant) the variants run on this thread: no start-up cost, the same results.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { isUserError, SimulationError, UserError } from '../engine/errors.js';
import { readySeries, runRecord, type ReadySeries, type RunRecord } from './records.js';
import { evaluateSlo } from '../results/slo.js';
import { loadScenario } from '../scenario/index.js';
import { simulate } from '../world/simulate.js';
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

export interface PoolOptions {
  /** Worker threads (default: one per core). Capped at the number of variants. */
  workers?: number;
  /** After each variant, in completion order (for progress only). */
  onDone?: (run: SweepRun) => void;
}

/** A variant that failed; `cause` is its error (a `UserError` when the input was at fault). */
export class VariantFailure extends Error {
  constructor(readonly index: number, override readonly cause: unknown) {
    super(`variant ${index}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'VariantFailure';
  }
}

/** Loads one variant and simulates it over the seeds spec.seed, spec.seed+1, … */
export async function runVariant(config: SweepConfig, task: VariantTask): Promise<SweepRun> {
  const scenario = await loadScenario(config.file, { sets: [...config.fixed, ...task.sets] });
  const runs: RunRecord[] = [];
  let series: ReadySeries | null = null;
  const warnings = new Set<string>();
  for (let k = 0; k < config.seeds; k++) {
    const result = simulate({ ...scenario, seed: scenario.seed + k });
    if (scenario.slo) result.summary.slo = evaluateSlo(result.summary, scenario.slo);
    runs.push(runRecord(result.summary));
    for (const w of result.warnings) if (!scenario.warnings.includes(w)) warnings.add(w);
    if (k === 0) {
      const { time, ready_pods } = result.timeseries.columns;
      series = time && ready_pods ? readySeries(time, ready_pods) : null;
    }
  }
  return { index: task.index, runs, series, warnings: [...warnings] };
}

/** Runs every task; the result array follows `tasks`' order. */
export async function runPool(config: SweepConfig, tasks: readonly VariantTask[], options: PoolOptions = {}): Promise<SweepRun[]> {
  const workers = Math.max(1, Math.min(options.workers ?? availableParallelism(), tasks.length));
  const results: SweepRun[] = new Array(tasks.length);
  if (workers === 1) {
    for (let i = 0; i < tasks.length; i++) {
      try {
        results[i] = await runVariant(config, tasks[i]!);
      } catch (e) {
        throw new VariantFailure(tasks[i]!.index, reviveError(serializeError(e))); // as a worker would report it
      }
      options.onDone?.(results[i]!);
    }
    return results;
  }

  const pool: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let finished = 0;
      let failed = false;
      const fail = (e: unknown): void => {
        if (failed) return;
        failed = true;
        reject(e);
      };
      const feed = (w: Worker): void => {
        if (next < tasks.length) w.postMessage({ slot: next, task: tasks[next++] });
      };
      for (let i = 0; i < workers; i++) {
        const w = startWorker(config);
        pool.push(w);
        w.on('message', (m: WorkerReply) => {
          if (failed) return;
          if (!m.ok) return fail(new VariantFailure(tasks[m.slot]!.index, reviveError(m.error)));
          results[m.slot] = m.run;
          options.onDone?.(m.run);
          if (++finished === tasks.length) resolve();
          else feed(w);
        });
        w.on('error', (e) => fail(e));
        w.on('exit', (code) => {
          if (finished < tasks.length) fail(new Error(`a sweep worker stopped (exit code ${code}) before the sweep was done`));
        });
        feed(w);
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}

// ---- the thread boundary ----

export interface WorkerRequest {
  slot: number;
  task: VariantTask;
}

export type WorkerReply = { ok: true; slot: number; run: SweepRun } | { ok: false; slot: number; error: SerializedError };

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

function startWorker(config: SweepConfig): Worker {
  const self = import.meta.url;
  if (!self.endsWith('.ts')) return new Worker(new URL('./sweep-worker.js', self), { workerData: config });
  const tsx = pathToFileURL(createRequire(self).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const script = new URL('./sweep-worker.ts', self).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(script)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: config });
}
