/**
 * Cluster autoscaler scale-up as pure functions (kubernetes/autoscaler, cluster-autoscaler):
 *
 *   estimate   estimator/binpacking_estimator.go: the pending pods are sorted by their share of a template node
 *              (cpu/allocatable + memory/allocatable, largest first) and placed first-fit on the new nodes
 *              opened so far; a pod that fits none opens another node while the group is below its max; a pod
 *              that does not fit an empty template node is not helped by this group
 *   expander   expander/waste/waste.go (least-waste, the default): the option whose new nodes would leave the
 *              least CPU and memory unused (wasted cpu fraction + wasted memory fraction); ties go to the random
 *              expander. `random` picks any option (expander/random).
 *   event      processors/status/eventing_scale_up_processor.go: each pod that triggered it gets
 *              TriggeredScaleUp "pod triggered scale-up: [{GROUP FROM->TO (max: MAX)}]"
 *
 * kubesim measures waste against the pool's allocatable (upstream reads the template node's capacity).
 */
import { filterNode } from '../scheduler/filter.js';
import type { Resources, SchedNode, SchedPod, Taint } from '../scheduler/types.js';

export interface NodeGroupTemplate {
  readonly name: string;
  readonly allocatable: Readonly<Resources> & { readonly pods: number };
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly Taint[];
  /** Nodes in the group now (Ready or booting). */
  readonly size: number;
  readonly max: number;
}

export interface ScaleUpOption<P> {
  group: NodeGroupTemplate;
  nodes: number;
  pods: P[];
}

function emptyNode(t: NodeGroupTemplate, name: string): SchedNode & { requested: Resources; nonZeroRequested: Resources; podCount: number } {
  return {
    name,
    labels: { ...t.labels, 'kubernetes.io/hostname': name },
    taints: t.taints,
    unschedulable: false,
    allocatable: t.allocatable,
    requested: { cpuMilli: 0, memoryBytes: 0 },
    nonZeroRequested: { cpuMilli: 0, memoryBytes: 0 },
    podCount: 0,
  };
}

/** Whether `pod` fits an empty node made from the template (the scheduler's filters on the template node). */
export function fitsTemplate(t: NodeGroupTemplate, pod: SchedPod): boolean {
  return filterNode(pod, emptyNode(t, `${t.name}-template`)) === null;
}

/** The binpacking estimate: how many new nodes of `t` (at most `limit`) the pods need, and which pods they take. */
export function estimate<P>(t: NodeGroupTemplate, pods: readonly P[], view: (p: P) => SchedPod, limit: number): { nodes: number; pods: P[] } {
  const share = (p: SchedPod) =>
    (t.allocatable.cpuMilli > 0 ? p.requests.cpuMilli / t.allocatable.cpuMilli : 0) +
    (t.allocatable.memoryBytes > 0 ? p.requests.memoryBytes / t.allocatable.memoryBytes : 0);
  const order = pods.map((p, i) => ({ p, v: view(p), i }));
  order.sort((a, b) => share(b.v) - share(a.v) || a.i - b.i);
  const open: ReturnType<typeof emptyNode>[] = [];
  const taken: P[] = [];
  for (const { p, v } of order) {
    if (!fitsTemplate(t, v)) continue;
    let node = open.find((n) => filterNode(v, n) === null);
    if (!node) {
      if (open.length >= limit) continue;
      node = emptyNode(t, `${t.name}-new-${open.length + 1}`);
      open.push(node);
    }
    node.requested.cpuMilli += v.requests.cpuMilli;
    node.requested.memoryBytes += v.requests.memoryBytes;
    node.nonZeroRequested.cpuMilli += v.nonZeroRequests.cpuMilli;
    node.nonZeroRequested.memoryBytes += v.nonZeroRequests.memoryBytes;
    node.podCount++;
    taken.push(p);
  }
  return { nodes: open.length, pods: taken };
}

/** least-waste: the options with the smallest wasted cpu + memory fraction (one or more, for the random tie-break). */
export function leastWaste<P>(options: readonly ScaleUpOption<P>[], view: (p: P) => SchedPod): ScaleUpOption<P>[] {
  let best: ScaleUpOption<P>[] = [];
  let bestScore = Infinity;
  for (const o of options) {
    let cpu = 0;
    let mem = 0;
    for (const p of o.pods) {
      const v = view(p);
      cpu += v.requests.cpuMilli;
      mem += v.requests.memoryBytes;
    }
    const availCpu = o.group.allocatable.cpuMilli * o.nodes;
    const availMem = o.group.allocatable.memoryBytes * o.nodes;
    const score = (availCpu - cpu) / availCpu + (availMem - mem) / availMem;
    if (score === bestScore) best.push(o);
    if (best.length === 0 || score < bestScore) {
      bestScore = score;
      best = [o];
    }
  }
  return best;
}

export function triggeredScaleUpMessage(group: string, from: number, to: number, max: number): string {
  return `pod triggered scale-up: [{${group} ${from}->${to} (max: ${max})}]`;
}
