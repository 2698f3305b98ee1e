/**
 * Load accounting: where fluid traffic meets pods. Each Service's open traffic is taken as constant over its
 * *segments* — the stretches between the source's breaks (`TrafficSource.nextBreak`: every piecewise change,
 * each second of noise, at most a minute of a continuously changing shape) — at the segment's exact average
 * rate, and split evenly over the ready endpoints (kube-proxy's random choice, on average); each pod's app
 * model turns its share into CPU, served and failed requests and a latency distribution. Nothing is simulated
 * per request.
 *
 * `flush(now)` settles the time since the last flush in pieces that end at every segment boundary; within a
 * piece every open rate is constant, so cutting it (a sample row, a scrape) does not change open-traffic
 * results. An event at each boundary settles it on time and re-evaluates every pod at the new rate, and so does
 * a refresh at the instant of every routing change, so probes see load changes when they happen. The cluster
 * calls `flush` before every routing change, metrics-server before every scrape, the sampler before every row.
 * (Closed-loop clients and retries are settled per piece as their own models define.)
 *
 * Load classes: the pods behind one target with the same load model and state (app up, container running) get
 * the same rps and so the same load. While every pod is in such a class (no closed-loop clients, retries,
 * memory model, sidecars, or a pod behind two targets), each piece and each boundary is settled once per class,
 * not once per pod: the class keeps what each of its pods is owed (CPU-ms, requests) and its current rps, CPU and
 * probe latency, and writes them into the pods (`materialize`) whenever anyone outside can look — every call of
 * `flush` from outside, and before the pods or the classes change. A per-second trace then costs O(classes)
 * per second instead of O(pods). Probe timeouts are checked per class; a crossing re-plans each pod's probes
 * exactly as before. The timing is unchanged: there is still one settle event at every segment boundary.
 */
import { Cluster } from '../k8s/cluster/cluster.js';
import type { PodState, Service } from '../k8s/cluster/types.js';
import type { Kubelet } from '../k8s/kubelet/kubelet.js';
import type { LatencyHistogram } from '../results/latency.js';
import type { KindSolution } from '../workload/traffic/closed-loop.js';
import type { TrafficSource } from '../workload/traffic/types.js';
import type { SidecarSpec } from '../scenario/types.js';
import type { PodLoad } from '../workload/app-model.js';
import { inFlight, oomAgeMs, workingSetBytes } from '../workload/memory.js';
import { settleShape, optionalFields } from '../engine/shapes.js';
import type { ClosedLoopClients, RetryQueue } from './clients.js';
import type { PodLoadModel } from './pod-load.js';
import type { DeploymentState } from '../k8s/cluster/types.js';
import type { WorkloadTally } from './workloads.js';
import './workloads.js';
// `PodState.load` is typed by src/world/pod-load.ts (declaration merging).

declare module '../k8s/cluster/types.js' {
  interface PodState {
    /** Routing's cache: whether each target's selector picks the pod. */
    routeMatches?: boolean[];
    /** Routing's stamp of the last class build that found the pod an endpoint, and of which target. */
    routeStamp?: number;
    routeTarget?: number;
    /** Routing's load class of the pod and its place there (a routing-internal type). */
    routeClass?: unknown;
    routeIndex?: number;
    /** Whether the pod was routable when it joined its class; the stamp of the last routing change it was named in. */
    routeCounted?: boolean;
    routeChanged?: number;
  }
}

interface Target {
  name: string;
  /** Requests offered to this target since the last metrics window (for Object metrics) are read from the source. */
  source: TrafficSource;
  matches: (p: PodState) => boolean;
  /** Whose pods a template's labels would put behind this target: the workload its outage failures count against. */
  owns: (d: DeploymentState) => boolean;
  owner: DeploymentState | null | undefined;
  endpoints: PodState[];
  /** Closed-loop clients of this traffic (clients.ts). */
  closed?: ClosedLoopClients;
  /** Client retries (spec.clients), and this interval's new requests and arriving retries. */
  retry?: RetryQueue;
  iOriginal: number;
  /** This interval's closed-loop requests (they do not retry: a failure is final). */
  iClosed: number;
  iArrived?: Float64Array;
  /** The segment now in effect: [segStart, segEnd) at the constant `segRate` (its exact average). */
  segStart: number;
  segEnd: number;
  segRate: number;
  /**
   * Segments after the current one, read ahead (ends and rates; each starts where the one before ends): those
   * not yet in effect are [aheadHead, aheadLen) of the buffers.
   */
  aheadEnd: Float64Array;
  aheadRate: Float64Array;
  aheadHead: number;
  aheadLen: number;
  /** The endpoints are kube-proxy's fallback (serving-and-terminating pods: none was ready). */
  fallback: boolean;
}

/** The end of the source's segment starting at `start` (capped at the run's end). */
function segmentEnd(t: Target, start: number, endOfRun: number): number {
  const b = t.source.nextBreak(start);
  return b > start ? Math.min(b, Math.max(endOfRun, start + 1)) : start + 1;
}

/** The exact average rate of [start, end). */
function segmentRate(t: Target, start: number, end: number): number {
  return end === Infinity ? t.source.rate(start) : (t.source.integral(start, end) * 1000) / (end - start);
}

/** Segments read from a source at once (its `breaks` fast path), and the read-ahead buffers' first size. */
const READ_BATCH = 64;
const AHEAD_SIZE = 4 * READ_BATCH;

/**
 * Reads the segments from `start` (where the last one held ends) into the target's buffers: a batch through the
 * source's `breaks` where it has them, else one by `segmentEnd` and `segmentRate`. The rates are the same doubles
 * either way: a segment that ends at a break within the run ends there in `segmentEnd` too, and its rate is
 * `(integral · 1000) / (end − start)`. Returns by how much the held segments' indices moved down (compacted).
 */
function readAhead(t: Target, start: number, endOfRun: number): number {
  let shift = 0;
  if (t.aheadLen + READ_BATCH > t.aheadEnd.length) {
    shift = t.aheadHead;
    if (shift > 0) {
      t.aheadEnd.copyWithin(0, shift, t.aheadLen);
      t.aheadRate.copyWithin(0, shift, t.aheadLen);
      t.aheadLen -= shift;
      t.aheadHead = 0;
    }
    if (t.aheadLen + READ_BATCH > t.aheadEnd.length) {
      const ends = new Float64Array(2 * t.aheadEnd.length);
      const rates = new Float64Array(ends.length);
      ends.set(t.aheadEnd.subarray(0, t.aheadLen));
      rates.set(t.aheadRate.subarray(0, t.aheadLen));
      t.aheadEnd = ends;
      t.aheadRate = rates;
    }
  }
  const ends = t.aheadEnd;
  const rates = t.aheadRate;
  const at = t.aheadLen;
  const src = t.source;
  const n = src.breaks ? src.breaks(start, endOfRun, READ_BATCH, ends, rates, at) : 0;
  if (n > 0) {
    let s = start;
    for (let i = at; i < at + n; i++) {
      const e = ends[i]!;
      rates[i] = (rates[i]! * 1000) / (e - s);
      s = e;
    }
    t.aheadLen = at + n;
  } else {
    const end = segmentEnd(t, start, endOfRun);
    ends[at] = end;
    rates[at] = segmentRate(t, start, end);
    t.aheadLen = at + 1;
  }
  return shift;
}

/** [start, end) of the source's segment starting at `start` (end capped at the run's end), and its rate. */
function segmentAt(t: Target, start: number, endOfRun: number): void {
  t.aheadHead = 0;
  t.aheadLen = 0;
  t.segEnd = start;
  nextSegment(t, start, endOfRun);
}

/** Moves the target to its next segment (the current one ends at `start`): read ahead already, or now. */
function nextSegment(t: Target, start: number, endOfRun: number): void {
  if (t.aheadHead === t.aheadLen) readAhead(t, start, endOfRun);
  const h = t.aheadHead;
  t.segStart = start;
  t.segEnd = t.aheadEnd[h]!;
  t.segRate = t.aheadRate[h]!;
  if (h + 1 === t.aheadLen) t.aheadHead = t.aheadLen = 0;
  else t.aheadHead = h + 1;
}

/** Whether pod `p` (with these target, model, liveness and tally) belongs in class `c`. */
function sameClass(c: LoadClass, target: Target | null, m: PodLoadModel | undefined, live: boolean, p: PodState, tally: WorkloadTally | undefined, probe = true): boolean {
  // the probe latency too: a pod's probes re-plan when *its* latency crosses a timeout
  return c.target === target && c.model === m && c.live === live && c.up === p.appUp && c.tally === tally && (!probe || Object.is(c.probe, p.probeLatencyMs));
}

const NO_THRESHOLDS = new Float64Array(0);

/** Routing's fields of a pod (declared above), set on it when it is created: engine/shapes.ts. */
const ROUTE_FIELDS = ['routeMatches', 'routeStamp', 'routeTarget', 'routeClass', 'routeIndex', 'routeCounted', 'routeChanged'];
/** A class's fields that come to hold fractions, another object or null: engine/shapes.ts. */
const CLASS_FIELDS = ['target', 'model', 'tally', 'thresholds', 'rps', 'cpu', 'probe', 'cpuMs', 'requests'];

function newLoadClass(target: Target | null, targetIndex: number, m: PodLoadModel | undefined, live: boolean, p: PodState, tally: WorkloadTally | undefined): LoadClass {
  const c: LoadClass = {
    target, targetIndex, model: m, live, up: p.appUp, pods: [], routable: 0, tally,
    timeoutsMs: [], thresholds: null, rps: p.rps, cpu: p.cpuMilli, probe: p.probeLatencyMs, cpuMs: 0, requests: 0,
  };
  return settleShape(c, CLASS_FIELDS);
}

/** Adds the pod to the class (its routability and probe timeouts too) and notes where it is. */
function addToClass(c: LoadClass, p: PodState): void {
  p.routeClass = c;
  p.routeIndex = c.pods.length;
  c.pods.push(p);
  p.routeCounted = Cluster.isRoutable(p);
  if (p.routeCounted) c.routable++;
  for (const pr of p.probes) {
    const ms = pr.probe.timeoutSeconds * 1000;
    if (!c.timeoutsMs.includes(ms)) {
      c.timeoutsMs.push(ms);
      c.thresholds = null;
    }
  }
}

/** A pod that settles alone whatever happens (memory, in-flight requests or sidecars are per pod). */
function settlesAlone(p: PodState): boolean {
  const m = p.load;
  return p.sidecars.length > 0 || (!!m && (m.tracksMemory || m.needsInFlight));
}

/** How many segment boundaries `plan` reads ahead for a probe-timeout crossing. */
const PLAN_BOUNDARIES = 64;

/** Pods settled together: one target (or none), one load model, one state, hence one rps and one load. */
interface LoadClass {
  target: Target | null;
  model: PodLoadModel | undefined;
  /** Container running and a load model: the pods use CPU and answer (or refuse, app down) requests. */
  live: boolean;
  up: boolean;
  pods: PodState[];
  /** Of them, routable (ready) now: routability changes rebuild the classes. */
  routable: number;
  tally: WorkloadTally | undefined;
  /** Every probe timeout of the class's pods, ms (a crossing of any re-plans the pods' probes). */
  timeoutsMs: number[];
  /** The rps at which the probe latency passes each timeout (`Routing.thresholdOf`; null until planned). */
  thresholds: Float64Array | null;
  /** Index of `target` in the routing's targets. */
  targetIndex: number;
  /** What each pod's rps, cpuMilli and probeLatencyMs are now. */
  rps: number;
  cpu: number;
  probe: number;
  /** What each pod is owed since the last `materialize`: CPU millicore-ms and requests. */
  cpuMs: number;
  requests: number;
}

export class Routing {
  private last = 0;
  /** The load classes (null: to be rebuilt), whether they cover every pod, and whether pods owe anything. */
  private classes: LoadClass[] | null = null;
  private classesVersion = -1;
  /** Pods whose routing changed since the classes were built (deduplicated by stamp), or an unnamed change. */
  private changed: PodState[] = [];
  private changedAll = false;
  private changedStamp = 1;
  /** How many classes the last full build made. */
  private classesBuilt = 0;
  /** Pods that joined a class whose probe latency was not theirs, and their own before (see `refresh`). */
  private odd: PodState[] = [];
  private oddBefore: number[] = [];
  /** Moves split too many classes: the next look regroups every pod. */
  private regroup = false;
  private classStamp = 0;
  private classesSimple = false;
  private owed = false;
  /** Requested resources are integrated up to here. */
  private costT = 0;
  private version = -1;
  private readonly targets: Target[] = [];
  /** The earliest segment end of any target, and its scheduled settle. */
  private boundary = Infinity;
  private boundaryTimer: number | undefined;
  private refreshPending = false;
  /** Settle pods in load classes where they allow it (false: every pod alone, for verification). */
  loadClasses = true;
  /** The run's end (segments are cut there). */
  endOfRunMs = Infinity;
  /** Ready (routable) pods × time, and the fewest and most over any stretch of positive length. */
  readyPodMs = 0;
  readyMin = Infinity;
  readyMax = -Infinity;

  /** Totals over the run. */
  offered = 0;
  served = 0;
  failed = 0;
  outageMs = 0;
  /** Accumulators since the last `takeInterval()`. */
  iOffered = 0;
  iServed = 0;
  iFailed = 0;
  iOutageMs = 0;
  /** Requested resources × time of every pod in the API (Pending and terminating included). */
  cpuMilliMs = 0;
  memoryByteMs = 0;
  private requestedCpuMilli = 0;
  private requestedMemoryBytes = 0;
  /** This interval's closed-loop solution per endpoint of a closed-loop target. */
  private readonly closedOf = new Map<PodState, KindSolution>();
  /** Failed requests/second per pod in this interval (kept only when a target retries). */
  private readonly podFailed = new Map<PodState, number>();
  private retrying = false;

  constructor(
    private readonly cluster: Cluster,
    private readonly kubelet: Kubelet,
    readonly totalLatency: LatencyHistogram,
    readonly intervalLatency: LatencyHistogram,
  ) {
    settleShape(this, [
      'last', 'costT', 'timerAt', 'readyPodMs', 'offered', 'served', 'failed', 'outageMs', 'iOffered', 'iServed', 'iFailed', 'iOutageMs',
      'cpuMilliMs', 'memoryByteMs', 'requestedCpuMilli', 'requestedMemoryBytes',
    ]);
  }

  /** `deploymentKey`: traffic named after a Deployment (no Service of that name) goes to its pods. */
  addTarget(
    name: string,
    source: TrafficSource,
    service: Service | null,
    deploymentKey: string | null,
    clients: { closed?: ClosedLoopClients; retry?: RetryQueue } = {},
  ): void {
    let matches: (p: PodState) => boolean;
    let owns: (d: DeploymentState) => boolean;
    if (service) {
      // a Service selects pods of its own namespace only
      const ns = service.metadata.namespace;
      const sel = Object.entries(service.spec.selector ?? {});
      matches = sel.length === 0 ? () => false : (p) => p.rs.deployment.namespace === ns && sel.every(([k, v]) => p.labels[k] === v);
      owns = sel.length === 0 ? () => false : (d) => d.namespace === ns && sel.every(([k, v]) => d.template.labels[k] === v);
    } else {
      matches = (p) => p.rs.deployment.key === deploymentKey;
      owns = (d) => d.key === deploymentKey;
    }
    const t: Target = {
      name, source, matches, owns, owner: undefined, endpoints: [], iOriginal: 0, iClosed: 0, ...clients,
      segStart: 0, segEnd: 0, segRate: 0, aheadEnd: new Float64Array(AHEAD_SIZE), aheadRate: new Float64Array(AHEAD_SIZE), aheadHead: 0, aheadLen: 0,
      fallback: false,
    };
    settleShape(t, ['segStart', 'segEnd', 'segRate', 'iOriginal', 'iClosed']);
    segmentAt(t, this.last, this.endOfRunMs);
    this.targets.push(t);
    if (clients.retry) this.retrying = true;
  }

  /** Client totals over the run, over the targets that retry (summary.json `clients`). */
  clientTotals(endMs: number): { original: number; retries: number; finallyFailed: number; retriesAfterEnd: number } {
    const out = { original: 0, retries: 0, finallyFailed: 0, retriesAfterEnd: 0 };
    for (const t of this.targets) {
      if (!t.retry) continue;
      out.original += t.retry.original;
      out.retries += t.retry.retries;
      out.finallyFailed += t.retry.finallyFailed;
      out.retriesAfterEnd += t.retry.after(endMs);
    }
    return out;
  }

  /**
   * Requested resources × time up to `now`. Integrated on its own (not per settled piece) so that a pod is
   * priced from the millisecond it is created to the one it leaves, however far the settling lags behind.
   */
  private integrateCost(now: number): void {
    const dt = now - this.costT;
    if (!(dt > 0)) return;
    this.costT = now;
    this.cpuMilliMs += this.requestedCpuMilli * dt;
    this.memoryByteMs += this.requestedMemoryBytes * dt;
    for (const d of this.cluster.deployments) {
      const tl = d.tally;
      if (!tl) continue;
      tl.cpuMilliMs += tl.requestedCpuMilli * dt;
      tl.memoryByteMs += tl.requestedMemoryBytes * dt;
    }
  }

  podCreated(p: PodState): void {
    optionalFields(p, ROUTE_FIELDS);
    const now = this.cluster.sim.now;
    // the settling may lag behind the clock under a plan: catch up first, the new pod's state starts now
    if (this.plannedFor !== null) this.advance(now);
    // a new pod owes nothing and serves nothing yet: it joins a class of idle pods without a rebuild
    if (this.classesHold() && !settlesAlone(p) && !(p.load && p.containerRunning) && !Cluster.isRoutable(p) && !Cluster.isServingTerminating(p)) {
      this.joinClass(p, null, -1);
    } else this.dropClasses();
    this.integrateCost(now);
    this.requestedCpuMilli += p.requestCpuMilli;
    this.requestedMemoryBytes += p.requestMemoryBytes;
    const tl = p.rs.deployment.tally;
    if (tl) {
      tl.requestedCpuMilli += p.requestCpuMilli;
      tl.requestedMemoryBytes += p.requestMemoryBytes;
    }
  }

  podGone(p: PodState): void {
    const now = this.cluster.sim.now;
    // a pod named in its routing change leaves its class with the other changed pods; otherwise rebuild
    const named = p.routeChanged === this.changedStamp && !this.changedAll && this.classes !== null && this.classesSimple;
    const stamp = this.changedStamp;
    if (this.plannedFor !== null) this.advance(now);
    // (catching up may already have moved it: then it left with the others)
    if (!named || (stamp !== this.changedStamp && p.routeClass !== undefined)) this.dropClasses();
    this.integrateCost(now);
    this.requestedCpuMilli -= p.requestCpuMilli;
    this.requestedMemoryBytes -= p.requestMemoryBytes;
    const tl = p.rs.deployment.tally;
    if (tl) {
      tl.requestedCpuMilli -= p.requestCpuMilli;
      tl.requestedMemoryBytes -= p.requestMemoryBytes;
    }
  }

  /** Which targets select the pod: computed once per pod (its labels and namespace never change). */
  private matchesOf(p: PodState): boolean[] {
    let m = p.routeMatches;
    if (m === undefined || m.length !== this.targets.length) p.routeMatches = m = this.targets.map((t) => t.matches(p));
    return m;
  }

  private rebuildEndpoints(): void {
    const pods = this.cluster.pods;
    const targets = this.targets;
    const lists: PodState[][] = targets.map(() => []);
    for (const p of pods) {
      if (!Cluster.isRoutable(p)) continue;
      const m = this.matchesOf(p);
      for (let i = 0; i < m.length; i++) if (m[i]) lists[i]!.push(p);
    }
    for (let i = 0; i < targets.length; i++) {
      const ready = lists[i]!;
      targets[i]!.fallback = ready.length === 0;
      if (ready.length === 0) {
        // kube-proxy falls back to serving-and-terminating endpoints when none is ready.
        for (const p of pods) if (Cluster.isServingTerminating(p) && this.matchesOf(p)[i]) ready.push(p);
      }
      targets[i]!.endpoints = ready;
    }
    this.version = this.cluster.routingVersion;
  }

  /** The settle event at a segment boundary (one function for the whole run: a boundary a second allocates nothing). */
  private readonly onBoundary = (now: number): void => {
    this.boundaryTimer = undefined;
    this.advance(now);
  };
  private timerAt = -1;
  /** The classes the scheduled event was planned for (null: it is the next boundary's). */
  private plannedFor: LoadClass[] | null = null;
  /** The plan's scratch: per target its segment index and rate; per watched (class, timeout) its threshold, endpoints, answer. */
  private cursor = new Int32Array(0);
  private planRate = new Float64Array(0);
  private planGroup = new Int32Array(0);
  private planTh = new Float64Array(0);
  private planPer = new Float64Array(0);
  private planAbove = new Uint8Array(0);
  /** Per load model: its rps thresholds by (app up, probe timeout) (see `thresholdOf`). */
  private readonly thresholds = new Map<PodLoadModel, Map<string, number>>();

  /**
   * The smallest rps at which a pod of this model answers a probe slower than `timeoutMs` (Infinity: never):
   * the probe latency grows with the load, so "above the timeout" is "rps ≥ threshold". Found by bisection
   * with the model itself down to adjacent doubles, once per model and timeout.
   */
  private thresholdOf(m: PodLoadModel, up: boolean, timeoutMs: number): number {
    let byKey = this.thresholds.get(m);
    if (!byKey) this.thresholds.set(m, (byKey = new Map()));
    const key = `${up ? 1 : 0}/${timeoutMs}`;
    const known = byKey.get(key);
    if (known !== undefined) return known;
    const above = (rps: number): boolean => m.evaluate(rps, up).probeLatencyMs > timeoutMs;
    let found: number;
    if (above(0)) found = 0;
    else {
      let lo = 0;
      let hi = 1;
      while (!above(hi) && hi < 1e15) {
        lo = hi;
        hi *= 2;
      }
      if (!above(hi)) found = Infinity;
      else {
        for (let i = 0; i < 2000; i++) {
          const mid = lo + (hi - lo) / 2;
          if (mid <= lo || mid >= hi) break;
          if (above(mid)) hi = mid;
          else lo = mid;
        }
        found = hi;
      }
    }
    byKey.set(key, found);
    return found;
  }

  /** The next segment boundary of any target. */
  private updateBoundary(): void {
    let b = Infinity;
    for (const t of this.targets) if (t.segEnd < b) b = t.segEnd;
    this.boundary = b;
  }

  /** Schedules the settle event at `b` (none past the run's end; the event in place is kept if it is at `b`). */
  private scheduleAt(b: number): void {
    const sim = this.cluster.sim;
    if (this.boundaryTimer !== undefined ? this.timerAt === b : b === Infinity) return;
    sim.cancel(this.boundaryTimer);
    this.boundaryTimer = undefined;
    if (b !== Infinity && b <= this.endOfRunMs && b >= sim.now) {
      this.boundaryTimer = sim.at(b, 'load:segment', this.onBoundary);
      this.timerAt = b;
    }
  }

  /**
   * Schedules the next settle event. Pods settled alone: at the next segment boundary. Load classes: they need
   * an event only where a class's probe latency crosses a probe timeout (its pods' probes re-plan then), so the
   * segments are read ahead and each class's rps compared with its thresholds (`thresholdOf`) at each boundary
   * until one crosses, or PLAN_BOUNDARIES boundaries on, where the next plan starts. The segments read are kept for the settling. Between events the
   * load is settled when anyone flushes; every change of pods or routing flushes and drops the plan.
   */
  private plan(): void {
    const classes = this.currentClasses();
    if (classes === null) {
      this.plannedFor = null;
      this.scheduleAt(this.boundary);
      return;
    }
    if (this.plannedFor === classes && this.boundaryTimer !== undefined) return;
    this.plannedFor = classes;
    const targets = this.targets;
    const nt = targets.length;
    if (this.cursor.length !== nt) {
      this.cursor = new Int32Array(nt);
      this.planRate = new Float64Array(nt);
      this.planGroup = new Int32Array(nt + 3);
    }
    const cursor = this.cursor;
    const rate = this.planRate;
    // each class's probes as they answer now, above each timeout or not: one entry per watched (class, timeout),
    // grouped by target (the classes of no target last: their rps is 0 throughout)
    const group = this.planGroup;
    group.fill(0);
    let watched = 0;
    for (const c of classes) {
      // a typed array: an array of thresholds would hold small integers or doubles, two shapes for the loop below
      if (c.thresholds === null) c.thresholds = c.live ? Float64Array.from(c.timeoutsMs, (ms) => this.thresholdOf(c.model!, c.up, ms)) : NO_THRESHOLDS;
      const n = c.thresholds.length;
      watched += n;
      group[(c.target ? c.targetIndex : nt) + 2]! += n;
    }
    if (watched === 0) {
      // no probe can change its answer: nothing to do until someone flushes
      this.scheduleAt(Infinity);
      return;
    }
    if (this.planTh.length < watched) {
      this.planTh = new Float64Array(2 * watched);
      this.planPer = new Float64Array(2 * watched);
      this.planAbove = new Uint8Array(2 * watched);
    }
    const th = this.planTh;
    const per = this.planPer;
    const above = this.planAbove;
    // group[g + 1] is where group g starts; filled by counting up
    for (let g = 0; g < nt; g++) group[g + 2]! += group[g + 1]!;
    for (const c of classes) {
      const cth = c.thresholds!;
      const g = c.target ? c.targetIndex : nt;
      for (let j = 0; j < cth.length; j++) {
        const w = group[g + 1]!++;
        th[w] = cth[j]!;
        per[w] = c.target ? c.target.endpoints.length : 0;
        above[w] = c.probe > c.timeoutsMs[j]! ? 1 : 0;
      }
    }
    // now group g is [group[g], group[g + 1])
    for (let i = 0; i < nt; i++) {
      const t = targets[i]!;
      cursor[i] = t.aheadHead - 1; // below aheadHead: the current segment
      rate[i] = t.segRate;
    }
    const endOfRun = this.endOfRunMs;
    let b = this.boundary;
    for (let step = 0; step < PLAN_BOUNDARIES && b !== Infinity && b <= endOfRun; step++) {
      // the segments in effect from b; the classes of a target whose rate changes there (all at the first step)
      let next = Infinity;
      for (let i = 0; i < nt; i++) {
        const t = targets[i]!;
        let k = cursor[i]!;
        let e = k < t.aheadHead ? t.segEnd : t.aheadEnd[k]!;
        if (e === b) {
          k = k < t.aheadHead ? t.aheadHead : k + 1;
          if (k >= t.aheadLen) k -= readAhead(t, b, endOfRun);
          cursor[i] = k;
          rate[i] = t.aheadRate[k]!;
          e = t.aheadEnd[k]!;
        } else if (step > 0) {
          if (e < next) next = e;
          continue;
        }
        if (e < next) next = e;
        const r = rate[i]!;
        for (let w = group[i]!; w < group[i + 1]!; w++) {
          if ((r / per[w]! >= th[w]!) !== (above[w] === 1)) {
            this.scheduleAt(b);
            return;
          }
        }
      }
      if (step === 0) {
        for (let w = group[nt]!; w < group[nt + 1]!; w++) {
          if ((0 >= th[w]!) !== (above[w] === 1)) {
            this.scheduleAt(b);
            return;
          }
        }
      }
      b = next;
    }
    this.scheduleAt(b);
  }

  /** Routing is about to change now: once it has, pods are re-evaluated at this instant (probes see it at once). */
  routingChanging(pod?: PodState): void {
    // which pods changed since the classes were built: they alone move (any unnamed change rebuilds all)
    if (pod === undefined) this.changedAll = true;
    else if (!this.changedAll && pod.routeChanged !== this.changedStamp) {
      pod.routeChanged = this.changedStamp;
      this.changed.push(pod);
    }
    if (this.refreshPending) return;
    this.refreshPending = true;
    this.cluster.sim.at(this.cluster.sim.now, 'load:reroute', (now) => {
      this.refreshPending = false;
      this.refresh(now);
    });
  }

  /**
   * Settles [last, now) piece by piece at segment boundaries, and leaves every pod's figures current (anyone may
   * read them after this). Safe to call repeatedly at the same instant.
   */
  flush(now: number): void {
    this.advance(now);
    this.materialize();
    this.integrateCost(now);
  }

  /** Settles [last, now); per class while the classes hold (pods' own figures may then be owed). */
  private advance(now: number): void {
    while (this.last < now) {
      const end = Math.min(now, this.boundary);
      const t0 = this.last;
      // advanced first: settling can call back into the cluster (an OOM kill), which flushes again
      this.last = end;
      const classes = this.currentClasses();
      if (classes) this.settleClasses(classes, t0, end);
      else this.settle(t0, end);
      if (end === this.boundary) {
        for (const t of this.targets) if (t.segEnd === end) nextSegment(t, end, this.endOfRunMs);
        this.updateBoundary();
        // the new rates start now: every pod is re-evaluated at them (probes see the change at once)
        if (classes) this.evaluateClasses(classes);
        else this.evaluateAt(end);
      }
      if (classes !== null && this.targets.length === 1) this.advanceOne(classes, now);
    }
    this.plan();
  }

  /**
   * The rest of `advance` for the usual case, one target and classes that hold: the same pieces, settled and
   * evaluated in the same order, in one loop that returns as soon as the classes could have changed (then
   * `currentClasses` decides again, as it would have at the next piece).
   */
  private advanceOne(classes: LoadClass[], now: number): void {
    const t = this.targets[0]!;
    const endOfRun = this.endOfRunMs;
    const cluster = this.cluster;
    while (this.last < now) {
      // what `currentClasses` returns with nothing to rebuild or move: these classes
      if (this.classes !== classes || this.regroup || this.classesVersion !== cluster.routingVersion || !this.classesSimple) return;
      const end = Math.min(now, this.boundary);
      const t0 = this.last;
      this.last = end;
      this.settleClasses(classes, t0, end);
      if (end === this.boundary) {
        // the boundary is the target's segment end (`updateBoundary` with one target)
        nextSegment(t, end, endOfRun);
        this.boundary = t.segEnd;
        this.evaluateClasses(classes);
      }
    }
  }

  /** Re-evaluates every pod at `now` under the current routing, without letting time pass. */
  private refresh(now: number): void {
    this.flush(now);
    // load classes that could follow the change pod by pod: every class at its new share, crossings re-planned
    const classes = now > 0 ? this.currentClasses() : null;
    if (classes !== null) {
      this.evaluateClasses(classes);
      this.materialize();
      // pods that joined a class with another probe latency: their own crossing, as when settled alone
      const odd = this.odd;
      const before = this.oddBefore;
      this.odd = [];
      this.oddBefore = [];
      for (let i = 0; i < odd.length; i++) {
        const p = odd[i]!;
        if (!p.gone && p.probeLatencyMs !== before[i] && crossesTimeout(p, before[i]!, p.probeLatencyMs)) this.kubelet.loadChanged(p);
      }
      this.replan();
      return;
    }
    this.dropClasses();
    this.evaluateAt(now);
  }

  // ---- load classes ----

  /** The classes, rebuilt if routing moved or they were dropped; null when some pod must be settled alone. */
  private currentClasses(): LoadClass[] | null {
    if (!this.regroup && this.classes !== null && this.classesVersion === this.cluster.routingVersion) return this.classesSimple ? this.classes : null;
    if (this.moveChanged()) return this.classes;
    this.regroup = false;
    this.dropClasses();
    this.rebuildEndpoints();
    this.buildClasses();
    return this.classesSimple ? this.classes : null;
  }

  /**
   * Routing moved for the pods named since the last build (`routingChanging(pod)`): each leaves its endpoint list
   * and class and joins the ones of its state now, with no walk over every pod. False (nothing done) whenever a
   * rebuild is needed: an unnamed change, classes that do not hold, a pod behind two targets or one settling
   * alone, or a target whose ready endpoints run out or come back (kube-proxy's serving-terminating fallback).
   */
  private moveChanged(): boolean {
    const changed = this.changed;
    const ok = this.canMove();
    this.changed = [];
    this.changedAll = false;
    this.changedStamp++;
    if (!ok) return false;
    this.materialize();
    const targets = this.targets;
    for (const p of changed) {
      const from = p.routeClass as LoadClass;
      this.leaveClass(p);
      if (from.target) {
        const list = from.target.endpoints;
        const i = list.indexOf(p);
        if (i >= 0) list.splice(i, 1);
      }
      if (p.gone) continue;
      let target: Target | null = null;
      let index = -1;
      if (Cluster.isRoutable(p)) {
        const m = this.matchesOf(p);
        for (let i = 0; i < m.length; i++) if (m[i]) (target = targets[i]!), (index = i);
      }
      if (target) target.endpoints.push(p);
      this.joinClass(p, target, index, true);
    }
    this.version = this.cluster.routingVersion;
    this.classesVersion = this.cluster.routingVersion;
    this.replan();
    return true;
  }

  private canMove(): boolean {
    if (this.regroup || this.changedAll || this.classes === null || !this.classesSimple || this.changed.length === 0) return false;
    const targets = this.targets;
    const ready = targets.map((t) => t.endpoints.length);
    for (const p of this.changed) {
      const from = p.routeClass;
      if (from === undefined || !this.classes.includes(from as LoadClass) || settlesAlone(p)) return false;
      const c = from as LoadClass;
      // an endpoint list that is kube-proxy's fallback (no pod ready) is rebuilt whole
      if (c.target && !p.routeCounted) return false;
      if (c.target) ready[c.targetIndex]!--;
      if (!p.gone && Cluster.isRoutable(p)) {
        const m = this.matchesOf(p);
        let n = 0;
        for (let i = 0; i < m.length; i++) if (m[i]) (n++, ready[i]!++);
        if (n > 1) return false;
      }
    }
    for (let i = 0; i < targets.length; i++) if (ready[i]! <= 0 || targets[i]!.fallback) return false;
    return true;
  }

  /** Writes what the pods are owed into them and forgets the classes (the pods or their state change next). */
  private dropClasses(): void {
    this.materialize();
    // a pod that took its class's load on joining keeps its own probe latency for the per-pod check
    for (let i = 0; i < this.odd.length; i++) this.odd[i]!.probeLatencyMs = this.oddBefore[i]!;
    this.odd = [];
    this.oddBefore = [];
    this.classes = null;
    if (this.plannedFor !== null) {
      // the plan was for the classes: the next boundary re-plans for the new ones
      this.plannedFor = null;
      this.scheduleAt(Math.max(this.boundary, this.cluster.sim.now));
    }
  }

  private buildClasses(): void {
    this.classesVersion = this.cluster.routingVersion;
    const classes = this.classesOf();
    this.classesBuilt = classes?.length ?? 0;
    this.classesSimple = classes !== null;
    this.classes = classes ?? [];
  }

  /** Groups the pods into classes; null when some pod must be settled alone. */
  private classesOf(): LoadClass[] | null {
    if (this.retrying || !this.loadClasses) return null;
    const classes: LoadClass[] = [];
    const pods = this.cluster.pods;
    // each endpoint's target, stamped on the pod for this build
    const stamp = ++this.classStamp;
    for (let ti = 0; ti < this.targets.length; ti++) {
      const t = this.targets[ti]!;
      if (t.closed) return null;
      for (const p of t.endpoints) {
        if (p.routeStamp === stamp) return null; // behind two targets: its rps is a sum
        p.routeStamp = stamp;
        p.routeTarget = ti;
      }
    }
    // pods of one class are usually next to each other: the last class matched is tried first, then a scan
    // (a few classes), then a map once there are many
    const same = sameClass;
    const newClass = (target: Target | null, m: PodLoadModel | undefined, live: boolean, p: PodState, tally: WorkloadTally | undefined): LoadClass =>
      newLoadClass(target, target ? p.routeTarget! : -1, m, live, p, tally);
    let lastClass: LoadClass | undefined;
    let byKey: Map<string, LoadClass> | undefined;
    const ids = new Map<object, number>();
    const id = (o: object | undefined | null): number => {
      if (!o) return 0;
      let k = ids.get(o);
      if (k === undefined) ids.set(o, (k = ids.size + 1));
      return k;
    };
    const keyOf = (c: LoadClass): string =>
      `${id(c.target)}/${id(c.model)}/${c.live ? 1 : 0}/${c.up ? 1 : 0}/${id(c.tally)}/${c.probe}`;
    for (const p of pods) {
      const m = p.load;
      if (settlesAlone(p)) return null;
      const target = p.routeStamp === stamp ? this.targets[p.routeTarget!]! : null;
      const live = !!m && p.containerRunning;
      const tally = p.rs.deployment.tally;
      let c: LoadClass | undefined = lastClass && same(lastClass, target, m, live, p, tally) ? lastClass : undefined;
      if (!c && !byKey) {
        for (const k of classes) if (same(k, target, m, live, p, tally)) c = k;
      }
      if (!c && byKey) {
        const probe = newClass(target, m, live, p, tally);
        const key = keyOf(probe);
        c = byKey.get(key);
        if (!c) {
          c = probe;
          byKey.set(key, c);
          classes.push(c);
        }
      }
      if (!c) {
        c = newClass(target, m, live, p, tally);
        classes.push(c);
        if (classes.length > 32) {
          byKey = new Map();
          for (const k of classes) byKey.set(keyOf(k), k);
        }
      }
      lastClass = c;
      addToClass(c, p);
    }
    return classes;
  }

  /** The classes hold and cover every pod (the precondition of moving one pod between them). */
  private classesHold(): boolean {
    return !this.regroup && this.classes !== null && this.classesSimple && this.classesVersion === this.cluster.routingVersion && this.version === this.cluster.routingVersion;
  }

  /** Puts the pod into the class that matches its state now (a new one if none does). */
  private joinClass(p: PodState, target: Target | null, targetIndex: number, loose = false): void {
    const classes = this.classes!;
    const m = p.load;
    const live = !!m && p.containerRunning;
    const tally = p.rs.deployment.tally;
    let c: LoadClass | undefined;
    for (const k of classes) if (sameClass(k, target, m, live, p, tally)) c = k;
    if (!c && loose && live) {
      // a pod that joins a Service's endpoints takes its class's load at once: its own probe latency is the
      // one before, checked against the class's by `refresh`
      for (const k of classes) if (k.pods.length > 0 && sameClass(k, target, m, live, p, tally, false)) c = k;
      if (c) {
        this.odd.push(p);
        this.oddBefore.push(p.probeLatencyMs);
      }
    }
    if (!c) {
      classes.push((c = newLoadClass(target, targetIndex, m, live, p, tally)));
      // classes that moves split (each pod's own probe latency) are regrouped by a rebuild once they pile up
      if (classes.length > 2 * this.classesBuilt + 8) this.regroup = true;
    }
    addToClass(c, p);
  }

  /** Takes the pod out of its class (the last pod takes its place: the order inside a class carries no meaning). */
  private leaveClass(p: PodState): LoadClass {
    const c = p.routeClass as LoadClass;
    const i = p.routeIndex!;
    const last = c.pods.pop()!;
    if (last !== p) {
      c.pods[i] = last;
      last.routeIndex = i;
    }
    if (p.routeCounted) c.routable--;
    p.routeClass = undefined;
    if (c.pods.length === 0) {
      // an empty class would still be settled at every piece
      const classes = this.classes!;
      const k = classes.indexOf(c);
      if (k >= 0) classes.splice(k, 1);
    }
    return c;
  }

  /** The classes changed without a rebuild: the plan is read again from the next boundary. */
  private replan(): void {
    if (this.plannedFor === null) return;
    this.plannedFor = null;
    this.scheduleAt(Math.max(this.boundary, this.cluster.sim.now));
  }

  /** Writes each class's figures into its pods (what they are owed since the last time, and their values now). */
  private materialize(): void {
    if (!this.owed || this.classes === null) return;
    this.owed = false;
    for (const c of this.classes) {
      const pods = c.pods;
      const rps = c.rps;
      const cpu = c.cpu;
      const probe = c.probe;
      const cpuMs = c.cpuMs;
      const requests = c.requests;
      for (let i = 0; i < pods.length; i++) {
        const p = pods[i]!;
        p.rps = rps;
        p.cpuMilli = cpu;
        p.probeLatencyMs = probe;
        p.cpuCumulative += cpuMs;
        p.requestsCumulative += requests;
      }
      c.cpuMs = 0;
      c.requests = 0;
    }
  }

  /** A target's requests with no endpoint fail (against the workload its Service's selector owns); true = an outage. */
  private unserved(t: Target, offered: number): boolean {
    this.iFailed += offered;
    if (!(offered > 0)) return false;
    if (t.owner === undefined) t.owner = this.cluster.deployments.find(t.owns) ?? null;
    const tl = t.owner?.tally;
    if (tl) {
      tl.iOffered += offered;
      tl.iFailed += offered;
    }
    return true;
  }

  /** `settle` for classes: the same sums, once per class, multiplied by its pods. */
  private settleClasses(classes: readonly LoadClass[], t0: number, now: number): void {
    const dt = now - t0;
    if (dt <= 0) return;
    const sec = dt / 1000;
    let outage = false;
    for (const t of this.targets) {
      const offered = (t.segRate * dt) / 1000;
      this.iOffered += offered;
      if (t.endpoints.length === 0 && this.unserved(t, offered)) outage = true;
    }
    if (outage) this.iOutageMs += dt;
    let ready = 0;
    for (const c of classes) {
      const n = c.pods.length;
      const t = c.target;
      // a pod's share of the segment's rate (what `evaluateClasses` used at its start: the model's cache answers)
      const rps = t ? t.segRate / t.endpoints.length : 0;
      c.rps = rps;
      ready += c.routable;
      const tl = c.tally;
      if (!c.live) {
        c.cpu = 0;
        if (rps > 0) {
          this.iFailed += rps * sec * n;
          if (tl) {
            tl.iOffered += rps * sec * n;
            tl.iFailed += rps * sec * n;
          }
        }
        continue;
      }
      const r = c.model!.evaluate(rps, c.up);
      c.cpu = r.cpuMilli;
      c.cpuMs += r.cpuMilli * dt;
      c.requests += rps * sec;
      if (rps > 0) {
        const served = r.servedRps * sec * n;
        this.iServed += served;
        this.iFailed += r.failedRps * sec * n;
        if (served > 0) this.intervalLatency.add(served, r);
        if (tl) {
          tl.iOffered += rps * sec * n;
          tl.iServed += served;
          tl.iFailed += r.failedRps * sec * n;
          if (served > 0 && tl.intervalLatency) tl.intervalLatency.add(served, r);
        }
      }
      if (r.probeLatencyMs !== c.probe) this.classProbe(c, r.probeLatencyMs);
    }
    this.owed = true;
    this.readyPodMs += ready * dt;
    if (ready < this.readyMin) this.readyMin = ready;
    if (ready > this.readyMax) this.readyMax = ready;
  }

  /** `evaluateAt` for classes: each class's load at the new segment rates. */
  private evaluateClasses(classes: readonly LoadClass[]): void {
    for (const c of classes) {
      const t = c.target;
      const rps = t ? t.segRate / t.endpoints.length : 0;
      c.rps = rps;
      if (!c.live) continue;
      const r = c.model!.evaluate(rps, c.up);
      c.cpu = r.cpuMilli;
      if (r.probeLatencyMs !== c.probe) this.classProbe(c, r.probeLatencyMs);
    }
    this.owed = true;
  }

  /** A class's probe latency moves: when it crosses a probe timeout, its pods' probes are re-planned now. */
  private classProbe(c: LoadClass, after: number): void {
    const before = c.probe;
    c.probe = after;
    let crosses = false;
    for (const ms of c.timeoutsMs) if (before > ms !== after > ms) crosses = true;
    if (!crosses) return;
    this.owed = true;
    this.materialize();
    // in the cluster's pod order, as when every pod was settled alone (a class's own order carries no meaning)
    for (const p of this.cluster.pods) if (p.routeClass === c && crossesTimeout(p, before, after)) this.kubelet.loadChanged(p);
  }

  /** Settles [t0, now), inside one segment of every target. */
  private settle(t0: number, now: number): void {
    const dt = now - t0;
    if (dt <= 0) return;
    if (this.version !== this.cluster.routingVersion) this.rebuildEndpoints();
    const sec = dt / 1000;
    const pods = this.cluster.pods;
    for (let i = 0; i < pods.length; i++) pods[i]!.rps = 0;

    let outage = false;
    if (this.closedOf.size > 0) this.closedOf.clear();
    for (const t of this.targets) {
      let offered = (t.segRate * dt) / 1000;
      const n = t.endpoints.length;
      if (t.retry || t.closed) {
        t.iOriginal = offered;
        if (t.retry) {
          const arrived = t.retry.arriving(t0, now);
          t.iArrived = arrived;
          for (let a = 1; a < arrived.length; a++) offered += arrived[a]!;
        }
        if (t.closed) {
          const step = t.closed.offer(t0, now, t.endpoints, n > 0 ? offered / sec / n : 0);
          offered += step.requests;
          t.iClosed = step.requests;
          for (let i = 0; i < n; i++) {
            const k = step.kinds[i];
            if (k) this.closedOf.set(t.endpoints[i]!, k);
          }
        }
      }
      this.iOffered += offered;
      if (n === 0) {
        if (this.unserved(t, offered)) outage = true;
        continue;
      }
      const per = offered / sec / n;
      for (let i = 0; i < n; i++) t.endpoints[i]!.rps += per;
    }
    if (outage) this.iOutageMs += dt;


    let oom: PodState[] | undefined;
    let ready = 0;
    for (let i = 0; i < pods.length; i++) {
      const p = pods[i]!;
      if (Cluster.isRoutable(p)) ready++;
      const m = p.load;
      const tl = p.rs.deployment.tally;
      if (!m || !p.containerRunning) {
        p.cpuMilli = 0;
        if (p.rps > 0) {
          this.iFailed += p.rps * sec;
          if (tl) {
            tl.iOffered += p.rps * sec;
            tl.iFailed += p.rps * sec;
          }
        }
        if (this.retrying) this.podFailed.set(p, p.rps);
        continue;
      }
      const closed = this.closedOf.size > 0 ? this.closedOf.get(p) : undefined;
      const r = closed ? m.evaluateClosed(p.rps, p.appUp, closed) : m.evaluate(p.rps, p.appUp);
      if (this.retrying) this.podFailed.set(p, p.rps > 0 ? r.failedRps : 0);
      p.cpuMilli = r.cpuMilli;
      p.cpuCumulative += r.cpuMilli * dt;
      p.requestsCumulative += p.rps * sec;
      if (m.tracksMemory || m.needsInFlight || p.sidecars.length > 0) {
        if (this.containerLoad(p, m, r, now, dt)) (oom ??= []).push(p);
      }
      if (p.rps > 0) {
        const served = r.servedRps * sec;
        this.iServed += served;
        this.iFailed += r.failedRps * sec;
        // Only the interval histogram is fed here; the sampler merges it into the run's at each row.
        if (served > 0) this.intervalLatency.add(served, r);
        if (tl) {
          tl.iOffered += p.rps * sec;
          tl.iServed += served;
          tl.iFailed += r.failedRps * sec;
          if (served > 0 && tl.intervalLatency) tl.intervalLatency.add(served, r);
        }
      }
      const before = p.probeLatencyMs;
      const after = r.probeLatencyMs;
      if (after !== before) {
        p.probeLatencyMs = after;
        // Probes answer by comparing this latency with their timeout: only a crossing can change an answer.
        if (crossesTimeout(p, before, after)) this.kubelet.loadChanged(p);
      }
    }
    if (this.retrying) this.settleRetries(t0, now);
    if (oom) for (const p of oom) this.kubelet.oomKill(p, p.memoryBytes);
    this.readyPodMs += ready * dt;
    if (ready < this.readyMin) this.readyMin = ready;
    if (ready > this.readyMax) this.readyMax = ready;
  }

  /** Each retrying target's failed fraction this interval sends its failures back (clients.ts). */
  private settleRetries(t0: number, now: number): void {
    for (const t of this.targets) {
      if (!t.retry) continue;
      let f = 1;
      if (t.endpoints.length > 0) {
        let rps = 0;
        let failed = 0;
        for (const p of t.endpoints) {
          rps += p.rps;
          failed += this.podFailed.get(p) ?? 0;
        }
        f = rps > 0 ? failed / rps : 0;
      }
      t.retry.settle(t0, now, t.iOriginal, t.iArrived ?? new Float64Array(t.retry.maxRetries + 1), f, t.iClosed);
    }
    this.podFailed.clear();
  }

  /**
   * In flight, the working sets and the sidecars' CPU of one pod at `now` (its serving container's load `r`
   * already evaluated); plans the serving container's OOM kill. True = over its limit now.
   */
  private containerLoad(p: PodState, m: PodLoadModel, r: PodLoad, now: number, dt: number): boolean {
    p.inFlight = m.needsInFlight ? inFlight(r.servedRps, r.servedRps > 0 ? r.mean() : 0, r.failedRps, m.app.timeoutMs) : 0;
    // a warm pod's containers (started before t=0) begin the run with a fresh container's working set
    p.memoryBytes = workingSetBytes(m.app, p.inFlight, now - Math.max(0, p.containerStartedMs));
    for (const s of p.sidecars) {
      const spec = s.load as SidecarSpec | undefined;
      if (!spec) continue;
      s.cpuMilli = Math.min(spec.idleMilli + spec.cpuPerRequestMs * r.servedRps, s.cpuCapacityMilli);
      s.cpuCumulative += s.cpuMilli * dt;
      s.memoryBytes = workingSetBytes(spec, p.inFlight, now - Math.max(0, s.startedMs));
    }
    if (p.memoryLimitBytes === null || !m.tracksMemory) return false;
    if (p.memoryBytes > p.memoryLimitBytes) return true;
    const age = oomAgeMs(m.app, p.inFlight, p.memoryLimitBytes);
    const at = age === null ? null : Math.max(0, p.containerStartedMs) + age;
    const sim = this.cluster.sim;
    sim.cancel(p.oomTimer);
    p.oomTimer = undefined;
    if (at !== null) {
      const id = p.containerId;
      p.oomTimer = sim.at(Math.max(at, now), 'kubelet:oom', () => {
        p.oomTimer = undefined;
        if (p.containerId !== id || !p.containerRunning) return;
        this.flush(sim.now);
        if (p.containerId === id && p.containerRunning && p.memoryBytes > p.memoryLimitBytes!) this.kubelet.oomKill(p, p.memoryBytes);
      });
    }
    return false;
  }

  /**
   * Computes every pod's load at an instant without letting time pass (t=0 of a warm start), so metrics-server
   * and probes start from the real initial state.
   */
  prime(now: number): void {
    this.dropClasses();
    this.last = now;
    this.costT = now;
    for (const t of this.targets) segmentAt(t, now, this.endOfRunMs);
    this.updateBoundary();
    this.evaluateAt(now);
    this.plan();
  }

  /** Every pod's load at `now` at the current segment rates and routing (no time passes). */
  private evaluateAt(now: number): void {
    if (this.version !== this.cluster.routingVersion) this.rebuildEndpoints();
    for (const p of this.cluster.pods) p.rps = 0;
    this.closedOf.clear();
    for (const t of this.targets) {
      const n = t.endpoints.length;
      if (n === 0) continue;
      let rate = t.segRate;
      if (t.closed) {
        const step = t.closed.rateAt(now, t.endpoints, rate / n);
        rate += step.requests;
        for (let i = 0; i < n; i++) {
          const k = step.kinds[i];
          if (k) this.closedOf.set(t.endpoints[i]!, k);
        }
      }
      for (const p of t.endpoints) p.rps += rate / n;
    }
    for (const p of this.cluster.pods) {
      const m = p.load;
      if (!m || !p.containerRunning) continue;
      const closed = this.closedOf.get(p);
      const r = closed ? m.evaluateClosed(p.rps, p.appUp, closed) : m.evaluate(p.rps, p.appUp);
      p.cpuMilli = r.cpuMilli;
      const before = p.probeLatencyMs;
      if (r.probeLatencyMs !== before) {
        p.probeLatencyMs = r.probeLatencyMs;
        // at t=0 every probe plans from this; later only a timeout crossing can change an answer
        if (this.last === 0 || crossesTimeout(p, before, r.probeLatencyMs)) this.kubelet.loadChanged(p);
      }
    }
  }

  /** Re-evaluates one pod at its current rps (its app came up or went down between flushes). */
  refreshPod(p: PodState): void {
    // after a flush nothing is owed: the pod moves to the class of its new state without a rebuild
    const move = !this.owed && this.classesHold() && this.classes!.includes(p.routeClass as LoadClass) && !settlesAlone(p);
    const from = move ? this.leaveClass(p) : null;
    if (!move) this.dropClasses();
    const m = p.load;
    if (m) {
      const r = m.evaluate(p.rps, p.appUp && p.containerRunning);
      p.cpuMilli = p.containerRunning ? r.cpuMilli : 0;
      p.probeLatencyMs = r.probeLatencyMs;
    }
    if (from) {
      this.joinClass(p, from.target, from.targetIndex);
      this.replan();
    }
  }

  /** Moves the interval accumulators into the totals and returns them. */
  takeInterval(): { offered: number; served: number; failed: number; outageMs: number } {
    const r = { offered: this.iOffered, served: this.iServed, failed: this.iFailed, outageMs: this.iOutageMs };
    this.offered += r.offered;
    this.served += r.served;
    this.failed += r.failed;
    this.outageMs += r.outageMs;
    this.iOffered = this.iServed = this.iFailed = this.iOutageMs = 0;
    return r;
  }
}

/** Does the probe latency move across any of the pod's probe timeouts? */
function crossesTimeout(p: PodState, before: number, after: number): boolean {
  for (const pr of p.probes) {
    const t = pr.probe.timeoutSeconds * 1000;
    if (before > t !== after > t) return true;
  }
  return false;
}
