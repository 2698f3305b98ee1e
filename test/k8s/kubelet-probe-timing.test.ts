/** Probe timing against hand-computed ready/unready times. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { probeFlipTime } from '../../src/k8s/kubelet/probe-timing.js';

const s = 1000;
const rows: { name: string; input: Parameters<typeof probeFlipTime>[0]; expected: number }[] = [
  {
    name: "the article's readiness probe (delay 5 s, period 10 s) first passes on the 10 s tick",
    input: { gridBaseMs: 0, periodMs: 10 * s, eligibleFromMs: 5 * s, outcomeSinceMs: 0, threshold: 1, resultDelayMs: 0 },
    expected: 10 * s,
  },
  {
    name: 'no initial delay and an app that answers at once: ready at container start',
    input: { gridBaseMs: 0, periodMs: 10 * s, eligibleFromMs: 0, outcomeSinceMs: 0, threshold: 1, resultDelayMs: 0 },
    expected: 0,
  },
  {
    name: 'an app that needs 12 s to start behind a 10 s probe is ready on the 20 s tick',
    input: { gridBaseMs: 0, periodMs: 10 * s, eligibleFromMs: 5 * s, outcomeSinceMs: 12 * s, threshold: 1, resultDelayMs: 0 },
    expected: 20 * s,
  },
  {
    name: 'successThreshold 3 needs two more periods after the first success',
    input: { gridBaseMs: 0, periodMs: 5 * s, eligibleFromMs: 0, outcomeSinceMs: 1 * s, threshold: 3, resultDelayMs: 0 },
    expected: 15 * s,
  },
  {
    name: 'failureThreshold 3 with period 10: unready two periods after the first failing tick',
    input: { gridBaseMs: 0, periodMs: 10 * s, eligibleFromMs: 0, outcomeSinceMs: 95 * s, threshold: 3, resultDelayMs: 0 },
    expected: 120 * s,
  },
  {
    name: 'failures by timeout are recorded timeoutSeconds after the attempt starts',
    input: { gridBaseMs: 0, periodMs: 10 * s, eligibleFromMs: 0, outcomeSinceMs: 95 * s, threshold: 3, resultDelayMs: 1 * s },
    expected: 121 * s,
  },
  {
    name: 'liveness ticks on the pod-start grid, not on a restarted container start',
    input: { gridBaseMs: 0, periodMs: 10 * s, eligibleFromMs: 33 * s, outcomeSinceMs: 33 * s, threshold: 1, resultDelayMs: 0 },
    expected: 40 * s,
  },
];

for (const r of rows) test(r.name, () => assert.is(probeFlipTime(r.input), r.expected));

test.run();
