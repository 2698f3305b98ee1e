/**
 * The object a pod's `PodState` lives in (made by the kubelet's `createPod`, the only place pods are made).
 *
 * Why a class and not a literal: at thousands of pods the passes that walk every pod (metrics-server's scrape,
 * the HPA's tally, the sampler's sums, the routing's flush) are bound by memory reads, not by arithmetic. So
 * - the fields those passes read come first (an object's fields are laid out in the order they are first set,
 *   and these then share its first cache lines);
 * - the load accounting's nine numbers, which hold fractions, are kept side by side in a shared
 *   `Float64Array` block (engine/float-blocks.ts) behind accessors, instead of in nine heap boxes of their own
 *   (where V8 stores a fraction field) scattered over the heap. The JIT inlines the accessors; what the rest of
 *   the code reads and writes is the same `PodState` field.
 */
import { FloatBlocks } from '../../engine/float-blocks.js';
import type { BackoffEntry } from '../kubelet/backoff.js';
import type { Container } from '../api/types.js';
import type { PodScheduling } from '../scheduler/types.js';
import type { ContainerBehaviour, PodMetricSample, PodPhase, PodState, ProbeState, ReplicaSetState, SidecarState, StoredMetricsPoint } from './types.js';

/** The numbers' places in a record. */
const RPS = 0;
const CPU = 1;
const PROBE = 2;
const CPU_CUM = 3;
const REQ_CUM = 4;
const MEMORY = 5;
const IN_FLIGHT = 6;
const CPU_AT_START = 7;
const REQ_AT_START = 8;

/** One block allocator per thread: records are never shared, so runs in one thread cannot see each other's. */
const NUMBERS = new FloatBlocks(9);

/** What `createPod` decides for a new pod; every other field starts as every pod's does. */
export type PodInit = Pick<
  PodState,
  'uid' | 'name' | 'rs' | 'labels' | 'image' | 'container' | 'behaviour' | 'createdMs' | 'scheduling' | 'sidecars' |
  'requestCpuMilli' | 'requestMemoryBytes' | 'cpuCapacityMilli' | 'hasCpuRequest' | 'memoryLimitBytes'
> & { priority: number | undefined };

export class PodRecord implements PodState {
  // read by every per-pod pass: first
  declare gone: boolean;
  declare deletionMs: number | null;
  declare ready: boolean;
  declare readyTransitionMs: number;
  declare containerRunning: boolean;
  declare containerId: number;
  declare containerStartedMs: number;
  declare startTimeMs: number | null;
  declare phase: PodPhase;
  declare metrics: PodMetricSample | null;
  declare metricsPoint: StoredMetricsPoint | undefined;
  declare hpaView: unknown;
  declare sidecars: SidecarState[];
  /** The block holding this pod's numbers, and their offset in it. */
  private declare readonly nb: Float64Array;
  private declare readonly no: number;
  declare hasCpuRequest: boolean;
  declare requestCpuMilli: number;
  declare rs: ReplicaSetState;
  // the rest
  declare uid: number;
  declare name: string;
  declare labels: Record<string, string>;
  declare image: string;
  declare container: Container;
  declare behaviour: ContainerBehaviour;
  declare createdMs: number;
  declare nodeName: string | null;
  declare scheduling: PodScheduling;
  declare priority: number | undefined;
  declare firstReadyMs: number | undefined;
  declare nodeDown: boolean;
  declare schedulingAttempts: number;
  declare lastSchedulingAttemptMs: number;
  declare containerFinishedMs: number | null;
  declare restartCount: number;
  declare waitingReason: string | null;
  declare appUp: boolean;
  declare started: boolean;
  declare probes: ProbeState[];
  declare backoff: BackoffEntry | null;
  declare timers: number[];
  declare requestMemoryBytes: number;
  declare cpuCapacityMilli: number;
  declare memoryLimitBytes: number | null;
  declare oomTimer: number | undefined;
  declare lastTerminationReason: string | null;

  constructor(i: PodInit) {
    // (assigned in the order of the declarations above: that order is the object's layout)
    this.gone = false;
    this.deletionMs = null;
    this.ready = false;
    this.readyTransitionMs = i.createdMs;
    this.containerRunning = false;
    this.containerId = 0;
    this.containerStartedMs = 0;
    this.startTimeMs = null;
    this.phase = 'Pending';
    this.metrics = null;
    this.metricsPoint = undefined;
    this.hpaView = undefined;
    this.sidecars = i.sidecars;
    const no = NUMBERS.take();
    this.nb = NUMBERS.block;
    this.no = no;
    this.nb[no + PROBE] = Infinity;
    this.hasCpuRequest = i.hasCpuRequest;
    this.requestCpuMilli = i.requestCpuMilli;
    this.rs = i.rs;
    this.uid = i.uid;
    this.name = i.name;
    this.labels = i.labels;
    this.image = i.image;
    this.container = i.container;
    this.behaviour = i.behaviour;
    this.createdMs = i.createdMs;
    this.nodeName = null;
    this.scheduling = i.scheduling;
    this.priority = i.priority;
    this.firstReadyMs = undefined;
    this.nodeDown = false;
    this.schedulingAttempts = 0;
    this.lastSchedulingAttemptMs = 0;
    this.containerFinishedMs = null;
    this.restartCount = 0;
    this.waitingReason = 'ContainerCreating';
    this.appUp = false;
    this.started = false;
    this.probes = [];
    this.backoff = null;
    this.timers = [];
    this.requestMemoryBytes = i.requestMemoryBytes;
    this.cpuCapacityMilli = i.cpuCapacityMilli;
    this.memoryLimitBytes = i.memoryLimitBytes;
    this.oomTimer = undefined;
    this.lastTerminationReason = null;
  }

  get rps(): number {
    return this.nb[this.no + RPS]!;
  }
  set rps(v: number) {
    this.nb[this.no + RPS] = v;
  }
  get cpuMilli(): number {
    return this.nb[this.no + CPU]!;
  }
  set cpuMilli(v: number) {
    this.nb[this.no + CPU] = v;
  }
  get probeLatencyMs(): number {
    return this.nb[this.no + PROBE]!;
  }
  set probeLatencyMs(v: number) {
    this.nb[this.no + PROBE] = v;
  }
  get cpuCumulative(): number {
    return this.nb[this.no + CPU_CUM]!;
  }
  set cpuCumulative(v: number) {
    this.nb[this.no + CPU_CUM] = v;
  }
  get requestsCumulative(): number {
    return this.nb[this.no + REQ_CUM]!;
  }
  set requestsCumulative(v: number) {
    this.nb[this.no + REQ_CUM] = v;
  }
  get memoryBytes(): number {
    return this.nb[this.no + MEMORY]!;
  }
  set memoryBytes(v: number) {
    this.nb[this.no + MEMORY] = v;
  }
  get inFlight(): number {
    return this.nb[this.no + IN_FLIGHT]!;
  }
  set inFlight(v: number) {
    this.nb[this.no + IN_FLIGHT] = v;
  }
  get cpuAtContainerStart(): number {
    return this.nb[this.no + CPU_AT_START]!;
  }
  set cpuAtContainerStart(v: number) {
    this.nb[this.no + CPU_AT_START] = v;
  }
  get requestsAtContainerStart(): number {
    return this.nb[this.no + REQ_AT_START]!;
  }
  set requestsAtContainerStart(v: number) {
    this.nb[this.no + REQ_AT_START] = v;
  }
}
