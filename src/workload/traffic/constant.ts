/** `constant: 300`: the same rate at every time; it never breaks. */
import type { ConstantSpec, TrafficSource } from './types.js';

export class ConstantTraffic implements TrafficSource {
  constructor(private readonly rps: number) {}

  rate(): number {
    return this.rps;
  }

  integral(t0Ms: number, t1Ms: number): number {
    return (this.rps * (t1Ms - t0Ms)) / 1000;
  }

  nextBreak(): number {
    return Infinity;
  }
}

export function constantTraffic(spec: ConstantSpec): TrafficSource {
  return new ConstantTraffic(spec.rps);
}
