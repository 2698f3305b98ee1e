/**
 * A traffic-weighted latency histogram: `add(requests, distribution)` spreads that many served requests over
 * log-spaced buckets by the distribution's cdf; `quantile(q)` is then the q-quantile of *all* requests added
 * (a p99 over a run weights a busy minute by its traffic; it is not an average of per-pod or per-interval p99s).
 *
 * Buckets: an underflow bucket (0, minMs], then edges minMs·g^k up to maxMs (default 0.1 ms … 10 min with
 * g = 1.02, ~790 buckets), then an overflow bucket. Inside a bucket mass is taken as log-uniform, so a quantile is
 * within 2% of the exact one. Point masses (a distribution's `atomMs`, e.g. every request answered in exactly the
 * service time) are kept exactly in a small side table, so a low-load p50 comes out as the service time itself.
 * Results are clamped to the smallest and largest latency ever added (to within 1e-9 of the mass).
 *
 * App-model distributions (`PodLoad`: a point mass at the service time plus a waiting time with density ∝ e^{−r·w}
 * on (0, τ]) are not spread when added. They are pooled in components keyed by (service time, τ, wait rate r):
 * components whose rates differ by less than `RATE_STEP` (0.01 %) share one, which keeps their atom weight and
 * continuous weight exactly and the continuous-weighted mean of their rates. A component of one rate is the exact
 * mixture of everything added to it; a pooled one moves a wait quantile by at most ~0.01 % — far inside a bucket.
 * Components are spread into the buckets only when the histogram is read, once each. A run of 60,000 sample rows
 * whose per-pod load drifts with the traffic therefore spreads a few hundred components, not 60,000.
 *
 * Cost: spreading a distribution costs one cdf call per bucket its mass spans (a few µs; it stops once all but
 * 1e-9 of the mass is placed). Adding an app-model distribution is a rate lookup (a few ns when it equals the one
 * before: the pods of one Deployment behind one Service get the same share). While everything added since the
 * last reset is one unpooled component, quantiles come from its closed form, exactly. Merging and resetting are
 * O(buckets + components): keep a per-interval histogram and a whole-run one, add to the interval one and `merge`
 * it into the run one at each sample.
 */
import { PodLoad, WaitPart } from '../workload/app-model.js';
import type { LatencyDistribution } from '../workload/latency-distribution.js';

export interface LatencyHistogramOptions {
  minMs?: number;
  maxMs?: number;
  /** Ratio between consecutive bucket edges. */
  growth?: number;
}

const MAX_ATOMS = 32;
/** Relative width of a component's rate step: app-model distributions closer than this are pooled. */
export const RATE_STEP = 1e-4;
const INV_LOG_STEP = 1 / Math.log1p(RATE_STEP);
/** Up to this many components are found by a scan; beyond it, through an index by rate step. */
const LINEAR_COMPONENTS = 16;
/** Up to this many pending components (and nothing else), a quantile is the mixture's exact one. */
const EXACT_COMPONENTS = 64;

/** Pooled app-model distributions of one service time, wait budget and rate step. */
interface Component {
  /** rateKey(rate0, τ): the rate step. */
  key: number;
  atomMs: number;
  tau: number;
  /** The first member's rate and atom share; `uniform` while every member had exactly these. */
  rate0: number;
  atom0: number;
  uniform: boolean;
  /** Requests answered at the atom, and requests in the continuous part. */
  atomW: number;
  contW: number;
  /** Σ continuous weight × rate (the pooled rate is rateSum / contW). */
  rateSum: number;
}
const EPS = 1e-9;

export class LatencyHistogram {
  readonly minMs: number;
  readonly maxMs: number;
  private readonly logMin: number;
  private readonly logGrowth: number;
  /** Bucket k ≥ 1 is (edge[k-1], edge[k]]; bucket 0 is (0, minMs]; the last is (maxMs, ∞). */
  private readonly edges: Float64Array;
  private readonly mass: Float64Array;
  private readonly atomValue = new Float64Array(MAX_ATOMS);
  private readonly atomWeight = new Float64Array(MAX_ATOMS);
  private atoms = 0;
  /** Atom indices sorted by value, recomputed only after a new atom value appears. */
  private atomOrder: number[] = [];
  private atomOrderFor = 0;
  private total = 0;
  private weightedMean = 0;
  private lowest = Infinity;
  private highest = -Infinity;
  /** Lowest and highest bucket holding mass or an atom: quantile scans and reset touch only this range. */
  private loB = Number.POSITIVE_INFINITY;
  private hiB = -1;
  /** App-model components added but not yet spread, in insertion order, and an index over them. */
  private readonly comps: Component[] = [];
  private readonly compIndex = new Map<number, Component[]>();
  /** Retired components, reused so a per-interval histogram allocates nothing in steady state. */
  private readonly pool: Component[] = [];
  /** The distribution added last and the component it went to (the fast path for equal consecutive adds). */
  private readonly lastDist = new PodLoad();
  private lastComp: Component | null = null;
  /** Scratch distribution for reading and spreading a component. */
  private readonly scratch = new PodLoad();
  /** Scratch waiting-time parts, one per pending component, for the exact mixture quantile. */
  private readonly waits: WaitPart[] = [];
  /** The mixture's density × W at the last `solveGap` evaluation. */
  private slope = 0;
  /** `waits` hold the pending components' waiting times (false after any add, merge or reset). */
  private waitsReady = false;

  constructor(options: LatencyHistogramOptions = {}) {
    this.minMs = options.minMs ?? 0.1;
    this.maxMs = options.maxMs ?? 600_000;
    const g = options.growth ?? 1.02;
    this.logMin = Math.log(this.minMs);
    this.logGrowth = Math.log(g);
    const inner = Math.ceil(Math.log(this.maxMs / this.minMs) / this.logGrowth);
    this.edges = new Float64Array(inner + 1);
    for (let k = 0; k <= inner; k++) this.edges[k] = this.minMs * Math.exp(k * this.logGrowth);
    this.mass = new Float64Array(inner + 2);
  }

  /** Requests added so far (the histogram's total weight). */
  get weight(): number {
    return this.total;
  }

  /** Adds `weightRequests` requests whose latencies follow `dist` (read now: `dist` may be reused afterwards). */
  add(weightRequests: number, dist: LatencyDistribution): void {
    if (!(weightRequests > 0)) return;
    this.total += weightRequests;
    this.weightedMean += weightRequests * dist.mean();
    if (dist instanceof PodLoad) {
      const atomMass = dist.atomMass > 0 ? Math.min(1, dist.atomMass) : 0;
      let c = this.lastComp;
      if (c === null || !this.lastDist.sameDistribution(dist)) {
        c = this.component(dist.atomMs, dist.waitBudgetMs, dist.waitRate, atomMass);
        this.lastDist.copyDistribution(dist);
        this.lastComp = c;
      }
      this.waitsReady = false;
      c.atomW += weightRequests * atomMass;
      const cont = weightRequests * (1 - atomMass);
      c.contW += cont;
      c.rateSum += cont * dist.waitRate;
      return;
    }
    this.spread(weightRequests, dist);
  }

  /**
   * The component for (service time, τ, rate): an existing one in the same rate step, else a new one. A
   * component stays "uniform" (exact) while everything added to it has the first member's rate and atom share.
   */
  private component(atomMs: number, tau: number, rate: number, atomMass: number, key = rateKey(rate, tau)): Component {
    let found: Component | undefined;
    if (this.compIndex.size === 0) {
      // few components (a per-interval histogram holds one or two): a scan beats hashing
      for (const c of this.comps) {
        if (c.key === key && c.atomMs === atomMs && c.tau === tau) {
          found = c;
          break;
        }
      }
    } else {
      const list = this.compIndex.get(key);
      if (list) for (const c of list) if (c.atomMs === atomMs && c.tau === tau) found = c;
    }
    if (found !== undefined) {
      if (found.rate0 !== rate || found.atom0 !== atomMass) found.uniform = false;
      return found;
    }
    const c = this.pool.pop() ?? { key: 0, atomMs: 0, tau: 0, rate0: 0, atom0: 0, uniform: true, atomW: 0, contW: 0, rateSum: 0 };
    c.key = key;
    c.atomMs = atomMs;
    c.tau = tau;
    c.rate0 = rate;
    c.atom0 = atomMass;
    c.uniform = true;
    c.atomW = 0;
    c.contW = 0;
    c.rateSum = 0;
    this.comps.push(c);
    if (this.compIndex.size > 0) this.index(c);
    else if (this.comps.length > LINEAR_COMPONENTS) for (const o of this.comps) this.index(o);
    return c;
  }

  private index(c: Component): void {
    const list = this.compIndex.get(c.key);
    if (list) list.push(c);
    else this.compIndex.set(c.key, [c]);
  }

  /** Everything added since the last reset is one exact component (no buckets, no atoms). */
  private single(): Component | null {
    if (this.comps.length !== 1 || this.hiB >= 0 || this.atoms !== 0) return null;
    const c = this.comps[0]!;
    return c.uniform ? c : null;
  }

  /** Writes component `c` into the scratch distribution (its pooled atom share and rate). */
  private load(c: Component): PodLoad {
    const d = this.scratch;
    const w = c.atomW + c.contW;
    d.atomMs = c.atomMs;
    d.atomMass = c.uniform ? c.atom0 : w > 0 ? c.atomW / w : 1;
    d.minMs = c.atomMs;
    d.maxMs = c.atomMs + c.tau;
    d.setWait(c.uniform || !(c.contW > 0) ? c.rate0 : c.rateSum / c.contW, c.tau);
    return d;
  }

  /** Spreads every pending component into the buckets (each once) and forgets them. */
  private flushPending(): void {
    if (this.comps.length === 0) return;
    for (const c of this.comps) {
      const w = c.atomW + c.contW;
      if (w > 0) this.spread(w, this.load(c));
    }
    this.clearComponents();
  }

  private clearComponents(): void {
    this.waitsReady = false;
    for (const c of this.comps) this.pool.push(c);
    this.comps.length = 0;
    if (this.compIndex.size > 0) this.compIndex.clear();
    this.lastComp = null;
  }

  private spread(weightRequests: number, dist: LatencyDistribution): void {
    const atomMass = dist.atomMass > 0 ? Math.min(1, dist.atomMass) : 0;
    if (atomMass > 0) this.addAtom(dist.atomMs, weightRequests * atomMass);
    const cont = 1 - atomMass;
    if (cont <= EPS) return;

    // the continuous part: start where its mass starts, stop once all but EPS of it is placed
    const lo = Math.max(dist.minMs, dist.quantile(Math.min(1, atomMass + cont * EPS)));
    const target = cont - cont * EPS;
    let b = this.bucketOf(lo);
    this.mark(b);
    let prev = b === 0 ? 0 : Math.max(0, contCdf(dist, atomMass, this.edges[b - 1]));
    const last = this.mass.length - 1;
    for (;;) {
      const cur = b === last ? cont : Math.min(cont, contCdf(dist, atomMass, this.edges[b]));
      if (cur > prev) {
        this.mass[b] += weightRequests * (cur - prev);
        prev = cur;
      }
      if (prev >= target || b === last) break;
      b++;
    }
    if (prev < cont) this.mass[b] += weightRequests * (cont - prev);
    this.mark(b);
    this.note(lo);
    this.note(Math.min(dist.maxMs, dist.quantile(1 - cont * EPS)));
  }

  /** Adds `weightRequests` requests that each took exactly `ms`. */
  addValue(weightRequests: number, ms: number): void {
    if (!(weightRequests > 0)) return;
    this.total += weightRequests;
    this.weightedMean += weightRequests * ms;
    this.addAtom(ms, weightRequests);
  }

  /** Adds everything in `other` (same bucket options). Its pending components join this one's unspread. */
  merge(other: LatencyHistogram): void {
    if (other.mass.length !== this.mass.length) throw new Error('LatencyHistogram.merge: different bucket layouts');
    for (const o of other.comps) {
      const rate = o.uniform || !(o.contW > 0) ? o.rate0 : o.rateSum / o.contW;
      const atom = o.atomW + o.contW > 0 ? o.atomW / (o.atomW + o.contW) : 1;
      // a uniform component's rate is its first member's, whose step it already knows
      const c = this.component(o.atomMs, o.tau, rate, o.uniform ? o.atom0 : atom, o.uniform ? o.key : rateKey(rate, o.tau));
      if (!o.uniform) c.uniform = false;
      this.waitsReady = false;
      c.atomW += o.atomW;
      c.contW += o.contW;
      c.rateSum += o.uniform ? o.contW * o.rate0 : o.rateSum;
    }
    this.lastComp = null;
    for (let k = other.loB; k <= other.hiB; k++) this.mass[k] += other.mass[k];
    if (other.hiB >= 0) {
      this.mark(other.loB);
      this.mark(other.hiB);
    }
    for (let i = 0; i < other.atoms; i++) this.addAtom(other.atomValue[i], other.atomWeight[i]);
    this.total += other.total;
    this.weightedMean += other.weightedMean;
    if (other.lowest < this.lowest) this.lowest = other.lowest;
    if (other.highest > this.highest) this.highest = other.highest;
  }

  reset(): void {
    this.clearComponents();
    if (this.hiB >= 0) this.mass.fill(0, this.loB, this.hiB + 1);
    this.loB = Number.POSITIVE_INFINITY;
    this.hiB = -1;
    this.atoms = 0;
    this.atomOrderFor = 0;
    this.atomOrder = [];
    this.total = 0;
    this.weightedMean = 0;
    this.lowest = Infinity;
    this.highest = -Infinity;
  }

  /** Mean latency of all requests added (NaN when empty). */
  mean(): number {
    return this.total > 0 ? this.weightedMean / this.total : NaN;
  }

  /** The q-quantile (0 ≤ q ≤ 1) of all requests added, in ms; NaN when nothing was added. */
  quantile(q: number): number {
    if (!(this.total > 0)) return NaN;
    // Everything added since the last reset is one exact app-model component: answer from its closed form.
    const one = this.single();
    if (one) {
      const d = this.load(one);
      if (q <= 0) return d.minMs;
      if (q >= 1) return d.maxMs;
      return d.quantile(q);
    }
    // Only a few app-model components and nothing else (a sample row's interval): the exact mixture quantile.
    if (this.hiB < 0 && this.atoms === 0 && this.comps.length <= EXACT_COMPONENTS) return this.mixtureQuantile(q);
    this.flushPending();
    if (q <= 0) return this.lowest;
    if (q >= 1) return this.highest;
    const target = q * this.total;
    // atoms sorted by value (at most MAX_ATOMS: insertion sort into a scratch order)
    if (this.atomOrderFor !== this.atoms) {
      this.atomOrder = sortedAtoms(this.atomValue, this.atoms);
      this.atomOrderFor = this.atoms;
    }
    const order = this.atomOrder;
    let cum = 0;
    let a = 0; // next atom in `order`
    const last = this.mass.length - 1;
    const end = Math.min(this.hiB, last);
    for (let b = Math.max(0, this.loB); b <= end; b++) {
      const hi = b === last ? Infinity : this.edges[b];
      let inBucket = this.mass[b];
      let aEnd = a;
      while (aEnd < order.length && this.atomValue[order[aEnd]] <= hi) inBucket += this.atomWeight[order[aEnd++]];
      if (cum + inBucket < target && b < end) {
        cum += inBucket;
        a = aEnd;
        continue;
      }
      // the quantile is in this bucket: walk its continuous mass (log-uniform) and its atoms in order
      const lo = b === 0 ? 0 : this.edges[b - 1];
      const cont = this.mass[b];
      let from = lo;
      for (; ; a++) {
        const to = a < aEnd ? this.atomValue[order[a]] : hi;
        const piece = cont * this.fraction(b, from, to);
        if (cum + piece >= target || a >= aEnd) {
          const f = piece > 0 ? Math.min(1, (target - cum) / piece) : 1;
          return this.clamp(this.interpolate(b, from, to, f));
        }
        cum += piece;
        const w = this.atomWeight[order[a]];
        if (cum + w >= target) return this.clamp(this.atomValue[order[a]]);
        cum += w;
        from = to;
      }
    }
    return this.highest;
  }

  /**
   * The q-quantile of the pending components' exact mixture, with no buckets: the smallest x where
   * F(x) = Σ_i [atomW_i·1{x ≥ S_i} + contW_i·K_i(x − S_i)] / W reaches q, K_i being component i's waiting-time cdf
   * on (0, τ_i]. F jumps at each service time S_i and is continuous and increasing between them, so the answer
   * is either an atom or the root of F(x) = q inside one gap, found by Newton steps from the pooled component's
   * quantile, kept inside a shrinking bracket (a bisection step whenever Newton would leave it).
   */
  private mixtureQuantile(q: number): number {
    const comps = this.comps;
    const n = comps.length;
    let total = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const c = comps[i]!;
      total += c.atomW + c.contW;
      if (c.atomMs < lo) lo = c.atomMs;
      if (c.atomMs + c.tau > hi) hi = c.atomMs + c.tau;
    }
    if (q <= 0) return lo;
    if (q >= 1) return hi;
    const target = q * total;
    const wait = this.waits;
    if (!this.waitsReady) {
      // each component's waiting time at its (pooled) rate, as `load` would set it; once for all three quantiles
      for (let i = 0; i < n; i++) {
        const c = comps[i]!;
        (wait[i] ??= new WaitPart()).set(c.uniform || !(c.contW > 0) ? c.rate0 : c.rateSum / c.contW, c.tau);
      }
      this.waitsReady = true;
    }
    // the atoms in increasing order: is the quantile one of them, or in the gap below one?
    let below = lo; // the gap's lower end
    let prevAtom = -Infinity;
    for (;;) {
      let atom = Infinity;
      for (let i = 0; i < n; i++) {
        const s = comps[i]!.atomMs;
        if (s > prevAtom && s < atom) atom = s;
      }
      if (atom === Infinity) break;
      // mass strictly below the atom, and at it
      let left = 0;
      let at = 0;
      for (let i = 0; i < n; i++) {
        const c = comps[i]!;
        if (c.atomMs < atom) left += c.atomW + c.contW * wait[i]!.cdf(atom - c.atomMs);
        else if (c.atomMs === atom) at += c.atomW;
      }
      if (left >= target && atom > below) return this.solveGap(comps, wait, target, below, atom);
      if (left + at >= target) return atom;
      below = atom;
      prevAtom = atom;
    }
    return this.solveGap(comps, wait, target, below, hi);
  }

  /** The root of F(x)·W = target in (a, b], where F is continuous (no atom inside). */
  private solveGap(comps: readonly Component[], wait: readonly WaitPart[], target: number, a: number, b: number): number {
    // start from the quantile of the pooled rate (exact when there is one component)
    let x = Math.min(b, Math.max(a, this.pooledGuess(comps, target)));
    for (let iter = 0; iter < 100; iter++) {
      const err = this.massAt(comps, wait, x) - target;
      if (err >= 0) b = x;
      else a = x;
      if (b - a <= 1e-12 * b) break;
      let next = this.slope > 0 ? x - err / this.slope : NaN;
      if (!(next > a && next < b)) next = (a + b) / 2;
      // Newton converges quadratically: after a step this small the error left is far below 1e-12 of x
      if (Math.abs(next - x) <= 1e-7 * x) {
        x = next;
        break;
      }
      x = next;
    }
    return x;
  }

  /** F(x)·W, and the density × W into `slope`. */
  private massAt(comps: readonly Component[], wait: readonly WaitPart[], x: number): number {
    let m = 0;
    let d = 0;
    for (let i = 0; i < comps.length; i++) {
      const c = comps[i]!;
      if (c.atomMs > x) continue;
      m += c.atomW;
      const w = x - c.atomMs;
      const k = wait[i]!;
      if (w < k.tau) {
        m += c.contW * k.cdfWithDensity(w);
        d += c.contW * k.lastDensity;
      } else m += c.contW;
    }
    this.slope = d;
    return m;
  }

  /** The pooled mixture's quantile at `target` (the Newton start). */
  private pooledGuess(comps: readonly Component[], target: number): number {
    let w = 0;
    let atomW = 0;
    let contW = 0;
    let rateSum = 0;
    let s = 0;
    let tau = 0;
    for (const c of comps) {
      w += c.atomW + c.contW;
      atomW += c.atomW;
      contW += c.contW;
      rateSum += c.uniform ? c.contW * c.rate0 : c.rateSum;
      s += (c.atomW + c.contW) * c.atomMs;
      tau += (c.atomW + c.contW) * c.tau;
    }
    const d = this.scratch;
    d.atomMs = s / w;
    d.atomMass = atomW / w;
    d.setWait(contW > 0 ? rateSum / contW : 0, tau / w);
    return d.quantile(target / w);
  }

  private clamp(x: number): number {
    return Math.min(this.highest, Math.max(this.lowest, x));
  }

  private note(x: number): void {
    if (x < this.lowest) this.lowest = x;
    if (x > this.highest) this.highest = x;
  }

  private mark(b: number): void {
    if (b < this.loB) this.loB = b;
    if (b > this.hiB) this.hiB = b;
  }

  private addAtom(ms: number, w: number): void {
    this.note(ms);
    for (let i = 0; i < this.atoms; i++) {
      if (this.atomValue[i] === ms) {
        this.atomWeight[i] += w;
        return;
      }
    }
    this.mark(this.bucketOf(ms));
    if (this.atoms < MAX_ATOMS) {
      this.atomValue[this.atoms] = ms;
      this.atomWeight[this.atoms++] = w;
    } else {
      this.mass[this.bucketOf(ms)] += w; // too many distinct atoms: smear the rest into their buckets
    }
  }

  /** The bucket holding x: 0 for x ≤ minMs, the overflow bucket for x > maxMs. */
  private bucketOf(x: number): number {
    if (!(x > this.minMs)) return 0;
    const last = this.mass.length - 1;
    if (x > this.maxMs) return last;
    let k = Math.ceil((Math.log(x) - this.logMin) / this.logGrowth);
    // repair rounding at the edges: bucket k is (edges[k-1], edges[k]]
    if (k > 0 && x <= this.edges[k - 1]) k--;
    else if (k < this.edges.length && x > this.edges[k]) k++;
    return Math.min(Math.max(k, 1), last);
  }

  /** Share of bucket b's continuous mass in (from, to] (log-uniform; linear in the underflow bucket). */
  private fraction(b: number, from: number, to: number): number {
    if (b === this.mass.length - 1) return to === Infinity ? 1 : 0;
    const lo = b === 0 ? 0 : this.edges[b - 1];
    const hi = this.edges[b];
    if (b === 0) return (to - from) / (hi - lo);
    return Math.log(to / from) / Math.log(hi / lo);
  }

  /** The point a fraction f of the way through (from, to] in bucket b's interpolation scale. */
  private interpolate(b: number, from: number, to: number, f: number): number {
    if (to === Infinity) return this.highest;
    if (b === 0) return from + f * (to - from);
    return from * Math.exp(f * Math.log(to / from));
  }
}

/** P(latency ≤ x) of the distribution's continuous part alone. */
function contCdf(dist: LatencyDistribution, atomMass: number, x: number): number {
  return dist.cdf(x) - (x >= dist.atomMs ? atomMass : 0);
}

function sortedAtoms(values: Float64Array, n: number): number[] {
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    let j = order.length;
    while (j > 0 && values[order[j - 1]] > values[i]) j--;
    order.splice(j, 0, i);
  }
  return order;
}

/**
 * The rate step of a wait rate r (per ms) for wait budget τ: 0 for a uniform wait (|rτ| < 1e-9, as `PodLoad`
 * treats it), else ⌊ln|r| / ln(1 + RATE_STEP)⌋ tagged with r's sign (≡ 1 mod 4 for r > 0, ≡ 2 mod 4 for r < 0).
 */
function rateKey(r: number, tau: number): number {
  if (!(Math.abs(r * tau) >= 1e-9)) return 0;
  const k = Math.floor(Math.log(Math.abs(r)) * INV_LOG_STEP);
  return 4 * k + (r > 0 ? 1 : 2);
}
