/** `steps: [{at, rps}, …]`: piecewise constant, 0 before the first step, holding the last value; breaks at each `at`. */
import { PiecewiseLinear } from './segments.js';
import type { StepsSpec, TrafficSource } from './types.js';

export function stepsTraffic(spec: StepsSpec): TrafficSource {
  return new PiecewiseLinear(
    spec.steps.map((s) => s.atMs),
    spec.steps.map((s) => s.rps),
  );
}
