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
 * 1e-9 of the mass is placed). Adding an app-model distribution is a rate lookup in an open-addressing index
 * (nothing when it equals the one before: the pods of one Deployment behind one Service get the same share).
 * While everything added since the last reset is one unpooled component, quantiles come from its closed form,
 * exactly. Merging and resetting are O(buckets + components): keep a per-interval histogram and a whole-run one,
 * add to the interval one and `merge` it into the run one at each sample (the run looks merged components up in
 * batches). The quantiles read of one state share what does not depend on q.
 */
import { settleShape } from '../engine/shapes.js';
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
/** Up to this many pending components (and nothing else), a quantile is the mixture's exact one. */
const EXACT_COMPONENTS = 64;

/*
 * Components (pooled app-model distributions of one service time, wait budget and rate step) are records of
 * STRIDE doubles in one Float64Array, in insertion order, at these offsets. A whole-run histogram holds about a
 * thousand and looks ten up per sample row, after the rest of the row's work has gone through the cache: one
 * record per component keeps a lookup to the index slot and one record, where objects of boxed doubles in lists
 * in a Map cost several misses each.
 */
/** rateKey(rate0, τ): the rate step. */
const KEY = 0;
const ATOM_MS = 1;
const TAU = 2;
/** The first member's rate and atom share (exact while the component is `uniform`: every member had these). */
const RATE0 = 3;
const ATOM0 = 4;
/** Requests answered at the atom, and requests in the continuous part. */
const ATOM_W = 5;
const CONT_W = 6;
/** Σ continuous weight × rate (the pooled rate is rateSum / contW). */
const RATE_SUM = 7;
const STRIDE = 8;
/**
 * A merge queues the other histogram's components (MERGED doubles each: service time, τ, rate, atom share, rate
 * step, uniform, atom weight, continuous weight, Σ weight × rate) and this one looks them up in batches of
 * MERGE_BATCH, in the order merged: the same operations in the same order, with the index and records still in
 * the cache from the previous lookup rather than evicted by the rest of a sample row's work.
 */
const MERGED = 9;
const MERGE_BATCH = 4096;
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
  /** Atom indices sorted by value, recomputed only after a new atom value appears (-1: none sorted). */
  private atomOrder: number[] = [];
  private atomOrderFor = -1;
  private total = 0;
  private weightedMean = 0;
  private lowest = Infinity;
  private highest = -Infinity;
  /** Lowest and highest bucket holding mass or an atom: quantile scans and reset touch only this range. */
  private loB = Number.POSITIVE_INFINITY;
  private hiB = -1;
  /** App-model components added but not yet spread: `comps` records, in insertion order. */
  private rec = new Float64Array(16 * STRIDE);
  /** 1 while a component is uniform. */
  private uniform = new Uint8Array(16);
  /** 1 where `waits[i]` already holds component i's waiting time at its first member's rate (copied when added). */
  private waitCopied = new Uint8Array(16);
  private comps = 0;
  /**
   * An open-addressing index over the components by (key, service time, τ): slot → component + 1 (0: empty),
   * linear probing, at most half full; `slotOf` is each component's slot, so clearing touches only those.
   */
  private slots = new Int32Array(32);
  private slotShift = 32 - 5;
  private slotOf = new Int32Array(16);
  /** Merged components not yet looked up (see MERGED). */
  private merged = new Float64Array(0);
  private mergedLen = 0;
  /** The distribution added last and the component it went to (-1: none; the fast path for equal consecutive adds). */
  private readonly lastDist = new PodLoad();
  private lastComp = -1;
  /** Scratch distribution for reading and spreading a component. */
  private readonly scratch = new PodLoad();
  /** Scratch waiting-time parts, one per pending component, for the exact mixture quantile. */
  private readonly waits: WaitPart[] = [];
  /** The mixture's density × W at the last `solveGap` evaluation. */
  private slope = 0;
  /**
   * What the mixture quantile learns once for all quantiles of one state (false after any add, merge or reset):
   * `waits`, the weight and range, the pooled distribution that starts Newton, and the atoms found so far.
   */
  private mixReady = false;
  private mixTotal = 0;
  private mixLo = 0;
  private mixHi = 0;
  private readonly pooled = new PodLoad();
  /** The mixture's distinct service times in increasing order, with the mass strictly below and at each. */
  private mixAtoms = 0;
  private mixAtomsDone = false;
  private mixAtomMs = new Float64Array(4);
  private mixLeft = new Float64Array(4);
  private mixAt = new Float64Array(4);

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
    settleShape(this, ['total', 'weightedMean', 'slope', 'mixTotal', 'mixLo', 'mixHi']); // engine/shapes.ts
  }

  /** Requests added so far (the histogram's total weight). */
  get weight(): number {
    return this.total;
  }

  /** Adds `weightRequests` requests whose latencies follow `dist` (read now: `dist` may be reused afterwards). */
  add(weightRequests: number, dist: LatencyDistribution): void {
    if (!(weightRequests > 0)) return;
    if (this.mergedLen > 0) this.applyMerged();
    this.total += weightRequests;
    this.weightedMean += weightRequests * dist.mean();
    if (dist instanceof PodLoad) {
      const atomMass = dist.atomMass > 0 ? Math.min(1, dist.atomMass) : 0;
      let i = this.lastComp;
      if (i < 0 || !this.lastDist.sameDistribution(dist)) {
        const before = this.comps;
        i = this.component(dist.atomMs, dist.waitBudgetMs, dist.waitRate, atomMass, rateKey(dist.waitRate, dist.waitBudgetMs), true);
        // a new component's waiting time is the distribution's own (one exp saved per component and row)
        const k = dist.wait;
        if (this.comps > before && k.r === dist.waitRate && k.tau === dist.waitBudgetMs) {
          (this.waits[i] ??= new WaitPart()).copy(k);
          this.waitCopied[i] = 1;
        }
        this.lastDist.copyDistribution(dist);
        this.lastComp = i;
      }
      this.mixReady = false;
      const rec = this.rec;
      const o = i * STRIDE;
      rec[o + ATOM_W] += weightRequests * atomMass;
      const cont = weightRequests * (1 - atomMass);
      rec[o + CONT_W] += cont;
      rec[o + RATE_SUM] += cont * dist.waitRate;
      return;
    }
    this.spread(weightRequests, dist);
  }

  /**
   * The component for (service time, τ, rate) with `key` = rateKey(rate, τ): an existing one in the same rate
   * step, else a new one. A component stays uniform (exact) while everything added to it has the first member's
   * rate and atom share (and was uniform itself: `exact` false for a pooled one merged in).
   */
  private component(atomMs: number, tau: number, rate: number, atomMass: number, key: number, exact: boolean): number {
    // small enough to be inlined where it is called, so its double arguments are not boxed for the call
    const slots = this.slots;
    const rec = this.rec;
    const mask = slots.length - 1;
    let h = Math.imul(key | 0, 0x9e3779b1) >>> this.slotShift;
    for (;;) {
      const v = slots[h]!;
      if (v === 0) return this.create(h, atomMs, tau, rate, atomMass, key, exact);
      const o = (v - 1) * STRIDE;
      if (rec[o + KEY] === key && rec[o + ATOM_MS] === atomMs && rec[o + TAU] === tau) {
        if (!exact || rec[o + RATE0] !== rate || rec[o + ATOM0] !== atomMass) this.uniform[v - 1] = 0;
        return v - 1;
      }
      h = (h + 1) & mask;
    }
  }

  /** A new component in empty slot `h` of the index (found again if the index has to grow first). */
  private create(h: number, atomMs: number, tau: number, rate: number, atomMass: number, key: number, exact: boolean): number {
    if ((this.comps + 1) * 2 > this.slots.length) {
      this.reindex(this.slots.length * 2);
      const mask = this.slots.length - 1;
      h = Math.imul(key | 0, 0x9e3779b1) >>> this.slotShift;
      while (this.slots[h] !== 0) h = (h + 1) & mask;
    }
    let rec = this.rec;
    const i = this.comps++;
    if (i === this.uniform.length) {
      this.rec = rec = grown(rec, 2 * i * STRIDE);
      const u = new Uint8Array(2 * i);
      u.set(this.uniform);
      this.uniform = u;
      const c = new Uint8Array(2 * i);
      c.set(this.waitCopied);
      this.waitCopied = c;
      const so = new Int32Array(2 * i);
      so.set(this.slotOf);
      this.slotOf = so;
    }
    this.slots[h] = i + 1;
    this.slotOf[i] = h;
    const o = i * STRIDE;
    rec[o + KEY] = key;
    rec[o + ATOM_MS] = atomMs;
    rec[o + TAU] = tau;
    rec[o + RATE0] = rate;
    rec[o + ATOM0] = atomMass;
    rec[o + ATOM_W] = 0;
    rec[o + CONT_W] = 0;
    rec[o + RATE_SUM] = 0;
    this.uniform[i] = exact ? 1 : 0;
    this.waitCopied[i] = 0;
    return i;
  }

  /** Rebuilds the index with `size` (a power of two) slots. */
  private reindex(size: number): void {
    const slots = new Int32Array(size);
    const shift = 32 - Math.log2(size);
    const mask = size - 1;
    const rec = this.rec;
    for (let i = 0; i < this.comps; i++) {
      let h = Math.imul(rec[i * STRIDE + KEY]! | 0, 0x9e3779b1) >>> shift;
      while (slots[h] !== 0) h = (h + 1) & mask;
      slots[h] = i + 1;
      this.slotOf[i] = h;
    }
    this.slots = slots;
    this.slotShift = shift;
  }

  /** Everything added since the last reset is one exact component (no buckets, no atoms). */
  private single(): boolean {
    return this.comps === 1 && this.hiB < 0 && this.atoms === 0 && this.uniform[0] === 1;
  }

  /** Component i's (pooled) wait rate. */
  private rateOf(i: number): number {
    const o = i * STRIDE;
    const contW = this.rec[o + CONT_W]!;
    return this.uniform[i] === 1 || !(contW > 0) ? this.rec[o + RATE0]! : this.rec[o + RATE_SUM]! / contW;
  }

  /** Writes component i into the scratch distribution (its pooled atom share and rate). */
  private load(i: number): PodLoad {
    const d = this.scratch;
    const rec = this.rec;
    const o = i * STRIDE;
    const atomMs = rec[o + ATOM_MS]!;
    const tau = rec[o + TAU]!;
    const w = rec[o + ATOM_W]! + rec[o + CONT_W]!;
    d.atomMs = atomMs;
    d.atomMass = this.uniform[i] === 1 ? rec[o + ATOM0]! : w > 0 ? rec[o + ATOM_W]! / w : 1;
    d.minMs = atomMs;
    d.maxMs = atomMs + tau;
    d.setWait(this.rateOf(i), tau);
    return d;
  }

  /** Spreads every pending component into the buckets (each once) and forgets them. */
  private flushPending(): void {
    if (this.comps === 0) return;
    for (let i = 0; i < this.comps; i++) {
      const o = i * STRIDE;
      const w = this.rec[o + ATOM_W]! + this.rec[o + CONT_W]!;
      if (w > 0) this.spread(w, this.load(i));
    }
    this.clearComponents();
  }

  private clearComponents(): void {
    this.mixReady = false;
    const slots = this.slots;
    for (let i = 0; i < this.comps; i++) slots[this.slotOf[i]!] = 0;
    this.comps = 0;
    this.mergedLen = 0;
    this.lastComp = -1;
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
    if (other.mergedLen > 0) other.applyMerged();
    const from = other.rec;
    const n = other.comps;
    if (n > 0) {
      const need = this.mergedLen + n;
      if (need * MERGED > this.merged.length) {
        // doubling up to what a batch can hold (a batch is applied once it reaches MERGE_BATCH)
        const cap = Math.max(need, Math.min(Math.max(64, (2 * this.merged.length) / MERGED), MERGE_BATCH + n));
        this.merged = grown(this.merged, cap * MERGED);
      }
      const q = this.merged;
      for (let j = 0; j < n; j++) {
        const p = j * STRIDE;
        const e = (this.mergedLen + j) * MERGED;
        const uniform = other.uniform[j] === 1;
        const atomW = from[p + ATOM_W]!;
        const contW = from[p + CONT_W]!;
        const tau = from[p + TAU]!;
        const rate = other.rateOf(j);
        q[e] = from[p + ATOM_MS]!;
        q[e + 1] = tau;
        q[e + 2] = rate;
        // a uniform component's rate is its first member's, whose step it already knows
        q[e + 3] = uniform ? from[p + ATOM0]! : atomW + contW > 0 ? atomW / (atomW + contW) : 1;
        q[e + 4] = uniform ? from[p + KEY]! : rateKey(rate, tau);
        q[e + 5] = uniform ? 1 : 0;
        q[e + 6] = atomW;
        q[e + 7] = contW;
        q[e + 8] = uniform ? contW * from[p + RATE0]! : from[p + RATE_SUM]!;
      }
      this.mergedLen += n;
      if (this.mergedLen >= MERGE_BATCH) this.applyMerged();
    }
    this.mixReady = false;
    this.lastComp = -1;
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

  /** Looks the queued merged components up (creating those new here) and adds their weights, in merge order. */
  private applyMerged(): void {
    const q = this.merged;
    for (let j = 0; j < this.mergedLen; j++) {
      const e = j * MERGED;
      const i = this.component(q[e]!, q[e + 1]!, q[e + 2]!, q[e + 3]!, q[e + 4]!, q[e + 5] === 1);
      const rec = this.rec;
      const o = i * STRIDE;
      rec[o + ATOM_W] += q[e + 6]!;
      rec[o + CONT_W] += q[e + 7]!;
      rec[o + RATE_SUM] += q[e + 8]!;
    }
    this.mergedLen = 0;
  }

  reset(): void {
    this.clearComponents();
    if (this.hiB >= 0) this.mass.fill(0, this.loB, this.hiB + 1);
    this.loB = Number.POSITIVE_INFINITY;
    this.hiB = -1;
    this.atoms = 0;
    this.atomOrderFor = -1;
    this.total = 0;
    this.weightedMean = 0;
    this.lowest = Infinity;
    this.highest = -Infinity;
  }

  /** Mean latency of all requests added (NaN when empty). */
  mean(): number {
    return this.total > 0 ? this.weightedMean / this.total : NaN;
  }

  /**
   * Leaves the histogram as reading a quantile would (queued merges applied; pending components spread into the
   * buckets unless the exact mixture or a single component answers), without solving anything. A reader that skips
   * a row's percentiles calls this instead, so that what the row then merges into the run's histogram, and with it
   * every later figure, is the same as when the percentiles are read.
   */
  settleAsRead(): void {
    if (!(this.total > 0)) return;
    if (this.mergedLen > 0) this.applyMerged();
    if (this.single()) return;
    if (this.hiB < 0 && this.atoms === 0 && this.comps <= EXACT_COMPONENTS) return;
    this.flushPending();
  }

  /** The q-quantile (0 ≤ q ≤ 1) of all requests added, in ms; NaN when nothing was added. */
  quantile(q: number): number {
    if (!(this.total > 0)) return NaN;
    if (this.mergedLen > 0) this.applyMerged();
    // Everything added since the last reset is one exact app-model component: answer from its closed form.
    if (this.single()) {
      const d = this.load(0);
      if (q <= 0) return d.minMs;
      if (q >= 1) return d.maxMs;
      return d.quantile(q);
    }
    // Only a few app-model components and nothing else (a sample row's interval): the exact mixture quantile.
    if (this.hiB < 0 && this.atoms === 0 && this.comps <= EXACT_COMPONENTS) return this.mixtureQuantile(q);
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
   * quantile, kept inside a shrinking bracket (a bisection step whenever Newton would leave it). What does not
   * depend on q (W, the range, the waiting times, the pooled start, the mass below and at each atom) is worked out
   * once for all the quantiles read of one state, by the same operations in the same order as for each.
   */
  private mixtureQuantile(q: number): number {
    if (!this.mixReady) this.prepareMixture();
    if (q <= 0) return this.mixLo;
    if (q >= 1) return this.mixHi;
    const target = q * this.mixTotal;
    // the atoms in increasing order: is the quantile one of them, or in the gap below one?
    let below = this.mixLo; // the gap's lower end
    for (let j = 0; ; j++) {
      if (j === this.mixAtoms && !this.nextAtom()) break;
      const atom = this.mixAtomMs[j]!;
      const left = this.mixLeft[j]!;
      if (left >= target && atom > below) return this.solveGap(target, below, atom);
      if (left + this.mixAt[j]! >= target) return atom;
      below = atom;
    }
    return this.solveGap(target, below, this.mixHi);
  }

  /** The mixture's weight, range, waiting times and pooled start (atoms are found as quantiles need them). */
  private prepareMixture(): void {
    const rec = this.rec;
    const n = this.comps;
    // the mixture's weight and range, and the pooled mixture: one component of the weighted mean service time,
    // τ and rate (the Newton start)
    let w = 0;
    let lo = Infinity;
    let hi = -Infinity;
    let atomW = 0;
    let contW = 0;
    let rateSum = 0;
    let s = 0;
    let tau = 0;
    for (let i = 0; i < n; i++) {
      const o = i * STRIDE;
      const cw = rec[o + ATOM_W]! + rec[o + CONT_W]!;
      w += cw;
      const sv = rec[o + ATOM_MS]!;
      if (sv < lo) lo = sv;
      if (sv + rec[o + TAU]! > hi) hi = sv + rec[o + TAU]!;
      atomW += rec[o + ATOM_W]!;
      contW += rec[o + CONT_W]!;
      rateSum += this.uniform[i] === 1 ? rec[o + CONT_W]! * rec[o + RATE0]! : rec[o + RATE_SUM]!;
      s += cw * sv;
      tau += cw * rec[o + TAU]!;
    }
    this.mixTotal = w;
    this.mixLo = lo;
    this.mixHi = hi;
    // each component's waiting time at its (pooled) rate, as `load` would set it (a uniform one added as a
    // distribution has its first member's already)
    const wait = this.waits;
    for (let i = 0; i < n; i++) {
      if (this.uniform[i] === 1 && this.waitCopied[i] === 1) continue;
      (wait[i] ??= new WaitPart()).set(this.rateOf(i), rec[i * STRIDE + TAU]!);
    }
    const d = this.pooled;
    d.atomMs = s / w;
    d.atomMass = atomW / w;
    d.setWait(contW > 0 ? rateSum / contW : 0, tau / w);
    this.mixAtoms = 0;
    this.mixAtomsDone = false;
    this.mixReady = true;
  }

  /** Finds the next distinct service time above the last one found, and the mass below and at it; false past the last. */
  private nextAtom(): boolean {
    if (this.mixAtomsDone) return false;
    const rec = this.rec;
    const n = this.comps;
    const j = this.mixAtoms;
    const prevAtom = j === 0 ? -Infinity : this.mixAtomMs[j - 1]!;
    let atom = Infinity;
    for (let i = 0; i < n; i++) {
      const s = rec[i * STRIDE + ATOM_MS]!;
      if (s > prevAtom && s < atom) atom = s;
    }
    if (atom === Infinity) {
      this.mixAtomsDone = true;
      return false;
    }
    // mass strictly below the atom, and at it
    const wait = this.waits;
    let left = 0;
    let at = 0;
    for (let i = 0; i < n; i++) {
      const o = i * STRIDE;
      const s = rec[o + ATOM_MS]!;
      if (s < atom) left += rec[o + ATOM_W]! + rec[o + CONT_W]! * wait[i]!.cdf(atom - s);
      else if (s === atom) at += rec[o + ATOM_W]!;
    }
    if (j === this.mixAtomMs.length) {
      this.mixAtomMs = grown(this.mixAtomMs, 2 * j);
      this.mixLeft = grown(this.mixLeft, 2 * j);
      this.mixAt = grown(this.mixAt, 2 * j);
    }
    this.mixAtomMs[j] = atom;
    this.mixLeft[j] = left;
    this.mixAt[j] = at;
    this.mixAtoms = j + 1;
    return true;
  }

  /** The root of F(x)·W = target in (a, b], where F is continuous (no atom inside). */
  private solveGap(target: number, a: number, b: number): number {
    // start from the quantile of the pooled rate (exact when there is one component)
    let x = Math.min(b, Math.max(a, this.pooled.quantile(target / this.mixTotal)));
    for (let iter = 0; iter < 100; iter++) {
      const err = this.massAt(x) - target;
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
  private massAt(x: number): number {
    const rec = this.rec;
    const wait = this.waits;
    const n = this.comps;
    let m = 0;
    let d = 0;
    for (let i = 0; i < n; i++) {
      const o = i * STRIDE;
      const s = rec[o + ATOM_MS]!;
      if (s > x) continue;
      m += rec[o + ATOM_W]!;
      const w = x - s;
      const k = wait[i]!;
      const contW = rec[o + CONT_W]!;
      if (w < k.tau) {
        m += contW * k.cdfWithDensity(w);
        d += contW * k.lastDensity;
      } else m += contW;
    }
    this.slope = d;
    return m;
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

/** A copy of `a` in a longer array of `n` elements. */
function grown(a: Float64Array, n: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(n);
  b.set(a);
  return b;
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
