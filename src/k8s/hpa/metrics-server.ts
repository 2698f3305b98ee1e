/**
 * metrics-server as a real cluster runs it: every `--metric-resolution` (default 60 s) it scrapes each node's
 * kubelet `/metrics/resource`, which reports *cumulative* container CPU time, and turns two points into a rate
 * over the time between them. So the HPA sees a lagged, windowed average, not the instantaneous truth:
 * a sample stamped at scrape time `s` covers `[s − window, s]`, and stays the latest until the next scrape.
 *
 * kubesim reads the cumulative counter (`PodState.cpuCumulative`, kept by the load accounting) `window` before
 * each scrape and at the scrape; with the default window = resolution these are simply consecutive scrapes.
 * A container that (re)started inside the window has no usable rate yet (its counter was reset): no sample,
 * so the HPA counts that pod as missing — as upstream does for brand-new pods.
 *
 * The same two points give `requests_per_second` per pod (what a Prometheus adapter would serve as a Pods
 * metric from a request counter).
 */
import type { Cluster } from '../cluster/cluster.js';
import type { PodMetricSample, PodState } from '../cluster/types.js';

interface Snapshot {
  containerId: number;
  cpu: number;
  requests: number;
  /** sidecars' cumulative CPU, in the pod's sidecar order */
  sidecarCpu: number[] | null;
}

/**
 * Memory is a gauge: metrics-server reports the working set at the scrape (not a windowed average), in the same
 * PodMetrics as CPU — so a pod without a CPU rate has no memory sample either. With several containers the
 * pod's sample is their sum and each container's own values are kept for ContainerResource metrics.
 */
function withMemory(p: PodState, sample: PodMetricSample, sidecarCpu: number[] | null, windowMs: number): PodMetricSample {
  if (p.sidecars.length === 0) {
    if (p.memoryBytes > 0 || p.inFlight > 0) {
      sample.memoryBytes = p.memoryBytes;
      sample.inFlight = p.inFlight;
    }
    return sample;
  }
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

export class MetricsServer {
  private snapshots = new WeakMap<PodState, Snapshot>();

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
    const first = sim.now + this.resolutionMs;
    this.scheduleSnapshot(first);
    sim.at(first, 'metrics-server:scrape', (t) => this.scrape(t));
  }

  private scheduleSnapshot(scrapeAt: number): void {
    const sim = this.cluster.sim;
    const at = scrapeAt - this.windowMs;
    if (at >= sim.now) sim.at(at, 'metrics-server:window-start', (t) => this.snapshot(t));
    else this.snapshot(sim.now);
  }

  private snapshot(now: number): void {
    this.cluster.hooks.settle(now);
    this.snapshots = new WeakMap();
    for (const p of this.cluster.pods) {
      if (p.containerRunning) {
        const sidecarCpu = p.sidecars.length > 0 ? p.sidecars.map((s) => s.cpuCumulative) : null;
        this.snapshots.set(p, { containerId: p.containerId, cpu: p.cpuCumulative, requests: p.requestsCumulative, sidecarCpu });
      }
    }
  }

  private scrape(now: number): void {
    const c = this.cluster;
    c.hooks.settle(now);
    for (const p of c.pods) {
      const s = this.snapshots.get(p);
      if (!p.containerRunning || !s || s.containerId !== p.containerId || p.containerStartedMs > now - this.windowMs) {
        // No rate without two points of the same container.
        p.metrics = null;
        continue;
      }
      p.metrics = withMemory(
        p,
        {
          cpuMilli: (p.cpuCumulative - s.cpu) / this.windowMs,
          rps: ((p.requestsCumulative - s.requests) * 1000) / this.windowMs,
          timestampMs: now,
          windowMs: this.windowMs,
        },
        s.sidecarCpu,
        this.windowMs,
      );
    }
    c.stateVersion++;
    const next = now + this.resolutionMs;
    this.scheduleSnapshot(next);
    c.sim.at(next, 'metrics-server:scrape', (t) => this.scrape(t));
  }
}
