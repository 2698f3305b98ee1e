/**
 * A synthetic, deterministic run for the report tests: diurnal traffic, an HPA following it, a rollout from
 * revision `api-6f7c9d8b4` to `api-84d5c7f9b` at a quarter of the run, a pod kill at half, a brief outage.
 * No randomness: everything is a function of the row index.
 */

import type { EventRow, ReportInput, Summary, Timeseries } from '../../src/report/types.js';
import type { RevisionSeries } from '../../src/results/types.js';

export interface FixtureOptions {
  hours?: number;
  stepSeconds?: number;
  scenario?: string;
  /** Replaces the two ReplicaSet names (to test escaping). */
  revisions?: [string, string];
  image?: string;
}

export function makeFixture(options: FixtureOptions = {}): ReportInput {
  const hours = options.hours ?? 24;
  const step = options.stepSeconds ?? 10;
  const n = Math.round((hours * 3600) / step);
  const [oldRs, newRs] = options.revisions ?? ['api-6f7c9d8b4', 'api-84d5c7f9b'];
  const image = options.image ?? 'myrepo/api:1.3.0';
  const rolloutAt = Math.round(n / 4) * step;
  const rolloutDone = rolloutAt + 120;
  const killAt = Math.round(n / 2) * step;
  const outage = [killAt + 10, killAt + 40];

  const col = () => new Float64Array(n);
  const c = {
    time: col(), offered_rps: col(), served_rps: col(), failed_rps: col(), ready_pods: col(), total_pods: col(),
    desired_replicas: col(), hpa_desired: col(), cpu_utilization: col(), cpu_millicores_per_pod: col(), hpa_metric: col(), hpa_target: col(),
    latency_p50_ms: col(), latency_p95_ms: col(), latency_p99_ms: col(), cost_total: col(),
    old: col(), new: col(),
  };
  const events: EventRow[] = [];
  let cost = 0;
  let prevDesired = 0;
  for (let i = 0; i < n; i++) {
    const t = i * step;
    const day = (t % 86400) / 86400;
    const offered = 300 + 250 * Math.sin(2 * Math.PI * (day - 0.25)) + 20 * Math.sin(i / 7);
    const desired = Math.max(2, Math.ceil(offered / 60));
    const down = t >= outage[0]! && t < outage[1]!;
    const ready = down ? 0 : desired;
    const failed = down ? offered : 0.0002 * offered;
    c.time[i] = t;
    c.offered_rps[i] = offered;
    c.served_rps[i] = offered - failed;
    c.failed_rps[i] = failed;
    c.ready_pods[i] = ready;
    c.total_pods[i] = desired + (t >= rolloutAt && t < rolloutDone ? 1 : 0);
    c.desired_replicas[i] = desired;
    c.hpa_desired[i] = desired;
    c.cpu_utilization[i] = 55 + 15 * Math.sin(i / 13);
    c.hpa_target[i] = 70;
    c.latency_p50_ms[i] = 20 + 2 * Math.sin(i / 5);
    c.latency_p95_ms[i] = 60 + 10 * Math.sin(i / 5);
    c.latency_p99_ms[i] = down ? NaN : 120 + 40 * Math.sin(i / 11) + (i % 997 === 0 ? 400 : 0);
    cost += (desired * 0.5 * 0.0445 * step) / 3600;
    c.cost_total[i] = cost;
    const newShare = t < rolloutAt ? 0 : t >= rolloutDone ? 1 : (t - rolloutAt) / (rolloutDone - rolloutAt);
    c.new[i] = Math.round(ready * newShare);
    c.old[i] = ready - c.new[i]!;
    if (i > 0 && desired !== prevDesired) {
      events.push({
        time: t,
        object: 'HorizontalPodAutoscaler/api',
        reason: 'SuccessfulRescale',
        message: `New size: ${desired}; reason: cpu resource utilization (percentage of request) above target`,
      });
    }
    prevDesired = desired;
  }
  events.push(
    { time: rolloutAt, object: 'Deployment/api', reason: 'ScalingReplicaSet', message: `Scaled up replica set ${newRs} from 0 to 1` },
    { time: killAt, object: `Pod/${oldRs}-x2k4q`, reason: 'Killing', message: 'Container api failed liveness probe, will be restarted' },
    { time: killAt + 5, object: `Pod/${oldRs}-x2k4q`, reason: 'Unhealthy', message: 'Readiness probe failed: connection refused' },
    { time: killAt + 20, object: `Pod/${oldRs}-x2k4q`, reason: 'BackOff', message: 'Back-off restarting failed container api' },
  );
  events.sort((a, b) => a.time - b.time);

  const timeseries: Timeseries = {
    time: c.time, offered_rps: c.offered_rps, served_rps: c.served_rps, failed_rps: c.failed_rps,
    ready_pods: c.ready_pods, total_pods: c.total_pods, desired_replicas: c.desired_replicas,
    hpa_desired: c.hpa_desired, cpu_utilization: c.cpu_utilization, cpu_millicores_per_pod: c.cpu_millicores_per_pod, hpa_metric: c.hpa_metric,
    latency_p50_ms: c.latency_p50_ms, latency_p95_ms: c.latency_p95_ms, latency_p99_ms: c.latency_p99_ms,
    cost_total: c.cost_total, hpa_target: c.hpa_target,
  };
  // ready pods per ReplicaSet in long format (revisions.csv): an entry only where a ReplicaSet has pods
  const rows: number[] = [];
  const which: number[] = [];
  const ready: number[] = [];
  for (let i = 0; i < n; i++) {
    [c.old[i]!, c.new[i]!].forEach((v, r) => {
      if (v > 0) (rows.push(i), which.push(r), ready.push(v));
    });
  }
  const revisions: RevisionSeries = { names: [oldRs, newRs], row: rows, revision: which, ready, length: rows.length };
  const offered = sum(c.offered_rps) * step;
  const failed = sum(c.failed_rps) * step;
  const summary: Summary = {
    scenario: options.scenario ?? 'seed-api',
    seed: 42,
    durationSeconds: n * step,
    requests: { offered: Math.round(offered), served: Math.round(offered - failed), failed: Math.round(failed) },
    availability: (offered - failed) / offered,
    outageSeconds: outage[1]! - outage[0]!,
    latency: { p50: 20.4, p95: 66.2, p99: 171.9 },
    replicas: { min: 0, max: Math.max(...c.ready_pods), mean: sum(c.ready_pods) / n },
    cost: { cpuCoreHours: sum(c.desired_replicas) * 0.5 * step / 3600, memoryGiBHours: 0, total: cost },
    scaling: {
      scaleUps: events.filter((e) => e.reason === 'SuccessfulRescale').length >> 1,
      scaleDowns: events.filter((e) => e.reason === 'SuccessfulRescale').length >> 1,
    },
    rollouts: [
      { deployment: 'api', image, startedAt: rolloutAt, completedAt: rolloutDone, durationSeconds: rolloutDone - rolloutAt },
    ],
    restarts: 0,
    events: events.length,
  };
  return { summary, timeseries, revisions, events, slo: { availability: 0.995, latencyP99Ms: 300 } };
}

export function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s;
}
