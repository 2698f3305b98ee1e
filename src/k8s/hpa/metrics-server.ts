/**
 * metrics-server as a real cluster runs it: every `--metric-resolution` (15 s in its manifests and Helm chart) it scrapes each node's
 * kubelet `/metrics/resource`, which reports *cumulative* container CPU time, and turns two points into a rate
 * over the time between them. So the HPA sees a lagged, windowed average, not the instantaneous truth:
 * a sample stamped at scrape time `s` covers `[s − window, s]`, and stays the latest until the next scrape.
 *
 * kubesim reads the cumulative counter (`PodState.cpuCumulative`, kept by the load accounting) `window` before
 * each scrape and at the scrape; with the default window = resolution these are simply consecutive scrapes, and
 * the scrape at t stores the point the scrape at t + resolution pairs with in the same pass over the pods (no
 * separate window-start: see `scrape`).
 * Which two points make a rate is upstream's rule (`metrics-storage.ts`, from `pkg/storage/pod.go`): a container
 * that started 10 s to one resolution before a scrape gets a rate from that scrape (from its start, at zero
 * CPU); one younger than 10 s has none until the next scrape, so the HPA counts that pod as missing (or, when
 * not yet ready, as unready). kubesim applies the rule to the pod's main container; in that fresh case its
 * sidecars are reported at their current usage.
 *
 * Same-instant order: a scrape due at the instant of an HPA sync completes first (`scrapeIfDue`, called by the
 * HPA controller before each sync), so the sync reads that scrape. Upstream the two loops are independent and
 * the HPA reads data between 0 and one resolution old; kubesim's grids start together, and this is the
 * freshest case (tested in `test/k8s/hpa/metrics-server.test.ts`).
 *
 * The same two points give `requests_per_second` per pod (what a Prometheus adapter would serve as a Pods
 * metric from a request counter).
 */
import type { Cluster } from '../cluster/cluster.js';
import type { PodMetricSample, PodState } from '../cluster/types.js';
import { containerRate, containerRateInto, type ContainerPoint } from './metrics-storage.js';
import { settleShape } from '../../engine/shapes.js';

/**
 * Memory is a gauge: metrics-server reports the working set at the scrape (not a windowed average), in the same
 * PodMetrics as CPU — so a pod without a CPU rate has no memory sample either. With several containers the
 * pod's sample is their sum and each container's own values are kept for ContainerResource metrics.
 */
function withMemory(p: PodState, sample: PodMetricSample, sidecarCpu: number[] | null, windowMs: number): PodMetricSample {
  if (p.sidecars.length === 0) return plainWithMemory(p, sample);
  const containers: Record<string, { cpuMilli: number; memoryBytes: number }> = {};
  containers[p.container.name] = { cpuMilli: sample.cpuMilli, memoryBytes: p.memoryBytes };
  let cpu = sample.cpuMilli;
  let mem = p.memoryBytes;
  p.sidecars.forEach((s, i) => {
    const c = sidecarCpu ? (s.cpuCumulative - (sidecarCpu[i] ?? 0)) / windowMs : s.cpuMilli;
    containers[s.name] = { cpuMilli: c, memoryBytes: s.memoryBytes };
    cpu += c;
    mem += s.memoryBytes;
  });
  return { ...sample, cpuMilli: cpu, memoryBytes: mem, inFlight: p.inFlight, containers };
}

/** Does the pod's sample carry a working set or requests in flight (a sample without them has neither field)? */
function hasGauges(p: PodState): boolean {
  return p.memoryBytes > 0 || p.inFlight > 0;
}

/** `withMemory` of a pod without sidecars. */
function plainWithMemory(p: PodState, sample: PodMetricSample): PodMetricSample {
  if (hasGauges(p)) {
    sample.memoryBytes = p.memoryBytes;
    sample.inFlight = p.inFlight;
  }
  return sample;
}

export class MetricsServer {
  /**
   * The latest window start: each pod running then holds its point in `PodState.metricsPoint`, stamped with
   * this serial (a point with an older serial is not stored any more). Per scrape, the work is one pass over
   * the pods, without allocating anything but each pod's new sample.
   */
  private serial = 0;
  /** The last sample's number (`PodMetricSample.seq`). */
  private sampleSeq = 0;
  private nextScrapeMs = Infinity;
  /**
   * Told of each scrape: before its pass over the pods, each pod once its new sample is written (in the pass:
   * the pod's fields are read while at hand), and when it is done (the state version bumped). The HPA controller
   * sums its targets' pods here.
   */
  listener: { starting(now: number): void; pod(p: PodState): void; done(): void } | null = null;
  private scrapeTimer: number | undefined;

  constructor(
    private readonly cluster: Cluster,
    readonly resolutionMs: number,
    readonly windowMs: number,
  ) {}

  /**
   * Starts the scrape loop. `prime`: pods already running at t=0 (a warm start) get a first sample from their
   * current instantaneous usage, as if metrics-server had been running before the simulation started.
   */
  start(prime: boolean): void {
    const sim = this.cluster.sim;
    if (prime) {
      for (const p of this.cluster.pods) {
        if (p.containerRunning) p.metrics = withMemory(p, { cpuMilli: p.cpuMilli, rps: p.rps, timestampMs: sim.now, windowMs: this.windowMs }, null, this.windowMs);
      }
    }
    this.scheduleScrape(sim.now + this.resolutionMs);
  }

  /**
   * Runs a scrape that is due now before the caller reads samples (the HPA calls this before each sync), so a
   * sync at the instant of a scrape sees that scrape whatever order the two events were queued in.
   */
  scrapeIfDue(now: number): void {
    if (this.nextScrapeMs !== now) return;
    this.cluster.sim.cancel(this.scrapeTimer);
    this.scrape(now);
  }

  private readonly onScrape = (t: number): void => this.scrape(t);
  private readonly onWindowStart = (t: number): void => this.snapshot(t);

  /** `windowStored`: the scrape just stored the points of the window that starts now (window = resolution). */
  private scheduleScrape(at: number, windowStored = false): void {
    if (!windowStored) this.scheduleSnapshot(at);
    this.nextScrapeMs = at;
    this.scrapeTimer = this.cluster.sim.at(at, 'metrics-server:scrape', this.onScrape);
  }

  private scheduleSnapshot(scrapeAt: number): void {
    const sim = this.cluster.sim;
    const at = scrapeAt - this.windowMs;
    if (at >= sim.now) sim.at(at, 'metrics-server:window-start', this.onWindowStart);
    else this.snapshot(sim.now);
  }

  private snapshot(now: number): void {
    this.cluster.hooks.settle(now);
    const serial = ++this.serial;
    for (const p of this.cluster.pods) if (p.containerRunning) storePoint(p, serial, now);
  }

  /**
   * One scrape: every pod's rate from its stored point (metrics-storage.ts), then, when the window equals the
   * resolution, the point the next scrape pairs with, taken now. That point is what a window-start event at this
   * instant would store once the other events of the instant had run, because none of them can change what a
   * later scrape makes of it: the load accounting is settled to now (nothing accrues within an instant), and a
   * container that starts, stops or restarts at this instant is not paired with a point taken at its start
   * anyway (`containerRate` pairs only a container that started before the point, with the same id), while a
   * container that stops is served no rate while it is not running. (Warm pods, whose counters start in the
   * past, only start before t = 0, whose window-start stays an event.)
   */
  private scrape(now: number): void {
    const c = this.cluster;
    c.hooks.settle(now);
    const last = LAST;
    const serial = this.serial;
    const store = this.windowMs === this.resolutionMs;
    const next = serial + 1;
    const listener = this.listener;
    listener?.starting(now);
    for (const p of c.pods) {
      if (!p.containerRunning) {
        // No rate for a container that is not running (metrics-storage.ts): no sample for the pod.
        p.metrics = null;
        listener?.pod(p);
        continue;
      }
      const st = p.metricsPoint;
      const s = st !== undefined && st.serial === serial ? st : null;
      last.containerId = p.containerId;
      last.startedMs = p.containerStartedMs;
      setCounters(last, p, now);
      const plain = p.sidecars.length === 0;
      const old = p.metrics;
      if (plain && old !== null && old.seq !== undefined && !hasGauges(p)) {
        // the pod's last sample, one container and no memory, as this one will be: rewritten in place
        if (containerRateInto(old, last, s, this.resolutionMs)) old.seq = ++this.sampleSeq;
        else p.metrics = null;
        this.storeNext(p, st, last, plain, store, next, now);
        listener?.pod(p);
        continue;
      }
      const rate = containerRate(last, s, this.resolutionMs);
      if (!rate) {
        // No rate yet for this container (metrics-storage.ts): no sample for the pod.
        p.metrics = null;
      } else if (plain) {
        // the rate's fields are the sample's: it becomes the pod's new sample (rewritten in place from the next
        // scrape on while it has no memory fields)
        const sample = plainWithMemory(p, rate);
        if (sample.memoryBytes === undefined) sample.seq = ++this.sampleSeq;
        p.metrics = sample;
      } else {
        // paired with the stored point: sidecars over the same window; fresh: sidecars at their current usage
        const paired = s !== null && rate.windowMs === now - s.timestampMs;
        p.metrics = withMemory(p, rate, paired ? s.sidecarCpu : null, rate.windowMs);
      }
      // (after the sample: it may read the stored point's sidecar counters, which this overwrites)
      this.storeNext(p, st, last, plain, store, next, now);
      listener?.pod(p);
    }
    if (store) this.serial = next;
    c.stateVersion++;
    listener?.done();
    this.scheduleScrape(now + this.resolutionMs, store);
  }

  /** With the window equal to the resolution: the pod's counters now, as the point the next scrape pairs with. */
  private storeNext(p: PodState, st: PodState['metricsPoint'], last: ContainerPoint, plain: boolean, store: boolean, next: number, now: number): void {
    if (!store) return;
    if (st === undefined) storePoint(p, next, now);
    else {
      st.serial = next;
      st.containerId = last.containerId;
      st.startedMs = last.startedMs;
      st.timestampMs = now;
      st.cpu = last.cpu;
      st.requests = last.requests;
      if (!plain) st.sidecarCpu = p.sidecars.map((x) => x.cpuCumulative);
    }
  }
}

/** Stores a running pod's counters as its point of the window start `serial` (the object reused). */
function storePoint(p: PodState, serial: number, now: number): void {
  const sidecarCpu = p.sidecars.length > 0 ? p.sidecars.map((s) => s.cpuCumulative) : null;
  const s = p.metricsPoint;
  if (s === undefined) {
    p.metricsPoint = settleShape({ serial, containerId: p.containerId, startedMs: p.containerStartedMs, timestampMs: now, cpu: 0, requests: 0, sidecarCpu }, POINT_FRACTIONS);
    setCounters(p.metricsPoint, p, now);
    return;
  }
  s.serial = serial;
  s.containerId = p.containerId;
  s.startedMs = p.containerStartedMs;
  s.sidecarCpu = sidecarCpu;
  setCounters(s, p, now);
}

/** The point read at a scrape (reused: containerRate keeps nothing of it). */
const POINT_FRACTIONS = ['startedMs', 'timestampMs', 'cpu', 'requests'];
const LAST: ContainerPoint = settleShape({ containerId: 0, startedMs: 0, timestampMs: 0, cpu: 0, requests: 0 }, POINT_FRACTIONS);

/** The main container's cumulative counters as the kubelet reports them at `now` (counted from its start). */
function setCounters(into: ContainerPoint, p: PodState, now: number): void {
  into.timestampMs = now;
  into.cpu = p.cpuCumulative - p.cpuAtContainerStart;
  into.requests = p.requestsCumulative - p.requestsAtContainerStart;
}
