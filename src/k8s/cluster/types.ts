/**
 * Live state of the simulated cluster: pods, ReplicaSets and Deployments as the controllers see them.
 * Mutable objects (the event loop is hot); only the controllers and the kubelet write them.
 *
 * Times are integer milliseconds of simulation time.
 */
import type { DeploymentStatus } from '../deployment/types.js';
import type { BackoffEntry } from '../kubelet/backoff.js';
import type { Container, Deployment, HorizontalPodAutoscaler, PodTemplateSpec, Probe, Service } from '../api/types.js';
import type { BootTimeSpec } from '../nodes/boot-time.js';
import type { PodScheduling, Taint, Toleration } from '../scheduler/types.js';

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';
export type ProbeKind = 'readiness' | 'liveness' | 'startup';

/** How the container behaves, as far as the kubelet can tell (filled in from the app model by the world). */
export interface ContainerBehaviour {
  imagePullMs: number;
  startupMs: number;
  shutdownMs: number;
  crashAfterMs: number | null;
  neverReady: boolean;
}

/** One probe worker of one pod (kubelet/prober). */
export interface ProbeState {
  kind: ProbeKind;
  probe: Probe;
  /** Stored result: 'unknown' only for a startup probe that has not decided yet. */
  result: 'success' | 'failure' | 'unknown';
  /** What an attempt would answer now, and since when. */
  outcome: boolean;
  outcomeSince: number;
  /** Why the outcome is a failure (for the event message). */
  failureReason: string;
  timer: number | undefined;
  /** When the worker last became able to run attempts (container start, or startup success). */
  activeSinceMs: number;
  /** Readiness only: the last manual trigger, which reset the worker's ticker (its attempts' grid). */
  triggerMs: number;
  /**
   * Readiness only: the trigger came from turning to Failure. Its immediate attempt still sees the load the
   * pod just failed under (kubesim moves traffic away at once; a real pod's queue drains, and endpoint
   * removal takes a moment), so it fails too: the next attempts are on the reset ticker.
   */
  triggerFailed?: boolean;
  /** Liveness/startup worker waiting for a new container after a failure killed the old one. */
  onHold?: boolean;
}


export interface PodState {
  uid: number;
  name: string;
  rs: ReplicaSetState;
  labels: Record<string, string>;
  image: string;
  container: Container;
  behaviour: ContainerBehaviour;
  createdMs: number;
  nodeName: string | null;
  /** nodeSelector, tolerations (after DefaultTolerationSeconds admission) and required node affinity. */
  scheduling: PodScheduling;
  /** When the pod first became Ready (absent: not yet). */
  firstReadyMs?: number;
  /** spec.priority (the Priority admission plugin's value from the PriorityClass); absent: 0. */
  priority?: number;
  /** The pod's node stopped answering: its kubelet and containers are gone until the node recovers. */
  nodeDown: boolean;
  /** Scheduling attempts that failed (the scheduling queue's back-off reads it); time of the last one. */
  schedulingAttempts: number;
  lastSchedulingAttemptMs: number;
  phase: PodPhase;
  startTimeMs: number | null;
  /** Deletion timestamp (graceful deletion started), null when not terminating. */
  deletionMs: number | null;
  /** Removed from the API (all containers exited after deletion). */
  gone: boolean;

  containerId: number;
  containerRunning: boolean;
  containerStartedMs: number;
  containerFinishedMs: number | null;
  restartCount: number;
  waitingReason: string | null;
  /** The app answers requests (started + startup time passed, not crashed). */
  appUp: boolean;
  started: boolean;
  ready: boolean;
  readyTransitionMs: number;
  probes: ProbeState[];
  /** CrashLoopBackOff entry of the pod's container (kubelet `doBackOff`); null before its first restart. */
  backoff: BackoffEntry | null;
  timers: number[];

  requestCpuMilli: number;
  requestMemoryBytes: number;
  /** CPU the container may use: its limit, or the node's CPU when it has none. */
  cpuCapacityMilli: number;
  hasCpuRequest: boolean;
  /** Memory limit of the serving container, bytes (null = none: never OOMKilled). */
  memoryLimitBytes: number | null;
  /** The pod's other running containers (app containers and sidecars): their load, memory and counters. */
  sidecars: SidecarState[];
  /** Working set of the serving container now, bytes (written with the load). */
  memoryBytes: number;
  /** Requests in flight now (rate × latency), written with the load when something reads it. */
  inFlight: number;
  /** Pending OOM-kill timer of the serving container (world-owned). */
  oomTimer: number | undefined;
  /** Why the serving container last terminated (`lastState.terminated.reason`): `OOMKilled`, `Error`, …; null = never. */
  lastTerminationReason: string | null;

  /** Written by the load accounting: requests/s arriving now, CPU in use now, latency a probe sees now. */
  rps: number;
  cpuMilli: number;
  probeLatencyMs: number;
  /** Cumulative CPU time used, milli-core-milliseconds (the cAdvisor counter metrics-server reads). */
  cpuCumulative: number;
  /** Cumulative requests received (for requests_per_second metrics). */
  requestsCumulative: number;
  /** `cpuCumulative` / `requestsCumulative` when the current container started (its counters start there). */
  cpuAtContainerStart: number;
  requestsAtContainerStart: number;
  // The world's load model of this pod is a field the world adds by declaration merging (`load`, in
  // src/world/pod-load.ts): k8s never reads it and does not depend on the workload model.
  /** What metrics-server last reported for this pod (null = no usable sample). */
  metrics: PodMetricSample | null;
  /** metrics-server's stored point of this pod's counters (metrics-server.ts owns it; undefined until its first). */
  metricsPoint: StoredMetricsPoint | undefined;
  /** The HPA controller's view of this pod (hpa/controller.ts owns it; undefined until an HPA first reads it). */
  hpaView: unknown;
}

/** The counters metrics-server stored for a pod at a window start (valid while `serial` is its latest snapshot's). */
export interface StoredMetricsPoint {
  serial: number;
  containerId: number;
  startedMs: number;
  timestampMs: number;
  cpu: number;
  requests: number;
  /** Sidecars' cumulative CPU, in the pod's sidecar order (null without sidecars). */
  sidecarCpu: number[] | null;
}

/** One metrics-server sample: average CPU (millicores) and requests/s over `windowMs`, taken at `timestampMs`. */
export interface PodMetricSample {
  cpuMilli: number;
  rps: number;
  timestampMs: number;
  windowMs: number;
  /** Working set at the scrape (a gauge, not a rate), bytes: the pod's sum and per container. */
  memoryBytes?: number;
  /** Requests in flight (rate × latency) at the scrape. */
  inFlight?: number;
  /** Per container, present when the pod has more than one: name → {cpuMilli, memoryBytes}. */
  containers?: Record<string, { cpuMilli: number; memoryBytes: number }>;
  /**
   * Set on a one-container sample without memory, which metrics-server rewrites in place at the next scrape (no
   * object per pod and scrape): a new number at each rewrite, so a reader can tell a new sample from the one it
   * read (by identity alone it could not).
   */
  seq?: number;
}

/** A non-serving container of a pod: requests, limits and what it uses (filled in by the world's load model). */
export interface SidecarState {
  name: string;
  /** HPA view: its cpu request in millicores, memory request in bytes (undefined = none) */
  requestCpuMilli: number | undefined;
  requestMemoryBytes: number | undefined;
  memoryLimitBytes: number | null;
  cpuCapacityMilli: number;
  cpuMilli: number;
  cpuCumulative: number;
  memoryBytes: number;
  startedMs: number;
  restartCount: number;
  /** Opaque slot for the world's model of this container. */
  load: unknown;
}

export interface ReplicaSetState {
  name: string;
  hash: string;
  deployment: DeploymentState;
  template: PodTemplateSpec;
  createdMs: number;
  /** Creation order, to break timestamp ties deterministically. */
  seq: number;
  replicas: number;
  annotations: Record<string, string>;
  pods: PodState[];
}

export interface DeploymentState {
  name: string;
  namespace: string;
  /** `name` in namespace default, else `namespace/name` (Cluster.findDeployment, apps, traffic) */
  key: string;
  /** prefix of the event `object` column: '' in namespace default, else `namespace/` */
  prefix: string;
  /** The manifest as loaded (immutable). */
  api: Deployment;
  /** spec.replicas now (the HPA and `scale` events write it). */
  replicas: number;
  /** spec.template now (rollouts and undo replace it). */
  template: PodTemplateSpec;
  generation: number;
  replicaSets: ReplicaSetState[];
  /** Status with conditions, as the deployment controller's pure functions read and write it. */
  status: DeploymentStatus;
  syncPending: boolean;
  progressTimer: number | undefined;
  availabilityTimer: number | undefined;
}

/** A node pool as the scenario gives it: the template every node of the pool is made from. */
export interface NodePoolState {
  name: string;
  allocatable: { cpuMilli: number; memoryBytes: number; pods: number };
  labels: Readonly<Record<string, string>>;
  taints: readonly Taint[];
  /** Initial node count and the bounds a node autoscaler keeps to. */
  nodes: number;
  min: number;
  max: number;
  pricePerHour: number;
  /** Node created → Ready. */
  bootMs: number;
  /** A seeded boot-time distribution (preset or p50/p90) for the nodes an autoscaler adds; absent: bootMs. */
  bootTime?: BootTimeSpec;
  /** Nodes made so far (names are `<pool>-<n>`, n = 1, 2, … in creation order). */
  created: number;
}

export interface NodeState {
  name: string;
  pool: NodePoolState;
  labels: Record<string, string>;
  taints: Taint[];
  /** spec.unschedulable (kubectl cordon / drain). */
  unschedulable: boolean;
  /** The kubelet has registered the node (it booted); only registered nodes are in the scheduler's snapshot. */
  registered: boolean;
  /** The Ready condition is True. */
  ready: boolean;
  /** The kubelet answers (false from a nodeFailure until its nodeRecovery). */
  alive: boolean;
  createdMs: number;
  /** Since when the kubelet has been renewing its lease (its heartbeat grid). */
  readySinceMs: number;
  /** Removed from the cluster (billing stops); null while it exists. */
  deletedMs: number | null;
}

export type { Container, Deployment, HorizontalPodAutoscaler, PodTemplateSpec, Probe, Service, Toleration };
