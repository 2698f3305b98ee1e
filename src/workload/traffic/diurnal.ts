/**
 * `diurnal: {min, max, period, peakAt}`: rate = mid + amp·cos(2π(t − peakAt)/period), mid = (min+max)/2,
 * amp = (max−min)/2, so it peaks at `peakAt` (and every period after/before) and bottoms out half a period later.
 * The integral is closed form; nextBreak is the next whole minute (the rate changes continuously).
 */
import { nextMinute, type DiurnalSpec, type TrafficSource } from './types.js';

export class DiurnalTraffic implements TrafficSource {
  private readonly mid: number;
  private readonly amp: number;
  private readonly omega: number;

  constructor(private readonly spec: DiurnalSpec) {
    this.mid = (spec.min + spec.max) / 2;
    this.amp = (spec.max - spec.min) / 2;
    this.omega = (2 * Math.PI) / spec.periodMs;
  }

  /** The angle ω(t − peakAt), reduced to one period first for precision over long runs. */
  private phase(tMs: number): number {
    const p = this.spec.periodMs;
    const d = (tMs - this.spec.peakAtMs) % p;
    return this.omega * (d < 0 ? d + p : d);
  }

  rate(tMs: number): number {
    return Math.max(0, this.mid + this.amp * Math.cos(this.phase(tMs)));
  }

  integral(t0Ms: number, t1Ms: number): number {
    const v = this.mid * (t1Ms - t0Ms) + (this.amp / this.omega) * (Math.sin(this.phase(t1Ms)) - Math.sin(this.phase(t0Ms)));
    // min = 0 can leave a rounding residue of either sign on tiny windows near the trough
    return (t1Ms >= t0Ms ? Math.max(0, v) : Math.min(0, v)) / 1000;
  }

  /** `integral` over each whole second, with one sine per second boundary instead of two per second. */
  perSecond(n: number, out: Float64Array): void {
    const k = this.amp / this.omega;
    let s0 = Math.sin(this.phase(0));
    for (let i = 0; i < n; i++) {
      const s1 = Math.sin(this.phase((i + 1) * 1000));
      out[i] = Math.max(0, this.mid * 1000 + k * (s1 - s0)) / 1000;
      s0 = s1;
    }
  }

  nextBreak(tMs: number): number {
    return this.amp === 0 ? Infinity : nextMinute(tMs);
  }
}

export function diurnalTraffic(spec: DiurnalSpec): TrafficSource {
  return new DiurnalTraffic(spec);
}
