/**
 * The run's summary (summary.json) and the HPA decision rows (hpa.csv), from what the run collected.
 * Field names are the scenario format's (README "Outputs").
 */
import type { HpaDecision } from '../k8s/hpa/controller.js';
import type { StepCapacity } from './time-to-capacity.js';
import type { HpaDecisionRow, QuotaRefusal, RolloutRecord, Summary, WorkloadSummary } from './types.js';

export interface SummaryInput {
  scenario: { name: string; seed: number; durationMs: number };
  offered: number;
  served: number;
  failed: number;
  outageMs: number;
  latency: { p50: number; p95: number; p99: number };
  /** Ready pods at each sample row (equal intervals); used only when `ready` is not given. */
  readySamples: ArrayLike<number>;
  /**
   * Ready pods over the run, independent of the sample interval: the fewest and most over any stretch of
   * positive length, and their time integral (pod·ms) for the mean.
   */
  ready?: { min: number; max: number; podMs: number };
  cost: Summary['cost'];
  /** With node pools: Ready nodes at each sample row, node-hours over the run, and pod-seconds Pending. */
  nodes?: { samples: ArrayLike<number>; nodeHours: number };
  pendingPodSeconds?: number;
  timeToCapacity?: StepCapacity[];
  scaling: { scaleUps: number; scaleDowns: number };
  rollouts: RolloutRecord[];
  restarts: number;
  oomKills?: number;
  quota?: QuotaRefusal[];
  events: number;
  /** Retrying clients' totals (only when the scenario has spec.clients). */
  clients?: { original: number; retries: number; finallyFailed: number; retriesAfterEnd: number };
  workloads?: WorkloadSummary[];
}

export function buildSummary(i: SummaryInput): Summary {
  const ready = i.readySamples;
  const fin = (x: number) => (Number.isFinite(x) ? x : 0);
  // plain loops: a month of 10 s samples is too many arguments for Math.min(...ready)
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let k = 0; k < ready.length; k++) {
    const n = ready[k]!;
    if (n < min) min = n;
    if (n > max) max = n;
    sum += n;
  }
  return {
    scenario: i.scenario.name,
    seed: i.scenario.seed,
    durationSeconds: i.scenario.durationMs / 1000,
    requests: { offered: Math.round(i.offered), served: Math.round(i.served), failed: Math.round(i.offered) - Math.round(i.served) },
    // of the reported counts, so 0 failed requests is availability 1 (not 1 minus float noise of the sums)
    availability: Math.round(i.offered) > 0 ? Math.round(i.served) / Math.round(i.offered) : 1,
    outageSeconds: i.outageMs / 1000,
    latency: { p50: fin(i.latency.p50), p95: fin(i.latency.p95), p99: fin(i.latency.p99) },
    replicas: i.ready
      ? {
          min: Number.isFinite(i.ready.min) ? i.ready.min : 0,
          max: Number.isFinite(i.ready.max) ? i.ready.max : 0,
          mean: i.scenario.durationMs > 0 ? i.ready.podMs / i.scenario.durationMs : 0,
        }
      : {
          min: ready.length ? min : 0,
          max: ready.length ? max : 0,
          mean: ready.length ? sum / ready.length : 0,
        },
    ...(i.nodes ? { nodes: { ...minMaxMean(i.nodes.samples), nodeHours: i.nodes.nodeHours }, pendingPodSeconds: i.pendingPodSeconds ?? 0 } : {}),
    ...(i.timeToCapacity
      ? {
          timeToCapacity: i.timeToCapacity.map((c) => ({
            step: c.stepMs / 1000, pods: c.pods,
            timeToCapacity: c.timeToCapacityMs === null ? null : c.timeToCapacityMs / 1000,
            maxPending: c.maxPendingMs === null ? null : c.maxPendingMs / 1000,
          })),
        }
      : {}),
    cost: i.cost,
    scaling: i.scaling,
    rollouts: i.rollouts,
    restarts: i.restarts,
    ...(i.oomKills !== undefined ? { oomKills: i.oomKills } : {}),
    ...(i.quota !== undefined ? { quota: i.quota } : {}),
    events: i.events,
    ...(i.clients
      ? {
          clients: {
            originalRequests: Math.round(i.clients.original),
            retries: Math.round(i.clients.retries),
            finallyFailed: Math.round(i.clients.finallyFailed),
            amplification: i.clients.original > 0 ? (i.clients.original + i.clients.retries) / i.clients.original : 1,
            retriesAfterEnd: Math.round(i.clients.retriesAfterEnd),
          },
        }
      : {}),
    ...(i.workloads ? { workloads: i.workloads } : {}),
  };
}

function minMaxMean(xs: ArrayLike<number>): { min: number; max: number; mean: number } {
  if (xs.length === 0) return { min: 0, max: 0, mean: 0 };
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let k = 0; k < xs.length; k++) {
    const n = xs[k]!;
    if (n < min) min = n;
    if (n > max) max = n;
    sum += n;
  }
  return { min, max, mean: sum / xs.length };
}

/** The hpa.csv row of one sync. */
export function decisionRow(d: HpaDecision, metrics = metricsText(d.result.metrics)): HpaDecisionRow {
  const r = d.result;
  return {
    time: d.timeMs / 1000,
    hpa: d.hpa,
    currentReplicas: d.currentReplicas,
    metrics,
    recommendation: r.recommendation,
    stabilized: r.stabilized,
    stabilizedBy: r.stabilizationWindow,
    limitedBy: r.limitedBy ?? '',
    finalReplicas: r.replicas,
    rescaled: r.rescaled,
    reason: decisionReason(r),
  };
}

/** The `reason` cell: the rescale event's message, else the ScalingLimited message, else AbleToScale's reason. */
function decisionReason(r: HpaDecision['result']): string {
  if (r.event) return r.event.message;
  for (const c of r.conditions) if (c.type === 'ScalingLimited' && c.status === 'True') return c.message;
  for (const c of r.conditions) if (c.type === 'AbleToScale') return c.reason;
  return r.branch;
}

type MetricList = HpaDecision['result']['metrics'];

/**
 * The decision rows of a run, in sync order. The `metrics` text of a sync whose metrics read as the previous
 * sync's of the same HPA (most syncs: the same values and proposals) is that sync's text, not formatted again.
 */
export class DecisionRows {
  private readonly last = new Map<string, { list: MetricList; text: string }>();

  constructor(readonly rows: HpaDecisionRow[]) {}

  add(d: HpaDecision): void {
    const list = d.result.metrics;
    let last = this.last.get(d.hpa);
    if (last === undefined) {
      last = { list, text: metricsText(list) };
      this.last.set(d.hpa, last);
    } else if (!sameText(last.list, list)) {
      last.list = list;
      last.text = metricsText(list);
    }
    this.rows.push(decisionRow(d, last.text));
  }
}

/** Do two metric lists give the same `metrics` text (the same labels, values, proposals and errors)? */
export function sameText(a: MetricList, b: MetricList): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.name !== y.name || x.type !== y.type || x.error !== y.error || x.replicas !== y.replicas) return false;
    const c = x.current;
    const e = y.current;
    if (c.averageUtilization !== e.averageUtilization || c.averageValue !== e.averageValue || c.value !== e.value) return false;
  }
  return true;
}

/** The `metrics` cell: `name=current->proposal` per metric. */
export function metricsText(list: MetricList): string {
  return list
    .map((m) => {
      const c = m.current;
      const value =
        c.averageUtilization !== undefined
          ? `${c.averageUtilization}%`
          : c.averageValue !== undefined
            ? `${c.averageValue / 1000}`
            : c.value !== undefined
              ? `${c.value / 1000}`
              : 'n/a';
      const label = m.name ?? m.type;
      return m.error ? `${label}=error(${m.error})` : `${label}=${value}->${m.replicas}`;
    })
    .join('; ');
}
