/** Noise changes the rate every whole second of the run, so it reports each second as a break (the load is settled there). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createStream } from '../../../src/engine/random.js';
import { createTrafficSource } from '../../../src/workload/traffic/index.js';

const noisy = (base: Parameters<typeof createTrafficSource>[0]) =>
  createTrafficSource([...base, { kind: 'noise', noise: 'poisson' }], { random: createStream(1, 't'), durationMs: 10_000 });

const rows: { name: string; base: Parameters<typeof createTrafficSource>[0]; t: number; expected: number }[] = [
  { name: 'on a constant base, from 0 the next break is 1 s', base: [{ kind: 'constant', rps: 50 }], t: 0, expected: 1000 },
  { name: 'from 2.5 s it is 3 s', base: [{ kind: 'constant', rps: 50 }], t: 2500, expected: 3000 },
  { name: 'a base step sooner than the next second wins', base: [{ kind: 'steps', steps: [{ atMs: 0, rps: 10 }, { atMs: 4200, rps: 20 }] }], t: 4100, expected: 4200 },
  { name: 'after the run (10 s) only the base breaks remain', base: [{ kind: 'constant', rps: 50 }], t: 10_000, expected: Infinity },
  { name: 'in the last second the run end is the break', base: [{ kind: 'constant', rps: 50 }], t: 9_999, expected: 10_000 },
];
for (const r of rows) test(r.name, () => assert.is(noisy(r.base).nextBreak(r.t), r.expected));

test('between two breaks the noisy rate is constant (what the accounting assumes)', () => {
  const s = noisy([{ kind: 'constant', rps: 50 }]);
  for (let t = 0; t < 10_000; t = s.nextBreak(t)) {
    const end = s.nextBreak(t);
    assert.ok(Math.abs(s.integral(t, end) - (s.rate(t) * (end - t)) / 1000) < 1e-9);
  }
});

test.run();
