/**
 * The HPA controller's loop (horizontal.go's worker): each HPA is reconciled every sync period, the first time
 * one period after it was created (the classic delayed enqueue). Each sync reads the target's
 * scale and pods, the metrics metrics-server last reported, calls the pure `reconcile` (`reconcile.ts`), writes
 * the new replica count to the Deployment and keeps the controller's in-memory history.
 *
 * Every sync leaves one decision-log row: the answer to "why did my HPA do that?".
 */
import type { LabelSelector } from '../api/types.js';
import type { Cluster } from '../cluster/cluster.js';
import { containerCpuMilliValue } from './metric-value.js';
import type { DeploymentState, PodMetricSample, PodState } from '../cluster/types.js';
import { DEFAULT_METRIC, type MetricsOutcome } from './compute-metrics.js';
import { podGroupOf } from './group-pods.js';
import { reconcile, type HpaSpec, type ReconcileResult } from './reconcile.js';
import { countPod, emptyTally, type ResourceTally } from './replica-calculator.js';
import type { HpaContainer, HpaHistory, HpaParams, HpaPod, MetricSample, MetricSpec } from './types.js';

export interface HpaDecision {
  timeMs: number;
  hpa: string;
  result: ReconcileResult;
  currentReplicas: number;
}

/** Where Object and External metric values come from (the world answers for its built-in series). */
export interface ExternalMetricsSource {
  object(metric: string, kind: string, name: string, now: number): number | null;
  external(metric: string, selector: LabelSelector | null, now: number): number[] | null;
}

export interface HpaEntry {
  name: string;
  spec: HpaSpec;
  /** Object/External metric references, by metric name, as the spec gives them. */
  objectRefs: { metric: string; kind: string; name: string }[];
  externalRefs: { metric: string; selector: LabelSelector | null }[];
  target: DeploymentState;
  history: HpaHistory;
  /** Last decision (for the time series: desired replicas and the metric the HPA saw). */
  last: ReconcileResult | null;
  /** The last metric step and the inputs it was computed from (see `sync`). */
  cache: { stateVersion: number; replicas: number; statusReplicas: number; outcome: MetricsOutcome } | null;
}

export class HpaController {
  readonly entries: HpaEntry[] = [];
  /** Reuse the metric step when its inputs are unchanged (off only to verify that reuse changes nothing). */
  reuseMetricSteps = true;
  /**
   * Sum the pods for Resource cpu Utilization metrics in the controller's own pass over them (`tallyCpu`), without
   * building each pod's view (off only to verify that the tally changes nothing).
   */
  tallyPods = true;
  /** Called before each sync reads metrics (metrics-server runs a scrape due at this instant first). */
  beforeSync: (now: number) => void = () => {};
  /** Receives every sync's decision (turn it into a log row at once: results are large). */
  onDecision: (d: HpaDecision) => void = () => {};

  constructor(
    private readonly cluster: Cluster,
    private readonly params: HpaParams,
    private readonly syncPeriodMs: number,
    private readonly setReplicas: (d: DeploymentState, replicas: number) => void,
    private readonly external: ExternalMetricsSource,
  ) {}

  add(entry: Omit<HpaEntry, 'history' | 'last' | 'cache'>): HpaEntry {
    const e: HpaEntry = { ...entry, history: { recommendations: null, scaleUpEvents: [], scaleDownEvents: [] }, last: null, cache: null };
    this.entries.push(e);
    if (onlyCpuUtilization(e.spec.metrics) && !this.scraped.has(e.target)) this.scraped.set(e.target, new CpuTally(-1, this.params));
    const sim = this.cluster.sim;
    const tick = (): void => {
      this.beforeSync(sim.now);
      this.sync(e);
      sim.after(this.syncPeriodMs, `hpa:sync`, tick);
    };
    sim.after(this.syncPeriodMs, 'hpa:sync', tick);
    return e;
  }

  /**
   * The HPA's view of a pod (kept on the pod), rebuilt only when something it shows changed. metrics-server
   * writes a new sample object at each scrape, so the sample's identity stands for its values. When only the
   * sample's numbers changed (the common case: a new scrape of a pod whose status did not change), the view's
   * samples are rewritten in place: views are shared between syncs and HPAs, and nothing keeps one past the
   * sync that reads it (the calculator only reads them; outcomes and history hold numbers).
   */
  private view(p: PodState): HpaPod {
    const v = podView(p);
    if (
      v.pod !== null &&
      v.phase === p.phase &&
      v.deletionMs === p.deletionMs &&
      v.ready === p.ready &&
      v.readyTransitionMs === p.readyTransitionMs &&
      v.startTimeMs === p.startTimeMs
    ) {
      const m = p.metrics;
      // the same sample: the same object, not rewritten since (metrics-server rewrites one-container samples)
      if (v.sample === m && (m === null || v.sampleSeq === m.seq)) return v.pod;
      if (v.simple !== null && m !== null && m.memoryBytes === undefined && p.sidecars.length === 0) {
        writeSimple(v.simple, m);
        v.sample = m;
        v.sampleSeq = m.seq;
        return v.pod;
      }
    }
    // a pod's requests never change: its views share them
    const pod = toHpaPod(p, v.requests);
    const m = p.metrics;
    // the record of what the view was built from is the controller's own: updated in place
    v.pod = pod;
    v.simple = m !== null && m.memoryBytes === undefined && p.sidecars.length === 0 ? (pod.metrics as unknown as SimpleMetrics) : null;
    v.sample = m;
    v.sampleSeq = m?.seq;
    v.phase = p.phase;
    v.deletionMs = p.deletionMs;
    v.ready = p.ready;
    v.readyTransitionMs = p.readyTransitionMs;
    v.startTimeMs = p.startTimeMs;
    return pod;
  }

  /**
   * The target's pods summed for Resource cpu Utilization metrics, read straight from the pods (`CpuTally`),
   * in the order the views would list them.
   */
  private tallyCpu(d: DeploymentState, nowMs: number): CpuTally {
    const acc = new CpuTally(nowMs, this.params);
    for (const rs of d.replicaSets) {
      // The pods of a ReplicaSet are made from its template, which never changes: the same containers with the
      // same requests. Their request is read from the first one's view.
      let rsRequest: number | undefined;
      let first = true;
      for (const p of rs.pods) {
        if (p.gone) continue;
        if (first) {
          rsRequest = podView(p).cpuRequest;
          first = false;
        }
        acc.add(p, rsRequest);
      }
    }
    return acc;
  }

  /**
   * Tallies of the targets of cpu-utilisation HPAs taken in metrics-server's pass over the pods (see
   * `scrapeListener`), by target, and the ones being taken.
   */
  private readonly scraped = new Map<DeploymentState, CpuTally>();
  private scraping = false;
  private lastRs: PodState['rs'] | null = null;
  private lastAcc: CpuTally | undefined;
  private lastRequest: number | undefined;

  /**
   * For metrics-server (`MetricsServer.listener`): while a scrape writes each pod's new sample, the pods of every
   * cpu-utilisation HPA's target are summed as `tallyCpu` sums them. A sync at the scrape's instant that finds the
   * cluster's state version where the scrape left it (no pod created, changed or gone since: the same pods with
   * the same fields and samples) and as many pods in its target's ReplicaSets takes that tally instead of its own
   * pass. The sums are of integers, so the pods' order does not matter — except for the missing-request error,
   * which names a pod: a tally with one is not taken.
   */
  readonly scrapeListener = {
    starting: (nowMs: number): void => {
      this.lastRs = null;
      this.lastAcc = undefined;
      this.scraping = this.tallyPods;
      // (the tallies are reused: a sync only reads one, and nothing keeps it)
      for (const acc of this.scraped.values()) acc.reset(this.tallyPods ? nowMs : -1);
    },
    pod: (p: PodState): void => {
      if (!this.scraping) return;
      const rs = p.rs;
      if (rs !== this.lastRs) {
        this.lastRs = rs;
        this.lastAcc = this.scraped.get(rs.deployment);
        if (this.lastAcc !== undefined) this.lastRequest = podView(p).cpuRequest;
      }
      if (this.lastAcc !== undefined && !p.gone) this.lastAcc.add(p, this.lastRequest);
    },
    done: (): void => {
      this.scraping = false;
      for (const acc of this.scraped.values()) acc.version = this.cluster.stateVersion;
    },
  };

  /** The tally metrics-server's scrape took of `d` now, when it still holds (see `scrapeListener`). */
  private scrapedTally(d: DeploymentState, nowMs: number): CpuTally | undefined {
    const acc = this.scraped.get(d);
    if (acc === undefined || acc.nowMs !== nowMs || acc.version !== this.cluster.stateVersion || acc.t.requestError !== null) return undefined;
    let pods = 0;
    for (const rs of d.replicaSets) pods += rs.pods.length;
    return acc.t.pods === pods ? acc : undefined;
  }

  sync(e: HpaEntry): void {
    const c = this.cluster;
    // No need to settle the load accounting: the HPA reads metrics-server's samples (settled when scraped)
    // and pod status, never the instantaneous load.
    const nowMs = c.sim.now;
    const now = nowMs / 1000;
    const d = e.target;
    // The metric step is a function of the pods, their samples and the replica counts — and of `now` only for
    // pods still inside the CPU initialisation period or without a start time (and for Object/External
    // metrics). Outside those, an unchanged cluster state means an unchanged outcome, so it is reused instead
    // of computed again. A step is kept only when it did not depend on `now`; the same state version means the
    // same pods with the same start times, so it still does not.
    const k = e.cache;
    const reuse =
      k !== null && k.stateVersion === c.stateVersion && k.replicas === d.replicas && k.statusReplicas === d.status.replicas
        ? k.outcome
        : undefined;
    let cacheable = this.reuseMetricSteps && e.objectRefs.length === 0 && e.externalRefs.length === 0;
    let pods: HpaPod[] = NO_PODS;
    let tally: ResourceTally | undefined;
    if (!reuse) {
      const initEnd = nowMs - this.params.cpuInitializationPeriod * 1000;
      if (this.tallyPods && onlyCpuUtilization(e.spec.metrics)) {
        const r = this.scrapedTally(d, nowMs) ?? this.tallyCpu(d, nowMs);
        tally = r.t;
        if (r.young) cacheable = false;
      } else {
        pods = [];
        for (const rs of d.replicaSets) {
          for (const p of rs.pods) {
            if (p.gone) continue;
            if (p.startTimeMs === null || p.startTimeMs > initEnd) cacheable = false;
            pods.push(this.view(p));
          }
        }
      }
    }
    const objectMetrics: Record<string, number | null> = {};
    for (const r of e.objectRefs) objectMetrics[r.metric] = this.external.object(r.metric, r.kind, r.name, nowMs);
    const externalMetrics: Record<string, number[] | null> = {};
    for (const r of e.externalRefs) externalMetrics[r.metric] = this.external.external(r.metric, r.selector, nowMs);
    const result = reconcile(
      {
        params: this.params,
        hpa: e.spec,
        scale: { specReplicas: d.replicas, statusReplicas: d.status.replicas },
        pods,
        objectMetrics,
        externalMetrics,
        history: e.history,
        metricsOutcome: reuse,
        tally: tally ? { resource: 'cpu', tally } : undefined,
      },
      now,
    );
    if (!reuse) {
      e.cache =
        cacheable && result.metricsOutcome
          ? { stateVersion: c.stateVersion, replicas: d.replicas, statusReplicas: d.status.replicas, outcome: result.metricsOutcome }
          : null;
    }
    e.history = result.history;
    e.last = result;
    this.onDecision({ timeMs: nowMs, hpa: e.name, result, currentReplicas: d.replicas });
    for (const ev of result.events) c.record(`${e.target.prefix}horizontalpodautoscaler/${e.name}`, ev.reason, ev.message);
    if (result.rescaled) this.setReplicas(d, result.replicas);
  }
}

/** Never written: the pod list of a sync whose metrics read the tally. */
const NO_PODS: HpaPod[] = [];

/** Are all of an HPA's metrics (the API default when none) Resource cpu metrics with a Utilization target? */
function onlyCpuUtilization(metrics: readonly MetricSpec[]): boolean {
  const specs = metrics.length > 0 ? metrics : [DEFAULT_METRIC];
  for (const m of specs) if (m.type !== 'Resource' || m.name !== 'cpu' || m.target?.type !== 'Utilization') return false;
  return true;
}

/**
 * The pods of a target summed for Resource cpu Utilization metrics at `nowMs`: what `tallyResourcePods` makes of
 * their views (`toHpaPod`), field for field — the sample is metrics-server's (MilliValue of its CPU), the request
 * the pod's own (`hpaRequests`), the group `podGroupOf` of the same fields — without building the views. `young`:
 * some pod is still initialising its CPU or has no start time (then the outcome depends on `now`).
 */
class CpuTally {
  readonly t: ResourceTally = emptyTally();
  young = false;
  /** The cluster's state version once the tally was complete (metrics-server's tallies). */
  version = -1;
  private now = 0;
  private initEnd = 0;

  constructor(
    public nowMs: number,
    private readonly params: HpaParams,
  ) {
    this.reset(nowMs);
  }

  /** Empties the tally, to sum the pods at `nowMs` (-1: at no time). */
  reset(nowMs: number): void {
    const t = this.t;
    t.pods = t.returned = t.unlisted = t.ready = t.readyUsage = t.readyRequest = t.unready = t.unreadyRequest = 0;
    t.missing.length = 0;
    t.requestError = null;
    this.young = false;
    this.version = -1;
    this.nowMs = nowMs;
    this.now = nowMs / 1000;
    this.initEnd = nowMs - this.params.cpuInitializationPeriod * 1000;
  }

  /** Adds a listed pod (`request`: its cpu request, undefined = none). */
  add(p: PodState, request: number | undefined): void {
    const t = this.t;
    t.pods++;
    const startMs = p.startTimeMs;
    if (startMs === null || startMs > this.initEnd) this.young = true;
    const m = p.metrics;
    if (m !== null) t.returned++;
    if (request === undefined) {
      if (t.requestError === null) t.requestError = `missing request for cpu in Pod ${p.name}`;
      request = 0;
    }
    const phase = p.phase;
    const group =
      m === null
        ? podGroupOf(p.deletionMs !== null, phase, null, null, null, false, 0, 0, false, this.params, this.now)
        : podGroupOf(
            p.deletionMs !== null,
            phase,
            phase === 'Pending' && startMs === null ? null : p.ready,
            p.readyTransitionMs / 1000,
            startMs === null ? null : startMs / 1000,
            true,
            m.timestampMs / 1000,
            m.windowMs / 1000,
            true,
            this.params,
            this.now,
          );
    countPod(t, group, group === 'ready' ? containerCpuMilliValue(m!.cpuMilli) : 0, request);
  }
}

/** The pod's view record, made at the first sync that reads the pod (its requests: they never change). */
function podView(p: PodState): PodView {
  let v = p.hpaView as PodView | undefined;
  if (v === undefined) {
    const requests = hpaRequests(p);
    v = { requests, cpuRequest: requests.cpu, pod: null, simple: null, sample: null, sampleSeq: undefined, phase: p.phase, deletionMs: null, ready: false, readyTransitionMs: 0, startTimeMs: null };
    p.hpaView = v;
  }
  return v;
}

interface PodView {
  /** The pod's requests as the HPA sums them (`hpaRequests`), and the cpu one alone. */
  requests: Record<string, number>;
  cpuRequest: number | undefined;
  /** The view; null until a sync needs it (the fields below say what it was built from). */
  pod: HpaPod | null;
  /** The view's metrics when they are only cpu and requests_per_second of a one-container pod (else null). */
  simple: SimpleMetrics | null;
  sample: PodState['metrics'];
  /** The sample's `seq` when the view was built from it. */
  sampleSeq: number | undefined;
  phase: PodState['phase'];
  deletionMs: number | null;
  ready: boolean;
  readyTransitionMs: number;
  startTimeMs: number | null;
}

/** A one-container pod's metrics without memory: what `toHpaPod` builds from a sample, field for field. */
interface SimpleMetrics {
  cpu: MetricSample;
  requests_per_second: MetricSample;
}

/** Rewrites a simple view's samples from a new metrics-server sample (the same numbers `toHpaPod` computes). */
function writeSimple(into: SimpleMetrics, m: PodMetricSample): void {
  const timestamp = m.timestampMs / 1000;
  const window = m.windowMs / 1000;
  into.cpu.value = containerCpuMilliValue(m.cpuMilli);
  into.cpu.timestamp = timestamp;
  into.cpu.window = window;
  into.requests_per_second.value = Math.round(m.rps * 1000);
  into.requests_per_second.timestamp = timestamp;
  into.requests_per_second.window = window;
}

const NO_METRICS: Record<string, MetricSample> = Object.freeze({}) as Record<string, MetricSample>;

/** A pod as the HPA sees it: phase, Ready condition, start time, requests and metrics-server's sample. */
function toHpaPod(p: PodState, requests: Record<string, number>): HpaPod {
  const m = p.metrics;
  let metrics: Record<string, MetricSample> = NO_METRICS;
  if (m) {
    const timestamp = m.timestampMs / 1000;
    const window = m.windowMs / 1000;
    metrics = {
      cpu: { value: containerCpuMilliValue(m.cpuMilli), timestamp, window },
      requests_per_second: { value: Math.round(m.rps * 1000), timestamp, window },
    };
    if (m.memoryBytes !== undefined) {
      // memory in milli-units as the HPA compares it (MilliValue of a byte quantity)
      metrics.memory = { value: Math.round(m.memoryBytes) * 1000, timestamp, window };
      metrics.memory_working_set_bytes = metrics.memory;
      metrics.requests_in_flight = { value: Math.round((m.inFlight ?? 0) * 1000), timestamp, window };
    }
  }
  let containers: Record<string, HpaContainer> | undefined;
  if (p.sidecars.length > 0) {
    containers = {};
    const c = p.container;
    const own = (cpu: number | undefined, mem: number | undefined): Record<string, number> => ({
      ...(cpu !== undefined ? { cpu } : {}),
      ...(mem !== undefined ? { memory: mem * 1000 } : {}),
    });
    const sample = (name: string): Record<string, MetricSample> => {
      const v = m?.containers?.[name];
      if (!m || !v) return {};
      const timestamp = m.timestampMs / 1000;
      const window = m.windowMs / 1000;
      return { cpu: { value: Math.round(v.cpuMilli), timestamp, window }, memory: { value: Math.round(v.memoryBytes) * 1000, timestamp, window } };
    };
    const req = (q: { milli: number; value: number } | undefined, mem: boolean): number | undefined => (q ? (mem ? q.value : q.milli) : undefined);
    containers[c.name] = {
      requests: own(req(c.resources.requests['cpu'] ?? c.resources.limits['cpu'], false), req(c.resources.requests['memory'] ?? c.resources.limits['memory'], true)),
      metrics: sample(c.name),
    };
    for (const s of p.sidecars) containers[s.name] = { requests: own(s.requestCpuMilli, s.requestMemoryBytes), metrics: sample(s.name) };
  }
  const pod: HpaPod = {
    name: p.name,
    phase: p.phase,
    deleted: p.deletionMs !== null,
    ready: p.phase === 'Pending' && p.startTimeMs === null ? null : p.ready,
    readyTransitionTime: p.readyTransitionMs / 1000,
    startTime: p.startTimeMs === null ? null : p.startTimeMs / 1000,
    requests,
    metrics,
  };
  // (set after the literal: a conditional spread in it built every view on the slow path)
  if (containers) pod.containers = containers;
  return pod;
}

/**
 * The pod's requests as the HPA sums them (every app container and sidecar; a resource some container does not
 * request is absent, so the metric fails with upstream's "missing request"). Without sidecars this is the
 * serving container's request (request = limit when only the limit is set).
 */
function hpaRequests(p: PodState): Record<string, number> {
  const out: Record<string, number> = {};
  const c = p.container;
  let cpu: number | undefined = (c.resources.requests['cpu'] ?? c.resources.limits['cpu'])?.milli;
  for (const s of p.sidecars) cpu = cpu === undefined || s.requestCpuMilli === undefined ? undefined : cpu + s.requestCpuMilli;
  if (cpu !== undefined) out.cpu = cpu;
  let mem: number | undefined = (c.resources.requests['memory'] ?? c.resources.limits['memory'])?.value;
  for (const s of p.sidecars) mem = mem === undefined || s.requestMemoryBytes === undefined ? undefined : mem + s.requestMemoryBytes;
  if (mem !== undefined) out.memory = mem * 1000;
  return out;
}
