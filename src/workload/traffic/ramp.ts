/**
 * `ramp: {from, to, start, end}`: 0 before `start`, linear from `from` to `to` over [start, end), then `to` for ever.
 * Breaks at `start` and `end`, and at every whole minute in between (the rate changes continuously there).
 * `start == end` is a plain step to `to`.
 */
import { PiecewiseLinear } from './segments.js';
import type { RampSpec, TrafficSource } from './types.js';

export function rampTraffic(spec: RampSpec): TrafficSource {
  return PiecewiseLinear.of([
    { startMs: spec.startMs, from: spec.from, to: spec.to },
    { startMs: spec.endMs, from: spec.to, to: spec.to },
  ]);
}
