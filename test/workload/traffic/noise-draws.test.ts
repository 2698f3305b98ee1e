/**
 * Shared noise draws (`NoiseDraws`): a source built from kept draws is the source drawn afresh, value for value;
 * a draw is reused only for the same stream, noise and per-second base, and the cache stays within its bytes.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createStream } from '../../../src/engine/random.js';
import { createTrafficSource, NoiseDraws, type TrafficComponentSpec, type TrafficSource } from '../../../src/workload/traffic/index.js';

const MIN = 60_000;
const DIURNAL: TrafficComponentSpec = { kind: 'diurnal', min: 20, max: 200, periodMs: 60 * MIN, peakAtMs: 20 * MIN };
const POISSON: TrafficComponentSpec = { kind: 'noise', noise: 'poisson' };
const JITTER: TrafficComponentSpec = { kind: 'noise', noise: 'jitter', cv: 0.3 };

const build = (components: TrafficComponentSpec[], seed: number, draws?: NoiseDraws, name = 'traffic/api', durationMs = 30 * MIN): TrafficSource =>
  createTrafficSource(components, { random: createStream(seed, name), durationMs, ...(draws ? { noiseDraws: draws } : {}) });

/** rate, integral and breaks at every second and at points inside seconds. */
function figures(src: TrafficSource, durationMs: number): number[] {
  const out: number[] = [];
  for (let t = -500; t < durationMs + 2000; t += 700) out.push(src.rate(t), src.integral(0, t), src.nextBreak(t));
  return out;
}

const trace = (rps: number[]): TrafficComponentSpec => ({
  kind: 'prometheus',
  source: 'test',
  trace: { file: 'test', timesMs: Float64Array.from(rps, (_, i) => i * 5 * MIN), rps: Float64Array.from(rps) },
});

const CASES: { name: string; components: TrafficComponentSpec[] }[] = [
  { name: 'Poisson on a trace (matched by its values)', components: [trace([40, 90, 60, 120, 30, 70]), POISSON] },
  { name: 'Poisson on a diurnal base', components: [DIURNAL, POISSON] },
  { name: 'jitter and Poisson on a constant', components: [{ kind: 'constant', rps: 80 }, JITTER, POISSON] },
  { name: 'jitter on steps', components: [{ kind: 'steps', steps: [{ atMs: 0, rps: 10 }, { atMs: 7 * MIN, rps: 90 }] }, JITTER] },
];
for (const c of CASES) {
  test(`${c.name}: built from kept draws, the source is the fresh one's, value for value`, () => {
    const draws = new NoiseDraws();
    const first = build(c.components, 3, draws);
    const second = build(c.components, 3, draws);
    assert.equal([draws.misses, draws.hits], [1, 1]);
    const fresh = figures(build(c.components, 3), 30 * MIN);
    assert.equal(figures(first, 30 * MIN), fresh);
    assert.equal(figures(second, 30 * MIN), fresh);
  });
}

const MISSES: { name: string; other: () => TrafficSource; draws: NoiseDraws }[] = (() => {
  const rows: { name: string; make: (d: NoiseDraws) => TrafficSource }[] = [
    { name: 'another seed', make: (d) => build([DIURNAL, POISSON], 4, d) },
    { name: 'another stream name', make: (d) => build([DIURNAL, POISSON], 3, d, 'traffic/web') },
    { name: 'another base', make: (d) => build([{ ...DIURNAL, max: 201 }, POISSON], 3, d) },
    { name: 'a trace with one value changed', make: (d) => build([trace([40, 90, 60, 121, 30, 70]), POISSON], 3, d) },
    { name: 'another noise', make: (d) => build([DIURNAL, JITTER], 3, d) },
    { name: 'another duration', make: (d) => build([DIURNAL, POISSON], 3, d, 'traffic/api', 31 * MIN) },
  ];
  return rows.map((r) => {
    const draws = new NoiseDraws();
    build(r.name.includes('trace') ? [trace([40, 90, 60, 120, 30, 70]), POISSON] : [DIURNAL, POISSON], 3, draws);
    return { name: r.name, draws, other: () => r.make(draws) };
  });
})();
for (const m of MISSES) {
  test(`a draw is not reused for ${m.name}`, () => {
    m.other();
    assert.equal([m.draws.misses, m.draws.hits], [2, 0]);
  });
}

test('a base that offers the same per second is matched whatever its spec (a trace or a constant)', () => {
  const draws = new NoiseDraws();
  const constant = build([{ kind: 'constant', rps: 50 }, POISSON], 9, draws, 'traffic/api', 10 * MIN);
  const steps = build([{ kind: 'steps', steps: [{ atMs: 0, rps: 50 }] }, POISSON], 9, draws, 'traffic/api', 10 * MIN);
  assert.is(draws.hits, 1);
  for (let t = 0; t < 10 * MIN; t += 700) {
    assert.is(steps.rate(t), constant.rate(t));
    assert.is(steps.integral(0, t), constant.integral(0, t));
  }
});

test('the cache keeps within its bytes, dropping the oldest draws first', () => {
  // 10 minutes: 600 seconds × (base + factor + prefix) ≈ 14.4 kB an entry
  const entry = (600 + 600 + 601) * 8;
  const draws = new NoiseDraws(2 * entry);
  for (const seed of [1, 2, 3]) build([DIURNAL, POISSON], seed, draws, 'traffic/api', 10 * MIN);
  build([DIURNAL, POISSON], 3, draws, 'traffic/api', 10 * MIN);
  build([DIURNAL, POISSON], 2, draws, 'traffic/api', 10 * MIN);
  assert.equal([draws.misses, draws.hits], [3, 2]);
  build([DIURNAL, POISSON], 1, draws, 'traffic/api', 10 * MIN); // dropped when seed 3 came
  assert.equal([draws.misses, draws.hits], [4, 2]);
  const none = new NoiseDraws(entry - 1); // an entry larger than the whole cache is not kept
  build([DIURNAL, POISSON], 1, none, 'traffic/api', 10 * MIN);
  build([DIURNAL, POISSON], 1, none, 'traffic/api', 10 * MIN);
  assert.equal([none.misses, none.hits], [2, 0]);
});

test.run();
