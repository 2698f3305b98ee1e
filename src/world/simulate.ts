/**
 * Build the world from a normalised scenario and run it: the `simulate` of the public API.
 *
 *   scenario ─► cluster + kubelet + controllers (k8s) ─► traffic + app model (workload) ─► load accounting
 *            ─► scenario events ─► sampler rows ─► RunResult (metrics)
 *
 * Everything random comes from the simulation's named streams; the clock is the simulation's.
 */
import { Simulation } from '../engine/simulation.js';
import type { HorizontalPodAutoscaler } from '../k8s/api/types.js';
import { Cluster, type ClusterHooks } from '../k8s/cluster/cluster.js';
import type { DeploymentState, PodState, ReplicaSetState } from '../k8s/cluster/types.js';
import { DeploymentController, revisionOf } from '../k8s/deployment/controller.js';
import { HpaController, type HpaEntry } from '../k8s/hpa/controller.js';
import { MetricsServer } from '../k8s/hpa/metrics-server.js';
import type { HpaSpec } from '../k8s/hpa/reconcile.js';
import type { MetricSpec as HpaMetricSpec, HpaParams } from '../k8s/hpa/types.js';
import { Kubelet } from '../k8s/kubelet/kubelet.js';
import { ReplicaSetController } from '../k8s/replicaset/controller.js';
import { LatencyHistogram } from '../results/latency.js';
import { SeriesBuilder } from '../results/series.js';
import { buildSummary, decisionRow } from '../results/summary.js';
import { TIMESERIES_COLUMNS } from '../results/types.js';
import type { HpaDecisionRow, RolloutRecord, RunResult } from '../results/types.js';
import { createTrafficSource } from '../workload/traffic/index.js';
import type { TrafficSource } from '../workload/traffic/types.js';
import { LoadAccounting } from './routing.js';
import { PodLoadModel, resolveApp } from './pod-load.js';
import type { Scenario, ScenarioEvent } from '../scenario/types.js';

export interface SimulateOptions {
  /** Called now and then with the simulation time (ms), for a progress line. */
  onProgress?: (nowMs: number, durationMs: number) => void;
  /** Reuse the HPA's metric step while its inputs are unchanged (default true; false only for verification). */
  reuseHpaMetricSteps?: boolean;
}

export function simulate(s: Scenario, options: SimulateOptions = {}): RunResult {
  const sim = new Simulation(s.seed);
  // One load model per (app, CPU capacity): pods of one Service usually get the same rps, so every pod after
  // the first finds its result cached.
  const models = new Map<string, PodLoadModel>();
  const loadModel = (deployment: string, image: string, capacityMilli: number): PodLoadModel => {
    const key = `${deployment}\u0000${image}\u0000${capacityMilli}`;
    let m = models.get(key);
    if (!m) {
      m = new PodLoadModel(resolveApp(s, deployment, image), capacityMilli);
      models.set(key, m);
    }
    return m;
  };
  let accounting: LoadAccounting | undefined;
  const hooks: ClusterHooks = {
    settle: (now) => accounting?.flush(now),
    refreshPod: (p) => accounting?.refreshPod(p),
    beforeRoutingChange: (now) => accounting?.flush(now),
    podCreated: (p) => {
      p.load = loadModel(p.rs.deployment.name, p.image, p.cpuCapacityMilli);
      accounting?.podCreated(p);
    },
    podGone: (p) => accounting?.podGone(p),
    behaviourFor: (deployment, image) => {
      const a = resolveApp(s, deployment, image);
      return { imagePullMs: a.imagePullMs, startupMs: a.startupMs, shutdownMs: a.shutdownMs, crashAfterMs: a.crashAfterMs, neverReady: a.neverReady };
    },
  };
  const cluster = new Cluster(sim, hooks);
  cluster.nodeCpuMilli = s.cluster.nodeCpuMilli;
  const kubelet = new Kubelet(cluster);
  const rsController = new ReplicaSetController(cluster, kubelet);
  const deployments = new DeploymentController(cluster, rsController);
  kubelet.setListener({
    podStatusChanged: (p: PodState) => {
      if (p.gone) rsController.enqueue(p.rs);
      deployments.enqueue(p.rs.deployment);
    },
  });
  const totalLatency = new LatencyHistogram();
  const intervalLatency = new LatencyHistogram();
  const acc = new LoadAccounting(cluster, kubelet, totalLatency, intervalLatency);

  // Traffic: one summed source per Service (or Deployment) name.
  const sources = new Map<string, TrafficSource>();
  for (const [name, specs] of Object.entries(s.traffic)) {
    const source = createTrafficSource(specs, { random: sim.random.get(`traffic/${name}`), durationMs: s.durationMs });
    sources.set(name, source);
    const service = s.services.find((x) => x.metadata.name === name) ?? null;
    acc.addTarget(name, source, service, service ? null : name);
  }

  // Deployments (warm: their pods exist, Running and Ready, before t=0).
  for (const d of s.deployments) {
    const state = deployments.add(d, s.warmStart);
    if (s.warmStart) for (const rs of state.replicaSets) for (const p of rs.pods) acc.podCreated(p);
  }
  accounting = acc;
  acc.prime(0);

  // Rollouts: open records closed when the Deployment completes with the rolled-out template.
  const rollouts: (RolloutRecord & { d: DeploymentState })[] = [];
  deployments.listener = {
    synced: (d, complete, newRS) => {
      for (const r of rollouts) {
        if (r.d !== d || r.completedAt !== null || !complete || !newRS) continue;
        if (newRS.template.spec.containers[0]!.image !== r.image) continue;
        r.completedAt = sim.now / 1000;
        r.durationSeconds = r.completedAt - r.startedAt;
      }
    },
  };

  // HPA controller and metrics-server.
  const params: HpaParams = {
    tolerance: s.controllers.hpaTolerance,
    cpuInitializationPeriod: s.controllers.hpaCpuInitializationPeriodMs / 1000,
    initialReadinessDelay: s.controllers.hpaInitialReadinessDelayMs / 1000,
    downscaleStabilizationWindow: s.controllers.hpaDownscaleStabilizationMs / 1000,
    scaleUpLimitFactor: 2,
    scaleUpLimitMinimum: 4,
    configurableToleranceGate: s.controllers.hpaConfigurableTolerance,
  };
  let scaleUps = 0;
  let scaleDowns = 0;
  const hpas = new HpaController(
    cluster,
    params,
    s.controllers.hpaSyncPeriodMs,
    (d, n) => {
      if (n > d.replicas) scaleUps++;
      else if (n < d.replicas) scaleDowns++;
      deployments.setReplicas(d, n);
    },
    {
      object: (metric, kind, name, now) => builtinSeries(metric, kind === 'Service' || kind === 'Deployment' ? name : null, now),
      external: (metric, selector, now) => {
        const v = builtinSeries(metric, selector['service'] ?? selector['deployment'] ?? null, now);
        return v === null ? null : [v];
      },
    },
  );
  const window = s.controllers.metricsWindowMs;
  /** Built-in `requests_per_second` of a Service/Deployment: offered rate over metrics-server's window (milli). */
  function builtinSeries(metric: string, target: string | null, now: number): number | null {
    if (metric !== 'requests_per_second' || target === null) return null;
    const src = sources.get(target);
    if (!src) return null;
    const from = Math.max(0, now - window);
    if (now <= from) return Math.round(src.rate(now) * 1000);
    return Math.round((src.integral(from, now) * 1000 * 1000) / (now - from));
  }
  hpas.reuseMetricSteps = options.reuseHpaMetricSteps ?? true;
  const decisions: HpaDecisionRow[] = [];
  hpas.onDecision = (d) => decisions.push(decisionRow(d));
  const hpaEntries: HpaEntry[] = [];
  for (const h of s.hpas) {
    const target = cluster.findDeployment(h.spec.scaleTargetRef.name)!;
    hpaEntries.push(hpas.add(toHpaEntry(h, target)));
  }
  new MetricsServer(cluster, s.controllers.metricsResolutionMs, window).start(s.warmStart);

  // Scenario events.
  const chaos = sim.random.get('chaos');
  for (const ev of [...s.events].sort((a, b) => a.atMs - b.atMs)) {
    sim.at(ev.atMs, `scenario:${ev.kind}`, () => applyEvent(ev));
  }
  function applyEvent(ev: ScenarioEvent): void {
    const d = cluster.findDeployment(ev.deployment)!;
    const now = sim.now / 1000;
    switch (ev.kind) {
      case 'rollout':
        rollouts.push({ d, deployment: d.name, image: ev.image, startedAt: now, completedAt: null, durationSeconds: null });
        deployments.setImage(d, ev.image, ev.container);
        break;
      case 'undo': {
        const r = deployments.undo(d, ev.toRevision);
        if (r && 'image' in r) rollouts.push({ d, deployment: d.name, image: r.image, startedAt: now, completedAt: null, durationSeconds: null });
        if (r && 'error' in r) cluster.record(`deployment/${d.name}`, 'RollbackFailed', r.error);
        break;
      }
      case 'scale':
        deployments.setReplicas(d, ev.replicas);
        break;
      case 'killPods': {
        const running = d.replicaSets.flatMap((rs) => rs.pods).filter((p) => p.containerRunning && p.deletionMs === null);
        for (let i = 0; i < ev.count && running.length > 0; i++) {
          const victim = running.splice(chaos.int(running.length), 1)[0]!;
          kubelet.crash(victim);
        }
        break;
      }
    }
  }

  // Sampler: one row at the end of every interval.
  const capacity = Math.ceil(s.durationMs / s.sampleIntervalMs) + 1;
  const series = new SeriesBuilder([...TIMESERIES_COLUMNS], capacity);
  // Column storage is sized for the whole run up front, so these references stay valid (no growth).
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
  // Each Deployment's ReplicaSets and their ready_<rs> columns, as of the last row: while the list is the same
  // (it changes only at a rollout or a history cleanup) a row writes the columns without looking them up.
  const rsColumns = new Map<ReplicaSetState, Float64Array>();
  const rsSeen: { sets: ReplicaSetState[]; cols: Float64Array[] }[] = [];
  const columnsOf = (di: number, sets: readonly ReplicaSetState[]): Float64Array[] => {
    const seen = (rsSeen[di] ??= { sets: [], cols: [] });
    let same = seen.sets.length === sets.length;
    for (let k = 0; same && k < sets.length; k++) same = seen.sets[k] === sets[k];
    if (same) return seen.cols;
    seen.sets = sets.slice();
    seen.cols = sets.map((rs) => {
      let c = rsColumns.get(rs);
      if (!c) {
        c = series.column(`ready_${rs.name}`);
        rsColumns.set(rs, c);
      }
      return c;
    });
    return seen.cols;
  };
  const sample = (now: number): void => {
    acc.flush(now);
    const prevStart = now - s.sampleIntervalMs;
    const sec = (now - Math.max(0, prevStart)) / 1000;
    const iv = acc.takeInterval();
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
      const cols = columnsOf(di, sets);
      for (let k = 0; k < sets.length; k++) {
        const rs = sets[k]!;
        let n = 0;
        for (const p of rs.pods) {
          if (!Cluster.isRoutable(p)) continue;
          n++;
          usageAll += p.cpuMilli;
          if (p.hasCpuRequest) {
            usage += p.cpuMilli;
            request += p.requestCpuMilli;
          }
        }
        ready += n;
        cols[k]![row] = n;
      }
    }
    cTime[row] = now / 1000;
    cOffered[row] = iv.offered / sec;
    cServed[row] = iv.served / sec;
    cFailed[row] = iv.failed / sec;
    cReady[row] = ready;
    cTotal[row] = cluster.pods.length;
    cDesired[row] = desired;
    cCpu[row] = request > 0 ? Math.floor((usage * 100) / request) : 0;
    cCpuPerPod[row] = ready > 0 ? usageAll / ready : 0;
    let hpaDesired = hpaEntries.length ? 0 : NaN;
    for (const e of hpaEntries) hpaDesired += e.last?.replicas ?? e.target.replicas;
    cHpaDesired[row] = hpaDesired;
    const seen = hpaEntries[0]?.last?.status.currentMetrics[0];
    cHpaMetric[row] = seen ? (seen.averageUtilization ?? (seen.averageValue ?? seen.value ?? NaN) / 1000) : NaN;
    cP50[row] = intervalLatency.quantile(0.5);
    cP95[row] = intervalLatency.quantile(0.95);
    cP99[row] = intervalLatency.quantile(0.99);
    totalLatency.merge(intervalLatency);
    intervalLatency.reset();
    cCost[row] = costTotal(acc.cpuMilliMs, acc.memoryByteMs);
    // the next row (scheduled one at a time: the queue never holds the whole run's samples)
    const next = Math.min(now + s.sampleIntervalMs, s.durationMs);
    if (next > now) sim.at(next, 'sampler', sample);
  };
  sim.at(Math.min(s.sampleIntervalMs, s.durationMs), 'sampler', sample);

  const progress = options.onProgress;
  sim.run(s.durationMs, progress ? (now) => progress(now, s.durationMs) : undefined);

  function costTotal(cpuMilliMs: number, memoryByteMs: number): number {
    return (cpuMilliMs / 3.6e9) * s.pricing.cpuCoreHour + (memoryByteMs / 2 ** 30 / 3.6e6) * s.pricing.memoryGiBHour;
  }

  function costOf(cpuMilliMs: number, memoryByteMs: number) {
    const cpuCoreHours = cpuMilliMs / 1000 / 3_600_000;
    const memoryGiBHours = memoryByteMs / 2 ** 30 / 3_600_000;
    return { cpuCoreHours, memoryGiBHours, total: cpuCoreHours * s.pricing.cpuCoreHour + memoryGiBHours * s.pricing.memoryGiBHour };
  }

  const events = cluster.events.map((e) => ({ time: e.timeMs / 1000, object: e.object, reason: e.reason, message: e.message }));
  const restarts = cluster.deployments.reduce((n, d) => n + d.replicaSets.reduce((m, rs) => m + rs.pods.reduce((k, p) => k + p.restartCount, 0), 0), 0);
  const summary = buildSummary({
    scenario: s,
    offered: acc.offered,
    served: acc.served,
    failed: acc.failed,
    outageMs: acc.outageMs,
    latency: { p50: totalLatency.quantile(0.5), p95: totalLatency.quantile(0.95), p99: totalLatency.quantile(0.99) },
    readySamples: cReady.subarray(0, series.length),
    cost: costOf(acc.cpuMilliMs, acc.memoryByteMs),
    scaling: { scaleUps, scaleDowns },
    rollouts: rollouts.map(({ d: _d, ...r }) => r),
    restarts: restarts + cluster.restartsOfGonePods,
    events: events.length,
  });
  return {
    summary,
    timeseries: series.build(),
    events,
    hpaDecisions: decisions,
    warnings: s.warnings,
    stats: { events: sim.eventCount, simulatedSeconds: s.durationMs / 1000 },
  };
}

/** The API object's HPA spec as the pure decision reads it. */
function toHpaEntry(h: HorizontalPodAutoscaler, target: DeploymentState): Omit<HpaEntry, 'history' | 'last' | 'cache'> {
  const metrics: HpaMetricSpec[] = h.spec.metrics.map((m) => ({
    type: m.type,
    name: m.name,
    ...(m.container !== undefined ? { container: m.container } : {}),
    ...(m.describedObject ? { describedObject: { kind: m.describedObject.kind, name: m.describedObject.name } } : {}),
    target:
      m.target.type === 'Utilization'
        ? { type: 'Utilization', averageUtilization: m.target.averageUtilization ?? 0 }
        : m.target.type === 'AverageValue'
          ? { type: 'AverageValue', averageValueMilli: m.target.averageValueMilli ?? 0 }
          : { type: 'Value', valueMilli: m.target.valueMilli ?? 0 },
  }));
  const b = h.spec.behavior;
  const spec: HpaSpec = {
    minReplicas: h.spec.minReplicas,
    maxReplicas: h.spec.maxReplicas,
    metrics,
    behavior: b
      ? {
          scaleUp: { ...b.scaleUp, policies: b.scaleUp.policies.map((p) => ({ ...p })) },
          scaleDown: { ...b.scaleDown, policies: b.scaleDown.policies.map((p) => ({ ...p })) },
        }
      : null,
  };
  return {
    name: h.metadata.name,
    spec,
    target,
    objectRefs: h.spec.metrics
      .filter((m) => m.type === 'Object' && m.describedObject)
      .map((m) => ({ metric: m.name, kind: m.describedObject!.kind, name: m.describedObject!.name })),
    externalRefs: h.spec.metrics
      .filter((m) => m.type === 'External')
      .map((m) => ({ metric: m.name, selector: {} })),
  };
}

export { revisionOf };
