/**
 * What the node autoscalers' pure decisions read: node groups (kubesim's node pools, Karpenter's instance types),
 * the nodes they own and the pods that need a home. Plain data, no live cluster objects, so every decision is
 * table-testable. Times are integer milliseconds of simulation time.
 */

export interface Resources {
  readonly cpuMilli: number;
  readonly memoryBytes: number;
}

/** What one node of a group offers: allocatable CPU, memory and pod slots (the node template). */
export interface NodeShape extends Resources {
  readonly pods: number;
}

/** A node group (cluster autoscaler) or instance type (Karpenter): one of the scenario's node pools. */
export interface NodeGroup {
  readonly name: string;
  readonly shape: NodeShape;
  readonly min: number;
  readonly max: number;
  readonly pricePerHour: number;
}

/** A pod as the autoscalers see it: its requests, priority and the node groups it could run on. */
export interface AutoscalerPod {
  readonly name: string;
  readonly requests: Resources;
  /** spec.priority (0 when no PriorityClass applies). */
  readonly priority: number;
  /**
   * Node groups whose template passes the pod's node selector, affinity and tolerations (the world computes it
   * with the scheduler's filters); null = every group.
   */
  readonly groups: readonly string[] | null;
}

/** A node as the autoscalers see it. */
export interface AutoscalerNode {
  readonly name: string;
  readonly group: string;
  readonly shape: NodeShape;
  /** Requests of the pods bound to it (and pod count). */
  readonly requested: Resources;
  readonly podCount: number;
  readonly ready: boolean;
  /** Cordoned or marked for deletion: the scheduler places nothing new on it. */
  readonly unschedulable: boolean;
}

export function fitsShape(free: NodeShape, pod: Resources): boolean {
  return pod.cpuMilli <= free.cpuMilli && pod.memoryBytes <= free.memoryBytes && free.pods >= 1;
}

export function freeOf(node: AutoscalerNode): NodeShape {
  return {
    cpuMilli: node.shape.cpuMilli - node.requested.cpuMilli,
    memoryBytes: node.shape.memoryBytes - node.requested.memoryBytes,
    pods: node.shape.pods - node.podCount,
  };
}

export function take(free: NodeShape, pod: Resources): NodeShape {
  return { cpuMilli: free.cpuMilli - pod.cpuMilli, memoryBytes: free.memoryBytes - pod.memoryBytes, pods: free.pods - 1 };
}

export function canRunOn(pod: AutoscalerPod, group: string): boolean {
  return pod.groups === null || pod.groups.includes(group);
}
