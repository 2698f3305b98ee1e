/**
 * client-go's per-key exponential back-off (`staging/src/k8s.io/client-go/util/flowcontrol/backoff.go`) and the
 * kubelet's CrashLoopBackOff rule built on it (`pkg/kubelet/kuberuntime/kuberuntime_manager.go` doBackOff,
 * `pkg/kubelet/kubelet.go`). Times are simulation ms; there is no clock: `now` is an argument.
 *
 * Backoff semantics (no jitter, as the kubelet uses it):
 * - Next(id, eventTime): no entry, or expired → backoff = initial; else backoff = min(2·backoff, max);
 *   lastUpdate = now (the clock's now, not eventTime).
 * - expired(eventTime, lastUpdate) = eventTime − lastUpdate > 2·max by default; the kubelet overrides it with
 *   eventTime − lastUpdate > 600 s.
 * - IsInBackOffSince(id, eventTime): entry exists, not expired, and now − eventTime < backoff.
 * - IsInBackOffSinceUpdate(id, eventTime): entry exists, not expired, and eventTime − lastUpdate < backoff.
 * - GC(now): drops entries with now − lastUpdate > 2·max.
 *
 * CrashLoopBackOff: when the kubelet wants to restart a container whose previous instance exited at
 * `finishedAt`, it is held while IsInBackOffSince(key, finishedAt), else Next(key, finishedAt) and start. For a
 * container that exits at once every time the restart delays are 0, 10, 20, 40, 80, 160, 300, 300… s; a container
 * that ran more than 600 s since its last (re)start is restarted at once and the sequence starts over.
 */

export interface BackoffEntry {
  backoffMs: number;
  lastUpdate: number;
}

export type ExpiryRule = (eventTime: number, lastUpdate: number, maxMs: number) => boolean;

/** client-go's default: stable after twice the maximum. */
export const defaultExpiry: ExpiryRule = (eventTime, lastUpdate, maxMs) => eventTime - lastUpdate > 2 * maxMs;

export interface BackoffConfig {
  initialMs: number;
  maxMs: number;
  expired?: ExpiryRule;
}

function isExpired(cfg: BackoffConfig, eventTime: number, e: BackoffEntry): boolean {
  return (cfg.expired ?? defaultExpiry)(eventTime, e.lastUpdate, cfg.maxMs);
}

/** Next as a pure step over one entry. */
export function nextEntry(cfg: BackoffConfig, e: BackoffEntry | undefined, eventTime: number, now: number): BackoffEntry {
  const backoffMs = !e || isExpired(cfg, eventTime, e) ? cfg.initialMs : Math.min(2 * e.backoffMs, cfg.maxMs);
  return { backoffMs, lastUpdate: now };
}

export function inBackOffSince(cfg: BackoffConfig, e: BackoffEntry | undefined, eventTime: number, now: number): boolean {
  return !!e && !isExpired(cfg, eventTime, e) && now - eventTime < e.backoffMs;
}

export function inBackOffSinceUpdate(cfg: BackoffConfig, e: BackoffEntry | undefined, eventTime: number): boolean {
  return !!e && !isExpired(cfg, eventTime, e) && eventTime - e.lastUpdate < e.backoffMs;
}

/** The keyed table, as client-go's `Backoff` (methods take the time they would read from its clock). */
export class Backoff {
  private readonly entries = new Map<string, BackoffEntry>();

  constructor(readonly config: BackoffConfig) {}

  /** Current backoff (0 when there is no entry). */
  get(id: string): number {
    return this.entries.get(id)?.backoffMs ?? 0;
  }

  entry(id: string): BackoffEntry | undefined {
    return this.entries.get(id);
  }

  next(id: string, eventTime: number, now: number = eventTime): void {
    this.entries.set(id, nextEntry(this.config, this.entries.get(id), eventTime, now));
  }

  reset(id: string): void {
    this.entries.delete(id);
  }

  isInBackOffSince(id: string, eventTime: number, now: number): boolean {
    return inBackOffSince(this.config, this.entries.get(id), eventTime, now);
  }

  isInBackOffSinceUpdate(id: string, eventTime: number): boolean {
    return inBackOffSinceUpdate(this.config, this.entries.get(id), eventTime);
  }

  gc(now: number): void {
    for (const [id, e] of this.entries) if (now - e.lastUpdate > 2 * this.config.maxMs) this.entries.delete(id);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Kubelet CrashLoopBackOff

/** The kubelet's rule: 10 s initial, 300 s cap, an entry expires when eventTime − lastUpdate > 600 s. */
export const CRASH_LOOP_BACKOFF: BackoffConfig = {
  initialMs: 10_000,
  maxMs: 300_000,
  expired: (eventTime, lastUpdate) => eventTime - lastUpdate > 600_000,
};

/**
 * With KubeletCrashLoopBackOffMax (beta, on in 1.35) the cap is `maxContainerRestartPeriod` (default 300 s) and
 * the initial delay is lowered to it when it is smaller.
 */
export function crashLoopConfig(maxContainerRestartPeriodSeconds = 300): BackoffConfig {
  const maxMs = maxContainerRestartPeriodSeconds * 1000;
  return { ...CRASH_LOOP_BACKOFF, maxMs, initialMs: Math.min(CRASH_LOOP_BACKOFF.initialMs, maxMs) };
}

export interface CrashLoopDecision {
  /** start the container now */
  start: boolean;
  /** when held: the nominal end of the back-off (finishedAt + backoff), the moment to try again */
  waitUntil?: number;
  /** the back-off in force (ms): the one holding it, or the one the started container will owe */
  backoffMs: number;
  /** the entry to keep for this container */
  nextState: BackoffEntry;
}

/**
 * doBackOff for one container whose previous instance exited at `finishedAt` (ms). `state` is the container's
 * entry (undefined/null before its first restart).
 */
export function crashLoopDecision(
  state: BackoffEntry | null | undefined,
  finishedAt: number,
  now: number,
  cfg: BackoffConfig = CRASH_LOOP_BACKOFF,
): CrashLoopDecision {
  const e = state ?? undefined;
  if (e && inBackOffSince(cfg, e, finishedAt, now)) {
    return { start: false, waitUntil: finishedAt + e.backoffMs, backoffMs: e.backoffMs, nextState: e };
  }
  const nextState = nextEntry(cfg, e, finishedAt, now);
  return { start: true, backoffMs: nextState.backoffMs, nextState };
}

/** Go's time.Duration String() for whole milliseconds ("10s", "5m0s", "1h0m0s", "1.5s", "500ms", "0s"). */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  if (rest < 1000) return `${sign}${rest}ms`;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = (rest / 1000).toFixed(3).replace(/\.?0+$/, '');
  if (h > 0) return `${sign}${h}h${m}m${s}s`;
  if (m > 0) return `${sign}${m}m${s}s`;
  return `${sign}${s}s`;
}

/** Event `BackOff` (Warning) text while a container is held; `pod` as kubelet's format.Pod writes it: `name_namespace(uid)`. */
export function backOffEventMessage(container: string, pod: string): string {
  return `Back-off restarting failed container ${container} in pod ${pod}`;
}

/** The container's waiting message (reason `CrashLoopBackOff`). */
export function crashLoopWaitingMessage(backoffMs: number, container: string, pod: string): string {
  return `back-off ${goDuration(backoffMs)} restarting failed container=${container} pod=${pod}`;
}
