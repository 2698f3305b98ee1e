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
  // kubelet/prober worker.go: liveness and startup only tick (no manual trigger), from worker creation, and a tick
  // at the instant the container starts still finds no running container.
  {
    name: 'a startup probe of period 10 s × failureThreshold 30 fails at 300 s, not 290 s',
    input: { gridBaseMs: 0, periodMs: 10 * s, eligibleFromMs: 0, afterMs: 0, outcomeSinceMs: 0, threshold: 30, resultDelayMs: 0 },
    expected: 300 * s,
  },
  {
    name: 'a never-answering app with liveness period 10 s × 3 is killed at 30 s, not 20 s',
    input: { gridBaseMs: 0, periodMs: 10 * s, eligibleFromMs: 0, afterMs: 0, outcomeSinceMs: 0, threshold: 3, resultDelayMs: 0 },
    expected: 30 * s,
  },
  {
    name: 'after a 7 s image pull liveness still ticks on the pod-start grid: 10, 20, 30 s',
    input: { gridBaseMs: 0, periodMs: 10 * s, eligibleFromMs: 7 * s, afterMs: 7 * s, outcomeSinceMs: 7 * s, threshold: 3, resultDelayMs: 0 },
    expected: 30 * s,
  },
  {
    name: 'liveness after a startup success on its own tick (30 s) starts at the next tick, 40 s',
    input: { gridBaseMs: 0, periodMs: 10 * s, eligibleFromMs: 0, afterMs: 30 * s, outcomeSinceMs: 0, threshold: 1, resultDelayMs: 0 },
    expected: 40 * s,
  },
  {
    name: 'a container restarted at 45 s fails liveness 3 × 10 s at 50, 60, 70 s',
    input: { gridBaseMs: 0, periodMs: 10 * s, eligibleFromMs: 45 * s, afterMs: 45 * s, outcomeSinceMs: 45 * s, threshold: 3, resultDelayMs: 0 },
    expected: 70 * s,
  },
  {
    name: 'liveness with initialDelay 15 s runs first on the 20 s tick: killed at 40 s',
    input: { gridBaseMs: 0, periodMs: 10 * s, eligibleFromMs: 15 * s, afterMs: 0, outcomeSinceMs: 0, threshold: 3, resultDelayMs: 0 },
    expected: 40 * s,
  },
  // Readiness: manual trigger runs at once and resets the ticker (prober_manager.go UpdatePodStatus).
  {
    name: 'readiness after a startup success at 3 s runs at 3 s (the trigger), not at the 10 s tick',
    input: { gridBaseMs: 3 * s, periodMs: 10 * s, eligibleFromMs: 3 * s, outcomeSinceMs: 0, threshold: 1, resultDelayMs: 0 },
    expected: 3 * s,
  },
  {
    name: 'readiness with initialDelay 5 s after a 7 s image pull: trigger at 7 s is skipped, ready on the 17 s tick',
    input: { gridBaseMs: 7 * s, periodMs: 10 * s, eligibleFromMs: 12 * s, outcomeSinceMs: 7 * s, threshold: 1, resultDelayMs: 0 },
    expected: 17 * s,
  },
  {
    name: 'readiness that turned to Failure at 121 s: the trigger attempt still fails even if the load left at once; ready at 131 s',
    input: { gridBaseMs: 121 * s, periodMs: 10 * s, eligibleFromMs: 121 * s, afterMs: 121 * s, outcomeSinceMs: 121 * s, threshold: 1, resultDelayMs: 0 },
    expected: 131 * s,
  },
  {
    name: 'readiness that turned to Failure at 121 s (a timed-out attempt) ticks from 121 s: recovers at 131 s',
    input: { gridBaseMs: 121 * s, periodMs: 10 * s, eligibleFromMs: 121 * s, outcomeSinceMs: 125 * s, threshold: 1, resultDelayMs: 0 },
    expected: 131 * s,
  },
];

for (const r of rows) test(r.name, () => assert.is(probeFlipTime(r.input), r.expected));

test.run();
