/**
 * Closed-loop clients: the MVA solver against an independent exact solution of the same product-form network
 * (Buzen's convolution algorithm: X = G(N−1)/G(N)), within 1 %, and the pod load the simulator derives from it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { evaluateClosedPod, solveClosedNetwork, type StationKind } from '../../../src/workload/traffic/closed-loop.js';

/** Normalising constants G(0..N) of an IS station (demand z) and queueing stations of demands d (convolution). */
function buzen(N: number, z: number, demands: number[]): number[] {
  // IS station: g(n) = z^n / n!
  let g = Array.from({ length: N + 1 }, (_, n) => {
    let v = 1;
    for (let i = 1; i <= n; i++) v *= z / i;
    return v;
  });
  for (const d of demands) {
    const next = new Array<number>(N + 1).fill(0);
    for (let n = 0; n <= N; n++) next[n] = g[n]! + (n > 0 ? d * next[n - 1]! : 0);
    g = next;
  }
  return g;
}

/** Throughput (per ms) and mean response (ms) of the network by convolution. */
function exact(N: number, thinkMs: number, kinds: StationKind[]): { x: number; r: number } {
  // in units of the largest demand, so z^n/n! and d^n stay in range (G(n) scales by unit^n)
  const zMs = thinkMs + kinds.reduce((a, k) => a + k.count * k.visit * k.delayMs, 0);
  const dMs = kinds.flatMap((k) => Array<number>(k.count).fill(k.visit * k.serviceMs));
  const unit = Math.max(zMs, ...dMs);
  const g = buzen(N, zMs / unit, dMs.map((d) => d / unit));
  const x = g[N - 1]! / g[N]! / unit;
  return { x, r: N / x - thinkMs };
}

const pod = (count: number, serviceMs: number, delayMs: number): StationKind => ({ count, visit: 1 / count, serviceMs, delayMs });
const rows: [string, number, number, StationKind[]][] = [
  ['one client, one pod: no queueing, the cycle is think + latency', 1, 10, [pod(1, 26, 0)]],
  ["the walkthrough's loop on one php-apache pod (13 ms CPU at 500m)", 1, 10, [pod(1, 13 / 0.499, 0)]],
  ['ten clients on one pod queue up', 10, 100, [pod(1, 20, 5)]],
  ['fifty clients with 100 ms think time over four pods', 50, 100, [pod(4, 20, 5)]],
  ['two hundred clients, no think time, saturating three pods', 200, 0, [pod(3, 10, 2)]],
  ['a rollout: two kinds of pod behind one Service', 30, 50, [{ count: 2, visit: 1 / 5, serviceMs: 20, delayMs: 5 }, { count: 3, visit: 1 / 5, serviceMs: 40, delayMs: 1 }]],
];
for (const [name, N, Z, kinds] of rows) {
  test(`MVA matches the exact closed network within 1 %: ${name}`, () => {
    const sol = solveClosedNetwork({ clients: N, thinkMs: Z, kinds });
    const want = exact(N, Z, kinds);
    assert.ok(Math.abs(sol.throughputPerMs / want.x - 1) < 0.01, `throughput ${sol.throughputPerMs} vs ${want.x}`);
    assert.ok(Math.abs(sol.responseMs / want.r - 1) < 0.01, `response ${sol.responseMs} vs ${want.r}`);
    // the per-kind latencies, weighted by visits, add up to the response time
    const sum = kinds.reduce((a, k, j) => a + k.count * k.visit * sol.kinds[j]!.latencyMs, 0);
    assert.ok(Math.abs(sum / want.r - 1) < 0.01, `latency per visit ${sum} vs ${want.r}`);
    // the latency distribution handed to the histogram has MVA's mean (a pod of 1000m: cpuPerRequest = 1/μ)
    kinds.forEach((k, j) => {
      const app = { cpuPerRequestMs: k.serviceMs, idleMilli: 0, serviceTimeMs: k.serviceMs + k.delayMs };
      const load = evaluateClosedPod(app, sol.throughputPerMs * 1000 * k.visit, 1000, sol.kinds[j]!);
      assert.ok(Math.abs(load.mean() / sol.kinds[j]!.latencyMs - 1) < 0.01, `mean ${load.mean()} vs ${sol.kinds[j]!.latencyMs}`);
      assert.is(load.failedRps, 0);
    });
  });
}

test('one client never waits: the pod load shows the service time only and fails nothing', () => {
  // 13 ms of CPU at a 500m limit (1m idle) takes 26.05 ms: longer than the 15 ms serviceTime, so that is the latency
  const serviceMs = 13 / 0.499;
  const sol = solveClosedNetwork({ clients: 1, thinkMs: 10, kinds: [pod(1, serviceMs, 0)] });
  assert.is(sol.kinds[0]!.waitMs, 0);
  assert.is(sol.kinds[0]!.busy, 0);
  const rps = sol.throughputPerMs * 1000;
  assert.ok(Math.abs(rps - 1000 / (10 + serviceMs)) < 1e-9);
  const load = evaluateClosedPod({ cpuPerRequestMs: 13, idleMilli: 1, serviceTimeMs: 15 }, rps, 500, sol.kinds[0]!);
  assert.is(load.failedRps, 0);
  assert.ok(Math.abs(load.quantile(0.99) - serviceMs) < 1e-9);
  assert.ok(Math.abs(load.cpuMilli - (1 + rps * 13)) < 1e-9);
  assert.ok(load.cpuMilli < 500);
});

test('many clients on a slow pod: waits past the wait budget time out', () => {
  const kinds = [pod(1, 100, 0)];
  const sol = solveClosedNetwork({ clients: 500, thinkMs: 0, kinds });
  const load = evaluateClosedPod({ cpuPerRequestMs: 100, idleMilli: 0, serviceTimeMs: 100, timeoutMs: 30_000 }, sol.throughputPerMs * 1000, 1000, sol.kinds[0]!);
  assert.ok(sol.kinds[0]!.waitMs > 40_000);
  assert.ok(load.failedRps > 0 && load.servedRps > 0);
  assert.ok(Math.abs(load.servedRps + load.failedRps - load.offeredRps) < 1e-12);
});

test('no clients send nothing', () => {
  assert.is(solveClosedNetwork({ clients: 0, thinkMs: 10, kinds: [pod(1, 10, 0)] }).throughputPerMs, 0);
});

test.run();
