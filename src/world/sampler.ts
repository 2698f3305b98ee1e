/**
 * The sampler: one timeseries row at the end of every `spec.sampleInterval`, and both latency histograms (the
 * interval's, which routing feeds and each row reads, and the run's, into which each row merges it).
 *
 * Rows are scheduled one at a time (the queue never holds the whole run's samples). The fixed columns' storage is
 * sized for the whole run up front, so the column references taken at `start` stay valid; ready pods per
 * ReplicaSet go to a growable long-format log (an entry per row only for a ReplicaSet with ready pods), so memory
 * does not grow with ReplicaSets × rows.
 */
import { Cluster } from '../k8s/cluster/cluster.js';
import type { ReplicaSetState } from '../k8s/cluster/types.js';
import { LatencyHistogram } from '../results/latency.js';
import { RevisionLog, SeriesBuilder } from '../results/series.js';
import { NODE_COLUMNS, TIMESERIES_COLUMNS, workloadColumn } from '../results/types.js';
import type { HpaEntry } from '../k8s/hpa/controller.js';
import type { ReconcileResult } from '../k8s/hpa/reconcile.js';
import type { Scenario } from '../scenario/types.js';
import type { World } from './build.js';
import { costOf, nodeCostOf } from './cost.js';
import { workloadId } from './workloads.js';

/** The value an HPA's first metric aims at, in hpa_metric's unit (a utilisation in %, else the value). */
export function hpaTargetOf(e: HpaEntry | undefined): number {
  const t = e?.spec.metrics[0]?.target;
  if (!t) return NaN;
  return t.type === 'Utilization' ? t.averageUtilization : t.type === 'AverageValue' ? t.averageValueMilli / 1000 : t.valueMilli / 1000;
}

export class Sampler {
  readonly totalLatency = new LatencyHistogram();
  readonly intervalLatency = new LatencyHistogram();
  readonly series: SeriesBuilder;
  /** Ready pods per ReplicaSet, long format (revisions.csv): an entry only where a ReplicaSet has ready pods. */
  readonly revisions = new RevisionLog();

  /**
   * `rowPercentiles: false` (sweeps, which read the summary and ready_pods only): each row's latency_p50/p95/p99
   * are left empty (NaN) and not solved; the interval's histogram is left as reading them would leave it
   * (`LatencyHistogram.settleAsRead`), so the run's histogram and every other figure are the same.
   */
  constructor(
    private readonly s: Scenario,
    private readonly options: { rowPercentiles?: boolean } = {},
  ) {
    const nodeColumns = s.cluster.nodePools.length > 0 ? NODE_COLUMNS : [];
    this.series = new SeriesBuilder([...TIMESERIES_COLUMNS, ...nodeColumns], Math.ceil(s.durationMs / s.sampleIntervalMs) + 1);
  }

  /** The ready pods of every row so far (the summary's replica figures). */
  readySamples(): Float64Array {
    return this.series.column('ready_pods').subarray(0, this.series.length);
  }

  /** Ready nodes of every row so far (with node pools). */
  nodeSamples(): Float64Array {
    return this.series.column('nodes').subarray(0, this.series.length);
  }

  /** Schedules the first row; each row schedules the next. */
  start(w: World): void {
    const { s, series, revisions, intervalLatency, totalLatency } = this;
    const rowPercentiles = this.options.rowPercentiles !== false;
    const { sim, cluster, routing, hpaEntries } = w;
    const cTime = series.column('time');
    const cOffered = series.column('offered_rps');
    const cServed = series.column('served_rps');
    const cFailed = series.column('failed_rps');
    const cReady = series.column('ready_pods');
    const cTotal = series.column('total_pods');
    const cDesired = series.column('desired_replicas');
    const cHpaDesired = series.column('hpa_desired');
    const cCpu = series.column('cpu_utilization');
    const cCpuPerPod = series.column('cpu_millicores_per_pod');
    const cHpaMetric = series.column('hpa_metric');
    const cP50 = series.column('latency_p50_ms');
    const cP95 = series.column('latency_p95_ms');
    const cP99 = series.column('latency_p99_ms');
    const cCost = series.column('cost_total');
    const scheduler = w.scheduler;
    const cNodes = scheduler ? series.column('nodes') : null;
    const cPending = scheduler ? series.column('pending_pods') : null;
    const cHpaTarget = series.column('hpa_target');
    const hpaTarget = hpaTargetOf(hpaEntries[0]);
    // Several Deployments: each workload's own columns (one Deployment: the run's columns are its own).
    const perWorkload = cluster.deployments.length > 1
      ? cluster.deployments.map((d) => {
          const id = workloadId(d);
          const hpa = hpaEntries.find((e) => e.target === d);
          return {
            hpa,
            target: hpaTargetOf(hpa),
            served: series.column(workloadColumn('served_rps', id)),
            failed: series.column(workloadColumn('failed_rps', id)),
            ready: series.column(workloadColumn('ready_pods', id)),
            cpu: series.column(workloadColumn('cpu_utilization', id)),
            hpaDesired: series.column(workloadColumn('hpa_desired', id)),
            hpaTarget: series.column(workloadColumn('hpa_target', id)),
          };
        })
      : null;
    // Each Deployment's ReplicaSets and their indices in the revision log, as of the last row: while the list is the
    // same (it changes only at a rollout or a history cleanup) a row writes its entries without looking them up.
    const rsIndex = new Map<string, number>(); // by name: a ReplicaSet re-created under its old name is the same revision
    const rsSeen: { sets: ReplicaSetState[]; ids: number[] }[] = [];
    const idsOf = (di: number, sets: readonly ReplicaSetState[]): number[] => {
      const seen = (rsSeen[di] ??= { sets: [], ids: [] });
      let same = seen.sets.length === sets.length;
      for (let k = 0; same && k < sets.length; k++) same = seen.sets[k] === sets[k];
      if (same) return seen.ids;
      seen.sets = sets.slice();
      seen.ids = sets.map((rs) => {
        const name = `${rs.deployment.prefix}${rs.name}`;
        let id = rsIndex.get(name);
        if (id === undefined) {
          id = revisions.addName(name);
          rsIndex.set(name, id);
        }
        return id;
      });
      return seen.ids;
    };
    let metricOf: ReconcileResult | null | undefined;
    let metricSeen = Number.NaN;
    const sample = (now: number): void => {
      routing.flush(now);
      const prevStart = now - s.sampleIntervalMs;
      const sec = (now - Math.max(0, prevStart)) / 1000;
      const iv = routing.takeInterval();
      const row = series.newRow();
      let ready = 0;
      let usage = 0;
      let usageAll = 0;
      let request = 0;
      let desired = 0;
      const deployments = cluster.deployments;
      for (let di = 0; di < deployments.length; di++) {
        const d = deployments[di]!;
        desired += d.replicas;
        const sets = d.replicaSets;
        const ids = idsOf(di, sets);
        let dReady = 0;
        let dUsage = 0;
        let dRequest = 0;
        for (let k = 0; k < sets.length; k++) {
          const rs = sets[k]!;
          let n = 0;
          for (const p of rs.pods) {
            if (!Cluster.isRoutable(p)) continue;
            n++;
            let cpu = p.cpuMilli;
            for (const sc of p.sidecars) cpu += sc.cpuMilli;
            usageAll += cpu;
            if (p.hasCpuRequest) {
              dUsage += cpu;
              dRequest += p.requestCpuMilli;
            }
          }
          dReady += n;
          if (n > 0) revisions.add(row, ids[k]!, n);
        }
        ready += dReady;
        usage += dUsage;
        request += dRequest;
        const tl = d.tally;
        if (tl) {
          tl.sampleReady(dReady);
          tl.mergeLatency();
          const wiv = tl.takeInterval();
          const w = perWorkload?.[di];
          if (w) {
            w.served[row] = wiv.served / sec;
            w.failed[row] = wiv.failed / sec;
            w.ready[row] = dReady;
            w.cpu[row] = dRequest > 0 ? Math.floor((dUsage * 100) / dRequest) : NaN;
            w.hpaDesired[row] = w.hpa ? (w.hpa.last?.replicas ?? d.replicas) : NaN;
            w.hpaTarget[row] = w.target;
          }
        }
      }
      cTime[row] = now / 1000;
      cOffered[row] = iv.offered / sec;
      cServed[row] = iv.served / sec;
      cFailed[row] = iv.failed / sec;
      cReady[row] = ready;
      cTotal[row] = cluster.pods.length;
      cDesired[row] = desired;
      // Nothing measured (no ready pod) is a gap, not 0 %.
      cCpu[row] = request > 0 ? Math.floor((usage * 100) / request) : NaN;
      cCpuPerPod[row] = ready > 0 ? usageAll / ready : NaN;
      cHpaTarget[row] = hpaTarget;
      let hpaDesired = hpaEntries.length ? 0 : NaN;
      for (const e of hpaEntries) hpaDesired += e.last?.replicas ?? e.target.replicas;
      cHpaDesired[row] = hpaDesired;
      // read again only when the first HPA decided anew: its status objects come in several shapes, and reading
      // them at every row kept throwing this function's optimised code away (engine/shapes.ts)
      const last = hpaEntries[0]?.last;
      if (last !== metricOf) {
        metricOf = last;
        metricSeen = firstMetricValue(last);
      }
      cHpaMetric[row] = metricSeen;
      if (rowPercentiles) {
        cP50[row] = intervalLatency.quantile(0.5);
        cP95[row] = intervalLatency.quantile(0.95);
        cP99[row] = intervalLatency.quantile(0.99);
      } else {
        cP50[row] = cP95[row] = cP99[row] = NaN;
        intervalLatency.settleAsRead();
      }
      totalLatency.merge(intervalLatency);
      intervalLatency.reset();
      if (scheduler && cNodes && cPending) {
        // with node pools the headline cost is the node bill
        cCost[row] = nodeCostOf(cluster.nodes, now).total;
        let readyNodes = 0;
        for (const n of cluster.nodes) if (n.ready && n.deletedMs === null) readyNodes++;
        cNodes[row] = readyNodes;
        cPending[row] = scheduler.pendingPods();
      } else {
        cCost[row] = costOf(s.pricing, routing.cpuMilliMs, routing.memoryByteMs).total;
      }
      const next = Math.min(now + s.sampleIntervalMs, s.durationMs);
      if (next > now) sim.at(next, 'sampler', sample);
    };
    sim.at(Math.min(s.sampleIntervalMs, s.durationMs), 'sampler', sample);
  }
}

/** The `hpa_metric` cell: the first metric the HPA reported, as its status gives it (NaN: none). */
function firstMetricValue(last: ReconcileResult | null | undefined): number {
  const seen = last?.status.currentMetrics[0];
  return seen ? (seen.averageUtilization ?? (seen.averageValue ?? seen.value ?? NaN) / 1000) : NaN;
}
