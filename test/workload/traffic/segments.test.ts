/**
 * A step function keeps no slopes (segments.ts): it must give exactly the doubles the general form gives with
 * `to` equal to `from`, and a trace's arrays are used as they are.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PiecewiseLinear } from '../../../src/workload/traffic/segments.js';

const starts = Float64Array.from([0, 1_000, 2_500, 7_000, 60_000, 61_001]);
const rates = Float64Array.from([0.1, 333.3, 0, 12.75, 1e-3, 99.99]);
const step = new PiecewiseLinear(starts, rates);
const general = new PiecewiseLinear(Array.from(starts), Array.from(rates), Array.from(rates));

const times = [-5, 0, 1, 999, 1_000, 1_234.5, 2_499.999, 3_000, 59_999, 60_000, 61_000, 61_001, 90_000, 1e9];

test('a step function gives the same rate, integral and next break as the general form, to the last bit', () => {
  for (const t of times) {
    assert.is(Object.is(step.rate(t), general.rate(t)), true, `rate(${t})`);
    assert.is(step.nextBreak(t), general.nextBreak(t), `nextBreak(${t})`);
    for (const u of times) assert.is(Object.is(step.integral(t, u), general.integral(t, u)), true, `integral(${t}, ${u})`);
  }
});

test("a trace's arrays are kept, not copied: what it plays is what the arrays hold", () => {
  const t = Float64Array.from([0, 1_000]);
  const r = Float64Array.from([5, 7]);
  const p = new PiecewiseLinear(t, r);
  assert.is(p.rate(500), 5);
  r[0] = 6; // only to show that the arrays are shared; traces are never changed once loaded
  assert.is(p.rate(500), 6);
});

test("a trace's source is made once per trace and scale, and plays the scaled rates", () => {
  const t = Float64Array.from([0, 1_000, 3_000]);
  const r = Float64Array.from([5, 7.3, 0.1]);
  const a = PiecewiseLinear.ofTrace(t, r);
  assert.is(PiecewiseLinear.ofTrace(t, r), a, 'the same source for the same trace');
  assert.is(PiecewiseLinear.ofTrace(t, r, 1), a, 'scale 1 is the trace itself');
  const b = PiecewiseLinear.ofTrace(t, r, 2.5);
  assert.is.not(b, a);
  assert.is(PiecewiseLinear.ofTrace(t, r, 2.5), b);
  assert.is.not(PiecewiseLinear.ofTrace(t, Float64Array.from(r)), a, 'other arrays, another source');
  const direct = new PiecewiseLinear(t, Float64Array.from(r, (x) => x * 2.5));
  for (const x of [-1, 0, 500, 1_000, 2_999, 3_000, 10_000]) {
    assert.is(b.rate(x), direct.rate(x), `rate(${x})`);
    assert.is(b.integral(0, x), direct.integral(0, x), `integral(0, ${x})`);
  }
  assert.is(a.rate(500), 5);
});

test.run();
