/**
 * What the scheduler's pure decisions read: a node and a pod as the default scheduler's plugins see them.
 * Plain data (no live cluster objects), so the decisions are table-testable.
 */

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface Taint {
  readonly key: string;
  readonly value: string;
  readonly effect: TaintEffect;
}

/** core/v1 Toleration; `effect: ''` matches every effect, `key: ''` with Exists matches every key. */
export interface Toleration {
  readonly key: string;
  readonly operator: 'Exists' | 'Equal';
  readonly value: string;
  readonly effect: '' | TaintEffect;
  /** NoExecute only: how long the pod stays bound after the taint appears; null = forever. */
  readonly tolerationSeconds: number | null;
}

export type NodeSelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';

export interface NodeSelectorRequirement {
  readonly key: string;
  readonly operator: NodeSelectorOperator;
  readonly values: readonly string[];
}

/** One term of `requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms` (its requirements are ANDed). */
export interface NodeSelectorTerm {
  readonly matchExpressions: readonly NodeSelectorRequirement[];
  /** `matchFields` (only `metadata.name` is allowed upstream). */
  readonly matchFields: readonly NodeSelectorRequirement[];
}

/** The scheduling fields of a pod spec that kubesim models. */
export interface PodScheduling {
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
  /** Required node affinity terms (ORed); null when the pod has none. */
  readonly requiredNodeTerms: readonly NodeSelectorTerm[] | null;
}

export const NO_SCHEDULING: PodScheduling = { nodeSelector: {}, tolerations: [], requiredNodeTerms: null };

export interface Resources {
  cpuMilli: number;
  memoryBytes: number;
}

/** A node as the filter and score plugins read it (NodeInfo). */
export interface SchedNode {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly Taint[];
  /** spec.unschedulable (cordoned). */
  readonly unschedulable: boolean;
  readonly allocatable: Readonly<Resources> & { readonly pods: number };
  /** Sum of the requests of the pods bound to the node. */
  readonly requested: Readonly<Resources>;
  /** The same with the scheduler's non-zero defaults for containers without requests (100m, 200Mi). */
  readonly nonZeroRequested: Readonly<Resources>;
  readonly podCount: number;
}

/** The pod being scheduled. */
export interface SchedPod {
  readonly requests: Readonly<Resources>;
  readonly nonZeroRequests: Readonly<Resources>;
  readonly scheduling: PodScheduling;
}
