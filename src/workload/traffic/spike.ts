/**
 * `spike: {at, duration, rps, rise, fall}`: `rps` extra requests/second during [at, at+duration), shaped as a
 * trapezoid: a linear climb from 0 over the first `rise`, a plateau, a linear fall to 0 over the last `fall`
 * (rise + fall ≤ duration; both 0 gives a square pulse). Breaks at each corner, and every whole minute on the slopes.
 */
import { PiecewiseLinear } from './segments.js';
import type { SpikeSpec, TrafficSource } from './types.js';

export function spikeTraffic(spec: SpikeSpec): TrafficSource {
  const end = spec.atMs + spec.durationMs;
  return PiecewiseLinear.of([
    { startMs: spec.atMs, from: 0, to: spec.rps },
    { startMs: spec.atMs + spec.riseMs, from: spec.rps, to: spec.rps },
    { startMs: end - spec.fallMs, from: spec.rps, to: 0 },
    { startMs: end, from: 0, to: 0 },
  ]);
}
