/**
 * Closed-loop clients and client retries in the simulated world: throughput against exact MVA (within 1 %), a
 * count schedule, and retries against hand-computed amplification.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { simulate } from '../../src/world/simulate.js';
import { solveClosedNetwork } from '../../src/workload/traffic/closed-loop.js';
import type { TrafficComponentSpec } from '../../src/workload/traffic/types.js';
import { deployment, scenario } from './world-fixture.js';

// The fixture's pods: 500m CPU limit, 5 ms of CPU per request (μ = 100 rps, 1/μ = 10 ms), serviceTime 10 ms.
const SERVICE_MS = 10;
const mva = (clients: number, thinkMs: number, pods: number) =>
  solveClosedNetwork({ clients, thinkMs, kinds: [{ count: pods, visit: 1 / pods, serviceMs: SERVICE_MS, delayMs: 0 }] });
const clients = (count: number | { atMs: number; count: number }[], thinkMs: number): TrafficComponentSpec => ({
  kind: 'clients',
  count: typeof count === 'number' ? [{ atMs: 0, count }] : count,
  thinkMs,
});

const rows: [string, number, number, number][] = [
  ['twenty clients, 100 ms think time, three pods', 20, 100, 3],
  ["one client looping every 10 ms (the walkthrough's load generator), one pod", 1, 10, 1],
  ['two hundred clients with no think time saturate three pods without a timeout', 200, 0, 3],
];
for (const [name, n, z, pods] of rows) {
  test(`closed loop: throughput and response time (Little's law) match MVA within 1 %: ${name}`, () => {
    const s = scenario({ durationMs: 600_000, deployments: [deployment({ replicas: pods, probe: null })], traffic: [clients(n, z)] });
    const r = simulate(s).summary;
    const want = mva(n, z, pods);
    const x = r.requests.offered / 600 / 1000; // per ms
    assert.ok(Math.abs(x / want.throughputPerMs - 1) < 0.01, `throughput ${x * 1000} rps vs MVA ${want.throughputPerMs * 1000}`);
    const response = n / x - z;
    assert.ok(Math.abs(response / want.responseMs - 1) < 0.01, `response ${response} ms vs MVA ${want.responseMs}`);
    assert.is(r.requests.failed, 0);
  });
}

test('closed loop: the client count follows its schedule', () => {
  const s = scenario({ durationMs: 600_000, deployments: [deployment({ replicas: 2, probe: null })], traffic: [clients([{ atMs: 0, count: 10 }, { atMs: 300_000, count: 40 }], 50)] });
  const r = simulate(s).summary;
  const want = (mva(10, 50, 2).throughputPerMs + mva(40, 50, 2).throughputPerMs) * 300_000;
  assert.ok(Math.abs(r.requests.offered / want - 1) < 0.01, `${r.requests.offered} vs ${want}`);
});

test('closed loop: latency rises with clients while throughput saturates at the pods capacity', () => {
  const run = (n: number) => simulate(scenario({ durationMs: 120_000, deployments: [deployment({ replicas: 1, probe: null })], traffic: [clients(n, 0)] })).summary;
  const few = run(1);
  const many = run(50);
  assert.ok(Math.abs(few.latency.p50 - SERVICE_MS) < 1e-6, `p50 ${few.latency.p50}`);
  assert.ok(many.latency.p50 > 100 * SERVICE_MS * 0.3, `p50 ${many.latency.p50}`);
  assert.ok(Math.abs(many.requests.offered / 120 - 100) < 1, `${many.requests.offered / 120} rps`); // μ = 100 rps
});

test('retries: every request fails (no endpoints), two retries 1 s apart: 6000 + 5900 + 5800 attempts', () => {
  const s = scenario({
    durationMs: 60_000,
    sampleIntervalMs: 1000,
    deployments: [deployment({ replicas: 0 })],
    traffic: [{ kind: 'constant', rps: 100 }],
    clients: { api: { retries: 2, retryBackoffMs: 1000 } },
  });
  const r = simulate(s).summary;
  assert.equal(r.clients, { originalRequests: 6000, retries: 11_700, finallyFailed: 5800, amplification: 17_700 / 6000, retriesAfterEnd: 200 });
  assert.equal(r.requests, { offered: 17_700, served: 0, failed: 17_700 });
});

test('retries: a back-off longer than the accounting interval is exact (2.5 s: 6000 + 5750 + 5500)', () => {
  const s = scenario({
    durationMs: 60_000,
    sampleIntervalMs: 1000,
    deployments: [deployment({ replicas: 0 })],
    traffic: [{ kind: 'constant', rps: 100 }],
    clients: { api: { retries: 2, retryBackoffMs: 2500 } },
  });
  const c = simulate(s).summary.clients!;
  assert.is(c.originalRequests, 6000);
  assert.is(c.retries, 5750 + 5500);
  assert.is(c.finallyFailed, 5500);
  assert.is(c.retriesAfterEnd, 500);
});

test('retries: an overloaded pod amplifies its own overload (one retry: λ = 150 (1 + f), f = 1 − 100/λ → λ = 236.6 rps)', () => {
  const s = scenario({
    durationMs: 600_000,
    sampleIntervalMs: 1000,
    deployments: [deployment({ replicas: 1, probe: null })],
    traffic: [{ kind: 'constant', rps: 150 }],
    clients: { api: { retries: 1, retryBackoffMs: 1000 } },
  });
  const r = simulate(s).summary;
  const lambda = (300 + Math.sqrt(300 * 300 - 4 * 15_000)) / 2;
  const amp = r.clients!.amplification;
  assert.ok(Math.abs(amp / (lambda / 150) - 1) < 0.01, `amplification ${amp} vs ${lambda / 150}`);
  // served ≈ capacity; what finally failed is the rest of the original requests
  assert.ok(Math.abs(r.clients!.finallyFailed / (r.clients!.originalRequests - r.requests.served) - 1) < 0.01);
});

test('retries of 0: nothing comes back, every failure is final', () => {
  const s = scenario({ durationMs: 60_000, deployments: [deployment({ replicas: 0 })], traffic: [{ kind: 'constant', rps: 10 }], clients: { api: { retries: 0, retryBackoffMs: 0 } } });
  assert.equal(simulate(s).summary.clients, { originalRequests: 600, retries: 0, finallyFailed: 600, amplification: 1, retriesAfterEnd: 0 });
});

test('retries do not apply to closed-loop clients: with no endpoint their failures are final', () => {
  const s = scenario({ durationMs: 10_000, deployments: [deployment({ replicas: 0 })], traffic: [clients(5, 100)], clients: { api: { retries: 3, retryBackoffMs: 1000 } } });
  const c = simulate(s).summary.clients!;
  // no endpoint: each client's request fails at once and it sends the next after 100 ms: 5 × 10 s / 0.1 s
  assert.equal(c, { originalRequests: 500, retries: 0, finallyFailed: 500, amplification: 1, retriesAfterEnd: 0 });
});

test.run();
