/**
 * Build: the cluster and everything that runs in it, wired together before t=0.
 *
 *   Simulation ─► Cluster (hooks into routing) ─► kubelet ─► ReplicaSet and Deployment controllers
 *              ─► routing (traffic sources, Services' endpoints, the app model) ─► warm pods
 *              ─► HPA controller ─► metrics-server
 *
 * The routing exists before anything can need it: the cluster's hooks call into it from the first pod on.
 * Construction order is part of the model (events scheduled at the same instant run in insertion order).
 */
import { Simulation } from '../engine/simulation.js';
import { qualifiedName, type HorizontalPodAutoscaler, type PodSpec } from '../k8s/api/types.js';
import { admitPod, usageOf } from '../k8s/quota/admission.js';
import { Cluster, type ClusterHooks } from '../k8s/cluster/cluster.js';
import type { DeploymentState, PodState, ReplicaSetState } from '../k8s/cluster/types.js';
import { DeploymentController } from '../k8s/deployment/controller.js';
import { HpaController, type HpaEntry } from '../k8s/hpa/controller.js';
import { externalSeriesFor } from '../k8s/hpa/external.js';
import { DEFAULT_HPA_PARAMS } from '../k8s/hpa/defaults.js';
import { MetricsServer } from '../k8s/hpa/metrics-server.js';
import type { HpaSpec } from '../k8s/hpa/reconcile.js';
import type { MetricSpec as HpaMetricSpec, HpaParams } from '../k8s/hpa/types.js';
import { Kubelet } from '../k8s/kubelet/kubelet.js';
import { ClusterAutoscalerController, KarpenterController } from '../k8s/autoscaler/controllers.js';
import { evictedPodMessage } from '../k8s/autoscaler/karpenter.js';
import { WorldAutoscaledCluster } from '../k8s/nodes/autoscaled-cluster.js';
import { NodeController } from '../k8s/nodes/controller.js';
import { ReplicaSetController } from '../k8s/replicaset/controller.js';
import { Scheduler } from '../k8s/scheduler/controller.js';
import type { HpaDecisionRow, QuotaRefusal, RolloutRecord } from '../results/types.js';
import { DecisionRows } from '../results/summary.js';
import type { Scenario } from '../scenario/types.js';
import { createTrafficSource, type NoiseDraws } from '../workload/traffic/index.js';
import { clientsOf, type TrafficSource } from '../workload/traffic/types.js';
import { ClosedLoopClients, RetryQueue } from './clients.js';
import { PodLoadModel, resolveApp } from './pod-load.js';
import { Routing } from './routing.js';
import type { Sampler } from './sampler.js';
import { WorkloadTally } from './workloads.js';

/** An open rollout record, closed when its Deployment completes with the rolled-out template. */
export type OpenRollout = RolloutRecord & { d: DeploymentState; container: string | undefined };

export interface World {
  readonly scenario: Scenario;
  readonly sim: Simulation;
  readonly cluster: Cluster;
  readonly kubelet: Kubelet;
  readonly deployments: DeploymentController;
  readonly routing: Routing;
  /** One summed source per Service (or Deployment) name. */
  readonly sources: ReadonlyMap<string, TrafficSource>;
  readonly hpaEntries: readonly HpaEntry[];
  readonly rollouts: OpenRollout[];
  readonly decisions: HpaDecisionRow[];
  readonly scaling: { scaleUps: number; scaleDowns: number };
  /** Pod creates refused by a ResourceQuota, per ReplicaSet. */
  readonly quotaRefusals: ReadonlyMap<ReplicaSetState, QuotaRefusal>;
  readonly counters: { oomKills: number };
  /** With node pools: the scheduler and the node controllers (null without pools). */
  readonly scheduler: Scheduler | null;
  readonly nodes: NodeController | null;
  /** With a node autoscaler: every pod created, for time to capacity (null otherwise). */
  readonly podLog: PodState[] | null;
}

export interface BuildOptions {
  /** Reuse the HPA's metric step while its inputs are unchanged (default true; false only for verification). */
  reuseHpaMetricSteps?: boolean;
  /** Sum the pods of cpu-utilisation HPAs without building their views (default true; false only for verification). */
  tallyHpaPods?: boolean;
  /** Settle pods that share a load in classes (default true; false settles each pod alone, for verification). */
  loadClasses?: boolean;
  /**
   * Noise draws shared between runs (a sweep's thread keeps one): a run whose traffic and seed an earlier one had
   * reuses its draws instead of drawing them again. The same numbers either way.
   */
  noiseDraws?: NoiseDraws;
}

export function buildWorld(s: Scenario, sampler: Sampler, options: BuildOptions = {}): World {
  const sim = new Simulation(s.seed);
  // One load model per (app, CPU capacity): pods of one Service usually get the same rps, so every pod after
  // the first finds its result cached.
  const models = new Map<string, PodLoadModel>();
  // requests in flight are computed when a Pods or Object metric reads them (or memory per request needs them)
  const inFlightRead = s.hpas.some((h) => h.spec.metrics.some((m) => m.name === 'requests_in_flight'));
  const loadModel = (deployment: string, image: string, capacityMilli: number): PodLoadModel => {
    const key = `${deployment}\u0000${image}\u0000${capacityMilli}`;
    let m = models.get(key);
    if (!m) {
      m = new PodLoadModel(resolveApp(s, deployment, image), capacityMilli);
      if (inFlightRead) m.needsInFlight = true;
      models.set(key, m);
    }
    return m;
  };
  const podLog: PodState[] | null = s.cluster.nodeAutoscaler ? [] : null;
  // The hooks reach the routing only once the warm pods are in (their load is primed in one go at t=0).
  let live: Routing | undefined;
  const hooks: ClusterHooks = {
    settle: (now) => live?.flush(now),
    refreshPod: (p) => {
      // settle first: the pod's load changes from now on, not since the last settle
      live?.flush(sim.now);
      live?.refreshPod(p);
    },
    beforeRoutingChange: (now, pod) => {
      live?.flush(now);
      live?.routingChanging(pod);
    },
    podCreated: (p) => {
      const key = p.rs.deployment.key;
      p.load = loadModel(key, p.image, p.cpuCapacityMilli);
      // a container without a `sidecars` entry idles: no CPU, no memory (SIDECAR_DEFAULTS)
      for (const c of p.sidecars) c.load = s.apps[key]?.sidecars[c.name];
      live?.podCreated(p);
      podLog?.push(p);
    },
    podGone: (p) => live?.podGone(p),
    behaviourFor: (deployment, image) => {
      const a = resolveApp(s, deployment, image);
      return { imagePullMs: a.imagePullMs, startupMs: a.startupMs, shutdownMs: a.shutdownMs, crashAfterMs: a.crashAfterMs, neverReady: a.neverReady };
    },
    servingContainer: (d) => s.apps[d.key]?.container ?? null,
    ...(s.quotas.length > 0 ? { admitPod: (rs: ReplicaSetState) => quotaCheck(rs) } : {}),
  };
  // ResourceQuota: the namespace's live pods against each of its quotas (admission at every create).
  function quotaCheck(rs: ReplicaSetState): string | null {
    const ns = rs.deployment.namespace;
    const quotas = s.quotas.filter((q) => q.metadata.namespace === ns);
    if (quotas.length === 0) return null;
    const specs = cluster.pods
      .filter((p) => !p.gone && p.phase !== 'Failed' && p.phase !== 'Succeeded' && p.rs.deployment.namespace === ns)
      .map((p) => p.rs.template.spec);
    const used = usageOf(specs);
    return admitPod(rs.template.spec, quotas, () => used);
  }
  const cluster = new Cluster(sim, hooks);
  cluster.nodeCpuMilli = s.cluster.nodeCpuMilli;
  const kubelet = new Kubelet(cluster);
  // Node pools: a scheduler places pods on the pools' nodes; without pools one implicit node fits every pod.
  let scheduler: Scheduler | null = null;
  let nodes: NodeController | null = null;
  if (s.cluster.nodePools.length > 0) {
    scheduler = new Scheduler(cluster, kubelet);
    cluster.placer = scheduler;
    nodes = new NodeController(cluster, kubelet, scheduler, s.pdbs);
    // an eviction's deletion timestamp makes the ReplicaSet create the replacement at once (it is no longer active)
    nodes.onPodDeleted = (p) => rsController.enqueue(p.rs);
    scheduler.onPodPreempted = (p) => rsController.enqueue(p.rs);
    const pools = s.cluster.nodePools.map((p) => ({ ...p, allocatable: { ...p.allocatable }, created: 0 }));
    for (const pool of pools) for (let i = 0; i < pool.nodes; i++) nodes.createNode(pool, 0);
    const na = s.cluster.nodeAutoscaler;
    if (na?.kind === 'ClusterAutoscaler') new ClusterAutoscalerController(sim, new WorldAutoscaledCluster(cluster, scheduler, nodes, pools), na.options);
    else if (na?.kind === 'Karpenter') {
      const seam = new WorldAutoscaledCluster(cluster, scheduler, nodes, pools, { reason: 'Evicted', message: evictedPodMessage });
      const karpenter = new KarpenterController(sim, seam, {
        batchIdleDurationMs: na.batchIdleDurationMs,
        batchMaxDurationMs: na.batchMaxDurationMs,
        nodePools: s.karpenterNodePools.length > 0 ? s.karpenterNodePools : [na.implicitNodePool],
      });
      const sched = scheduler;
      sched.onFailedScheduling = (p) => karpenter.podUnschedulable(`${p.rs.deployment.prefix}${p.name}`);
    }
  }
  const rsController = new ReplicaSetController(cluster, kubelet);
  const deployments = new DeploymentController(cluster, rsController);
  // Refused creates (ResourceQuota), per ReplicaSet, and OOM kills: for the summary.
  const quotaRefusals = new Map<ReplicaSetState, QuotaRefusal>();
  rsController.onCreateFailed = (rs, message) => {
    const t = sim.now / 1000;
    const r = quotaRefusals.get(rs) ?? { replicaSet: `${rs.deployment.prefix}${rs.name}`, refusedCreates: 0, firstRefusedAt: t, lastRefusedAt: t, message };
    r.refusedCreates++;
    r.lastRefusedAt = t;
    r.message = message;
    quotaRefusals.set(rs, r);
  };
  const counters = { oomKills: 0 };
  const recordEvent = cluster.record.bind(cluster);
  cluster.record = (object, reason, message) => {
    if (reason === 'OOMKilled') counters.oomKills++;
    recordEvent(object, reason, message);
  };
  kubelet.setListener({
    podStatusChanged: (p: PodState) => {
      if (p.gone) rsController.enqueue(p.rs);
      deployments.enqueue(p.rs.deployment);
    },
  });
  const routing = new Routing(cluster, kubelet, sampler.totalLatency, sampler.intervalLatency);
  routing.loadClasses = options.loadClasses ?? true;
  routing.endOfRunMs = s.durationMs;

  const sources = new Map<string, TrafficSource>();
  for (const [name, specs] of Object.entries(s.traffic)) {
    const source = createTrafficSource(specs, { random: sim.random.get(`traffic/${name}`), durationMs: s.durationMs, ...(options.noiseDraws ? { noiseDraws: options.noiseDraws } : {}) });
    sources.set(name, source);
    const service = s.services.find((x) => qualifiedName(x.metadata.namespace, x.metadata.name) === name) ?? null;
    const closed = clientsOf(specs);
    const behaviour = s.clients[name];
    routing.addTarget(name, source, service, service ? null : name, {
      ...(closed ? { closed: new ClosedLoopClients(closed) } : {}),
      ...(behaviour ? { retry: new RetryQueue(behaviour.retries, behaviour.retryBackoffMs) } : {}),
    });
  }

  // Deployments (warm: their pods exist, Running and Ready, before t=0).
  for (const d of s.deployments) {
    const state = deployments.add(d, s.warmStart);
    state.tally = new WorkloadTally(d.metadata.namespace, d.metadata.name, s.deployments.length > 1);
    if (s.warmStart) for (const rs of state.replicaSets) for (const p of rs.pods) routing.podCreated(p);
  }
  live = routing;
  routing.prime(0);

  const rollouts: OpenRollout[] = [];
  deployments.listener = {
    synced: (d, complete, newRS) => {
      for (const r of rollouts) {
        if (r.d !== d || r.completedAt !== null || !complete || !newRS) continue;
        if (rolledImage(newRS.template.spec, r.container) !== r.image) continue;
        r.completedAt = sim.now / 1000;
        r.durationSeconds = r.completedAt - r.startedAt;
      }
    },
  };

  const scaling = { scaleUps: 0, scaleDowns: 0 };
  const decisions: HpaDecisionRow[] = [];
  const metricsServer = new MetricsServer(cluster, s.controllers.metricsResolutionMs, s.controllers.metricsWindowMs);
  const hpaEntries = addAutoscaling(s, sim, cluster, routing, deployments, sources, scaling, decisions, options, metricsServer);
  metricsServer.start(s.warmStart);

  return { scenario: s, sim, cluster, kubelet, deployments, routing, sources, hpaEntries, rollouts, decisions, scaling, quotaRefusals, counters, scheduler, nodes, podLog };
}

/** The image of the container a rollout changed (the first when it named none). */
function rolledImage(spec: PodSpec, container: string | undefined): string | undefined {
  if (container === undefined) return spec.containers[0]!.image;
  return [...spec.containers, ...(spec.initContainers ?? [])].find((c) => c.name === container)?.image;
}

/** The HPA controller with the scenario's HPAs and the built-in series its Object/External metrics read. */
function addAutoscaling(
  s: Scenario,
  sim: Simulation,
  cluster: Cluster,
  routing: Routing,
  deployments: DeploymentController,
  sources: ReadonlyMap<string, TrafficSource>,
  scaling: { scaleUps: number; scaleDowns: number },
  decisions: HpaDecisionRow[],
  options: BuildOptions,
  metricsServer: MetricsServer,
): HpaEntry[] {
  const c = s.controllers;
  const params: HpaParams = {
    tolerance: c.hpaTolerance,
    cpuInitializationPeriod: c.hpaCpuInitializationPeriodMs / 1000,
    initialReadinessDelay: c.hpaInitialReadinessDelayMs / 1000,
    downscaleStabilizationWindow: c.hpaDownscaleStabilizationMs / 1000,
    // No controller flag sets these: upstream's constants (k8s/hpa/defaults.ts).
    scaleUpLimitFactor: DEFAULT_HPA_PARAMS.scaleUpLimitFactor,
    scaleUpLimitMinimum: DEFAULT_HPA_PARAMS.scaleUpLimitMinimum,
    configurableToleranceGate: c.hpaConfigurableTolerance,
  };
  const window = c.metricsWindowMs;
  /** Built-in `requests_per_second` of a Service/Deployment: offered rate over metrics-server's window (milli). */
  const builtinSeries = (metric: string, target: string | null, now: number): number | null => {
    if (metric !== 'requests_per_second' || target === null) return null;
    const src = sources.get(target);
    if (!src) return null;
    const from = Math.max(0, now - window);
    if (now <= from) return Math.round(src.rate(now) * 1000);
    return Math.round((src.integral(from, now) * 1000 * 1000) / (now - from));
  };
  const hpas = new HpaController(
    cluster,
    params,
    c.hpaSyncPeriodMs,
    (d, n) => {
      if (n > d.replicas) {
        scaling.scaleUps++;
        if (d.tally) d.tally.scaleUps++;
      } else if (n < d.replicas) {
        scaling.scaleDowns++;
        if (d.tally) d.tally.scaleDowns++;
      }
      deployments.setReplicas(d, n);
    },
    {
      object: (metric, kind, name, now) => objectSeries(metric, kind, name, now),
      external: (metric, selector, now) => {
        const series = externalSeriesFor({ name: metric, ...(selector ? { selector } : {}) }, externalSources);
        return series.length === 0 ? null : series.map((x) => Math.round(x.source.rate(now) * 1000));
      },
    },
  );
  // External metrics: the scenario's named series, as an external metrics adapter serves them (the value now)
  const externalSources = s.metricSeries.map((m, i) => ({
    ...m,
    source: createTrafficSource(m.value, { random: sim.random.get(`metric/${i}/${m.name}`), durationMs: s.durationMs, ...(options.noiseDraws ? { noiseDraws: options.noiseDraws } : {}) }),
  }));
  /** Object metrics of a Service or Deployment (`key` its key): offered requests/s, or requests in flight. */
  function objectSeries(metric: string, kind: string, key: string, now: number): number | null {
    if (kind !== 'Service' && kind !== 'Deployment') return null;
    if (metric === 'requests_in_flight') {
      routing.flush(now);
      const svc = kind === 'Service' ? s.services.find((x) => qualifiedName(x.metadata.namespace, x.metadata.name) === key) : undefined;
      if (kind === 'Service' && !svc) return null;
      const sel = Object.entries(svc?.spec.selector ?? {});
      let total = 0;
      for (const p of cluster.pods) {
        const mine = svc
          ? p.rs.deployment.namespace === svc.metadata.namespace && sel.length > 0 && sel.every(([k, v]) => p.labels[k] === v)
          : p.rs.deployment.key === key;
        if (mine && p.containerRunning) total += p.inFlight;
      }
      return Math.round(total * 1000);
    }
    return builtinSeries(metric, key, now);
  }
  hpas.reuseMetricSteps = options.reuseHpaMetricSteps ?? true;
  hpas.tallyPods = options.tallyHpaPods ?? true;
  // A scrape and an HPA sync at the same instant: the scrape completes first (README, "HPA timing").
  hpas.beforeSync = (now) => metricsServer.scrapeIfDue(now);
  // the pods of cpu-utilisation HPAs' targets are summed in metrics-server's pass (HpaController.scrapeListener)
  metricsServer.listener = hpas.scrapeListener;
  const rows = new DecisionRows(decisions);
  hpas.onDecision = (d) => rows.add(d);
  return s.hpas.map((h) => hpas.add(toHpaEntry(h, cluster.findDeployment(qualifiedName(h.metadata.namespace, h.spec.scaleTargetRef.name))!)));
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
      .map((m) => ({ metric: m.name, kind: m.describedObject!.kind, name: qualifiedName(h.metadata.namespace, m.describedObject!.name) })),
    externalRefs: h.spec.metrics
      .filter((m) => m.type === 'External')
      .map((m) => ({ metric: m.name, selector: m.selector ?? null })),
  };
}
