/**
 * The integer arithmetic of utilisation and averages (upstream metrics/utilization.go).
 *
 * Utilisation is an integer percent (truncated) before the ratio to the target is formed, and averages are
 * integer-divided: 587.5 % is 587 %, and the ratio is 587 / target in floating point. Go's integer division
 * truncates toward zero; all values here are non-negative so `Math.trunc` matches it.
 */
import { fail, ok, type CalcResult } from './types.js';

export interface UtilizationRatio {
  /** utilization / targetUtilization (floating point). */
  ratio: number;
  /** Integer percent of request. */
  utilization: number;
  /** Integer average usage of the samples that have a request (milli). */
  rawAverage: number;
}

/**
 * Over the samples whose pod has a request: `utilization = trunc(Σusage × 100 / Σrequest)`.
 * Samples without a request (pods the selector does not list) are skipped.
 */
export function resourceUtilizationRatio(
  samples: ReadonlyMap<string, number>,
  requests: ReadonlyMap<string, number>,
  targetUtilization: number,
): CalcResult<UtilizationRatio> {
  let usageTotal = 0;
  let requestTotal = 0;
  let n = 0;
  for (const [pod, value] of samples) {
    const request = requests.get(pod);
    if (request === undefined) continue;
    usageTotal += value;
    requestTotal += request;
    n++;
  }
  return utilizationRatio(usageTotal, requestTotal, n, targetUtilization);
}

/** The same from the sums: Σusage and Σrequest over the `n` samples that have a request. */
export function utilizationRatio(usageTotal: number, requestTotal: number, n: number, targetUtilization: number): CalcResult<UtilizationRatio> {
  // If the requests are disjoint from the samples the total is zero.
  if (requestTotal === 0) return fail('no metrics returned matched known pods');
  const utilization = Math.trunc((usageTotal * 100) / requestTotal);
  return ok({ ratio: utilization / targetUtilization, utilization, rawAverage: Math.trunc(usageTotal / n) });
}

export interface UsageRatio {
  /** usage / targetUsage (floating point). */
  ratio: number;
  /** Integer average of all samples (milli). */
  usage: number;
}

/** `usage = trunc(Σsamples / count)`, `ratio = usage / target`. `samples` must not be empty. */
export function metricUsageRatio(samples: ReadonlyMap<string, number>, targetUsage: number): UsageRatio {
  let total = 0;
  for (const value of samples.values()) total += value;
  const usage = Math.trunc(total / samples.size);
  return { ratio: usage / targetUsage, usage };
}
