/**
 * One Service's offered traffic: its generators summed, then its noise (if any) applied to the sum.
 *
 *   createTrafficSource(scenario.traffic.api, { random: sim.random.get('traffic/api'), durationMs })
 */
import type { RandomStream } from '../../engine/random.js';
import { constantTraffic } from './constant.js';
import { csvTraffic } from './csv.js';
import { diurnalTraffic } from './diurnal.js';
import { NoisyTraffic, type NoiseDraws } from './noise.js';
import { rampTraffic } from './ramp.js';
import { PiecewiseLinear } from './segments.js';
import { spikeTraffic } from './spike.js';
import { stepsTraffic } from './steps.js';
import { fillPerSecond, type GeneratorSpec, type NoiseSpec, type TrafficComponentSpec, type TrafficSource } from './types.js';

/** The generator for one (non-noise) component. */
export function createGenerator(spec: GeneratorSpec): TrafficSource {
  switch (spec.kind) {
    case 'constant':
      return constantTraffic(spec);
    case 'steps':
      return stepsTraffic(spec);
    case 'ramp':
      return rampTraffic(spec);
    case 'csv':
      return csvTraffic(spec);
    case 'spike':
      return spikeTraffic(spec);
    case 'diurnal':
      return diurnalTraffic(spec);
    case 'prometheus':
    case 'grafana':
      return PiecewiseLinear.ofTrace(spec.trace.timesMs, spec.trace.rps);
  }
}

/** The sum of several sources; breaks at the earliest of theirs. */
export class SumTraffic implements TrafficSource {
  constructor(private readonly parts: readonly TrafficSource[]) {}

  rate(tMs: number): number {
    let r = 0;
    for (const p of this.parts) r += p.rate(tMs);
    return r;
  }

  integral(t0Ms: number, t1Ms: number): number {
    let v = 0;
    for (const p of this.parts) v += p.integral(t0Ms, t1Ms);
    return v;
  }

  perSecond(n: number, out: Float64Array): void {
    out.fill(0, 0, n);
    const part = new Float64Array(n);
    for (const p of this.parts) {
      fillPerSecond(p, n, part);
      for (let i = 0; i < n; i++) out[i] += part[i]!;
    }
  }

  nextBreak(tMs: number): number {
    let b = Infinity;
    for (const p of this.parts) {
      const n = p.nextBreak(tMs);
      if (n < b) b = n;
    }
    return b;
  }
}

export interface TrafficSourceOptions {
  /** Needed when a component is noise: the Service's own named stream. */
  random?: RandomStream;
  /** Run length: noise is precomputed for every second of [0, durationMs). */
  durationMs: number;
  /** Draws to reuse and keep (noise.ts); `random` must then be fresh. */
  noiseDraws?: NoiseDraws;
}

/** The combined open-loop source of a Service's components (an empty list offers nothing; `clients` are not a rate). */
export function createTrafficSource(components: readonly TrafficComponentSpec[], options: TrafficSourceOptions): TrafficSource {
  const generators: TrafficSource[] = [];
  const noise: NoiseSpec[] = [];
  for (const c of components) {
    if (c.kind === 'noise') noise.push(c);
    else if (c.kind !== 'clients') generators.push(createGenerator(c));
  }
  const base = generators.length === 1 ? generators[0] : new SumTraffic(generators);
  if (noise.length === 0) return base;
  if (!options.random) throw new Error('createTrafficSource: noise components need a RandomStream');
  const draws = options.noiseDraws ? { cache: options.noiseDraws, baseKey: specKey(components) } : undefined;
  return new NoisyTraffic(base, noise, options.random, options.durationMs, draws);
}

/** Generators whose spec is the whole base: they read no data (a trace's spec holds its rows, so it is matched by value). */
const PURE_GENERATORS = new Set(['constant', 'steps', 'ramp', 'spike', 'diurnal']);

/** The generators' specs as a key (noise.ts `NoiseDraws`), or '' when one reads data. */
function specKey(components: readonly TrafficComponentSpec[]): string {
  const generators = components.filter((c) => c.kind !== 'noise' && c.kind !== 'clients');
  return generators.every((c) => PURE_GENERATORS.has(c.kind)) ? JSON.stringify(generators) : '';
}
