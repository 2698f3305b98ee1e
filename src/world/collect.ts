/** Collect: the finished world as the run's result (summary, series, events, HPA decisions). */
import { foldEvents } from '../results/events.js';
import { buildSummary } from '../results/summary.js';
import type { RunResult, WorkloadSummary } from '../results/types.js';
import type { Scenario } from '../scenario/types.js';
import type { World } from './build.js';
import { costOf, nodeCostOf } from './cost.js';
import type { Sampler } from './sampler.js';
import type { PodState } from '../k8s/cluster/types.js';
import { timeToCapacity, type StepCapacity } from '../results/time-to-capacity.js';

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
    ready: { min: routing.readyMin, max: routing.readyMax, podMs: routing.readyPodMs },
    cost: bill ? { ...requestCost, requests: requestCost.total, nodes: bill.total, total: bill.total } : requestCost,
    ...(w.scheduler && bill
      ? { nodes: { samples: sampler.nodeSamples(), nodeHours: bill.nodeHours }, pendingPodSeconds: w.scheduler.pendingPodSeconds(s.durationMs) }
      : {}),
    ...(w.podLog ? { timeToCapacity: stepCapacity(s, w.podLog) } : {}),
    scaling: { ...w.scaling },
    rollouts: w.rollouts.map(({ d: _d, container: _c, ...r }) => r),
    restarts,
    ...(memoryModelled(s) ? { oomKills: w.counters.oomKills } : {}),
    ...(s.quotas.length > 0 ? { quota: [...w.quotaRefusals.values()] } : {}),
    events: foldEvents(events).length, // rows of events.csv: repeats folded
    ...(Object.keys(s.clients).length > 0 ? { clients: routing.clientTotals(s.durationMs) } : {}),
    workloads: workloadsOf(w, sampler),
  });
  const conditions = cluster.conditions.map((c) => ({ time: c.timeMs / 1000, object: c.object, type: c.type, status: c.status, reason: c.reason, message: c.message }));
  const actions = cluster.actions.map((e) => ({ time: e.timeMs / 1000, object: e.object, reason: e.reason, message: e.message }));
  return {
    summary,
    timeseries: sampler.series.build(),
    revisions: sampler.revisions.build(),
    events,
    conditions,
    actions,
    hpaDecisions: w.decisions,
    warnings: s.warnings,
    stats: { events: sim.eventCount, simulatedSeconds: s.durationMs / 1000 },
  };
}

/**
 * Time to capacity per traffic step: the start of every `steps` step of any target, and each pod's times.
 * Placeholder pods (negative priority, the overprovisioning pattern) are not capacity and are not counted.
 */
function stepCapacity(s: Scenario, pods: readonly PodState[]): StepCapacity[] {
  const steps = new Set<number>();
  for (const list of Object.values(s.traffic)) for (const c of list) if (c.kind === 'steps') for (const st of c.steps) steps.add(st.atMs);
  return timeToCapacity([...steps].sort((a, b) => a - b), pods.filter((p) => (p.priority ?? 0) >= 0).map((p) => ({ createdMs: p.createdMs, scheduledMs: p.startTimeMs, readyMs: p.firstReadyMs ?? null })));
}

/** Does any app or sidecar have a memory model (then the summary counts OOM kills)? */
function memoryModelled(s: Scenario): boolean {
  const m = (a: { memoryBytes: number; memoryPerRequestBytes: number; memoryLeakPerHourBytes: number }): boolean =>
    a.memoryBytes > 0 || a.memoryPerRequestBytes > 0 || a.memoryLeakPerHourBytes > 0;
  return Object.values(s.apps).some((a) => m(a) || Object.values(a.versions).some((v) => m({ ...a, ...v })) || Object.values(a.sidecars).some(m));
}

/** summary.json `workloads[]`: each Deployment's tally, restarts, rollouts and HPA activity. */
function workloadsOf(w: World, sampler: Sampler): WorkloadSummary[] {
  const { scenario: s, cluster } = w;
  const out: WorkloadSummary[] = [];
  for (const d of cluster.deployments) {
    const tl = d.tally;
    if (!tl) continue;
    const hist = tl.latency ?? sampler.totalLatency;
    let restarts = cluster.restartsOfGonePodsBy.get(d.key) ?? 0;
    for (const rs of d.replicaSets) for (const p of rs.pods) restarts += p.restartCount;
    const cost = costOf(s.pricing, tl.cpuMilliMs, tl.memoryByteMs);
    const mine = w.rollouts.filter((r) => r.d === d);
    const hpa = w.hpaEntries.find((e) => e.target === d);
    const capped = hpa ? w.decisions.filter((r) => r.hpa === hpa.name && r.limitedBy === 'TooManyReplicas').length : 0;
    const fin = (x: number) => (Number.isFinite(x) ? x : 0);
    out.push({
      namespace: tl.namespace,
      name: tl.name,
      requests: { offered: Math.round(tl.offered), served: Math.round(tl.served), failed: Math.round(tl.offered) - Math.round(tl.served) },
      availability: tl.offered > 0 ? tl.served / tl.offered : 1,
      latency: { p50: fin(hist.quantile(0.5)), p95: fin(hist.quantile(0.95)), p99: fin(hist.quantile(0.99)) },
      replicas: tl.samples > 0 ? { min: tl.readyMin, max: tl.readyMax, mean: tl.readySum / tl.samples } : { min: 0, max: 0, mean: 0 },
      restarts,
      cost,
      rollouts: { started: mine.length, completed: mine.filter((r) => r.completedAt !== null).length },
      hpa: hpa
        ? {
            name: hpa.name,
            minReplicas: hpa.spec.minReplicas ?? 1,
            maxReplicas: hpa.spec.maxReplicas,
            scaleUps: tl.scaleUps,
            scaleDowns: tl.scaleDowns,
            secondsAtMaxReplicas: (capped * s.controllers.hpaSyncPeriodMs) / 1000,
          }
        : null,
    });
  }
  return out;
}
