/** Collect: the finished world as the run's result (summary, series, events, HPA decisions). */
import { buildSummary } from '../results/summary.js';
import type { RunResult } from '../results/types.js';
import type { World } from './build.js';
import { costOf } from './cost.js';
import type { Sampler } from './sampler.js';

export function collect(w: World, sampler: Sampler): RunResult {
  const { scenario: s, cluster, routing, sim } = w;
  const latency = sampler.totalLatency;
  const events = cluster.events.map((e) => ({ time: e.timeMs / 1000, object: e.object, reason: e.reason, message: e.message }));
  let restarts = cluster.restartsOfGonePods;
  for (const d of cluster.deployments) for (const rs of d.replicaSets) for (const p of rs.pods) restarts += p.restartCount;
  const summary = buildSummary({
    scenario: s,
    offered: routing.offered,
    served: routing.served,
    failed: routing.failed,
    outageMs: routing.outageMs,
    latency: { p50: latency.quantile(0.5), p95: latency.quantile(0.95), p99: latency.quantile(0.99) },
    readySamples: sampler.readySamples(),
    cost: costOf(s.pricing, routing.cpuMilliMs, routing.memoryByteMs),
    scaling: { ...w.scaling },
    rollouts: w.rollouts.map(({ d: _d, ...r }) => r),
    restarts,
    events: events.length,
    ...(Object.keys(s.clients).length > 0 ? { clients: routing.clientTotals(s.durationMs) } : {}),
  });
  return {
    summary,
    timeseries: sampler.series.build(),
    events,
    hpaDecisions: w.decisions,
    warnings: s.warnings,
    stats: { events: sim.eventCount, simulatedSeconds: s.durationMs / 1000 },
  };
}
