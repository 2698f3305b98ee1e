/**
 * Client behaviour in the load accounting: closed-loop clients (`clients: {count, thinkTime}`) and client retries
 * (`spec.clients.<name>: {retries, retryBackoff}`). Both are fluid, like the rest of the accounting.
 *
 * Closed loop: for each stretch of constant client count N, the Service's endpoints form a closed network with the
 * clients (src/workload/traffic/closed-loop.ts); its exact MVA throughput X is the rate they offer, split evenly over
 * the endpoints, and each endpoint's latency distribution comes from the same solution. Endpoints are grouped by
 * their load model (app, image, CPU capacity) and whether their app answers; one that does not answers at once
 * (a refused or reset connection). With no endpoint at all every request fails at once, and the clients cycle at
 * their think time (at least 1 ms). Solutions are cached by their inputs.
 *
 * Retries: requests that fail in an accounting interval [t0, t1) — the endpoints' failed fraction of everything
 * offered to the Service, or all of it with no endpoint — come back as the next attempt spread over
 * [t0 + backoff, t1 + backoff), or over the next interval of the same length if that starts later (the interval
 * [t0, t1) is settled once; a back-off shorter than the interval is delayed to its end). An attempt past `retries`
 * that fails has finally failed. Retries due after the end of the run are counted apart (`retriesAfterEnd`).
 */
import type { PodState } from '../k8s/cluster/types.js';
import { solveClosedNetwork, type KindSolution, type StationKind } from '../workload/traffic/closed-loop.js';
import type { ClientsSpec } from '../workload/traffic/types.js';

/** The shortest client cycle: a refused connection still takes a round trip. */
const MIN_CYCLE_MS = 1;

export interface ClosedStep {
  /** Requests offered over the stretch. */
  requests: number;
  /** Per endpoint (same order as the endpoints), the solution of its kind; undefined when none. */
  kinds: (KindSolution | undefined)[];
}

export class ClosedLoopClients {
  private readonly cache = new Map<string, { xPerMs: number; kinds: KindSolution[] }>();

  constructor(readonly spec: ClientsSpec) {}

  /** Clients at time t (0 before the first entry). */
  countAt(t: number): number {
    let n = 0;
    for (const c of this.spec.count) {
      if (c.atMs <= t) n = c.count;
      else break;
    }
    return n;
  }

  /** The next time after t at which the count changes (Infinity if none). */
  nextChange(t: number): number {
    for (const c of this.spec.count) if (c.atMs > t) return c.atMs;
    return Infinity;
  }

  /**
   * Requests the clients offer over [t0, t1) to `endpoints` (exact across count changes), with `openRps` of open
   * traffic on each endpoint; `kinds` from the stretch that lasts longest.
   */
  offer(t0: number, t1: number, endpoints: readonly PodState[], openRps: number): ClosedStep {
    let requests = 0;
    let best = -1;
    let kinds: (KindSolution | undefined)[] = endpoints.map(() => undefined);
    let t = t0;
    while (t < t1) {
      const end = Math.min(t1, this.nextChange(t));
      const s = this.solve(this.countAt(t), endpoints, openRps);
      requests += s.xPerMs * (end - t);
      if (end - t > best) {
        best = end - t;
        kinds = s.perEndpoint;
      }
      t = end;
    }
    return { requests, kinds };
  }

  /** Requests/second the clients offer at time t (for the t=0 prime). */
  rateAt(t: number, endpoints: readonly PodState[], openRps: number): ClosedStep {
    const s = this.solve(this.countAt(t), endpoints, openRps);
    return { requests: s.xPerMs * 1000, kinds: s.perEndpoint };
  }

  private solve(n: number, endpoints: readonly PodState[], openRps: number): { xPerMs: number; perEndpoint: (KindSolution | undefined)[] } {
    const think = this.spec.thinkMs;
    if (endpoints.length === 0) return { xPerMs: n / Math.max(think, MIN_CYCLE_MS), perEndpoint: [] };
    // group endpoints into kinds
    const keys: string[] = [];
    const kindOf: number[] = [];
    const kinds: StationKind[] = [];
    const visit = 1 / endpoints.length;
    for (const p of endpoints) {
      const k = station(p, visit, openRps / 1000);
      const key = `${k.serviceMs}\u0000${k.delayMs}`;
      let i = keys.indexOf(key);
      if (i < 0) {
        i = keys.length;
        keys.push(key);
        kinds.push(k);
      } else kinds[i]!.count++;
      kindOf.push(i);
    }
    const cacheKey = `${n}\u0001${think}\u0001${endpoints.length}\u0001${openRps}\u0001${keys.map((k, i) => `${k}\u0000${kinds[i]!.count}`).join('\u0001')}`;
    let sol = this.cache.get(cacheKey);
    if (!sol) {
      const refusing = kinds.every((k) => k.serviceMs === 0 && k.delayMs === 0);
      if (refusing) sol = { xPerMs: n / Math.max(think, MIN_CYCLE_MS), kinds: kinds.map(() => ({ queue: 0, waitMs: 0, busy: 0, latencyMs: 0 })) };
      else {
        const r = solveClosedNetwork({ clients: n, thinkMs: think, kinds });
        sol = { xPerMs: r.throughputPerMs, kinds: r.kinds };
      }
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(cacheKey, sol);
    }
    const solved = sol;
    return { xPerMs: solved.xPerMs, perEndpoint: kindOf.map((i) => solved.kinds[i]) };
  }
}

/** One endpoint as a station of the closed network. */
function station(p: PodState, visit: number, openPerMs: number): StationKind {
  const m = p.load;
  if (!m || !p.containerRunning || !p.appUp) return { count: 1, visit, serviceMs: 0, delayMs: 0 };
  const app = m.app;
  const c = app.cpuPerRequestMs;
  const mu = c > 0 ? Math.max(0, m.capacityMilli - app.idleMilli) / c : Infinity; // requests per second
  if (mu === 0) return { count: 1, visit, serviceMs: 0, delayMs: 0 }; // answers nothing: fails at once
  const serviceMs = mu === Infinity ? 0 : 1000 / mu;
  return { count: 1, visit, serviceMs, delayMs: Math.max(0, app.serviceTimeMs - serviceMs), openPerMs };
}

interface Segment {
  start: number;
  end: number;
  /** Requests per ms. */
  rate: number;
  /** 1 = first retry. */
  attempt: number;
}

/** Requests that failed and come back: per attempt, as segments of constant rate. */
export class RetryQueue {
  private pending: Segment[] = [];
  /** Counts over the run. */
  original = 0;
  retries = 0;
  finallyFailed = 0;

  constructor(readonly maxRetries: number, readonly backoffMs: number) {}

  /** Retries of each attempt (index 1..maxRetries) arriving in [t0, t1). */
  arriving(t0: number, t1: number): Float64Array {
    const out = new Float64Array(this.maxRetries + 1);
    let keep = 0;
    for (const s of this.pending) {
      const a = Math.max(s.start, t0);
      const b = Math.min(s.end, t1);
      if (b > a) out[s.attempt] += s.rate * (b - a);
      if (s.end > t1) this.pending[keep++] = s;
    }
    this.pending.length = keep;
    return out;
  }

  /**
   * Settles [t0, t1): `original` new open-loop requests, `closed` closed-loop ones and the retries `arrived` (from
   * `arriving`) met the failed fraction `failedFraction`; failures come back as the next attempt or have finally
   * failed (a closed-loop request's failure is final).
   */
  settle(t0: number, t1: number, original: number, arrived: Float64Array, failedFraction: number, closed = 0): void {
    const f = Math.min(1, Math.max(0, failedFraction));
    // closed-loop clients' requests count as original ones; they do not retry, so their failures are final
    this.original += original + closed;
    this.finallyFailed += closed * f;
    const dt = t1 - t0;
    for (let a = 0; a <= this.maxRetries; a++) {
      const offered = a === 0 ? original : arrived[a]!;
      if (a > 0) this.retries += offered;
      const failed = offered * f;
      if (!(failed > 0)) continue;
      if (a === this.maxRetries) {
        this.finallyFailed += failed;
        continue;
      }
      const start = Math.max(t0 + this.backoffMs, t1);
      this.pending.push({ start, end: start + dt, rate: failed / dt, attempt: a + 1 });
    }
  }

  /** Retries due at or after `t` (the end of the run): never sent within it. */
  after(t: number): number {
    let n = 0;
    for (const s of this.pending) n += s.rate * (s.end - Math.max(s.start, t));
    return n;
  }
}
