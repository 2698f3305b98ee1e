/**
 * A piecewise-linear rate, the shared engine of steps, csv, ramp and spike.
 *
 * Segment k covers [start[k], start[k+1]) and goes linearly from `from[k]` to `to[k]` (equal for a step); the last
 * segment holds `from[last]` for ever; before start[0] the rate is 0. The integral is a prefix sum over segment
 * starts plus a closed-form partial segment, so it is exact; lookups are a binary search with a cursor cache
 * (the simulator mostly asks about nearby times in order).
 *
 * A trace (csv, prometheus, grafana) is held once: its typed arrays are used as they are, not copied (nothing
 * changes them), and a step function (no `to`) keeps no slopes — only the prefix sums are new.
 */
import { nextMinute, type TrafficSource } from './types.js';

export interface Segment {
  startMs: number;
  from: number;
  to: number;
}

/** Traces' sources by their times, rates and scale (`PiecewiseLinear.ofTrace`). */
const traceSources = new WeakMap<Float64Array, WeakMap<Float64Array, Map<number, PiecewiseLinear>>>();

export class PiecewiseLinear implements TrafficSource {
  private readonly start: Float64Array;
  private readonly from: Float64Array;
  /** Slope in rps per ms (0 for the last segment); null for a step function, where every slope is 0. */
  private readonly slope: Float64Array | null;
  /** Requests offered from start[0] to start[k]. */
  private readonly prefix: Float64Array;
  private readonly n: number;
  private cursor = 0;

  /**
   * `starts` strictly increasing; `from[k]`/`to[k]` the rate at the start/end of segment k (`to` ignored for the
   * last; without it, a step function). Float64Arrays are kept, not copied: the caller must not change them.
   */
  constructor(starts: ArrayLike<number>, from: ArrayLike<number>, to?: ArrayLike<number>) {
    const n = starts.length;
    this.n = n;
    this.start = starts instanceof Float64Array ? starts : Float64Array.from(starts);
    this.from = from instanceof Float64Array ? from : Float64Array.from(from);
    const slope = to ? new Float64Array(n) : null;
    this.slope = slope;
    this.prefix = new Float64Array(n);
    const start = this.start;
    const rate = this.from;
    let acc = 0;
    for (let k = 0; k < n; k++) {
      this.prefix[k] = acc;
      if (k + 1 < n) {
        const len = start[k + 1] - start[k];
        if (!(len > 0)) throw new Error(`segment starts must be strictly increasing (index ${k + 1})`);
        const end = to ? to[k] : rate[k];
        if (slope) slope[k] = (end - rate[k]) / len;
        acc += (len * (rate[k] + end)) / 2 / 1000;
      }
    }
  }

  /** Segments from a list, dropping empty ones (zero length) so callers can describe shapes naively. */
  static of(segments: Segment[]): PiecewiseLinear {
    const kept: Segment[] = [];
    for (let i = 0; i < segments.length; i++) {
      const next = segments[i + 1];
      if (next && next.startMs <= segments[i].startMs) continue;
      kept.push(segments[i]);
    }
    return new PiecewiseLinear(
      kept.map((s) => s.startMs),
      kept.map((s) => s.from),
      kept.map((s) => s.to),
    );
  }

  /**
   * A trace's source (`scale` × its rates), made once per trace and scale and shared by every run that plays it:
   * its prefix sums are the only work, and nothing in a source changes but its search cursor (a hint that
   * never changes an answer). The arrays must not change once loaded, as for the constructor.
   */
  static ofTrace(times: Float64Array, rates: Float64Array, scale = 1): PiecewiseLinear {
    let byRates = traceSources.get(times);
    if (!byRates) traceSources.set(times, (byRates = new WeakMap()));
    let byScale = byRates.get(rates);
    if (!byScale) byRates.set(rates, (byScale = new Map()));
    let src = byScale.get(scale);
    if (!src) {
      let r = rates;
      if (scale !== 1) {
        r = new Float64Array(rates.length);
        for (let i = 0; i < rates.length; i++) r[i] = rates[i]! * scale;
      }
      byScale.set(scale, (src = new PiecewiseLinear(times, r)));
    }
    return src;
  }

  /** Index of the segment holding t (largest k with start[k] ≤ t), or -1 before the first. */
  private find(t: number): number {
    const s = this.start;
    const c = this.cursor;
    if (c < this.n && s[c] <= t) {
      if (c + 1 === this.n || t < s[c + 1]) return c;
      // the next segment: the simulator walks forward through the trace
      if (c + 2 === this.n || t < s[c + 2]) return (this.cursor = c + 1);
    }
    let lo = 0;
    let hi = this.n - 1;
    if (this.n === 0 || t < s[0]) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (s[mid] <= t) lo = mid;
      else hi = mid - 1;
    }
    this.cursor = lo;
    return lo;
  }

  /** Requests offered from start[0] to t (0 before it). */
  private cumulative(t: number): number {
    const k = this.find(t);
    return k < 0 ? 0 : this.cumulativeIn(k, t);
  }

  /** `cumulative(t)` for t in segment k. */
  private cumulativeIn(k: number, t: number): number {
    const d = t - this.start[k];
    // a step's slope is 0, and from + (0 · d) / 2 is from: the same double either way
    return this.prefix[k] + (d * (this.slope === null ? this.from[k] : this.from[k] + (this.slope[k] * d) / 2)) / 1000;
  }

  rate(tMs: number): number {
    const k = this.find(tMs);
    if (k < 0) return 0;
    return Math.max(0, this.slope === null ? this.from[k] : this.from[k] + this.slope[k] * (tMs - this.start[k]));
  }

  integral(t0Ms: number, t1Ms: number): number {
    return this.cumulative(t1Ms) - this.cumulative(t0Ms);
  }

  nextBreak(tMs: number): number {
    const k = this.find(tMs);
    if (k < 0) return this.n > 0 ? this.start[0] : Infinity;
    const next = k + 1 < this.n ? this.start[k + 1] : Infinity;
    return this.slope !== null && this.slope[k] !== 0 ? Math.min(next, nextMinute(tMs)) : next;
  }

  /**
   * `nextBreak` and `integral` over consecutive segments with the segment index carried along: each break is
   * found without a search and each cumulative sum computed once (it ends one segment and starts the next).
   */
  breaks(fromMs: number, limitMs: number, max: number, ends: Float64Array, sums: Float64Array, at: number): number {
    let k = this.find(fromMs);
    if (k < 0) return 0;
    const start = this.start;
    const slope = this.slope;
    const n = this.n;
    let t = fromMs;
    let before = this.cumulativeIn(k, t);
    let w = 0;
    while (w < max) {
      const next = k + 1 < n ? start[k + 1] : Infinity;
      const b = slope !== null && slope[k] !== 0 ? Math.min(next, nextMinute(t)) : next;
      if (!(b > t) || b > limitMs || b === Infinity) break;
      // b is the next segment's start (find(b) = k + 1) or a minute inside this one (find(b) = k)
      if (b === next) k++;
      const after = this.cumulativeIn(k, b);
      ends[at + w] = b;
      sums[at + w] = after - before;
      w++;
      t = b;
      before = after;
    }
    this.cursor = k;
    return w;
  }
}
