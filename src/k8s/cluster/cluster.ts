/**
 * The cluster: the simulation clock, the objects, the event recorder, and the hooks that let controllers
 * react to each other without calling each other directly (like informers, with zero propagation delay).
 *
 * `beforeRoutingChange` is called before anything changes which pods receive traffic, so the load accounting
 * can settle the interval that ends now under the old routing.
 */
import type { Simulation } from '../../engine/simulation.js';
import type { RandomStream } from '../../engine/random.js';
import type { DeploymentState, NodeState, PodState, ReplicaSetState } from './types.js';

/** The scheduler, as the kubelet meets it when node pools are given (null: one implicit node fits every pod). */
export interface PodPlacer {
  /** A pod was created; bind it now (through `Kubelet.bind`) or keep it Pending. */
  podCreated(pod: PodState, warm: boolean): void;
  /** A pod left the API: its node has room again. */
  podRemoved(pod: PodState): void;
}

export interface RecordedEvent {
  timeMs: number;
  object: string;
  reason: string;
  message: string;
}

/**
 * A condition of an object changing (type, status or reason): Kubernetes keeps these in `status.conditions`,
 * not as Events (e.g. a Deployment's `Progressing=False, ProgressDeadlineExceeded`).
 */
export interface RecordedCondition {
  timeMs: number;
  object: string;
  type: string;
  status: string;
  reason: string;
  message: string;
}

export interface ClusterHooks {
  /** Bring the load accounting (CPU counters, request counters) up to now. */
  settle(now: number): void;
  /** Re-evaluate one pod's load now (its app just came up or went down), refreshing `probeLatencyMs`. */
  refreshPod(pod: PodState): void;
  /** Settle load accounting up to now before routing changes (`pod`: the one whose routing changes, if one). */
  beforeRoutingChange(now: number, pod?: PodState): void;
  /** A pod was created / removed from the API (for cost and load bookkeeping). */
  podCreated(pod: PodState): void;
  podGone(pod: PodState): void;
  /** Kubelet asks how the container of a new pod behaves (`deployment` is its key). */
  behaviourFor(deployment: string, image: string): PodState['behaviour'];
  /** The container that serves the traffic (null = the first). */
  servingContainer?(d: DeploymentState): string | null;
  /** A pod about to be created: null to admit it, or why the API server refuses it (ResourceQuota). */
  admitPod?(rs: ReplicaSetState, podName: string): string | null;
}

export class Cluster {
  readonly deployments: DeploymentState[] = [];
  readonly pods: PodState[] = [];
  /** Nodes of the scenario's node pools, in creation order (empty without pools). */
  readonly nodes: NodeState[] = [];
  /** The scheduler when node pools are given. */
  placer: PodPlacer | null = null;
  readonly events: RecordedEvent[] = [];
  /** Condition transitions (not Events; see RecordedCondition). */
  readonly conditions: RecordedCondition[] = [];
  /** What the scenario itself did (`killPods`, `undo` as kubectl): not Kubernetes Events either. */
  readonly actions: RecordedEvent[] = [];
  /** Bumped whenever a pod's routability changes; the accounting rebuilds endpoint lists when it moves. */
  routingVersion = 0;
  /**
   * Bumped on every change the HPA's metric step can see: pods created, changing status or routing, and
   * metrics-server samples. Equal versions (and replicas) mean equal metric inputs.
   */
  stateVersion = 0;
  /** Container restarts of pods no longer in the API (their counts leave with them). */
  restartsOfGonePods = 0;
  /** The same, by Deployment key (namespace/name). */
  readonly restartsOfGonePodsBy = new Map<string, number>();
  /** `namespace/name` of every pod in the API (the API server refuses a second object of one name). */
  private readonly podNames = new Set<string>();
  private uidCounter = 0;
  private rsCounter = 0;
  readonly names: RandomStream;
  /** CPU a container without a CPU limit may use (one node's allocatable CPU), millicores. */
  nodeCpuMilli = 4000;

  constructor(readonly sim: Simulation, readonly hooks: ClusterHooks) {
    this.names = sim.random.get('names');
  }

  nextUid(): number {
    return ++this.uidCounter;
  }

  nextRsSeq(): number {
    return ++this.rsCounter;
  }

  /** A Kubernetes Event, with the reason and message text upstream writes. */
  record(object: string, reason: string, message: string): void {
    this.events.push({ timeMs: this.sim.now, object, reason, message });
  }

  recordCondition(object: string, type: string, status: string, reason: string, message: string): void {
    this.conditions.push({ timeMs: this.sim.now, object, type, status, reason, message });
  }

  recordAction(object: string, action: string, message: string): void {
    this.actions.push({ timeMs: this.sim.now, object, reason: action, message });
  }

  /** Call before a change of which pods serve traffic (`pod`: the only pod it changes, when it is one). */
  routingWillChange(pod?: PodState): void {
    this.hooks.beforeRoutingChange(this.sim.now, pod);
    this.routingVersion++;
    this.stateVersion++;
  }

  /** Is a pod of this name in the namespace (until it is gone from the API)? */
  podNameTaken(namespace: string, name: string): boolean {
    return this.podNames.has(`${namespace}/${name}`);
  }

  /** The kubelet keeps the names of the pods in the API: `add` when one is created, `remove` when it is gone. */
  podNameAdded(namespace: string, name: string): void {
    this.podNames.add(`${namespace}/${name}`);
  }

  podNameRemoved(namespace: string, name: string): void {
    this.podNames.delete(`${namespace}/${name}`);
  }

  findNode(name: string): NodeState | undefined {
    return this.nodes.find((n) => n.name === name);
  }

  /** By key: `api` (namespace default) or `staging/api`. */
  findDeployment(key: string): DeploymentState | undefined {
    return this.deployments.find((d) => d.key === key);
  }

  /** Pods still in the API (not yet gone). Active = not terminating and not terminal. */
  static isActive(p: PodState): boolean {
    return !p.gone && p.deletionMs === null && p.phase !== 'Succeeded' && p.phase !== 'Failed';
  }

  /** Ready for routing: Ready condition true and not terminating (EndpointSlice `ready`). */
  static isRoutable(p: PodState): boolean {
    return !p.gone && p.deletionMs === null && p.ready;
  }

  /** EndpointSlice `serving` and `terminating`: kube-proxy's fallback when a Service has no ready endpoint. */
  static isServingTerminating(p: PodState): boolean {
    return !p.gone && p.deletionMs !== null && p.ready && p.containerRunning;
  }

  static rsActivePods(rs: ReplicaSetState): PodState[] {
    return rs.pods.filter(Cluster.isActive);
  }
}
