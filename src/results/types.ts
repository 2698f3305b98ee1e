/**
 * What a run produces: the summary (summary.json), the time series (timeseries.csv), ready pods per ReplicaSet
 * (revisions.csv), the event log (events.csv) and the HPA decision log (hpa.csv). Field names are the scenario format's (README "Outputs").
 */
export interface RolloutRecord {
  deployment: string;
  image: string;
  /** Seconds from start. */
  startedAt: number;
  completedAt: number | null;
  durationSeconds: number | null;
}

export interface SloCheck {
  name: string;
  target: number;
  actual: number;
  met: boolean;
  detail: string;
}

/** One Deployment's own figures (summary.json `workloads[]`), in the run-wide fields' units. */
export interface WorkloadSummary {
  namespace: string;
  name: string;
  requests: { offered: number; served: number; failed: number };
  availability: number;
  latency: { p50: number; p95: number; p99: number };
  replicas: { min: number; max: number; mean: number };
  restarts: number;
  cost: { cpuCoreHours: number; memoryGiBHours: number; total: number };
  rollouts: { started: number; completed: number };
  /** The HPA scaling it, or null. `secondsAtMaxReplicas`: sync periods in which maxReplicas held the HPA back. */
  hpa: {
    name: string;
    minReplicas: number;
    maxReplicas: number;
    scaleUps: number;
    scaleDowns: number;
    secondsAtMaxReplicas: number;
  } | null;
}

export interface Summary {
  scenario: string;
  seed: number;
  durationSeconds: number;
  requests: { offered: number; served: number; failed: number };
  availability: number;
  outageSeconds: number;
  latency: { p50: number; p95: number; p99: number };
  replicas: { min: number; max: number; mean: number };
  /** With node pools: Ready nodes (sampled every row) and node-hours over the run. */
  nodes?: { min: number; max: number; mean: number; nodeHours: number };
  /** With node pools: pod-seconds spent Pending without a node. */
  pendingPodSeconds?: number;
  /**
   * With a node autoscaler, per traffic step (`steps` traffic): the pods created while the step lasted, seconds
   * from the step's start until the last of them was Ready (null: one never was), and the longest any of them
   * waited Pending for a node (null: one never got one).
   */
  timeToCapacity?: { step: number; pods: number; timeToCapacity: number | null; maxPending: number | null }[];
  /**
   * Requested resources × pod lifetime. With node pools `total` is the node bill (`nodes`, the headline) and
   * `requests` keeps the request-based figure.
   */
  cost: { cpuCoreHours: number; memoryGiBHours: number; total: number; requests?: number; nodes?: number };
  scaling: { scaleUps: number; scaleDowns: number };
  rollouts: RolloutRecord[];
  restarts: number;
  /** Serving containers OOMKilled (only when the scenario models memory). */
  oomKills?: number;
  /** Pod creates a ResourceQuota refused, per ReplicaSet (only when the scenario has quotas): why replicas fell short. */
  quota?: QuotaRefusal[];
  events: number;
  /**
   * With `spec.clients`: requests as the clients sent them. `originalRequests` (first attempts), `retries` (attempts
   * after a failure, within the run), `finallyFailed` (failed on their last allowed attempt), `amplification`
   * ((original + retries) / original), `retriesAfterEnd` (due after the run ends, not sent).
   */
  clients?: { originalRequests: number; retries: number; finallyFailed: number; amplification: number; retriesAfterEnd: number };
  /** Per Deployment (`namespace/name`), in manifest order (absent in summaries of kubesim before 0.2). */
  workloads?: WorkloadSummary[];
  slo?: SloResult;
}

export interface QuotaRefusal {
  /** `api-7d9c5b8f6d` (`staging/api-…` outside namespace default) */
  replicaSet: string;
  refusedCreates: number;
  firstRefusedAt: number;
  lastRefusedAt: number;
  /** The last refusal, in the API server's words. */
  message: string;
}

export interface EventRow {
  /** Seconds from start (ms precision). */
  time: number;
  /** `kind/name`, e.g. `deployment/api`, `pod/api-7d9c5b8f6d-x2x4q`. */
  object: string;
  reason: string;
  message: string;
  /**
   * Only in the report's merged list: a condition transition (`conditions.csv`) or what the scenario did
   * (`killPods`, `undo`), which are not Kubernetes Events. Absent for Events.
   */
  source?: 'condition' | 'scenario';
}

/** A condition transition of an object (conditions.csv): the type, status or reason changed. */
export interface ConditionRow {
  time: number;
  object: string;
  type: string;
  status: string;
  reason: string;
  message: string;
}

/** One HPA sync: the answer to "why did my HPA do that?". */
export interface HpaDecisionRow {
  time: number;
  hpa: string;
  currentReplicas: number;
  /** `name=value→proposal` per metric, `;`-separated. */
  metrics: string;
  recommendation: number | null;
  stabilized: number | null;
  stabilizedBy: string;
  limitedBy: string;
  finalReplicas: number;
  rescaled: boolean;
  reason: string;
}

/** A numeric column: a typed array or a plain array, one value per sample row. */
export type Column = ArrayLike<number>;

/**
 * The columns the sampler writes on every row, in timeseries.csv order (then, when the run has more than one
 * Deployment, `<column>@<namespace>/<name>` per workload: WORKLOAD_COLUMNS). Ready pods per ReplicaSet are not
 * columns: they are the long-format RevisionSeries (revisions.csv), so the file's width never grows with rollouts.
 */
export const TIMESERIES_COLUMNS = [
  'time',
  'offered_rps',
  'served_rps',
  'failed_rps',
  'ready_pods',
  'total_pods',
  'desired_replicas',
  'hpa_desired',
  'cpu_utilization',
  'cpu_millicores_per_pod',
  'hpa_metric',
  'latency_p50_ms',
  'latency_p95_ms',
  'latency_p99_ms',
  'cost_total',
  'hpa_target',
] as const;
export type TimeseriesColumn = (typeof TIMESERIES_COLUMNS)[number];
/** Columns added after the fixed ones when node pools are given (so runs without pools keep their columns). */
export const NODE_COLUMNS = ['nodes', 'pending_pods'] as const;

/** Per-workload columns of a run with several Deployments, each written as `<column>@<namespace>/<name>`. */
export const WORKLOAD_COLUMNS = ['served_rps', 'failed_rps', 'ready_pods', 'cpu_utilization', 'hpa_desired', 'hpa_target'] as const;
export const workloadColumn = (column: (typeof WORKLOAD_COLUMNS)[number], workload: string): string => `${column}@${workload}`;

/**
 * timeseries.csv as columns: `time` in seconds from the start (ascending, evenly spaced) and the sampler's fixed
 * columns (with several Deployments, also each workload's).
 */
export type TimeseriesColumns = { readonly [K in TimeseriesColumn]: Column } & ColumnTable;

/** Columns by name with at least `time`: what downsampling and the comparison's ready series read. */
export interface ColumnTable {
  readonly time: Column;
  readonly [name: string]: Column;
}

/** The run's time series: the columns, their order, and the row count. */
export interface Timeseries {
  names: string[];
  columns: TimeseriesColumns;
  length: number;
}

/**
 * revisions.csv in memory (long format): one entry per sample row and ReplicaSet that had ready pods in that row,
 * in row order; a ReplicaSet absent from a row had none. Its size follows the pods' lifetimes, not the number of
 * ReplicaSets × the run's length (a daily rollout over 13 weeks is 92 ReplicaSets, mostly one at a time).
 */
export interface RevisionSeries {
  /**
   * Every ReplicaSet the sampler saw (`api-7d9c5b8f6d`; `staging/api-…` outside namespace default), in the order
   * first seen (Deployments in manifest order, each one's ReplicaSets in its list order): the pods chart stacks
   * them in this order. A ReplicaSet that never had a ready pod is listed but has no entry.
   */
  names: string[];
  /** The sample row (index into the timeseries) of each entry, ascending. */
  row: ArrayLike<number>;
  /** The entry's ReplicaSet, an index into `names`. */
  revision: ArrayLike<number>;
  /** Its ready pods in that row (always > 0). */
  ready: ArrayLike<number>;
  length: number;
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

export interface SloResult {
  met: boolean;
  checks: SloCheck[];
}

export interface RunResult {
  summary: Summary;
  timeseries: Timeseries;
  /** Ready pods per ReplicaSet (revisions.csv). */
  revisions: RevisionSeries;
  events: EventRow[];
  /** Condition transitions (Deployment Progressing/Available), which Kubernetes does not emit as Events. */
  conditions: ConditionRow[];
  /** What the scenario did (`killPods`, `undo`), for the report. */
  actions: EventRow[];
  hpaDecisions: HpaDecisionRow[];
  warnings: string[];
  stats: { events: number; simulatedSeconds: number };
}
