/**
 * Closed-loop clients (`clients: {count, thinkTime}`): N clients, each sending its next request `thinkTime` after
 * the previous answer. Offered load is then an outcome, not an input: it falls as latency rises. kubesim solves it
 * in the fluid model, as the throughput of the closed queueing network the clients and the app's pods form — by
 * exact mean-value analysis (Reiser & Lavenberg 1980), never request by request.
 *
 * The network, for a Service with ready pods k = 1..n of a few kinds (pods of one Deployment and image alike):
 * - the clients: a delay station of mean `thinkTime` Z (think times of any distribution: product form holds);
 * - each pod: its CPU as one exponential server of rate μ = (capacity − idle) / cpuPerRequest (the app model's
 *   M/M/1, src/workload/app-model.ts), visited with probability v = 1/n (kube-proxy's random choice), plus the rest
 *   of its low-load latency, max(0, S − 1/μ), as a pure delay (the app model's latency is S plus the CPU wait: the
 *   CPU service 1/μ is part of S; when the CPU time at the pod's limit is longer than S, a request takes 1/μ — one
 *   client cannot send faster than its pods answer). A pod whose app is down, or a Service with no endpoints, answers at once (a refused
 *   connection): no delay, no queue.
 * MVA, for population k = 1..N: residence per cycle R_j(k) = v_j·(d_j + s_j·(1 + Q_j(k−1))), throughput
 * X(k) = k / (Z + Σ_j m_j·R_j(k)), queue Q_j(k) = X(k)·v_j·s_j·(1 + Q_j(k−1)). It is exact for this product-form
 * network; O(N × kinds), and the simulator caches solutions by their inputs.
 *
 * What a request sees (the arrival theorem: an arriving request sees the network in equilibrium with N − 1
 * clients): wait mean E[W] = s·Q(N−1), busy probability U(N−1) = X(N−1)·v·s. The latency distribution handed to
 * the histogram is S plus a wait that is 0 with probability 1 − U(N−1) and otherwise exponential with mean
 * E[W]/U(N−1) — the exact M/M/1 shape at N = ∞, and exact in its mean for every N.
 *
 * Open traffic on the same pods (a mixed network) slows the clients' share as in mixed-network MVA: the CPU's
 * service time is divided by 1 − U_open. The app model's deadline (the client timeout) is outside product form:
 * the part of the fitted wait beyond the wait budget T − S counts as timed out (those requests fail); the cycle
 * time still uses MVA's mean. That is exact when no request times out, which N/μ < T − S guarantees for a pod.
 */
import { DEFAULT_TIMEOUT_MS, PodLoad, type AppModelParams } from '../app-model.js';

export interface StationKind {
  /** Identical stations (pods) of this kind. */
  count: number;
  /** Probability a request goes to one given station of this kind (1/n for n endpoints). */
  visit: number;
  /** Mean CPU service time per visit, ms (1/μ); 0 when the request costs no queueing. */
  serviceMs: number;
  /** Pure delay per visit, ms (the low-load latency not spent on the CPU). */
  delayMs: number;
  /** Open-loop requests/ms also arriving at each station of this kind (default 0). */
  openPerMs?: number;
}

export interface ClosedNetwork {
  clients: number;
  thinkMs: number;
  kinds: readonly StationKind[];
}

export interface KindSolution {
  /** Mean requests queued or in service at one station, with all N clients. */
  queue: number;
  /** Mean CPU wait an arriving request meets, ms (s·Q(N−1)). */
  waitMs: number;
  /** Probability an arriving request finds the CPU busy (U(N−1), open load included). */
  busy: number;
  /** Mean latency of a visit to one station of this kind, ms (delay + service + wait). */
  latencyMs: number;
}

export interface ClosedSolution {
  /** Requests per ms leaving the clients (all stations together). */
  throughputPerMs: number;
  /** Mean response time (one cycle minus the think time), ms. */
  responseMs: number;
  kinds: KindSolution[];
}

/** Exact MVA of the network (clients rounded down to a whole number; 0 clients send nothing). */
export function solveClosedNetwork(net: ClosedNetwork): ClosedSolution {
  const N = Math.max(0, Math.floor(net.clients));
  const kinds = net.kinds;
  const J = kinds.length;
  const s = new Float64Array(J); // effective service time (open load slows it)
  const openBusy = new Float64Array(J);
  for (let j = 0; j < J; j++) {
    const k = kinds[j]!;
    const u = (k.openPerMs ?? 0) * k.serviceMs;
    openBusy[j] = Math.min(u, 1);
    s[j] = k.serviceMs / Math.max(1e-3, 1 - u);
  }
  const q = new Float64Array(J);
  const prevQ = new Float64Array(J);
  let x = 0;
  let prevX = 0;
  let response = 0;
  for (let n = 1; n <= N; n++) {
    prevQ.set(q);
    prevX = x;
    let total = 0;
    for (let j = 0; j < J; j++) {
      const k = kinds[j]!;
      total += k.count * k.visit * (k.delayMs + s[j]! * (1 + q[j]!));
    }
    const cycle = net.thinkMs + total;
    x = cycle > 0 ? n / cycle : Infinity;
    response = total;
    for (let j = 0; j < J; j++) q[j] = x * kinds[j]!.visit * s[j]! * (1 + q[j]!);
  }
  if (N === 0) {
    for (let j = 0; j < J; j++) {
      const k = kinds[j]!;
      response += k.count * k.visit * (k.delayMs + s[j]!);
    }
  }
  return {
    throughputPerMs: N === 0 ? 0 : x,
    responseMs: response,
    kinds: kinds.map((k, j) => {
      const wait = s[j]! * prevQ[j]! + (s[j]! - k.serviceMs);
      const busyClosed = N === 0 || !Number.isFinite(prevX) ? 0 : prevX * k.visit * s[j]! * (1 - openBusy[j]!);
      return {
        queue: q[j]!,
        waitMs: N === 0 ? 0 : wait,
        busy: Math.min(1, busyClosed + openBusy[j]!),
        latencyMs: k.delayMs + k.serviceMs + (N === 0 ? 0 : wait),
      };
    }),
  };
}


/**
 * One pod's load when (some of) its requests come from closed-loop clients: CPU and capacity as in `evaluatePod`;
 * the latency of served requests is S plus the wait `sol` describes (0 with probability 1 − busy, else exponential
 * with mean waitMs/busy), cut at the wait budget T − S: the fraction busy·e^{−τ/mean} times out and fails.
 */
export function evaluateClosedPod(app: AppModelParams, rps: number, capacityMilli: number, sol: KindSolution, out: PodLoad = new PodLoad()): PodLoad {
  const offered = rps > 0 ? rps : 0;
  const c = app.cpuPerRequestMs;
  const idle = app.idleMilli;
  const s = app.serviceTimeMs;
  const timeout = Math.min(app.timeoutMs ?? DEFAULT_TIMEOUT_MS, 1e9);
  const cap = Math.max(0, capacityMilli);
  const muRps = c > 0 ? Math.max(0, cap - idle) / c : cap > idle ? Infinity : 0;
  const tau = Math.max(0, timeout - (muRps > 0 && muRps < Infinity ? Math.max(s, 1000 / muRps) : s));
  out.offeredRps = offered;
  out.cpuMilli = Math.min(idle + offered * (c > 0 ? c : 0), cap);
  out.capacityRps = muRps;
  out.utilisation = offered === 0 ? 0 : offered / muRps;
  // the low-load latency: serviceTime, or the CPU time at the pod's capacity when that is longer
  const base = muRps > 0 && muRps < Infinity ? Math.max(s, 1000 / muRps) : s;
  out.atomMs = base;
  out.minMs = base;
  out.maxMs = base + tau;
  out.atomMass = 1;
  out.setWait(0, tau);
  if (muRps === 0 || base > timeout) {
    out.servedRps = 0;
    out.failedRps = offered;
    out.probeLatencyMs = muRps === 0 ? Infinity : 0;
    return out;
  }
  const busy = Math.min(1, Math.max(0, sol.busy));
  const wait = Math.max(0, sol.waitMs);
  let timedOut = 0;
  if (busy > 0 && wait > 0) {
    const mean = wait / busy;
    timedOut = busy * Math.exp(-tau / mean);
    out.setWait(1 / mean, tau);
    out.atomMass = Math.min(1, (1 - busy) / (1 - timedOut));
  }
  const served = offered * (1 - timedOut);
  out.servedRps = served;
  out.failedRps = offered - served;
  out.probeLatencyMs = wait;
  return out;
}
