/**
 * The app model: what one pod does with the requests/second routed to it.
 *
 * Inputs: the app's `cpuPerRequestMs` (c, CPU-ms per request), `idleMilli` (I), `serviceTimeMs` (S, latency at low
 * load), the client `timeoutMs` (T, default 30 s), and the pod's CPU capacity C in millicores (its CPU limit; the
 * node's CPU for a pod without one).
 *
 * - CPU: min(I + λ·c, C) millicores for λ offered rps — CFS bandwidth control lets a container use at most its
 *   limit per 100 ms period and throttles the rest. It follows the *offered* load: a server keeps working on a
 *   request whose client has already timed out, so that work is spent too.
 * - Capacity: μ = (C − I) / c requests/second (the CPU left after idle, divided by the cost of one request).
 * - Queueing: one M/M/1 queue per pod with a deadline. A request whose CPU wait would push its latency past the
 *   timeout fails (on arrival, so it costs no queue space): the wait budget is τ = T − S. With ρ = λ/μ the stationary
 *   CPU backlog V has an atom P0 at 0, density λ·P0·e^{−(μ−λ)v} on (0, τ] and the fraction B = ρ·P0·e^{−(μ−λ)τ} of
 *   arrivals finds V > τ and fails, where 1/P0 = 1 + λ(1 − e^{−(μ−λ)τ})/(μ−λ) + ρ·e^{−(μ−λ)τ}. Served latency is
 *   S + W, W the backlog an admitted request finds: exactly S with probability P0/(1−B), else an exponential of
 *   rate μ−λ truncated to (0, τ]. Closed forms give cdf, quantile and mean, with no allocation per call.
 * - Why it behaves: at low load nearly every request takes S (the *whole* latency at low load is the configured
 *   serviceTime; queueing only adds to it); without a timeout the mean wait is ρ/(μ−λ) = 1/(μ−λ) − 1/μ, exactly
 *   what an M/M/1 processor-sharing server adds to its unloaded response time; as ρ → 1 latency climbs and a
 *   timeout tail appears; past capacity (ρ > 1) the pod serves μ rps at latencies near the timeout and the excess
 *   λ − μ fails. Everything is continuous in λ, and offered = served + failed exactly. With c = 0 there is no
 *   queue (latency S); with C ≤ I the pod serves nothing; with S > T every request fails.
 * - Assumptions: Poisson arrivals, exponential CPU demand with mean c, one shared CPU budget per pod (multi-core
 *   limits pool their capacity), every request of an app alike, no retries, memory never limiting. FCFS waiting
 *   gives the shape of the tail; processor sharing would give the same mean with a somewhat longer tail.
 * - Probes: a probe request queues for CPU like any other but does no downstream work, so it sees the mean backlog
 *   E[V] (including arrivals that find V > τ: E[V | V > τ] = τ + 1/μ); `probeLatencyMs` returns it (0 at no load,
 *   growing to the timeout and beyond when overloaded, Infinity with no CPU at all).
 *
 * Cheap by design: `evaluatePod` is a few exp calls (~0.1 µs) and writes into a reusable `PodLoad`. A request-by-
 * request simulation of the same queue (test/workload/app-model.test.ts) agrees on served fraction, mean and p95.
 */
import { settleShape } from '../engine/shapes.js';
import type { LatencyDistribution } from './latency-distribution.js';

export interface AppModelParams {
  /** CPU time one request costs, CPU-milliseconds. */
  cpuPerRequestMs: number;
  /** CPU used with no traffic, millicores. */
  idleMilli: number;
  /** Latency of one request at low load, ms. */
  serviceTimeMs: number;
  /** Client timeout, ms (default `DEFAULT_TIMEOUT_MS`). */
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
/** A longer timeout is treated as this one (about 11.6 days: no different from infinite in practice). */
const MAX_TIMEOUT_MS = 1e9;

/** One pod's load at one instant; also the latency distribution of the requests it serves. Reused across calls. */
export class PodLoad implements LatencyDistribution {
  offeredRps = 0;
  servedRps = 0;
  /** offeredRps − servedRps: requests beyond capacity or past the timeout. */
  failedRps = 0;
  /** CPU used, millicores (at most the capacity). */
  cpuMilli = 0;
  /** Requests/second the pod's CPU can serve: (capacity − idle) / cpuPerRequest (Infinity when c = 0). */
  capacityRps = 0;
  /** Offered load / capacity (ρ); above 1 the pod is overloaded. */
  utilisation = 0;
  /** Mean CPU queueing delay an arrival meets, ms (what a probe sees). */
  probeLatencyMs = 0;

  /** Latency of a request that does not wait (the service time), ms. */
  atomMs = 0;
  /** Probability a served request does not wait. */
  atomMass = 1;
  minMs = 0;
  maxMs = 0;
  /** Wait budget τ = timeout − service time, ms. */
  waitBudgetMs = 0;
  /** Decay rate (μ − λ) of the waiting time's density, per ms; negative when overloaded. */
  waitRate = 0;
  /**
   * The waiting time's cdf K, precomputed so `cdf` costs one exp (the histogram calls it once per bucket); what
   * `setWait(waitRate, waitBudgetMs)` set, so a reader may copy it rather than set its own.
   */
  readonly wait = new WaitPart();

  constructor() {
    // engine/shapes.ts: these come to hold fractions; settled before any code is optimised against them
    settleShape(this, [
      'offeredRps', 'servedRps', 'failedRps', 'cpuMilli', 'capacityRps', 'utilisation', 'probeLatencyMs', 'atomMs', 'atomMass', 'minMs', 'maxMs', 'waitBudgetMs', 'waitRate',
    ]);
  }

  /** Sets the waiting-time part: density ∝ e^{−r·w} on (0, τ]. */
  setWait(r: number, tau: number): void {
    this.waitRate = r;
    this.waitBudgetMs = tau;
    this.wait.set(r, tau);
  }

  /**
   * `setWait(r, τ)` for r > 0 by a caller that has already computed em1 = expm1(−r·τ) (−1 far below capacity) and
   * the wait's mean `waitMean(r, τ)`: the same fields, without computing either again.
   */
  setWaitKnown(r: number, tau: number, em1: number, meanMs: number): void {
    this.waitRate = r;
    this.waitBudgetMs = tau;
    this.wait.setKnown(r, tau, em1, meanMs);
  }

  cdf(xMs: number): number {
    if (xMs < this.atomMs) return 0;
    const w = xMs - this.atomMs;
    if (w >= this.waitBudgetMs) return 1;
    return this.atomMass + (1 - this.atomMass) * this.wait.cdf(w);
  }

  quantile(q: number): number {
    if (q <= this.atomMass) return this.atomMs;
    const u = Math.min(1, (q - this.atomMass) / (1 - this.atomMass));
    return this.atomMs + waitQuantile(this.waitRate, this.waitBudgetMs, u);
  }

  mean(): number {
    return this.atomMs + (1 - this.atomMass) * this.wait.mean();
  }

  /** Whether `other` has the same latency distribution (e.g. two pods of one Deployment sharing a Service). */
  sameDistribution(other: PodLoad): boolean {
    return (
      this.atomMs === other.atomMs &&
      this.atomMass === other.atomMass &&
      this.waitRate === other.waitRate &&
      this.waitBudgetMs === other.waitBudgetMs
    );
  }

  /** Copies `other`'s latency distribution (not its rates) into this object. */
  copyDistribution(other: PodLoad): void {
    this.atomMs = other.atomMs;
    this.atomMass = other.atomMass;
    this.minMs = other.minMs;
    this.maxMs = other.maxMs;
    this.waitRate = other.waitRate;
    this.waitBudgetMs = other.waitBudgetMs;
    this.wait.copy(other.wait); // what setWait(other.waitRate, other.waitBudgetMs) would compute, without its exp
  }
}

/**
 * The waiting time of a served request that waits: density ∝ e^{−r·w} on (0, τ] (r may be ≤ 0), with its cdf K
 * and density precomputed to one exp per call.
 */
export class WaitPart {
  tau = 0;
  /** The decay rate r it was set with. */
  r = 0;
  private mode = 0; // 0: uniform (|rτ| tiny), 1: r > 0, 2: r < 0
  private base = 0;
  private den = 1;
  /** waitMean(r, τ) once asked for or given (NaN: not yet). */
  private meanMs = Number.NaN;

  constructor() {
    settleShape(this, ['tau', 'r', 'base', 'den', 'lastDensity', 'meanMs']);
  }

  /** As `set(r, τ)` for r·τ ≥ 1e-9 and r > 0, with em1 = expm1(−r·τ) and meanMs = waitMean(r, τ) given. */
  setKnown(r: number, tau: number, em1: number, meanMs: number): void {
    this.r = r;
    this.tau = tau;
    this.mode = 1;
    this.den = em1;
    this.meanMs = meanMs;
  }

  /** The mean wait (computed once per `set`). */
  mean(): number {
    const m = this.meanMs;
    return m === m ? m : (this.meanMs = waitMean(this.r, this.tau));
  }

  set(r: number, tau: number): void {
    this.r = r;
    this.tau = tau;
    this.meanMs = Number.NaN;
    if (!(Math.abs(r * tau) >= 1e-9)) {
      this.mode = 0;
    } else if (r > 0) {
      this.mode = 1;
      this.den = Math.expm1(-r * tau); // K(w) = expm1(−rw) / expm1(−rτ)
    } else {
      this.mode = 2;
      this.base = Math.exp(r * tau); // K(w) = (e^{r(τ−w)} − e^{rτ}) / (1 − e^{rτ}), no overflow for r < 0
      this.den = 1 - this.base;
    }
  }

  /** Takes `other`'s waiting time (as `set` with its r and τ would). */
  copy(other: WaitPart): void {
    this.r = other.r;
    this.tau = other.tau;
    this.mode = other.mode;
    this.base = other.base;
    this.den = other.den;
    this.meanMs = other.meanMs;
  }

  /** K(w) = P(wait ≤ w | the request waits). */
  cdf(w: number): number {
    const tau = this.tau;
    if (w >= tau) return 1;
    if (w <= 0) return 0;
    if (this.mode === 0) return w / tau;
    if (this.mode === 1) return Math.expm1(-this.r * w) / this.den;
    return (Math.exp(this.r * (tau - w)) - this.base) / this.den;
  }

  /** The density K'(w) found by the last `cdfWithDensity`. */
  lastDensity = 0;

  /** K(w), and K'(w) into `lastDensity`, for 0 < w < τ, with one exp. */
  cdfWithDensity(w: number): number {
    const tau = this.tau;
    if (w <= 0) {
      this.lastDensity = w < 0 ? 0 : this.density(0);
      return 0;
    }
    if (this.mode === 0) {
      this.lastDensity = 1 / tau;
      return w / tau;
    }
    if (this.mode === 1) {
      const em1 = Math.expm1(-this.r * w);
      this.lastDensity = (-this.r * (em1 + 1)) / this.den;
      return em1 / this.den;
    }
    const e = Math.exp(this.r * (tau - w));
    this.lastDensity = (-this.r * e) / this.den;
    return (e - this.base) / this.den;
  }

  /** K'(w) on (0, τ), 0 outside. */
  density(w: number): number {
    const tau = this.tau;
    if (w >= tau || w < 0) return 0;
    if (this.mode === 0) return 1 / tau;
    if (this.mode === 1) return (-this.r * Math.exp(-this.r * w)) / this.den;
    return (-this.r * Math.exp(this.r * (tau - w))) / this.den;
  }
}

/**
 * Evaluates one pod receiving `rps` with `capacityMilli` of CPU, writing into (and returning) `out`.
 * `rps` ≤ 0 or NaN counts as no traffic.
 */
export function evaluatePod(app: AppModelParams, rps: number, capacityMilli: number, out: PodLoad = new PodLoad()): PodLoad {
  const offered = rps > 0 ? rps : 0;
  const c = app.cpuPerRequestMs;
  const idle = app.idleMilli;
  const s = app.serviceTimeMs;
  const timeout = Math.min(app.timeoutMs ?? DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS);
  const tau = Math.max(0, timeout - s);
  const cap = Math.max(0, capacityMilli);
  const muRps = c > 0 ? Math.max(0, cap - idle) / c : cap > idle ? Infinity : 0;

  out.offeredRps = offered;
  out.cpuMilli = Math.min(idle + offered * (c > 0 ? c : 0), cap);
  out.capacityRps = muRps;
  out.utilisation = offered === 0 ? 0 : offered / muRps;
  out.atomMs = s;
  out.minMs = s;
  out.maxMs = s + tau;
  out.atomMass = 1;

  if (muRps === 0) {
    // no CPU left for requests: nothing is served, a probe never gets an answer
    out.setWait(0, tau);
    setServed(out, 0);
    out.probeLatencyMs = Infinity;
    return out;
  }
  if (muRps === Infinity || offered === 0) {
    out.setWait(0, tau);
    setServed(out, s <= timeout ? offered : 0);
    out.probeLatencyMs = 0;
    return out;
  }

  const lambda = offered / 1000; // per ms
  const mu = muRps / 1000;
  const rho = lambda / mu;
  const delta = mu - lambda;
  const x = delta * tau;
  let p0: number; // P(V = 0)
  let blocked: number; // P(V > τ)
  // far below capacity e^{−x} is 0, expm1(−x) is −1 and expm1(x) is Infinity, to the last bit (`FAR_BELOW`): the
  // same doubles as the calls give, without them
  const far = x > FAR_BELOW;
  // expm1(−x) for x ≥ 1e-9, computed once: for ∫0^τ e^{−δv} dv here and as the waiting time's denominator
  // (`WaitPart.set(δ, τ)` would compute expm1(−δτ), the same double: −(δτ) is (−δ)τ exactly)
  let em1 = Number.NaN;
  if (x >= 0) {
    const e = far ? 0 : Math.exp(-x);
    if (x >= 1e-9) em1 = far ? -1 : Math.expm1(-x);
    const i0 = x < 1e-9 ? tau : -em1 / delta; // ∫0^τ e^{−δv} dv
    p0 = 1 / (1 + lambda * i0 + rho * e);
    blocked = p0 * rho * e;
  } else {
    // overloaded: scale by e^{δτ} so nothing overflows
    const g = Math.exp(x);
    const j = x > -1e-9 ? tau : Math.expm1(x) / delta;
    const q = 1 / (g + lambda * j + rho);
    blocked = rho * q;
    p0 = q * g;
  }
  const servedFraction = 1 - blocked;
  out.atomMass = Math.min(1, p0 / servedFraction);
  setServed(out, s <= timeout ? offered * servedFraction : 0);
  // waitMean(δ, τ) is 1/δ − τ/expm1(δτ), and τ/Infinity is 0
  const waitMeanMs = far ? 1 / delta : waitMean(delta, tau);
  // δ > 0 here when x ≥ 1e-9 (τ ≥ 0), so WaitPart.set would take mode 1 with den = em1
  if (em1 === em1) out.setWaitKnown(delta, tau, em1, waitMeanMs);
  else out.setWait(delta, tau);
  out.probeLatencyMs = Math.max(0, 1 - p0 - blocked) * waitMeanMs + blocked * (tau + 1 / mu);
  return out;
}

/**
 * Past this δτ, e^{−δτ} underflows to 0 (below 745.2 already), so expm1(−δτ) is −1 and expm1(δτ) overflows to
 * Infinity (past 709.8): exactly, for any exp within an ulp. Checked by test/workload/app-model.test.ts.
 */
export const FAR_BELOW = 800;

/** Served rps, and failed = offered − served such that served + failed === offered exactly. */
function setServed(out: PodLoad, served: number): void {
  const offered = out.offeredRps;
  let failed = offered - served;
  // Sterbenz: a − b is exact when b ≥ a/2; whichever of the two is smaller, derive it from the other.
  if (failed > served) served = offered - failed;
  else failed = offered - served;
  out.servedRps = served;
  out.failedRps = failed;
}

/** What a probe request sees: the mean CPU queueing delay at the pod's current load (ms). */
export function probeLatencyMs(load: PodLoad): number {
  return load.probeLatencyMs;
}

// ---- the waiting time of a served request that waits: density ∝ e^{−r·w} on (0, τ] (r may be ≤ 0); cdf above ----

function waitQuantile(r: number, tau: number, u: number): number {
  if (u <= 0 || tau === 0) return 0;
  if (u >= 1) return tau;
  if (Math.abs(r * tau) < 1e-9) return u * tau;
  if (r > 0) return Math.min(tau, -Math.log1p(u * Math.expm1(-r * tau)) / r);
  const a = -r;
  return Math.max(0, tau + Math.log(u + (1 - u) * Math.exp(-a * tau)) / a);
}

function waitMean(r: number, tau: number): number {
  if (tau === 0) return 0;
  const a = Math.abs(r) * tau;
  if (a < 1e-6) return tau / 2 - (r * tau * tau) / 12;
  if (r > 0) return 1 / r - tau / Math.expm1(a);
  return tau - (1 / -r - tau / Math.expm1(a));
}
