/** Collect: the finished world as the run's result (summary, series, events, HPA decisions). */
import { buildSummary } from '../results/summary.js';
import type { RunResult } from '../results/types.js';
import type { Scenario } from '../scenario/types.js';
import type { World } from './build.js';
import { costOf, nodeCostOf } from './cost.js';
import type { Sampler } from './sampler.js';

export function collect(w: World, sampler: Sampler): RunResult {
  const { scenario: s, cluster, routing, sim } = w;
  const latency = sampler.totalLatency;
  const events = cluster.events.map((e) => ({ time: e.timeMs / 1000, object: e.object, reason: e.reason, message: e.message }));
  let restarts = cluster.restartsOfGonePods;
  for (const d of cluster.deployments) for (const rs of d.replicaSets) for (const p of rs.pods) restarts += p.restartCount;
  const requestCost = costOf(s.pricing, routing.cpuMilliMs, routing.memoryByteMs);
  const bill = w.scheduler ? nodeCostOf(cluster.nodes, s.durationMs) : null;
  const summary = buildSummary({
    scenario: s,
    offered: routing.offered,
    served: routing.served,
    failed: routing.failed,
    outageMs: routing.outageMs,
    latency: { p50: latency.quantile(0.5), p95: latency.quantile(0.95), p99: latency.quantile(0.99) },
    readySamples: sampler.readySamples(),
    cost: bill ? { ...requestCost, requests: requestCost.total, nodes: bill.total, total: bill.total } : requestCost,
    ...(w.scheduler && bill
      ? { nodes: { samples: sampler.nodeSamples(), nodeHours: bill.nodeHours }, pendingPodSeconds: w.scheduler.pendingPodSeconds(s.durationMs) }
      : {}),
    scaling: { ...w.scaling },
    rollouts: w.rollouts.map(({ d: _d, container: _c, ...r }) => r),
    restarts,
    ...(memoryModelled(s) ? { oomKills: w.counters.oomKills } : {}),
    ...(s.quotas.length > 0 ? { quota: [...w.quotaRefusals.values()] } : {}),
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

/** Does any app or sidecar have a memory model (then the summary counts OOM kills)? */
function memoryModelled(s: Scenario): boolean {
  const m = (a: { memoryBytes: number; memoryPerRequestBytes: number; memoryLeakPerHourBytes: number }): boolean =>
    a.memoryBytes > 0 || a.memoryPerRequestBytes > 0 || a.memoryLeakPerHourBytes > 0;
  return Object.values(s.apps).some((a) => m(a) || Object.values(a.versions).some((v) => m({ ...a, ...v })) || Object.values(a.sidecars).some(m));
}
