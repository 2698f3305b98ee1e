/** The traffic-weighted latency histogram: quantiles of known mixtures, weighting by traffic, reset and merge. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LatencyHistogram } from '../../src/results/latency.js';
import { evaluatePod } from '../../src/workload/app-model.js';
import { pointMass, type LatencyDistribution } from '../../src/workload/latency-distribution.js';

function uniform(a: number, b: number): LatencyDistribution {
  return {
    cdf: (x) => (x <= a ? 0 : x >= b ? 1 : (x - a) / (b - a)),
    quantile: (q) => a + q * (b - a),
    mean: () => (a + b) / 2,
    atomMs: NaN,
    atomMass: 0,
    minMs: a,
    maxMs: b,
  };
}

function exponential(mean: number): LatencyDistribution {
  return {
    cdf: (x) => (x <= 0 ? 0 : -Math.expm1(-x / mean)),
    quantile: (q) => -mean * Math.log1p(-q),
    mean: () => mean,
    atomMs: NaN,
    atomMass: 0,
    minMs: 0,
    maxMs: Infinity,
  };
}

const within = (actual: number, expected: number, rel = 0.02): boolean => Math.abs(actual - expected) <= rel * expected;

test('a mixture of a point mass and a uniform: exact at the atom, within 2% elsewhere', () => {
  const h = new LatencyHistogram();
  h.add(1000, pointMass(10));
  h.add(1000, uniform(100, 200));
  assert.is(h.quantile(0.25), 10);
  assert.is(h.quantile(0.5), 10);
  assert.ok(within(h.quantile(0.75), 150), `p75 ${h.quantile(0.75)}`);
  assert.ok(within(h.quantile(0.99), 198), `p99 ${h.quantile(0.99)}`);
  assert.ok(within(h.quantile(0.51), 102), `p51 ${h.quantile(0.51)}`);
  assert.ok(within(h.quantile(1), 200, 1e-9));
  assert.is(h.quantile(0), 10);
  assert.is(h.mean(), (10 + 150) / 2);
  assert.is(h.weight, 2000);
});

test('weighted by traffic, not an average of averages', () => {
  // a quiet minute at 500 ms and a busy one at 20 ms: 90% of requests were fast
  const h = new LatencyHistogram();
  h.add(9000, pointMass(20));
  h.add(1000, pointMass(500));
  assert.is(h.quantile(0.5), 20);
  assert.is(h.quantile(0.9), 20);
  assert.is(h.quantile(0.95), 500);
  assert.is(h.quantile(0.99), 500);
  assert.is(h.mean(), 0.9 * 20 + 0.1 * 500);
});

test('an exponential: quantiles within 2% of the exact ones', () => {
  const h = new LatencyHistogram();
  const d = exponential(50);
  h.add(1, d);
  for (const q of [0.1, 0.5, 0.9, 0.95, 0.99, 0.999]) {
    assert.ok(within(h.quantile(q), d.quantile(q)), `q=${q}: ${h.quantile(q)} vs ${d.quantile(q)}`);
  }
});

test('app-model distributions at several loads: p50/p95/p99 within 2%', () => {
  const app = { cpuPerRequestMs: 5, idleMilli: 10, serviceTimeMs: 20 };
  for (const rps of [10, 150, 190, 198, 250]) {
    const h = new LatencyHistogram();
    const d = evaluatePod(app, rps, 1000);
    h.add(d.servedRps * 60, d);
    for (const q of [0.5, 0.95, 0.99]) {
      assert.ok(within(h.quantile(q), d.quantile(q)), `${rps} rps q=${q}: ${h.quantile(q)} vs ${d.quantile(q)}`);
    }
    assert.ok(within(h.mean(), d.mean(), 1e-12));
  }
});

test('two pods at different loads: the quantile of the pooled requests', () => {
  const app = { cpuPerRequestMs: 5, idleMilli: 0, serviceTimeMs: 20 };
  const h = new LatencyHistogram();
  const a = evaluatePod(app, 50, 1000);
  h.add(a.servedRps, a);
  const b = evaluatePod(app, 195, 1000);
  h.add(b.servedRps, b);
  // pooled cdf F(x) = (50·Fa(x) + 195·Fb(x)) / 245: check it at the histogram's p95
  const p95 = h.quantile(0.95);
  const pooled = (a.servedRps * a.cdf(p95) + b.servedRps * b.cdf(p95)) / (a.servedRps + b.servedRps);
  assert.ok(Math.abs(pooled - 0.95) < 0.002, `pooled cdf at p95 = ${pooled}`);
});

test('values outside the bucket range: clamped to what was added', () => {
  const h = new LatencyHistogram();
  h.add(1, pointMass(0.01));
  h.add(1, uniform(700_000, 800_000));
  assert.is(h.quantile(0.25), 0.01);
  const p75 = h.quantile(0.75);
  assert.ok(p75 >= 700_000 && p75 <= 800_000, `p75 ${p75}`);
  assert.ok(within(h.quantile(1), 800_000, 1e-9));
});

test('empty: NaN; reset empties; merge equals adding to both', () => {
  const h = new LatencyHistogram();
  assert.ok(Number.isNaN(h.quantile(0.5)));
  h.add(0, pointMass(5));
  assert.ok(Number.isNaN(h.quantile(0.5)));
  h.add(10, uniform(10, 20));
  h.reset();
  assert.ok(Number.isNaN(h.quantile(0.99)));
  assert.is(h.weight, 0);

  const run = new LatencyHistogram();
  const interval = new LatencyHistogram();
  const direct = new LatencyHistogram();
  for (let i = 1; i <= 5; i++) {
    interval.add(i * 100, exponential(10 * i));
    interval.add(50, pointMass(3 * i));
    direct.add(i * 100, exponential(10 * i));
    direct.add(50, pointMass(3 * i));
    run.merge(interval);
    interval.reset();
  }
  for (const q of [0.1, 0.5, 0.9, 0.99]) assert.is(run.quantile(q), direct.quantile(q));
  assert.is(run.mean(), direct.mean());
});

test('more distinct atoms than the side table holds still land in the right place', () => {
  const h = new LatencyHistogram();
  for (let i = 1; i <= 100; i++) h.add(1, pointMass(i));
  assert.ok(within(h.quantile(0.5), 50, 0.03), `p50 ${h.quantile(0.5)}`);
  assert.ok(within(h.quantile(0.99), 99, 0.03), `p99 ${h.quantile(0.99)}`);
});

test('one app-model distribution: quantiles are its own, and merging it equals adding it', () => {
  const load = evaluatePod({ cpuPerRequestMs: 5, idleMilli: 10, serviceTimeMs: 20 }, 150, 1000);
  const interval = new LatencyHistogram();
  interval.add(1000, load);
  for (const q of [0.5, 0.95, 0.99]) assert.is(interval.quantile(q), load.quantile(q));
  const merged = new LatencyHistogram();
  merged.merge(interval);
  const direct = new LatencyHistogram();
  direct.add(1000, load);
  direct.addValue(1e-9, 1); // force the direct one through the buckets too
  merged.addValue(1e-9, 1);
  for (const q of [0.5, 0.95, 0.99]) assert.is(merged.quantile(q), direct.quantile(q));
  assert.is(merged.weight, direct.weight);
});

test('a run of drifting loads merged interval by interval: quantiles of the exact pooled mixture', () => {
  // 2,000 intervals whose per-pod load drifts (as diurnal traffic does), several nearly equal: the pooled components
  // must answer the quantiles of the exact traffic-weighted mixture of every distribution added
  const app = { cpuPerRequestMs: 5, idleMilli: 10, serviceTimeMs: 20 };
  const run = new LatencyHistogram();
  const interval = new LatencyHistogram();
  const added: { w: number; d: ReturnType<typeof evaluatePod> }[] = [];
  for (let i = 0; i < 2000; i++) {
    const rps = 120 + 70 * Math.sin(i / 150) + (i % 7) * 1e-6;
    const d = evaluatePod(app, rps, 1000);
    const w = d.servedRps * 10;
    interval.add(w, d);
    interval.add(w, d); // a second pod of the same share
    added.push({ w: 2 * w, d });
    run.merge(interval);
    interval.reset();
  }
  const total = added.reduce((s, a) => s + a.w, 0);
  const cdf = (x: number): number => added.reduce((s, a) => s + a.w * a.d.cdf(x), 0) / total;
  const exactQuantile = (q: number): number => {
    let lo = 0;
    let hi = 10_000;
    for (let k = 0; k < 80; k++) {
      const mid = (lo + hi) / 2;
      if (cdf(mid) < q) lo = mid;
      else hi = mid;
    }
    return hi;
  };
  // pooling within RATE_STEP costs < 1e-4; a coarse step (10 %) would be off by ~0.3 %
  for (const q of [0.5, 0.9, 0.95, 0.99]) {
    const x = run.quantile(q);
    const exact = exactQuantile(q);
    assert.ok(within(x, exact, 5e-4), `p${q * 100}: ${x} vs exact ${exact}`);
  }
  assert.ok(within(run.mean(), added.reduce((s, a) => s + a.w * a.d.mean(), 0) / total, 1e-9));
});

/** The exact q-quantile of a weighted mixture of distributions, by bisection on its cdf. */
function mixtureQuantile(parts: readonly { w: number; d: LatencyDistribution }[], q: number): number {
  const total = parts.reduce((s, a) => s + a.w, 0);
  const cdf = (x: number): number => parts.reduce((s, a) => s + a.w * a.d.cdf(x), 0) / total;
  let lo = 0;
  let hi = 1e6;
  for (let k = 0; k < 200; k++) {
    const mid = (lo + hi) / 2;
    if (cdf(mid) < q) lo = mid;
    else hi = mid;
  }
  return hi;
}

test('a sample row of a few app-model loads: the exact mixture quantile, no bucket error', () => {
  // per-second noise gives a row ten slightly different per-pod loads; an overloaded second and a second app
  // with another service time make the mixture's atoms and gaps non-trivial
  const a = { cpuPerRequestMs: 5, idleMilli: 10, serviceTimeMs: 20 };
  const b = { cpuPerRequestMs: 2, idleMilli: 5, serviceTimeMs: 8, timeoutMs: 2000 };
  const cases: { name: string; parts: { w: number; rps: number; app: typeof a }[] }[] = [
    { name: 'ten seconds of noise', parts: Array.from({ length: 10 }, (_, i) => ({ w: 100 + i, rps: 140 + 9 * Math.sin(i), app: a })) },
    { name: 'one second overloaded', parts: [{ w: 500, rps: 120, app: a }, { w: 190, rps: 260, app: a }] },
    { name: 'two service times', parts: [{ w: 300, rps: 150, app: a }, { w: 900, rps: 400, app: b }, { w: 50, rps: 480, app: b }] },
  ];
  for (const c of cases) {
    const h = new LatencyHistogram();
    const parts = c.parts.map((p) => {
      const d = evaluatePod(p.app, p.rps, 1000);
      h.add(p.w, d);
      const copy = evaluatePod(p.app, p.rps, 1000);
      return { w: p.w, d: copy };
    });
    for (const q of [0.1, 0.5, 0.9, 0.95, 0.99, 0.999]) {
      const x = h.quantile(q);
      const exact = mixtureQuantile(parts, q);
      assert.ok(within(x, exact, 1e-9), `${c.name} p${q * 100}: ${x} vs exact ${exact}`);
    }
  }
});

/** Bit-for-bit equality of two quantile lists. */
function sameBits(a: readonly number[], b: readonly number[], what: string): void {
  assert.is(a.length, b.length);
  for (let i = 0; i < a.length; i++) assert.ok(Object.is(a[i], b[i]), `${what} [${i}]: ${a[i]} vs ${b[i]}`);
}

const QS = [0, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999, 1];

/**
 * A run of `rows` sample intervals of `perRow` pods each, merged into `run` row by row; `read(row)` says whether the
 * run is read (its quantiles) after that row. The loads cycle through 40 values of two apps (two service times),
 * pairs of them within one rate step (pooled components), so the run keeps few enough components for its exact
 * mixture and reading it changes nothing.
 */
function cyclingRun(rows: number, perRow: number, read: (row: number) => boolean): { run: LatencyHistogram; rowReads: number[] } {
  const a = { cpuPerRequestMs: 5, idleMilli: 10, serviceTimeMs: 20 };
  const b = { cpuPerRequestMs: 2, idleMilli: 5, serviceTimeMs: 8, timeoutMs: 2000 };
  const run = new LatencyHistogram();
  const interval = new LatencyHistogram();
  const rowReads: number[] = [];
  for (let row = 0; row < rows; row++) {
    for (let k = 0; k < perRow; k++) {
      const v = (row * 7 + k * 3) % 40;
      const app = v % 4 === 0 ? b : a;
      const rps = (app === a ? 60 : 300) + 3.7 * (v >> 1) + (v & 1) * 1e-9; // odd v: the even one's rate step
      const d = evaluatePod(app, rps, 1000);
      interval.add(d.servedRps * (1 + (k % 4)), d);
    }
    for (const q of [0.5, 0.95, 0.99]) rowReads.push(interval.quantile(q));
    run.merge(interval);
    interval.reset();
    if (read(row)) for (const q of QS) run.quantile(q);
  }
  return { run, rowReads };
}

test('merging is independent of when the run is read: the same components, weights and quantiles', () => {
  // 30,000 merged components, well past the run's merge batch
  const rows = 3000;
  const never = cyclingRun(rows, 10, () => false);
  const often = cyclingRun(rows, 10, (row) => row % 97 === 0);
  sameBits(often.rowReads, never.rowReads, 'rows');
  const end = (h: LatencyHistogram) => [...QS.map((q) => h.quantile(q)), h.mean(), h.weight];
  sameBits(end(often.run), end(never.run), 'run after all rows');
  // and it is the exact mixture of what was added, not a bucketed approximation
  const p99 = never.run.quantile(0.99);
  assert.ok(p99 > 20 && p99 < 30_000, `p99 ${p99}`);
});

test('quantiles of one state are the same read in any order, or each from a fresh copy', () => {
  const a = { cpuPerRequestMs: 5, idleMilli: 10, serviceTimeMs: 20 };
  const b = { cpuPerRequestMs: 2, idleMilli: 5, serviceTimeMs: 8, timeoutMs: 2000 };
  const build = (): LatencyHistogram => {
    const h = new LatencyHistogram();
    for (let k = 0; k < 12; k++) {
      const d = evaluatePod(k % 4 === 0 ? b : a, (k % 4 === 0 ? 300 : 120) + 13 * k, 1000);
      h.add(d.servedRps * (k + 1), d);
    }
    return h;
  };
  const fresh = QS.map((q) => build().quantile(q));
  const one = build();
  const reversed = [...QS].reverse().map((q) => one.quantile(q)).reverse();
  sameBits(reversed, fresh, 'reversed order');
  sameBits(QS.map((q) => one.quantile(q)), fresh, 'read again');
  // a change after reading is seen by the next read
  const d = evaluatePod(a, 190, 1000);
  one.add(5000, d);
  const changed = build();
  changed.add(5000, d);
  sameBits(QS.map((q) => one.quantile(q)), QS.map((q) => changed.quantile(q)), 'after an add');
});

test('one distribution merged row after row stays one exact component', () => {
  // every merge must find the component the first one made, past the merge batch: the run's quantiles are then
  // the distribution's own closed form, not a mixture of several copies of it
  const load = evaluatePod({ cpuPerRequestMs: 5, idleMilli: 10, serviceTimeMs: 20 }, 175, 1000);
  const run = new LatencyHistogram();
  const interval = new LatencyHistogram();
  for (let row = 0; row < 20_000; row++) {
    interval.add(100, load);
    run.merge(interval);
    interval.reset();
  }
  for (const q of [0.5, 0.9, 0.95, 0.99]) assert.is(run.quantile(q), load.quantile(q));
  assert.is(run.weight, 2_000_000);
});

test.run();
