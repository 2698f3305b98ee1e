/**
 * A latency distribution of served requests, in milliseconds: what the app model produces for a pod and what the
 * traffic-weighted histogram (`src/metrics/latency.ts`) accumulates. A distribution may have one point mass
 * (e.g. every request answered in exactly the low-load service time) plus a continuous part on [minMs, maxMs].
 */
export interface LatencyDistribution {
  /** P(latency ≤ xMs). */
  cdf(xMs: number): number;
  /** The smallest x with cdf(x) ≥ q, for q in [0, 1]. */
  quantile(q: number): number;
  mean(): number;
  /** The point mass's location (ms); meaningless when `atomMass` is 0. */
  readonly atomMs: number;
  /** Probability of the point mass (0 when there is none). */
  readonly atomMass: number;
  /** Support of the continuous part (minMs ≤ maxMs; may be Infinity). */
  readonly minMs: number;
  readonly maxMs: number;
}

/** Every request takes exactly `ms`. */
export function pointMass(ms: number): LatencyDistribution {
  return {
    cdf: (x) => (x >= ms ? 1 : 0),
    quantile: () => ms,
    mean: () => ms,
    atomMs: ms,
    atomMass: 1,
    minMs: ms,
    maxMs: ms,
  };
}
