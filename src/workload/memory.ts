/**
 * A container's memory working set (what cAdvisor reports as `container_memory_working_set_bytes`, what
 * metrics-server serves and what the kernel's cgroup limit is checked against):
 *
 *   working set = memory + memoryPerRequest × in flight + memoryLeakPerHour × hours since the container started
 *
 * In flight follows Little's law: served requests hold their memory for their mean latency, failed ones until
 * the client's timeout. Over its `limits.memory` the container is OOMKilled by the kernel (exit code 137,
 * `lastState.terminated.reason: OOMKilled`), and the kubelet restarts it with the usual crash-loop back-off.
 */

export interface MemoryParams {
  memoryBytes: number;
  memoryPerRequestBytes: number;
  memoryLeakPerHourBytes: number;
}

const HOUR_MS = 3_600_000;

/** Requests in flight: served × mean latency + failed × timeout (rates per second, times in ms). */
export function inFlight(servedRps: number, meanLatencyMs: number, failedRps: number, timeoutMs: number): number {
  const served = servedRps > 0 && Number.isFinite(meanLatencyMs) ? (servedRps * meanLatencyMs) / 1000 : 0;
  return served + (failedRps > 0 ? (failedRps * timeoutMs) / 1000 : 0);
}

/** The working set in bytes of a container `ageMs` after it started, with `requestsInFlight`. */
export function workingSetBytes(p: MemoryParams, requestsInFlight: number, ageMs: number): number {
  return p.memoryBytes + p.memoryPerRequestBytes * requestsInFlight + (p.memoryLeakPerHourBytes * Math.max(0, ageMs)) / HOUR_MS;
}

/**
 * When the working set first exceeds `limitBytes` (strictly above, as the cgroup charge fails past the limit),
 * in container age (ms, rounded up to the clock's millisecond) with in flight held constant; `null` = never.
 */
export function oomAgeMs(p: MemoryParams, requestsInFlight: number, limitBytes: number): number | null {
  const base = p.memoryBytes + p.memoryPerRequestBytes * requestsInFlight;
  if (base > limitBytes) return 0;
  if (p.memoryLeakPerHourBytes <= 0) return null;
  const age = ((limitBytes - base) * HOUR_MS) / p.memoryLeakPerHourBytes;
  // the first whole millisecond at which the working set is above the limit
  const ms = Math.floor(age) + 1;
  return ms;
}
