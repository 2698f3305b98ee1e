/**
 * When a probe's stored result can next change (pure; kubelet/prober `worker.go` semantics).
 *
 * Grid: the readiness worker is triggered as soon as a started container that is not ready is noticed, which
 * restarts its ticker, so its attempts fall on `containerStart + k·period`. Liveness and startup workers tick
 * from their creation, when the kubelet first syncs the pod: `podStart + k·period` (the same grid as the
 * container's when the image is already present). An attempt is skipped while
 * `floor(seconds since container start) < initialDelaySeconds`.
 *
 * Thresholds: the stored result flips after `successThreshold` / `failureThreshold` consecutive attempts with
 * the other answer. Instead of an event per period, kubesim knows the answer an attempt would give (it changes
 * only when the app starts, crashes or its load changes), so it computes the attempt at which the threshold is
 * reached and schedules one event there. An attempt that fails by timing out records its result
 * `timeoutSeconds` after it started.
 */
export interface ProbeTimingInput {
  /** Start of the tick grid (ms). */
  gridBaseMs: number;
  periodMs: number;
  /** First instant an attempt may run: max(container start + initial delay, when the probe became active). */
  eligibleFromMs: number;
  /** Since when attempts have given the answer they give now. */
  outcomeSinceMs: number;
  /** Consecutive attempts needed (success or failure threshold). */
  threshold: number;
  /** Extra delay before the result is recorded (timeout of a slow attempt), ms. */
  resultDelayMs: number;
}

/** First grid tick at or after `t`. */
export function firstTickAtOrAfter(gridBaseMs: number, periodMs: number, t: number): number {
  if (t <= gridBaseMs) return gridBaseMs;
  return gridBaseMs + Math.ceil((t - gridBaseMs) / periodMs) * periodMs;
}

/** The time at which the threshold-th consecutive attempt records its result. */
export function probeFlipTime(i: ProbeTimingInput): number {
  const from = Math.max(i.eligibleFromMs, i.outcomeSinceMs);
  const first = firstTickAtOrAfter(i.gridBaseMs, i.periodMs, from);
  return first + (i.threshold - 1) * i.periodMs + i.resultDelayMs;
}
