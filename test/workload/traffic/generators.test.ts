/** Specific cases per traffic generator: values at known times, closed-form totals, breaks, noise statistics. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createStream } from '../../../src/engine/random.js';
import {
  CONTINUOUS_BREAK_MS,
  createGenerator,
  createTrafficSource,
  type TrafficSource,
} from '../../../src/workload/traffic/index.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const close = (a: number, b: number, tol = 1e-9): boolean => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

test('constant: the same rate always, rps × seconds requests, no breaks', () => {
  const c = createGenerator({ kind: 'constant', rps: 300 });
  assert.is(c.rate(0), 300);
  assert.is(c.rate(7 * 24 * H), 300);
  assert.is(c.integral(0, H), 300 * 3600);
  assert.is(c.nextBreak(123), Infinity);
});

test('steps: 0 before the first step, each value from its `at`, the last one held', () => {
  const s = createGenerator({ kind: 'steps', steps: [{ atMs: 10 * M, rps: 300 }, { atMs: 30 * M, rps: 900 }] });
  assert.is(s.rate(0), 0);
  assert.is(s.rate(10 * M - 1), 0);
  assert.is(s.rate(10 * M), 300);
  assert.is(s.rate(30 * M - 1), 300);
  assert.is(s.rate(30 * M), 900);
  assert.is(s.rate(100 * H), 900);
  assert.ok(close(s.integral(0, H), 300 * 1200 + 900 * 1800));
  assert.ok(close(s.integral(29 * M, 31 * M), 300 * 60 + 900 * 60));
  assert.is(s.nextBreak(0), 10 * M);
  assert.is(s.nextBreak(10 * M), 30 * M);
  assert.is(s.nextBreak(30 * M), Infinity);
});

test('ramp: 0 before start, from → to linearly, `to` held after end, breaks every minute while ramping', () => {
  const r = createGenerator({ kind: 'ramp', from: 100, to: 700, startMs: H, endMs: H + 30 * M });
  assert.is(r.rate(H - 1), 0);
  assert.is(r.rate(H), 100);
  assert.ok(close(r.rate(H + 15 * M), 400));
  assert.is(r.rate(H + 30 * M), 700);
  assert.is(r.rate(5 * H), 700);
  assert.ok(close(r.integral(H, H + 30 * M), ((100 + 700) / 2) * 1800));
  assert.is(r.nextBreak(0), H);
  assert.is(r.nextBreak(H), H + CONTINUOUS_BREAK_MS);
  assert.is(r.nextBreak(H + 29 * M + 30 * S), H + 30 * M);
  assert.is(r.nextBreak(H + 30 * M), Infinity);
});

test('spike: a trapezoid of extra rps inside [at, at+duration)', () => {
  const sp = createGenerator({ kind: 'spike', atMs: 10 * M, durationMs: 10 * M, rps: 600, riseMs: 2 * M, fallMs: 4 * M });
  assert.is(sp.rate(10 * M - 1), 0);
  assert.is(sp.rate(10 * M), 0);
  assert.ok(close(sp.rate(11 * M), 300));
  assert.is(sp.rate(12 * M), 600);
  assert.is(sp.rate(15 * M), 600);
  assert.ok(close(sp.rate(18 * M), 300));
  assert.is(sp.rate(20 * M), 0);
  // area: rps × (duration − (rise + fall)/2)
  assert.ok(close(sp.integral(0, H), 600 * (600 - 180)));
  assert.is(sp.nextBreak(0), 10 * M);
  assert.is(sp.nextBreak(12 * M), 16 * M);
  assert.is(sp.nextBreak(20 * M), Infinity);

  const square = createGenerator({ kind: 'spike', atMs: 0, durationMs: 30 * S, rps: 100, riseMs: 0, fallMs: 0 });
  assert.is(square.rate(0), 100);
  assert.is(square.rate(30 * S), 0);
  assert.is(square.integral(0, H), 3000);
});

test('diurnal: max at peakAt, min half a period later, the mean over a whole period', () => {
  const d = createGenerator({ kind: 'diurnal', min: 100, max: 900, periodMs: 24 * H, peakAtMs: 14 * H });
  assert.ok(close(d.rate(14 * H), 900));
  assert.ok(close(d.rate(2 * H), 100));
  assert.ok(close(d.rate(8 * H), 500, 1e-6));
  assert.ok(close(d.rate(14 * H + 7 * 24 * H), 900));
  assert.ok(close(d.integral(0, 24 * H), 500 * 86_400, 1e-9));
  assert.ok(close(d.integral(5 * H, 5 * H + 7 * 24 * H), 500 * 86_400 * 7, 1e-9));
  assert.is(d.nextBreak(0), M);
  assert.is(d.nextBreak(M + 1), 2 * M);
  const flat = createGenerator({ kind: 'diurnal', min: 5, max: 5, periodMs: H, peakAtMs: 0 });
  assert.is(flat.nextBreak(0), Infinity);
});

test('sum: components add up, and breaks are the earliest of theirs', () => {
  const src = createTrafficSource(
    [
      { kind: 'constant', rps: 10 },
      { kind: 'steps', steps: [{ atMs: 5 * M, rps: 20 }] },
    ],
    { durationMs: H },
  );
  assert.is(src.rate(0), 10);
  assert.is(src.rate(5 * M), 30);
  assert.is(src.integral(0, 10 * M), 10 * 600 + 20 * 300);
  assert.is(src.nextBreak(0), 5 * M);
  assert.is(createTrafficSource([], { durationMs: H }).integral(0, H), 0);
});

test('noise needs a random stream', () => {
  assert.throws(() => createTrafficSource([{ kind: 'constant', rps: 1 }, { kind: 'noise', noise: 'poisson' }], { durationMs: H }), /RandomStream/);
});

const noisy = (cv: number | null, poisson: boolean, rps = 200, seed = 3): TrafficSource =>
  createTrafficSource(
    [
      { kind: 'constant', rps },
      ...(cv === null ? [] : [{ kind: 'noise' as const, noise: 'jitter' as const, cv }]),
      ...(poisson ? [{ kind: 'noise' as const, noise: 'poisson' as const }] : []),
    ],
    { random: createStream(seed, 'traffic/api'), durationMs: 6 * H },
  );

function perSecond(src: TrafficSource, seconds: number): { mean: number; variance: number; values: number[] } {
  const values: number[] = [];
  for (let i = 0; i < seconds; i++) values.push(src.integral(i * S, (i + 1) * S));
  const mean = values.reduce((a, b) => a + b, 0) / seconds;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / seconds;
  return { mean, variance, values };
}

test('poisson noise: whole-number counts each second, mean and variance ≈ the base rate', () => {
  const { mean, variance, values } = perSecond(noisy(null, true, 20), 6 * 3600);
  for (const v of values.slice(0, 100)) assert.ok(Math.abs(v - Math.round(v)) < 1e-6, `count ${v}`);
  assert.ok(Math.abs(mean - 20) < 0.2, `mean ${mean}`);
  assert.ok(Math.abs(variance - 20) < 1.5, `variance ${variance}`);
});

test('jitter noise: mean factor 1 and the asked-for coefficient of variation', () => {
  const { mean, variance } = perSecond(noisy(0.2, false, 200), 6 * 3600);
  assert.ok(Math.abs(mean - 200) < 2, `mean ${mean}`);
  const cv = Math.sqrt(variance) / mean;
  assert.ok(Math.abs(cv - 0.2) < 0.01, `cv ${cv}`);
});

test('noise: within a second the noisy rate keeps the base shape; beyond the duration the base passes through', () => {
  const src = createTrafficSource(
    [{ kind: 'ramp', from: 0, to: 1000, startMs: 0, endMs: 1000 * S }, { kind: 'noise', noise: 'jitter', cv: 0.5 }],
    { random: createStream(1, 'x'), durationMs: 100 * S },
  );
  const f = src.rate(50_250) / 50.25;
  assert.ok(close(src.rate(50_750) / 50.75, f));
  assert.is(src.rate(200 * S), 200);
  assert.ok(close(src.integral(100 * S, 110 * S), 1050));
  assert.is(src.nextBreak(0), S); // noise: every second of the run is a break
  assert.is(src.nextBreak(100 * S), 2 * M); // after the run only the ramp's whole-minute breaks
});

test('noise: 604,800 seconds (a week) precompute quickly', () => {
  const t0 = performance.now();
  const src = createTrafficSource(
    [{ kind: 'diurnal', min: 100, max: 500, periodMs: 24 * H, peakAtMs: 14 * H }, { kind: 'noise', noise: 'jitter', cv: 0.1 }, { kind: 'noise', noise: 'poisson' }],
    { random: createStream(1, 'week'), durationMs: 7 * 24 * H },
  );
  const ms = performance.now() - t0;
  assert.ok(close(src.integral(0, 7 * 24 * H), 300 * 604_800, 0.01));
  assert.ok(ms < 3000, `took ${ms} ms`);
});

test.run();
