/**
 * The reporting layer's contract: exactly the data a finished run hands over (summary.json, the timeseries
 * columns, the event rows, the scenario's SLO targets). Nothing here refers to simulation internals.
 */

/** A numeric column: a typed array or a plain array, one value per sample row. */
export type Column = ArrayLike<number>;

// The run's own types (src/metrics/types.ts) are the contract: one definition, read here.
import type { EventRow, RolloutRecord, SloCheck, Summary } from '../results/types.js';

export type { EventRow, SloCheck, Summary };
export type RolloutSummary = RolloutRecord;

export interface SloResult {
  met: boolean;
  checks: SloCheck[];
}

/**
 * timeseries.csv as columns. `ready_pods` is the total; every other `ready_<name>` column is the ready pods of
 * the ReplicaSet `<name>` (one per revision).
 */
export interface Timeseries {
  /** Seconds from the start of the run, ascending, evenly spaced. */
  readonly time: Column;
  readonly offered_rps: Column;
  readonly served_rps: Column;
  readonly failed_rps: Column;
  readonly ready_pods: Column;
  readonly total_pods: Column;
  readonly desired_replicas: Column;
  readonly hpa_desired?: Column;
  /** Percent of the CPU request, averaged over ready pods. */
  readonly cpu_utilization: Column;
  readonly hpa_target_utilization?: Column;
  readonly latency_p50_ms: Column;
  readonly latency_p95_ms: Column;
  readonly latency_p99_ms: Column;
  /** Cumulative cost in $. */
  readonly cost_total: Column;
  readonly [readyReplicaSet: `ready_${string}`]: Column;
}


/** The scenario's `spec.slo`, normalised. */
export interface SloTargets {
  /** Fraction of offered requests served, e.g. 0.999. */
  availability?: number;
  latencyP99Ms?: number;
  latencyP95Ms?: number;
  maxOutageSeconds?: number;
  /** $ over the whole run. */
  costBudget?: number;
}

export interface ReportInput {
  summary: Summary;
  timeseries: Timeseries;
  events: readonly EventRow[];
  slo?: SloTargets;
  /** Also produce `junit.xml` (one testcase per SLO). */
  junit?: boolean;
}
