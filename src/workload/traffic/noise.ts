/**
 * Seeded noise on top of a deterministic base rate (the sum of a Service's other components).
 *
 * For every whole second i of the run, with b_i = requests the base offers in that second:
 * - jitter (`cv`): x_i = b_i · F_i, F_i log-normal with mean 1 and coefficient of variation cv
 *   (σ² = ln(1 + cv²), μ = −σ²/2);
 * - poisson: x_i ~ Poisson(b_i) (after jitter if both are given: a doubly stochastic, over-dispersed count).
 * The noisy rate inside second i is the base rate scaled by f_i = x_i / b_i, so it keeps the base's shape within the
 * second and offers exactly x_i requests over it. Values are drawn once, in order, from the given `RandomStream`
 * (one normal per second for jitter, even where the base is 0, so a base change never shifts later seconds'
 * factors) and kept in typed arrays with a prefix sum: integral is O(1) plus two base integrals for the partial
 * seconds at either end. A week is 604,800 seconds: about 10 MB.
 *
 * Draws can be shared (`NoiseDraws`): the factors are a pure function of the stream's seed and name, the noise
 * specs and the base's per-second requests, so a sweep's variants that keep the traffic and the seed (a sweep's
 * default: every variant runs the same seeds) draw them once per thread, not once per variant.
 *
 * Outside [0, duration) the base passes through unchanged. Inside it the rate changes at every whole second, so
 * `nextBreak` is the next second (or the base's break, if sooner): the load accounting takes the rate as constant
 * between breaks, and a noisy rate is only constant within one second.
 */
import type { RandomStream } from '../../engine/random.js';
import { fillPerSecond, type NoiseSpec, type TrafficSource } from './types.js';

/** One stream's draws over a base: what `NoisyTraffic` computes from them. */
interface DrawEntry {
  /** The base's spec, where it decides the base alone (`baseKey`), else ''. */
  baseKey: string;
  perSecond: Float64Array;
  factor: Float64Array;
  prefix: Float64Array;
}

/**
 * Noise draws kept for reuse, keyed by what decides them: the stream (its `id`: seed and name), the noise specs,
 * the number of seconds, and the base — by its spec where the spec alone decides it, else by its per-second
 * requests compared value by value (so a trace is matched by what it offers, not by how it was written). Entries
 * past `maxBytes` are dropped, the oldest first. The stream handed in with a cache must not have been drawn from before (streams are built fresh
 * per run). A hit leaves the stream undrawn: only the noise draws from a `traffic/…` or `metric/…` stream.
 */
export class NoiseDraws {
  private readonly entries = new Map<string, DrawEntry[]>();
  private bytes = 0;
  /** Lookups answered from the cache, and draws kept after a lookup found none (for tests and benchmarks). */
  hits = 0;
  misses = 0;

  constructor(readonly maxBytes = 256 * 1024 * 1024) {}

  /** Draws kept for the stream `key` over a base with this spec (`baseKey`, '' for none) or, failing that, these per-second requests. */
  find(key: string, baseKey: string, perSecond: () => Float64Array): DrawEntry | undefined {
    const list = this.entries.get(key);
    const found = list && (list.find((e) => baseKey !== '' && e.baseKey === baseKey) ?? list.find((e) => sameValues(e.perSecond, perSecond())));
    if (found) this.hits++;
    return found;
  }

  /** Keeps the draws that `find` did not have. */
  keep(key: string, entry: DrawEntry): void {
    this.misses++;
    const size = bytesOf(entry);
    if (size > this.maxBytes) return;
    while (this.bytes + size > this.maxBytes) this.dropOldest();
    const list = this.entries.get(key);
    if (list) list.push(entry);
    else this.entries.set(key, [entry]);
    this.bytes += size;
  }

  private dropOldest(): void {
    const [key, list] = this.entries.entries().next().value as [string, DrawEntry[]];
    this.bytes -= bytesOf(list.shift()!);
    if (list.length === 0) this.entries.delete(key);
  }
}

const bytesOf = (e: DrawEntry): number => e.perSecond.byteLength + e.factor.byteLength + e.prefix.byteLength;

/** Same doubles in both (NaN never occurs: per-second requests are finite and ≥ 0). */
function sameValues(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class NoisyTraffic implements TrafficSource {
  private readonly seconds: number;
  /** Multiplier of the base rate in each second. */
  private readonly factor: Float64Array;
  /** Noisy requests offered in [0, k s). */
  private readonly prefix: Float64Array;

  /**
   * `draws`: the cache to look in and keep the draws in, with `baseKey` the base's spec where the spec alone decides
   * the base (generators that read no data: '' otherwise, and the base is matched by its per-second requests).
   */
  constructor(private readonly base: TrafficSource, noise: NoiseSpec[], random: RandomStream, durationMs: number, draws?: { cache: NoiseDraws; baseKey: string }) {
    const n = Math.max(0, Math.ceil(durationMs / 1000));
    this.seconds = n;
    let perSecond: Float64Array | null = null;
    const values = (): Float64Array => {
      if (perSecond === null) fillPerSecond(base, n, (perSecond = new Float64Array(n)));
      return perSecond;
    };
    const key = draws ? `${random.id}\u0000${n}\u0000${JSON.stringify(noise)}` : '';
    const known = draws?.cache.find(key, draws.baseKey, values);
    if (known) {
      this.factor = known.factor;
      this.prefix = known.prefix;
      return;
    }
    this.factor = new Float64Array(n);
    this.prefix = new Float64Array(n + 1);
    const jitter = noise.find((s) => s.noise === 'jitter');
    const poisson = noise.some((s) => s.noise === 'poisson');
    const cv = jitter && jitter.noise === 'jitter' ? jitter.cv : 0;
    const sigma = Math.sqrt(Math.log1p(cv * cv));
    const mu = (-sigma * sigma) / 2;
    let acc = 0;
    const baseValues = values();
    for (let i = 0; i < n; i++) {
      const b = baseValues[i]!;
      let x = b;
      if (jitter) x *= Math.exp(mu + sigma * random.normal());
      if (poisson) x = random.poisson(x);
      this.factor[i] = b > 0 ? x / b : 0;
      acc += x;
      this.prefix[i + 1] = acc;
    }
    draws?.cache.keep(key, { baseKey: draws.baseKey, perSecond: baseValues, factor: this.factor, prefix: this.prefix });
  }

  /** Noisy requests offered in [0, t). */
  private cumulative(t: number): number {
    if (t <= 0) return -this.base.integral(t, 0);
    const end = this.seconds * 1000;
    if (t >= end) return this.prefix[this.seconds] + this.base.integral(end, t);
    const s = Math.floor(t / 1000);
    const from = s * 1000;
    return t === from ? this.prefix[s] : this.prefix[s] + this.factor[s] * this.base.integral(from, t);
  }

  rate(tMs: number): number {
    const base = this.base.rate(tMs);
    if (tMs < 0 || tMs >= this.seconds * 1000) return base;
    return base * this.factor[Math.floor(tMs / 1000)];
  }

  integral(t0Ms: number, t1Ms: number): number {
    return this.cumulative(t1Ms) - this.cumulative(t0Ms);
  }

  nextBreak(tMs: number): number {
    const base = this.base.nextBreak(tMs);
    if (tMs < -1000 || tMs >= this.seconds * 1000) return base;
    return Math.min(base, Math.max(0, (Math.floor(tMs / 1000) + 1) * 1000));
  }

  /** `nextBreak` and `integral` over consecutive segments inside the run, each cumulative sum computed once. */
  breaks(fromMs: number, limitMs: number, max: number, ends: Float64Array, sums: Float64Array, at: number): number {
    const end = this.seconds * 1000;
    if (!(fromMs >= 0 && fromMs < end)) return 0;
    let t = fromMs;
    let before = this.cumulative(t);
    let w = 0;
    while (w < max && t < end) {
      const b = this.nextBreak(t);
      if (!(b > t) || b > limitMs || b === Infinity) break;
      const after = this.cumulative(b);
      ends[at + w] = b;
      sums[at + w] = after - before;
      w++;
      t = b;
      before = after;
    }
    return w;
  }
}
