/** The app model: CPU (idle + per request, capped at the limit), served/failed, and the latency distribution. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createStream } from '../../src/engine/random.js';
import { FAR_BELOW, PodLoad, WaitPart, evaluatePod, probeLatencyMs, type AppModelParams } from '../../src/workload/app-model.js';

const api: AppModelParams = { cpuPerRequestMs: 5, idleMilli: 10, serviceTimeMs: 20, timeoutMs: 30_000 };
// capacity with a 1000m limit: (1000 − 10) / 5 = 198 rps

const cpuRows: { name: string; rps: number; capacity: number; cpu: number }[] = [
  { name: 'no traffic uses the idle CPU', rps: 0, capacity: 1000, cpu: 10 },
  { name: '100 rps at 5 ms each adds 500m', rps: 100, capacity: 1000, cpu: 510 },
  { name: '0.2 rps adds a single millicore', rps: 0.2, capacity: 1000, cpu: 11 },
  { name: 'just below the limit', rps: 198, capacity: 1000, cpu: 1000 },
  { name: 'above the limit it is throttled to the limit', rps: 300, capacity: 1000, cpu: 1000 },
  { name: 'a pod without a limit gets the node capacity', rps: 300, capacity: 4000, cpu: 1510 },
  { name: 'a limit below idle caps idle too', rps: 0, capacity: 5, cpu: 5 },
];
for (const r of cpuRows) {
  test(`CPU: ${r.name}`, () => {
    const load = evaluatePod(api, r.rps, r.capacity);
    assert.ok(Math.abs(load.cpuMilli - r.cpu) < 1e-9, `cpu ${load.cpuMilli}, expected ${r.cpu}`);
  });
}

test('offered = served + failed exactly, at every load', () => {
  const out = new PodLoad();
  for (let rps = 0; rps < 1000; rps += 0.7137) {
    evaluatePod(api, rps, 1000, out);
    assert.ok(out.servedRps + out.failedRps === rps, `${rps}: ${out.servedRps} + ${out.failedRps}`);
    assert.ok(out.servedRps >= 0 && out.failedRps >= 0);
  }
});

test('latency grows with load; p50 is the service time at low load', () => {
  let prevMean = 0;
  let prevP99 = 0;
  for (const rps of [1, 20, 60, 100, 140, 170, 190, 197, 198, 199, 220, 300]) {
    const l = evaluatePod(api, rps, 1000);
    assert.ok(l.mean() > prevMean, `mean at ${rps}: ${l.mean()} after ${prevMean}`);
    assert.ok(l.quantile(0.99) >= prevP99, `p99 at ${rps}: ${l.quantile(0.99)} after ${prevP99}`);
    prevMean = l.mean();
    prevP99 = l.quantile(0.99);
  }
  const low = evaluatePod(api, 1, 1000);
  assert.is(low.quantile(0.5), 20);
  assert.ok(low.mean() - 20 < 0.1);
});

test('past capacity the pod serves its capacity and the excess fails, at latencies near the timeout', () => {
  const l = evaluatePod(api, 300, 1000);
  assert.ok(Math.abs(l.servedRps - 198) < 0.5, `served ${l.servedRps}`);
  assert.ok(Math.abs(l.failedRps - 102) < 0.5, `failed ${l.failedRps}`);
  assert.ok(l.quantile(0.5) > 25_000 && l.quantile(1) <= 30_000, `p50 ${l.quantile(0.5)}`);
  assert.ok(l.utilisation > 1.5);
});

test('near capacity a timeout tail appears before capacity is reached', () => {
  const slow: AppModelParams = { cpuPerRequestMs: 100, idleMilli: 0, serviceTimeMs: 50, timeoutMs: 2_000 }; // μ = 10 rps
  const below = evaluatePod(slow, 5, 1000);
  const near = evaluatePod(slow, 9.5, 1000);
  assert.ok(below.failedRps < 1e-3 * 5, `failed ${below.failedRps}`);
  assert.ok(near.failedRps > 0.1, `failed ${near.failedRps}`);
  assert.ok(near.servedRps < 9.5 && near.servedRps > 8);
});

test('continuous through capacity (the δ = 0 branch)', () => {
  const at = evaluatePod(api, 198, 1000);
  for (const [rel, tol] of [[1e-12, 1e-6], [1e-9, 1e-3], [1e-6, 0.1]]) {
    for (const rps of [198 * (1 - rel), 198 * (1 + rel)]) {
      const l = evaluatePod(api, rps, 1000);
      assert.ok(Math.abs(l.servedRps - at.servedRps) < tol, `${rps}: served ${l.servedRps} vs ${at.servedRps}`);
      assert.ok(Math.abs(l.mean() - at.mean()) < tol * at.mean(), `${rps}: mean ${l.mean()} vs ${at.mean()}`);
      assert.ok(Math.abs(l.probeLatencyMs - at.probeLatencyMs) < tol * at.probeLatencyMs, `${rps}: probe ${l.probeLatencyMs}`);
    }
  }
});

test('the distribution is consistent: cdf(quantile(q)) = q, mean = ∫ quantile', () => {
  for (const rps of [50, 150, 190, 198, 260]) {
    const l = evaluatePod(api, rps, 1000);
    for (const q of [0.5, 0.9, 0.95, 0.99, 0.999]) {
      if (q <= l.atomMass) {
        assert.is(l.quantile(q), 20);
        continue;
      }
      assert.ok(Math.abs(l.cdf(l.quantile(q)) - q) < 1e-9, `${rps} rps q=${q}: cdf(quantile) = ${l.cdf(l.quantile(q))}`);
    }
    let integral = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) integral += l.quantile((i + 0.5) / n);
    integral /= n;
    assert.ok(Math.abs(integral - l.mean()) < 1e-3 * l.mean(), `${rps} rps: mean ${l.mean()} vs ∫quantile ${integral}`);
    assert.is(l.cdf(19.999), 0);
    assert.is(l.cdf(30_000), 1);
  }
});

test('agrees with a request-by-request simulation of the same queue (seeded)', () => {
  // M/M/1 FCFS where an arrival that finds more than τ of work queued fails; latency = service time + wait
  const app: AppModelParams = { cpuPerRequestMs: 10, idleMilli: 0, serviceTimeMs: 30, timeoutMs: 300 }; // μ = 100 rps
  for (const rps of [60, 90, 130]) {
    const rng = createStream(5, `mm1-${rps}`);
    const tau = 270;
    const meanService = 10; // ms of CPU at full capacity
    let work = 0;
    let served = 0;
    let waitSum = 0;
    const n = 400_000;
    const waits: number[] = [];
    for (let i = 0; i < n; i++) {
      work = Math.max(0, work - rng.exponential(1000 / rps));
      if (work <= tau) {
        served++;
        waitSum += work;
        if (i % 8 === 0) waits.push(work);
        work += rng.exponential(meanService);
      }
    }
    waits.sort((a, b) => a - b);
    const l = evaluatePod(app, rps, 1000);
    const simServed = served / n;
    assert.ok(Math.abs(l.servedRps / rps - simServed) < 0.01, `${rps} rps: served ${l.servedRps / rps} vs sim ${simServed}`);
    const simMean = 30 + waitSum / served;
    assert.ok(Math.abs(l.mean() - simMean) < 0.05 * simMean, `${rps} rps: mean ${l.mean()} vs sim ${simMean}`);
    const simP95 = 30 + waits[Math.floor(0.95 * waits.length)];
    assert.ok(Math.abs(l.quantile(0.95) - simP95) < 0.05 * simP95 + 1, `${rps} rps: p95 ${l.quantile(0.95)} vs sim ${simP95}`);
  }
});

test('edge cases: free requests, no CPU left, a service time beyond the timeout', () => {
  const free = evaluatePod({ cpuPerRequestMs: 0, idleMilli: 0, serviceTimeMs: 15 }, 10_000, 100);
  assert.is(free.servedRps, 10_000);
  assert.is(free.quantile(0.99), 15);
  assert.is(free.cpuMilli, 0);

  const starved = evaluatePod({ cpuPerRequestMs: 5, idleMilli: 200, serviceTimeMs: 15 }, 10, 100);
  assert.is(starved.servedRps, 0);
  assert.is(starved.failedRps, 10);
  assert.is(starved.probeLatencyMs, Infinity);

  const tooSlow = evaluatePod({ cpuPerRequestMs: 5, idleMilli: 0, serviceTimeMs: 40_000 }, 10, 1000);
  assert.is(tooSlow.servedRps, 0);
  assert.is(tooSlow.failedRps, 10);

  const idle = evaluatePod(api, 0, 1000);
  assert.is(idle.servedRps + idle.failedRps, 0);
  assert.is(idle.probeLatencyMs, 0);
});

test('probe latency: 0 unloaded, growing with load, beyond a 1s probe timeout when overloaded', () => {
  let prev = -1;
  for (const rps of [0, 50, 150, 190, 198, 250]) {
    const p = probeLatencyMs(evaluatePod(api, rps, 1000));
    assert.ok(p > prev, `probe at ${rps}: ${p}`);
    prev = p;
  }
  assert.ok(probeLatencyMs(evaluatePod(api, 50, 1000)) < 10);
  assert.ok(probeLatencyMs(evaluatePod(api, 250, 1000)) > 1000);
});

test('writes into the object it is given (no allocation in the hot loop)', () => {
  const out = new PodLoad();
  assert.is(evaluatePod(api, 10, 1000, out), out);
  evaluatePod(api, 300, 1000, out);
  assert.is(out.offeredRps, 300);
});

test('the probe latency never falls as the load grows (the routing plans probe crossings by an rps threshold)', () => {
  const apps = [
    { cpuPerRequestMs: 2, idleMilli: 5, serviceTimeMs: 20 },
    { cpuPerRequestMs: 10, idleMilli: 50, serviceTimeMs: 100, timeoutMs: 5000 },
    { cpuPerRequestMs: 0.5, idleMilli: 0, serviceTimeMs: 1, timeoutMs: 1000 },
  ];
  for (const app of apps) {
    for (const capacity of [100, 500, 2000]) {
      let prev = -Infinity;
      const mu = (capacity - app.idleMilli) / app.cpuPerRequestMs;
      // fine steps through capacity, where the formula switches branch
      for (let i = 0; i <= 4000; i++) {
        const rps = (mu * 3 * i) / 4000;
        const probe = evaluatePod(app, rps, capacity).probeLatencyMs;
        assert.ok(probe >= prev, `${JSON.stringify(app)} at ${capacity}m: ${probe} < ${prev} at ${rps} rps`);
        prev = probe;
      }
    }
  }
});

test('far below capacity the exponentials are exactly 0, −1 and Infinity (evaluatePod skips them there)', () => {
  for (const x of [FAR_BELOW, FAR_BELOW + 1e-9, 801.5, 1_000, 1e4, 3.3e6, 1e300]) {
    assert.is(Math.exp(-x), 0, `exp(−${x})`);
    assert.is(Math.expm1(-x), -1, `expm1(−${x})`);
    assert.is(Math.expm1(x), Infinity, `expm1(${x})`);
  }
  // the margin: the shortcut begins well past where the calls give these values
  assert.is(Math.exp(-746), 0);
  assert.is(Math.expm1(710), Infinity);
});

/** The same numbers as evaluatePod's queue for x = δτ ≥ 0, written out with every exponential called. */
function reference(app: AppModelParams, rps: number, capacityMilli: number): { served: number; probe: number; atom: number } {
  const tau = Math.max(0, Math.min(app.timeoutMs ?? 30_000, 1e9) - app.serviceTimeMs);
  const mu = Math.max(0, capacityMilli - app.idleMilli) / app.cpuPerRequestMs / 1000;
  const lambda = rps / 1000;
  const rho = lambda / mu;
  const delta = mu - lambda;
  const x = delta * tau;
  const e = Math.exp(-x);
  const i0 = x < 1e-9 ? tau : -Math.expm1(-x) / delta;
  const p0 = 1 / (1 + lambda * i0 + rho * e);
  const blocked = p0 * rho * e;
  const a = Math.abs(delta) * tau;
  const waitMean = a < 1e-6 ? tau / 2 - (delta * tau * tau) / 12 : 1 / delta - tau / Math.expm1(a);
  return { served: 1 - blocked, probe: Math.max(0, 1 - p0 - blocked) * waitMean + blocked * (tau + 1 / mu), atom: Math.min(1, p0 / (1 - blocked)) };
}

test('evaluatePod gives the very doubles of the full computation, on both sides of the shortcut', () => {
  const apps: AppModelParams[] = [api, { cpuPerRequestMs: 2, idleMilli: 5, serviceTimeMs: 20 }, { cpuPerRequestMs: 0.3, idleMilli: 1, serviceTimeMs: 3, timeoutMs: 2_000 }];
  let far = 0;
  let near = 0;
  for (const app of apps) {
    for (const capacity of [250, 500, 1000, 4000]) {
      const muRps = (capacity - app.idleMilli) / app.cpuPerRequestMs;
      for (const f of [1e-6, 0.01, 0.3, 0.5, 0.9, 0.97, 0.99, 0.999, 0.9999, 1]) {
        const rps = muRps * f;
        const load = evaluatePod(app, rps, capacity);
        const ref = reference(app, rps, capacity);
        const x = ((muRps - rps) / 1000) * Math.max(0, Math.min(app.timeoutMs ?? 30_000, 1e9) - app.serviceTimeMs);
        if (x > FAR_BELOW) far++;
        else near++;
        assert.is(load.probeLatencyMs, ref.probe, `probe at ${rps} rps of ${muRps}`);
        assert.is(load.atomMass, ref.atom, `atom at ${rps} rps of ${muRps}`);
        assert.is(load.servedRps, rps * ref.served, `served at ${rps} rps of ${muRps}`);
      }
    }
  }
  assert.ok(far > 10 && near > 10, `${far} far and ${near} near cases`);
});

test('the waiting time evaluatePod writes (its expm1 and mean handed over) answers as one set anew, near and far', () => {
  const apps: AppModelParams[] = [api, { cpuPerRequestMs: 2, idleMilli: 5, serviceTimeMs: 20 }, { cpuPerRequestMs: 0.3, idleMilli: 1, serviceTimeMs: 3, timeoutMs: 2_000 }];
  let known = 0;
  for (const app of apps) {
    for (const capacity of [250, 1000, 4000]) {
      const muRps = (capacity - app.idleMilli) / app.cpuPerRequestMs;
      // below capacity (far and near), at it, past it, and nothing at all
      for (const f of [0, 1e-6, 0.3, 0.9, 0.999, 0.9999999, 1, 1.2]) {
        const load = evaluatePod(app, muRps * f, capacity);
        const fresh = new WaitPart();
        fresh.set(load.waitRate, load.waitBudgetMs);
        if (load.waitRate > 0 && load.waitRate * load.waitBudgetMs >= 1e-9) known++;
        const tau = load.waitBudgetMs;
        for (const g of [-1, 0, 1e-9, 0.001, 0.3, 0.5, 0.999, 1, 2]) {
          const w = g * tau;
          assert.ok(Object.is(load.wait.cdf(w), fresh.cdf(w)), `${f} of capacity ${capacity}: cdf(${w})`);
          assert.ok(Object.is(load.wait.density(w), fresh.density(w)), `${f} of capacity ${capacity}: density(${w})`);
        }
        assert.ok(Object.is(load.wait.mean(), fresh.mean()), `${f} of capacity ${capacity}: mean`);
        // the whole mean, as the closed form gives it
        const r = load.waitRate;
        const a = Math.abs(r) * tau;
        const waitMean = tau === 0 ? 0 : a < 1e-6 ? tau / 2 - (r * tau * tau) / 12 : r > 0 ? 1 / r - tau / Math.expm1(a) : tau - (1 / -r - tau / Math.expm1(a));
        assert.is(load.mean(), load.atomMs + (1 - load.atomMass) * waitMean, `${f} of capacity ${capacity}: PodLoad.mean`);
      }
    }
  }
  assert.ok(known > 20, `${known} cases set with the known expm1`);
});

// A copied waiting time must answer exactly as one set from the same r and τ (the histogram copies instead of
// setting): uniform (|rτ| tiny), decaying, growing (overloaded), and a copy over a part last set otherwise.
const waitRows: { name: string; r: number; tau: number; over: [number, number] }[] = [
  { name: 'uniform wait', r: 0, tau: 29_980, over: [0.05, 100] },
  { name: 'uniform by a tiny rate', r: 1e-15, tau: 100, over: [-0.2, 500] },
  { name: 'decaying wait', r: 0.0137, tau: 29_980, over: [0, 10] },
  { name: 'growing wait (overloaded)', r: -0.0042, tau: 1_950, over: [0.3, 50] },
  { name: 'a rate of zero budget', r: 0.5, tau: 0, over: [-1, 1] },
];
for (const row of waitRows) {
  test(`WaitPart.copy answers as set: ${row.name}`, () => {
    const set = new WaitPart();
    set.set(row.r, row.tau);
    const copy = new WaitPart();
    copy.set(...row.over);
    copy.copy(set);
    assert.is(copy.r, row.r);
    assert.is(copy.tau, row.tau);
    for (const f of [-1, 0, 1e-9, 0.01, 0.3, 0.5, 0.999, 1, 2]) {
      const w = f * row.tau;
      assert.ok(Object.is(copy.cdf(w), set.cdf(w)), `cdf(${w})`);
      assert.ok(Object.is(copy.density(w), set.density(w)), `density(${w})`);
      assert.ok(Object.is(copy.cdfWithDensity(w), set.cdfWithDensity(w)), `cdfWithDensity(${w})`);
      assert.ok(Object.is(copy.lastDensity, set.lastDensity), `lastDensity(${w})`);
    }
  });
}

test('copyDistribution copies the latency distribution exactly, waiting time included', () => {
  for (const rps of [0, 20, 150, 197.9, 260]) {
    const from = evaluatePod(api, rps, 1000);
    const to = evaluatePod(api, 3, 700); // something else first
    to.copyDistribution(from);
    assert.ok(to.sameDistribution(from));
    for (const x of [0, 20, 20.5, 25, 100, 1000, 29_999, 30_000]) assert.ok(Object.is(to.cdf(x), from.cdf(x)), `${rps} rps: cdf(${x})`);
    for (const q of [0, 0.5, 0.9, 0.99, 0.999, 1]) assert.ok(Object.is(to.quantile(q), from.quantile(q)), `${rps} rps: quantile(${q})`);
    assert.ok(Object.is(to.mean(), from.mean()));
  }
});

test.run();
