/**
 * Both input forms of `backoffSequence` vectors (`ticks` and `steps` with `get_then_next`): client-go
 * `staging/src/k8s.io/client-go/util/flowcontrol/backoff.go` (Get never checks expiry; Next resets an entry whose
 * last update is more than 2 × max ago, else doubles up to max). Expectations computed by hand.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runVector, type Vector } from '../../../src/k8s/conformance/index.js';

const step = (advanceSeconds: number) => ({ advanceSeconds, action: 'get_then_next' });
const rows: { name: string; input: Record<string, unknown>; expected: Record<string, unknown> }[] = [
  {
    name: 'the steps form doubles from 1 s up to the 10 s cap, Get reading 0 before the first Next',
    input: { initialSeconds: 1, maxSeconds: 10, steps: [step(0), step(1), step(1), step(1), step(1), step(1), step(1)] },
    // Get: 0 (no entry), then 1, 2, 4, 8, min(16,10)=10, 10
    expected: { getValuesSeconds: [0, 1, 2, 4, 8, 10, 10] },
  },
  {
    name: 'an entry idle for more than 2 × max restarts at the initial value; Get still shows the stale value first',
    input: { initialSeconds: 1, maxSeconds: 10, steps: [step(0), step(1), step(21), step(1)] },
    // t=0 Get 0 → 1; t=1 Get 1 → 2; t=22: 22−1 = 21 > 20 expired, Get 2 → Next resets to 1; t=23 Get 1
    expected: { getValuesSeconds: [0, 1, 2, 1] },
  },
  {
    name: 'exactly 2 × max since the last update is not yet expired',
    input: { initialSeconds: 2, maxSeconds: 5, steps: [step(3), step(10), step(1)] },
    // t=3 Get 0 → 2; t=13: 13−3 = 10, not > 10 → 4; t=14 Get 4
    expected: { getValuesSeconds: [0, 2, 4] },
  },
  {
    name: 'the ticks form still reads IsInBackOffSinceUpdate and Get',
    input: { initialSeconds: 1, maxSeconds: 10, ticks: [0, 1, 2, 3] },
    // t=0 Next → 1 (lastUpdate 0); t=1: 1−0 < 1 false → Next → 2 (lu 1); t=2: 1 < 2 held, Get 2; t=3: 2 < 2 false → Next
    expected: { inBackOff: [false, false, true, false], valueSecondsWhenInBackOff: [null, null, 2, null] },
  },
];

for (const r of rows) {
  test(r.name, () => {
    const v: Vector = { id: r.name, source: 'hand', kind: 'backoffSequence', input: r.input, expected: r.expected } as Vector;
    const out = runVector(v);
    assert.ok(out.passed, out.differences.join('; '));
  });
}

test('a step with an unknown action fails the vector with its index instead of passing silently', () => {
  const v = { id: 'x', source: 'hand', kind: 'backoffSequence', input: { steps: [step(0), { advanceSeconds: 1, action: 'reset' }] }, expected: { getValuesSeconds: [0, 0] } } as Vector;
  const out = runVector(v);
  assert.not.ok(out.passed);
  assert.match(out.differences.join(' '), 'steps[1].action');
});

test.run();
