/**
 * The reporting layer's contract: exactly the data a finished run hands over (summary.json, the timeseries
 * columns, the event rows, the scenario's SLO targets). Nothing here refers to simulation internals.
 */

/** A numeric column: a typed array or a plain array, one value per sample row. */
export type Column = ArrayLike<number>;

export interface RolloutSummary {
  deployment: string;
  image: string;
  /** Seconds from the start of the run. */
  startedAt: number;
  /** Null when the rollout never completed. */
  completedAt: number | null;
  durationSeconds: number | null;
}

/** One SLO check, in the words the user sees. */
export interface SloCheck {
  name: string;
  target: number;
  actual: number;
  met: boolean;
  detail: string;
}

export interface SloResult {
  met: boolean;
  checks: SloCheck[];
}

/** The summary.json object of SCENARIO.md ("Outputs"). */
export interface Summary {
  scenario: string;
  seed: number;
  durationSeconds: number;
  requests: { offered: number; served: number; failed: number };
  /** served / offered, 1 when nothing was offered. */
  availability: number;
  outageSeconds: number;
  /** Milliseconds. */
  latency: { p50: number; p95: number; p99: number };
  replicas: { min: number; max: number; mean: number };
  cost: { cpuCoreHours: number; memoryGiBHours: number; total: number };
  scaling: { scaleUps: number; scaleDowns: number };
  rollouts: RolloutSummary[];
  slo?: SloResult;
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

/** One row of events.csv, in Kubernetes' own words. */
export interface EventRow {
  /** Seconds from the start of the run. */
  time: number;
  /** e.g. `Deployment/api`, `Pod/api-7d9f-x2k4q`. */
  object: string;
  reason: string;
  message: string;
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
