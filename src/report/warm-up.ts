/**
 * A small synthetic run for warming the chart worker up: while the main thread simulates, the worker draws these
 * charts once (and throws them away), so the run's own charts are drawn by code the JIT has already compiled
 * instead of cold (measured on the week: the first chart set drawn in a fresh thread costs about twice the
 * second). Every kind of layer the report uses is in it: lines, stacked step areas, a linear area, rules at a
 * target and a budget, rollout and rescale markers, an incident band, a log latency axis.
 *
 * Nothing here reaches an output: the SVGs are discarded, and vega's only process-wide state, its id counters,
 * is renamed away in every chart (render.ts), so what was drawn before never changes what is drawn next.
 */
import type { TopLevelSpec } from 'vega-lite';
import { buildCharts } from './charts.js';
import type { RevisionSeries, Summary } from '../results/types.js';

const ROWS = 400;

export function warmUpSpecs(): TopLevelSpec[] {
  const col = (f: (i: number) => number) => Float64Array.from({ length: ROWS }, (_, i) => f(i));
  const ready = (i: number) => 2 + (i % 50 < 25 ? 1 : 0);
  const timeseries = {
    time: col((i) => (i + 1) * 60),
    offered_rps: col((i) => 100 + (i % 37)),
    served_rps: col((i) => 100 + (i % 37) - (i > 200 && i < 210 ? 50 : 0)),
    failed_rps: col((i) => (i > 200 && i < 210 ? 50 : 0)),
    ready_pods: col(ready),
    total_pods: col(ready),
    desired_replicas: col(ready),
    hpa_desired: col(ready),
    cpu_utilization: col((i) => 50 + (i % 23)),
    cpu_millicores_per_pod: col((i) => 50 + (i % 23)),
    hpa_metric: col((i) => 50 + (i % 19)),
    latency_p50_ms: col((i) => 20 + (i % 5)),
    latency_p95_ms: col((i) => 40 + (i % 7)),
    latency_p99_ms: col((i) => (i === 205 ? 30_000 : 60 + (i % 11))),
    cost_total: col((i) => i * 0.001),
    hpa_target: col(() => 70),
  };
  const rows: number[] = [];
  const which: number[] = [];
  const pods: number[] = [];
  for (let i = 0; i < ROWS; i++) {
    const r = i < 150 ? 0 : 1;
    rows.push(i), which.push(r), pods.push(ready(i));
  }
  const revisions: RevisionSeries = { names: ['warm-a', 'warm-b'], row: rows, revision: which, ready: pods, length: rows.length };
  const summary = {
    scenario: 'warm-up',
    seed: 0,
    durationSeconds: ROWS * 60,
    rollouts: [{ deployment: 'warm', image: 'warm:2', startedAt: 9000, completedAt: 9100, durationSeconds: 100 }],
  } as unknown as Summary;
  const events = [{ time: 3000, object: 'horizontalpodautoscaler/warm', reason: 'SuccessfulRescale', message: 'New size: 3' }];
  const { specs } = buildCharts({ summary, timeseries, revisions, events, slo: { latencyP99Ms: 100, costBudget: 1 }, incidents: [{ start: 12000, end: 12600 }] });
  return Object.values(specs);
}
