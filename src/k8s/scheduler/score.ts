/**
 * The default profile's Score plugins that tell nodes apart in kubesim, with their default weights
 * (`pkg/scheduler/apis/config/v1/default_plugins.go`): NodeResourcesFit (LeastAllocated, weight 1),
 * NodeResourcesBalancedAllocation (1) and PodTopologySpread with the system default constraints (2).
 * TaintToleration (3), NodeAffinity (2) and InterPodAffinity (2) give every node the same score when no
 * PreferNoSchedule taints, preferred affinity terms or pod affinities are used (kubesim warns about those);
 * ImageLocality is not modelled (README). Then `selectHost`: the highest total, ties broken by reservoir
 * sampling (`pkg/scheduler/schedule_one.go`).
 */
import { matchesNodeAffinity } from './filter.js';
import type { PodScheduling, SchedNode, SchedPod } from './types.js';

export const MAX_NODE_SCORE = 100;
/** schedutil.DefaultMilliCPURequest / DefaultMemoryRequest: what a container without requests counts as when scoring. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
export const LABEL_ZONE = 'topology.kubernetes.io/zone';

/** `leastRequestedScore` (noderesources/least_allocated.go), integer arithmetic as in Go. */
function leastRequested(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** NodeResourcesFit LeastAllocated over cpu and memory, weight 1 each, on non-zero requests (node + this pod). */
export function leastAllocatedScore(pod: SchedPod, node: SchedNode): number {
  let score = 0;
  let weights = 0;
  const pairs: [number, number][] = [
    [node.nonZeroRequested.cpuMilli + pod.nonZeroRequests.cpuMilli, node.allocatable.cpuMilli],
    [node.nonZeroRequested.memoryBytes + pod.nonZeroRequests.memoryBytes, node.allocatable.memoryBytes],
  ];
  for (const [req, cap] of pairs) {
    if (cap === 0) continue;
    score += leastRequested(req, cap);
    weights++;
  }
  return weights === 0 ? 0 : Math.trunc(score / weights);
}

/**
 * NodeResourcesBalancedAllocation (noderesources/balanced_allocation.go) on actual requests: 100 × (1 − std) of
 * the cpu and memory fractions, each capped at 1; skipped (0 everywhere) for a pod that requests nothing.
 */
export function balancedAllocationScore(pod: SchedPod, node: SchedNode): number {
  if (pod.requests.cpuMilli === 0 && pod.requests.memoryBytes === 0) return 0;
  const fractions: number[] = [];
  const pairs: [number, number][] = [
    [node.requested.cpuMilli + pod.requests.cpuMilli, node.allocatable.cpuMilli],
    [node.requested.memoryBytes + pod.requests.memoryBytes, node.allocatable.memoryBytes],
  ];
  for (const [req, cap] of pairs) {
    if (cap === 0) continue;
    fractions.push(Math.min(1, req / cap));
  }
  const std = fractions.length === 2 ? Math.abs((fractions[0]! - fractions[1]!) / 2) : 0;
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

/** A candidate node for spreading: its labels and how many pods matching the pod's default selector it runs. */
export interface SpreadNode {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Non-terminating pods on the node, in the pod's namespace, matching its default spreading selector. */
  readonly matching: number;
}

/** The system default constraints (podtopologyspread/plugin.go `systemDefaultConstraints`). */
const DEFAULT_CONSTRAINTS = [
  { key: LABEL_HOSTNAME, maxSkew: 3 },
  { key: LABEL_ZONE, maxSkew: 5 },
] as const;

/**
 * PodTopologySpread scoring with the system default constraints (podtopologyspread/scoring.go), for the
 * filtered nodes; `all` are every node (zone counts include nodes that failed filters but match the pod's node
 * affinity, the default nodeAffinityPolicy Honor). Raw score per node: Σ count × log(domains + 2) + (maxSkew − 1)
 * over the constraints whose key the node has, rounded; then NormalizeScore: 100 × (max + min − s) / max.
 * `hasSelector` false (no Service or ReplicaSet selects the pod) skips the plugin: 0 everywhere.
 */
export function topologySpreadScores(
  scheduling: PodScheduling,
  filtered: readonly SpreadNode[],
  all: readonly SpreadNode[],
  hasSelector: boolean,
): number[] {
  if (!hasSelector || filtered.length === 0) return filtered.map(() => 0);
  const weights = DEFAULT_CONSTRAINTS.map((c) => {
    if (c.key === LABEL_HOSTNAME) return Math.log(filtered.length + 2);
    const domains = new Set(filtered.map((n) => n.labels[c.key] ?? ''));
    return Math.log(domains.size + 2);
  });
  // zone pair counts: only for pairs that some filtered node has
  const zonePairs = new Map<string, number>();
  for (const n of filtered) zonePairs.set(n.labels[LABEL_ZONE] ?? '', 0);
  for (const n of all) {
    const v = n.labels[LABEL_ZONE] ?? '';
    if (!zonePairs.has(v) || !matchesNodeAffinity(scheduling, n)) continue;
    zonePairs.set(v, zonePairs.get(v)! + n.matching);
  }
  const raw = filtered.map((n) => {
    let s = 0;
    DEFAULT_CONSTRAINTS.forEach((c, i) => {
      const v = c.key === LABEL_HOSTNAME ? n.name : n.labels[c.key];
      if (v === undefined) return;
      const cnt = c.key === LABEL_HOSTNAME ? n.matching : zonePairs.get(v)!;
      s += cnt * weights[i]! + (c.maxSkew - 1);
    });
    return Math.round(s);
  });
  let min = Infinity;
  let max = 0;
  for (const s of raw) {
    if (s < min) min = s;
    if (s > max) max = s;
  }
  return raw.map((s) => (max === 0 ? MAX_NODE_SCORE : Math.trunc((MAX_NODE_SCORE * (max + min - s)) / max)));
}

export interface ScoredNode {
  readonly name: string;
  readonly total: number;
}

/** Weighted totals of the modelled score plugins for the filtered nodes (same order). */
export function scoreNodes(pod: SchedPod, nodes: readonly SchedNode[], spread: readonly number[]): ScoredNode[] {
  return nodes.map((n, i) => ({
    name: n.name,
    total: leastAllocatedScore(pod, n) * 1 + balancedAllocationScore(pod, n) * 1 + spread[i]! * 2,
  }));
}

/**
 * `selectHost`: the node with the highest total; among equal totals each is kept with probability 1/k as the
 * k-th tie is met (reservoir sampling), `int(k)` drawing 0…k−1 from the scheduler's seeded stream.
 */
export function selectHost(scored: readonly ScoredNode[], int: (n: number) => number): number {
  if (scored.length === 0) return -1;
  let best = 0;
  let ties = 1;
  for (let i = 1; i < scored.length; i++) {
    const s = scored[i]!.total;
    if (s > scored[best]!.total) {
      best = i;
      ties = 1;
    } else if (s === scored[best]!.total) {
      ties++;
      if (int(ties) === 0) best = i;
    }
  }
  return best;
}
