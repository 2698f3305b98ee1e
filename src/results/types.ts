/**
 * What a run produces: the summary (summary.json), the time series (timeseries.csv), the event log
 * (events.csv) and the HPA decision log (hpa.csv). Field names follow ../shared/SCENARIO.md "Outputs".
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

export interface Summary {
  scenario: string;
  seed: number;
  durationSeconds: number;
  requests: { offered: number; served: number; failed: number };
  availability: number;
  outageSeconds: number;
  latency: { p50: number; p95: number; p99: number };
  replicas: { min: number; max: number; mean: number };
  cost: { cpuCoreHours: number; memoryGiBHours: number; total: number };
  scaling: { scaleUps: number; scaleDowns: number };
  rollouts: RolloutRecord[];
  restarts: number;
  events: number;
  slo?: { met: boolean; checks: SloCheck[] };
}

export interface EventRow {
  /** Seconds from start (ms precision). */
  time: number;
  /** `kind/name`, e.g. `deployment/api`, `pod/api-7d9c5b8f6d-x2x4q`. */
  object: string;
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

/** Column-oriented time series: `columns[name][i]` is the value at `time[i]`. */
export interface Timeseries {
  names: string[];
  columns: Record<string, Float64Array | number[]>;
  length: number;
}

export interface RunResult {
  summary: Summary;
  timeseries: Timeseries;
  events: EventRow[];
  hpaDecisions: HpaDecisionRow[];
  warnings: string[];
  stats: { events: number; simulatedSeconds: number };
}
