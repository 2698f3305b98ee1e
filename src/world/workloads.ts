/**
 * Per-workload accounting: each Deployment's own requests, latency, cost and ready-pod figures, kept beside the
 * run's totals (routing and the sampler feed both), collected as summary.json `workloads[]`.
 */
import type { DeploymentState } from '../k8s/cluster/types.js';
import { settleShape } from '../engine/shapes.js';
import { LatencyHistogram } from '../results/latency.js';

declare module '../k8s/cluster/types.js' {
  interface DeploymentState {
    /** This Deployment's running figures, set by the world at build time (typed here, unknown to k8s). */
    tally?: WorkloadTally;
  }
}

export class WorkloadTally {
  /** Totals over the run. */
  offered = 0;
  served = 0;
  failed = 0;
  /** Since the sampler's last row. */
  iOffered = 0;
  iServed = 0;
  iFailed = 0;
  cpuMilliMs = 0;
  memoryByteMs = 0;
  requestedCpuMilli = 0;
  requestedMemoryBytes = 0;
  readyMin = Infinity;
  readyMax = -Infinity;
  readySum = 0;
  samples = 0;
  scaleUps = 0;
  scaleDowns = 0;
  /**
   * Served requests' latency, when the run has more than one Deployment (with one, the run's histogram is the
   * workload's: no second histogram is fed).
   */
  readonly latency: LatencyHistogram | null;
  /** This sample interval's, which routing feeds and the sampler merges into `latency` at each row (as the run's). */
  readonly intervalLatency: LatencyHistogram | null;

  constructor(readonly namespace: string, readonly name: string, ownHistogram: boolean) {
    this.latency = ownHistogram ? new LatencyHistogram() : null;
    this.intervalLatency = ownHistogram ? new LatencyHistogram() : null;
    settleShape(this, [
      'offered', 'served', 'failed', 'iOffered', 'iServed', 'iFailed', 'cpuMilliMs', 'memoryByteMs', 'requestedCpuMilli', 'requestedMemoryBytes', 'readySum',
    ]);
  }

  /** Moves the interval's counts into the totals and returns them. */
  takeInterval(): { offered: number; served: number; failed: number } {
    const r = { offered: this.iOffered, served: this.iServed, failed: this.iFailed };
    this.offered += r.offered;
    this.served += r.served;
    this.failed += r.failed;
    this.iOffered = this.iServed = this.iFailed = 0;
    return r;
  }

  /** At each sample row: the interval's latencies into the workload's. */
  mergeLatency(): void {
    if (!this.latency || !this.intervalLatency) return;
    this.latency.merge(this.intervalLatency);
    this.intervalLatency.reset();
  }

  sampleReady(n: number): void {
    if (n < this.readyMin) this.readyMin = n;
    if (n > this.readyMax) this.readyMax = n;
    this.readySum += n;
    this.samples++;
  }
}

/** The workload's id in every output: `namespace/name`. */
export function workloadId(d: DeploymentState): string {
  return `${d.api.metadata.namespace}/${d.name}`;
}
