/**
 * Offered traffic as a *rate* (requests/second), never one event per request.
 *
 * Every generator, and the combined source of one Service, implements `TrafficSource`:
 * - `rate(t)`: requests/second offered at time t (ms);
 * - `integral(t0, t1)`: requests offered in [t0, t1), exact (closed form or prefix sums, never sampled);
 * - `nextBreak(t)`: the next time > t at which a piecewise part changes, so the simulator can split its accounting
 *   there. Continuous stretches (ramp, spike edges, diurnal) report the next whole minute (`CONTINUOUS_BREAK_MS`)
 *   while they change; noise reports every whole second of the run. The load accounting settles at every break
 *   and takes the rate as constant (its exact average) in between, so results never depend on output rows.
 *
 * The specs below are already normalised (times in integer ms, rates in rps); `src/scenario/normalize-traffic.ts`
 * builds them from the scenario's YAML.
 */

export interface TrafficSource {
  /** Offered requests/second at `tMs`. Never negative. */
  rate(tMs: number): number;
  /** Requests offered in [t0Ms, t1Ms) (negative if t1 < t0). */
  integral(t0Ms: number, t1Ms: number): number;
  /** Next time > tMs at which the rate changes piecewise (or a continuous stretch's next minute); Infinity if none. */
  nextBreak(tMs: number): number;
  /**
   * Optional fast path: requests offered in each whole second [i s, (i+1) s), i < n, written to `out` — the same
   * numbers `integral` gives, computed with fewer evaluations (used to precompute a run of per-second noise).
   */
  perSecond?(n: number, out: Float64Array): void;
  /**
   * Optional fast path for reading segments in a row: from `fromMs`, the breaks b1 = nextBreak(fromMs),
   * b2 = nextBreak(b1), … — each finite, after the one before and ≤ `limitMs`, at most `max` of them — into
   * `ends[at…]`, and the requests of each [b(i−1), bi) into `sums[at…]`: the very doubles `nextBreak` and
   * `integral` give (b0 = fromMs). Returns how many it wrote; it may stop early (0: ask `nextBreak`).
   */
  breaks?(fromMs: number, limitMs: number, max: number, ends: Float64Array, sums: Float64Array, at: number): number;
}

/** `out[i]` = requests `src` offers in second i, through its fast path when it has one. */
export function fillPerSecond(src: TrafficSource, n: number, out: Float64Array): void {
  if (src.perSecond) {
    src.perSecond(n, out);
    return;
  }
  for (let i = 0; i < n; i++) out[i] = src.integral(i * 1000, (i + 1) * 1000);
}

/** Step reported inside continuously changing stretches (ramp, spike rise/fall, diurnal): the next whole minute. */
export const CONTINUOUS_BREAK_MS = 60_000;

/** `constant: 300`: the same rate at all times. */
export interface ConstantSpec {
  kind: 'constant';
  rps: number;
}

/** `steps: [{at, rps}]`: piecewise constant, 0 before the first step, holds the last value. `at` strictly increasing. */
export interface StepsSpec {
  kind: 'steps';
  steps: { atMs: number; rps: number }[];
}

/** `ramp: {from, to, start, end}`: 0 before start, linear from→to over [start, end), `to` from end on. */
export interface RampSpec {
  kind: 'ramp';
  from: number;
  to: number;
  startMs: number;
  endMs: number;
}

/** A loaded CSV trace: piecewise constant from each row's time; strictly increasing times. */
export interface CsvTrace {
  /** The file it came from (for messages). */
  file: string;
  timesMs: Float64Array;
  rps: Float64Array;
}

/** `csv: {file, scale}`: a trace (times in seconds from start), each rate multiplied by `scale` (default 1). */
export interface CsvSpec {
  kind: 'csv';
  /** Absolute path of the trace. */
  file: string;
  scale: number;
  trace: CsvTrace;
}

/**
 * A trace read from samples (a saved or fetched Prometheus range, a Grafana export): piecewise constant from each
 * (summed) sample, times relative to the trace's start; see series.ts for gaps, NaN and several series.
 */
export interface SampledSpec {
  kind: 'prometheus' | 'grafana';
  /** Where it came from, for messages: the file(s) or the URL and query. */
  source: string;
  trace: CsvTrace;
}

/**
 * `clients: {count, thinkTime}`: closed-loop clients, each sending its next request `thinkTime` after the last
 * one's answer or timeout. Not a rate source: the world solves it against the Service's pods (closed-loop.ts).
 */
export interface ClientsSpec {
  kind: 'clients';
  /** Clients over time: piecewise constant, 0 before the first entry. */
  count: { atMs: number; count: number }[];
  thinkMs: number;
}

/**
 * `spike: {at, duration, rps, rise, fall}`: `rps` added during [at, at+duration), a trapezoid: it climbs linearly
 * from 0 over the first `rise`, holds, and falls linearly to 0 over the last `fall` (both default 0: a square pulse).
 */
export interface SpikeSpec {
  kind: 'spike';
  atMs: number;
  durationMs: number;
  rps: number;
  riseMs: number;
  fallMs: number;
}

/**
 * `diurnal: {min, max, period, peakAt}`: a sinusoid between `min` and `max` rps with period `period`
 * (default 24h), at its maximum at `peakAt` (default 0s, i.e. the run starts at the peak) and every period after.
 */
export interface DiurnalSpec {
  kind: 'diurnal';
  min: number;
  max: number;
  periodMs: number;
  peakAtMs: number;
}

/** `noise: {kind: poisson}`: each second's request count is Poisson-distributed around the other components' sum. */
export interface PoissonNoiseSpec {
  kind: 'noise';
  noise: 'poisson';
}

/**
 * `noise: {kind: jitter, cv}`: each second the other components' sum is multiplied by a log-normal factor with
 * mean 1 and coefficient of variation `cv` (0.1 = ±10% typical wobble).
 */
export interface JitterNoiseSpec {
  kind: 'noise';
  noise: 'jitter';
  cv: number;
}

export type NoiseSpec = PoissonNoiseSpec | JitterNoiseSpec;

export type GeneratorSpec = ConstantSpec | StepsSpec | RampSpec | CsvSpec | SpikeSpec | DiurnalSpec | SampledSpec;

/** One list item of `spec.traffic.<name>`. */
export type TrafficComponentSpec = GeneratorSpec | NoiseSpec | ClientsSpec;

export const TRAFFIC_KINDS = ['constant', 'steps', 'ramp', 'csv', 'spike', 'diurnal', 'noise', 'prometheus', 'grafana', 'clients'] as const;
export type TrafficKind = (typeof TRAFFIC_KINDS)[number];

export const NOISE_KINDS = ['poisson', 'jitter'] as const;
export type NoiseKind = (typeof NOISE_KINDS)[number];

export function isNoiseSpec(spec: TrafficComponentSpec): spec is NoiseSpec {
  return spec.kind === 'noise';
}

/** The closed-loop clients of a Service's list, if any (at most one per list). */
export function clientsOf(specs: readonly TrafficComponentSpec[]): ClientsSpec | undefined {
  return specs.find((s): s is ClientsSpec => s.kind === 'clients');
}

/** The next whole minute strictly after `tMs`. */
export function nextMinute(tMs: number): number {
  return (Math.floor(tMs / CONTINUOUS_BREAK_MS) + 1) * CONTINUOUS_BREAK_MS;
}
