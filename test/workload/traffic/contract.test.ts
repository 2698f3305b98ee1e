/**
 * The contract every traffic source passes: the integral is the integral of the rate, additive,
 * never negative, the same for the same seed, and nextBreak always moves forward. New generators add a row.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createStream } from '../../../src/engine/random.js';
import {
  fillPerSecond,
  createTrafficSource,
  parseCsvTrace,
  type TrafficComponentSpec,
  type TrafficSource,
} from '../../../src/workload/traffic/index.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const HORIZON = 3 * H;

const csvTrace = parseCsvTrace('time,rps\n0,10\n1.5,12.25\n60,0\n61,400\n3600,75\n', 'inline.csv');

const rows: { name: string; components: TrafficComponentSpec[] }[] = [
  { name: 'constant', components: [{ kind: 'constant', rps: 300 }] },
  {
    name: 'steps',
    components: [{ kind: 'steps', steps: [{ atMs: 0, rps: 300 }, { atMs: 30 * M, rps: 900 }, { atMs: 45 * M, rps: 0 }, { atMs: 50 * M + 7, rps: 120.5 }] }],
  },
  { name: 'steps starting late (0 before)', components: [{ kind: 'steps', steps: [{ atMs: 10 * M, rps: 100 }] }] },
  { name: 'ramp up', components: [{ kind: 'ramp', from: 0, to: 600, startMs: H, endMs: H + 30 * M }] },
  { name: 'ramp down, odd times', components: [{ kind: 'ramp', from: 200, to: 50, startMs: 5 * M + 333, endMs: 20 * M + 7 * S }] },
  { name: 'ramp with start = end (a step)', components: [{ kind: 'ramp', from: 10, to: 20, startMs: 7 * M, endMs: 7 * M }] },
  { name: 'csv', components: [{ kind: 'csv', file: 'inline.csv', scale: 1, trace: csvTrace }] },
  { name: 'csv scaled', components: [{ kind: 'csv', file: 'inline.csv', scale: 2.5, trace: csvTrace }] },
  { name: 'spike (square)', components: [{ kind: 'spike', atMs: 40 * M, durationMs: 10 * M, rps: 500, riseMs: 0, fallMs: 0 }] },
  { name: 'spike (trapezoid)', components: [{ kind: 'spike', atMs: 40 * M + 1, durationMs: 10 * M, rps: 500, riseMs: 90 * S, fallMs: 3 * M + 1 }] },
  { name: 'spike (triangle)', components: [{ kind: 'spike', atMs: 10 * M, durationMs: 4 * M, rps: 80, riseMs: 2 * M, fallMs: 2 * M }] },
  { name: 'diurnal', components: [{ kind: 'diurnal', min: 100, max: 900, periodMs: 24 * H, peakAtMs: 14 * H }] },
  { name: 'diurnal, short period, min 0', components: [{ kind: 'diurnal', min: 0, max: 50, periodMs: 7 * M + 13 * S, peakAtMs: 0 }] },
  {
    name: 'sum of constant, steps and spike',
    components: [
      { kind: 'constant', rps: 50 },
      { kind: 'steps', steps: [{ atMs: 20 * M, rps: 100 }] },
      { kind: 'spike', atMs: 30 * M, durationMs: 5 * M, rps: 300, riseMs: M, fallMs: 0 },
    ],
  },
  {
    name: 'poisson noise on diurnal + steps',
    components: [
      { kind: 'diurnal', min: 0, max: 40, periodMs: H, peakAtMs: 0 },
      { kind: 'steps', steps: [{ atMs: 0, rps: 3 }, { atMs: 90 * M + 500, rps: 300 }] },
      { kind: 'noise', noise: 'poisson' },
    ],
  },
  { name: 'jitter noise on a ramp', components: [{ kind: 'ramp', from: 10, to: 600, startMs: 0, endMs: 2 * H }, { kind: 'noise', noise: 'jitter', cv: 0.3 }] },
  {
    name: 'jitter then poisson on a constant',
    components: [{ kind: 'constant', rps: 25 }, { kind: 'noise', noise: 'jitter', cv: 0.5 }, { kind: 'noise', noise: 'poisson' }],
  },
  { name: 'nothing', components: [] },
];

const make = (components: TrafficComponentSpec[], seed = 7): TrafficSource =>
  createTrafficSource(components, { random: createStream(seed, 'traffic/test'), durationMs: HORIZON });

// 5-point Gauss–Legendre on [a, b] (interior nodes only, so a jump exactly at b is never sampled)
const GL_X = [0, -0.5384693101056831, 0.5384693101056831, -0.906179845938664, 0.906179845938664];
const GL_W = [0.5688888888888889, 0.47862867049936647, 0.47862867049936647, 0.23692688505618908, 0.23692688505618908];
function gauss(src: TrafficSource, a: number, b: number): number {
  const h = (b - a) / 2;
  const m = (a + b) / 2;
  let s = 0;
  for (let i = 0; i < 5; i++) s += GL_W[i] * src.rate(m + h * GL_X[i]);
  return (s * h) / 1000;
}

/** Numerical integral of the rate, split at every break and whole second (noise changes each second). */
function numeric(src: TrafficSource, a: number, b: number): number {
  let total = 0;
  let t = a;
  while (t < b) {
    const next = Math.min(b, src.nextBreak(t), (Math.floor(t / S) + 1) * S);
    total += gauss(src, t, next);
    t = next;
  }
  return total;
}

const rng = createStream(1, 'contract-windows');
const randomTime = (max = HORIZON): number => Math.floor(rng.next() * max);
const windows: [number, number][] = [
  [0, 25 * M],
  [29 * M + 500, 31 * M + 250],
  [H - 1, H + 45 * M],
  [HORIZON - 10 * M, HORIZON + 5 * M], // past the noise horizon
  [0, 0],
];
for (let i = 0; i < 12; i++) {
  const a = randomTime();
  windows.push([a, a + randomTime(20 * M)]);
}

for (const row of rows) {
  test(`${row.name}: integral equals the integral of the rate`, () => {
    const src = make(row.components);
    for (const [a, b] of windows) {
      const exact = src.integral(a, b);
      const approx = numeric(src, a, b);
      const tol = 1e-7 * Math.max(1, Math.abs(approx));
      assert.ok(Math.abs(exact - approx) <= tol, `[${a}, ${b}): integral ${exact} vs numeric ${approx}`);
    }
  });

  test(`${row.name}: integral is additive`, () => {
    const src = make(row.components);
    for (let i = 0; i < 40; i++) {
      const [a, b, c] = [randomTime(), randomTime(), randomTime()].sort((x, y) => x - y);
      const whole = src.integral(a, c);
      const parts = src.integral(a, b) + src.integral(b, c);
      assert.ok(Math.abs(whole - parts) <= 1e-9 * Math.max(1, whole), `[${a}, ${b}, ${c}): ${whole} vs ${parts}`);
    }
    assert.is(src.integral(1234, 1234), 0);
  });

  test(`${row.name}: rate and integral are never negative`, () => {
    const src = make(row.components);
    for (let t = 0; t < HORIZON + H; t += 997) assert.ok(src.rate(t) >= 0, `rate(${t}) = ${src.rate(t)}`);
    for (let i = 0; i < 200; i++) {
      const a = randomTime();
      const b = a + randomTime(M);
      assert.ok(src.integral(a, b) >= 0, `integral(${a}, ${b}) = ${src.integral(a, b)}`);
    }
  });

  test(`${row.name}: the same seed gives the same numbers`, () => {
    const x = make(row.components, 99);
    const y = make(row.components, 99);
    for (let t = 0; t < HORIZON; t += 60_013) {
      assert.is(x.rate(t), y.rate(t));
      assert.is(x.integral(t, t + 12_345), y.integral(t, t + 12_345));
      assert.is(x.nextBreak(t), y.nextBreak(t));
    }
  });

  test(`${row.name}: nextBreak is always later, and walking the breaks ends or keeps moving`, () => {
    const src = make(row.components);
    for (const [a, b] of windows) {
      for (const t of [a, b, a + 0.5]) assert.ok(src.nextBreak(t) > t, `nextBreak(${t}) = ${src.nextBreak(t)}`);
    }
    let t = 0;
    let steps = 0;
    // noise breaks every second of the run: up to HORIZON / 1 s steps, plus the pieces' own
    while (t < HORIZON && steps < HORIZON / S + 10_000) {
      const n = src.nextBreak(t);
      assert.ok(n > t, `nextBreak(${t}) = ${n}`);
      t = n;
      steps++;
    }
    assert.ok(t >= HORIZON, `walking the breaks stalled at ${t}`);
  });
}

test('every per-second fast path gives exactly the numbers integral gives', () => {
  let checked = 0;
  for (const row of rows) {
    const src = make(row.components);
    const n = HORIZON / S;
    const out = new Float64Array(n);
    fillPerSecond(src, n, out);
    for (let i = 0; i < n; i++) assert.is(out[i], src.integral(i * S, (i + 1) * S), `${row.name} second ${i}`);
    if (src.perSecond) checked++;
  }
  assert.ok(checked > 0, 'some source has a fast path');
});

test('every segment-reading fast path gives exactly the breaks and integrals nextBreak and integral give', () => {
  let checked = 0;
  let full = 0;
  const ends = new Float64Array(80);
  const sums = new Float64Array(80);
  // from the run's start, a break, a time inside a segment, near and past the horizon; limits inside and at the end
  const froms = [0, 1_500, 29 * M + 500, H - 1, 7 * M + 0.25, HORIZON - 3 * S - 7, HORIZON, -30 * S];
  const limits = [Infinity, HORIZON, 45 * M + 1, 0];
  for (const row of rows) {
    const src = make(row.components);
    if (!src.breaks) continue;
    checked++;
    for (const from of froms) {
      for (const limit of limits) {
        for (const max of [1, 3, 70]) {
          ends.fill(-1);
          const at = max === 3 ? 5 : 0;
          const n = src.breaks(from, limit, max, ends, sums, at);
          assert.ok(n >= 0 && n <= max, `${row.name}: ${n} breaks for max ${max}`);
          let t = from;
          for (let i = 0; i < n; i++) {
            const b = src.nextBreak(t);
            assert.is(ends[at + i], b, `${row.name} from ${from}: break ${i}`);
            assert.ok(b > t && b <= limit && b !== Infinity, `${row.name} from ${from}: break ${i} = ${b}`);
            assert.is(Object.is(sums[at + i], src.integral(t, b)), true, `${row.name} from ${from}: integral ${i}`);
            t = b;
          }
          assert.is(ends[at + n], -1, `${row.name}: nothing written past the count`);
        }
      }
    }
    // a read that gets going stops only at the limit or the count: as many breaks as walking nextBreak finds
    let t = 0;
    let walked = 0;
    while (walked < 70 && src.nextBreak(t) <= 45 * M + 1) (t = src.nextBreak(t)), walked++;
    const n = src.breaks(0, 45 * M + 1, 70, ends, sums, 0);
    assert.ok(n === walked || n === 0, `${row.name}: ${n} breaks up to the limit, ${walked} walked`);
    if (n > 0) full++;
  }
  assert.ok(checked >= 3 && full >= 3, 'csv, steps and noise have a fast path');
});

test('noise: a different seed gives different numbers', () => {
  const noisy = rows.filter((r) => r.components.some((c) => c.kind === 'noise'));
  for (const row of noisy) {
    const x = make(row.components, 1);
    const y = make(row.components, 2);
    assert.is.not(x.integral(0, HORIZON), y.integral(0, HORIZON), row.name);
  }
});

test.run();
