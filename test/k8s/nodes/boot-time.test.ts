/** Node boot time: fixed durations, presets and the fitted lognormal (seeded, per-pool streams). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createStream } from '../../../src/engine/random.js';
import { BOOT_TIME_PRESET_NAMES, bootTimeStream, drawBootTime, lognormalParams, presetSpec } from '../../../src/k8s/nodes/boot-time.js';

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))]!;

test('a fixed boot time is that time and draws nothing', () => {
  const s = createStream(1, 'x');
  assert.is(drawBootTime({ kind: 'fixed', ms: 60_000 }, s), 60_000);
  assert.is(s.next(), createStream(1, 'x').next());
});

test('the lognormal passes through p50 and p90', () => {
  const { mu, sigma } = lognormalParams(53_000, 67_000);
  assert.ok(Math.abs(Math.exp(mu) - 53_000) < 1e-6);
  assert.ok(Math.abs(Math.exp(mu + 1.2815515655446004 * sigma) - 67_000) < 1e-6);
});

for (const name of BOOT_TIME_PRESET_NAMES) {
  test(`preset ${name}: 20,000 draws have the preset's median and P90 within 3 %`, () => {
    const spec = presetSpec(name);
    if (spec.kind !== 'lognormal') throw new Error('preset must be a spread');
    const s = createStream(7, bootTimeStream('general'));
    const xs = Array.from({ length: 20_000 }, () => drawBootTime(spec, s));
    assert.ok(Math.abs(quantile(xs, 0.5) / spec.p50Ms - 1) < 0.03, `median ${quantile(xs, 0.5)}`);
    assert.ok(Math.abs(quantile(xs, 0.9) / spec.p90Ms - 1) < 0.03, `p90 ${quantile(xs, 0.9)}`);
    assert.ok(xs.every((x) => Number.isInteger(x) && x >= spec.p50Ms / 4 && x <= spec.p50Ms * 8));
  });
}

test('the same seed and pool give the same boot times; another pool its own', () => {
  const spec = presetSpec('aks');
  const draw = (seed: number, pool: string) => { const s = createStream(seed, bootTimeStream(pool)); return [1, 2, 3].map(() => drawBootTime(spec, s)); };
  assert.equal(draw(3, 'general'), draw(3, 'general'));
  assert.not.equal(draw(3, 'general'), draw(3, 'spot'));
});

test.run();
