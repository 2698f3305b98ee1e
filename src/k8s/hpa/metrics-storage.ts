/**
 * Which rate metrics-server serves for a container after a scrape (pure; metrics-server `pkg/storage/pod.go`,
 * podStorage.Store and GetMetrics, and `pkg/storage/types.go` resourceUsage).
 *
 * metrics-server keeps the last two points of each container (cumulative CPU, stamped at scrape time) and
 * serves the rate between them. The earlier point is, in order:
 * 1. for a *fresh* container — started before the scrape, at least `freshContainerMinMetricsResolution` (10 s)
 *    and less than one resolution before it — a synthetic point at the container's start time with zero CPU,
 *    so a new container has a rate from its first scrape;
 * 2. otherwise the stored point of the same container (it started before that point was taken, i.e. no
 *    restart between them) when the new point is newer;
 * 3. otherwise none: no rate for this container at this scrape.
 * A pod is served only when every one of its containers has a rate (`allContainersPresent`).
 *
 * Cumulative values here count from the container's start (a restart resets the counter). kubesim's optional
 * `metricsWindow` moves the stored point to `window` before the scrape; with the default window =
 * resolution it is simply the previous scrape.
 */

/** metrics-server `freshContainerMinMetricsResolution`. */
export const FRESH_CONTAINER_MIN_MS = 10_000;

export interface ContainerPoint {
  containerId: number;
  /** Container start (ms). */
  startedMs: number;
  /** When the point was taken (ms). */
  timestampMs: number;
  /** Cumulative CPU since the container started, millicore-ms. */
  cpu: number;
  /** Cumulative requests since the container started (for the requests_per_second Pods metric). */
  requests: number;
}

export interface ContainerRate {
  cpuMilli: number;
  rps: number;
  timestampMs: number;
  windowMs: number;
}

/** The rate served for `last` given the stored earlier point (or null), as metrics-server pairs them. */
export function containerRate(last: ContainerPoint, stored: ContainerPoint | null, resolutionMs: number): ContainerRate | null {
  const out: ContainerRate = { cpuMilli: 0, rps: 0, timestampMs: 0, windowMs: 0 };
  return containerRateInto(out, last, stored, resolutionMs) ? out : null;
}

/**
 * `containerRate` written into `into` (a sample rewritten in place at each scrape: no object per pod and scrape);
 * false, and `into` untouched, when there is no rate.
 */
export function containerRateInto(into: ContainerRate, last: ContainerPoint, stored: ContainerPoint | null, resolutionMs: number): boolean {
  const age = last.timestampMs - last.startedMs;
  let prev: { timestampMs: number; cpu: number; requests: number } | null = null;
  if (last.startedMs < last.timestampMs && age < resolutionMs && age >= FRESH_CONTAINER_MIN_MS) {
    prev = { timestampMs: last.startedMs, cpu: 0, requests: 0 };
  } else if (
    stored &&
    stored.containerId === last.containerId &&
    last.startedMs < stored.timestampMs &&
    last.timestampMs > stored.timestampMs
  ) {
    prev = stored;
  }
  if (!prev) return false;
  const windowMs = last.timestampMs - prev.timestampMs;
  if (windowMs <= 0 || last.cpu < prev.cpu) return false;
  into.cpuMilli = (last.cpu - prev.cpu) / windowMs;
  into.rps = ((last.requests - prev.requests) * 1000) / windowMs;
  into.timestampMs = last.timestampMs;
  into.windowMs = windowMs;
  return true;
}

/**
 * A pod's sample from its containers' rates: none unless every container has one; stamped with the earliest
 * container timestamp and that container's window (GetMetrics); CPU and requests summed.
 */
export function podRate(containers: readonly (ContainerRate | null)[]): ContainerRate | null {
  if (containers.length === 0) return null;
  let cpuMilli = 0;
  let rps = 0;
  let earliest: ContainerRate | null = null;
  for (const c of containers) {
    if (!c) return null;
    cpuMilli += c.cpuMilli;
    rps += c.rps;
    if (!earliest || c.timestampMs < earliest.timestampMs) earliest = c;
  }
  return { cpuMilli, rps, timestampMs: earliest!.timestampMs, windowMs: earliest!.windowMs };
}
