/**
 * `simulate`: a normalised scenario in, the run's result out. A pipeline of named parts:
 *
 *   new Sampler ─► buildWorld ─────────────► scheduleScenarioEvents ─► sampler.start ─► sim.run ─► collect
 *   (series and    (cluster, kubelet,         (rollouts, undo, scale,   (a row every     (until      (RunResult:
 *    both latency   controllers, routing,      pod kills at their        sampleInterval)  duration)   summary, series,
 *    histograms)    HPAs, metrics-server)      times)                                                 events, HPA log)
 *
 * Everything random comes from the simulation's named streams; the clock is the simulation's.
 */
import type { RunResult } from '../results/types.js';
import type { Scenario } from '../scenario/types.js';
import { buildWorld, type BuildOptions } from './build.js';
import { collect } from './collect.js';
import { scheduleScenarioEvents } from './events.js';
import { Sampler } from './sampler.js';

/** Noise draws a caller can keep across runs (`SimulateOptions.noiseDraws`). */
export { NoiseDraws } from '../workload/traffic/noise.js';

export interface SimulateOptions extends BuildOptions {
  /** Called now and then with the simulation time (ms), for a progress line. */
  onProgress?: (nowMs: number, durationMs: number) => void;
  /**
   * false: the time series' latency_p50_ms, latency_p95_ms and latency_p99_ms are left empty (NaN) rather than
   * solved at every row (about a tenth of a run's work); every other figure, the summary's percentiles included,
   * is the same. For callers that read the summary only (sweeps). Default true.
   */
  rowPercentiles?: boolean;
}

export function simulate(s: Scenario, options: SimulateOptions = {}): RunResult {
  const sampler = new Sampler(s, { rowPercentiles: options.rowPercentiles ?? true });
  const world = buildWorld(s, sampler, options);
  scheduleScenarioEvents(world);
  sampler.start(world);
  const progress = options.onProgress;
  world.sim.run(s.durationMs, progress ? (now) => progress(now, s.durationMs) : undefined);
  return collect(world, sampler);
}
