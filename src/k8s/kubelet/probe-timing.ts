/**
 * When a probe's stored result can next change (pure; kubelet/prober `worker.go` semantics).
 *
 * Grid (`pkg/kubelet/prober/worker.go` run): each worker runs `doProbe` once when it is created — when the kubelet
 * first syncs the pod, before the container exists, so that run finds no container — and then on a ticker of
 * `periodSeconds` from its creation. Liveness and startup workers only ever tick: their attempts fall on
 * `podStart + k·period`, and an attempt needs a container that was already running when the tick fired (a
 * tick at the very instant of a (re)start, or of a startup success, still sees the old status). So a startup
 * probe with period 10 s × failureThreshold 30 on a container started with its pod fails at 300 s, and a
 * never-answering app with liveness period 10 s × 3 is killed at 30 s.
 *
 * Readiness also gets a manual trigger (`prober_manager.go` UpdatePodStatus): whenever the kubelet computes the
 * status of a started, running container whose readiness is not Success — at container start (no startup
 * probe), at startup success, when readiness turns to Failure — it runs an attempt at once and resets the
 * ticker (`probeTicker.Reset` in the current worker), so readiness attempts fall on `trigger + k·period`.
 * The kubelet's periodic pod resync (every 60–90 s, jittered) also triggers; kubesim leaves it out.
 *
 * An attempt is skipped while `floor(seconds since container start) < initialDelaySeconds`.
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
  /** First instant an attempt may run: max(container start + initial delay, the readiness trigger). */
  eligibleFromMs: number;
  /** Attempts only at ticks strictly after this (liveness/startup: the container start or startup success). */
  afterMs?: number;
  /** Since when attempts have given the answer they give now. */
  outcomeSinceMs: number;
  /** Consecutive attempts needed (success or failure threshold). */
  threshold: number;
  /** Extra delay before the result is recorded (timeout of a slow attempt), ms. */
  resultDelayMs: number;
}

/** First grid tick strictly after `t`. */
export function firstTickAfter(gridBaseMs: number, periodMs: number, t: number): number {
  if (t < gridBaseMs) return gridBaseMs;
  return gridBaseMs + (Math.floor((t - gridBaseMs) / periodMs) + 1) * periodMs;
}

/** First grid tick at or after `t`. */
export function firstTickAtOrAfter(gridBaseMs: number, periodMs: number, t: number): number {
  if (t <= gridBaseMs) return gridBaseMs;
  return gridBaseMs + Math.ceil((t - gridBaseMs) / periodMs) * periodMs;
}

/** The time at which the threshold-th consecutive attempt records its result. */
export function probeFlipTime(i: ProbeTimingInput): number {
  const from = Math.max(i.eligibleFromMs, i.outcomeSinceMs);
  let first = firstTickAtOrAfter(i.gridBaseMs, i.periodMs, from);
  if (i.afterMs !== undefined && first <= i.afterMs) first = firstTickAfter(i.gridBaseMs, i.periodMs, i.afterMs);
  return first + (i.threshold - 1) * i.periodMs + i.resultDelayMs;
}
