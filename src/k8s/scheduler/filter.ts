/**
 * The default scheduler's Filter plugins that kubesim models, in the default profile's order
 * (`pkg/scheduler/apis/config/v1/default_plugins.go`: NodeUnschedulable, NodeName, TaintToleration, NodeAffinity,
 * NodePorts, NodeResourcesFit, …). The framework stops at a node's first failing plugin, so a node reports one
 * plugin's reasons (`pkg/scheduler/framework/runtime/framework.go` RunFilterPlugins).
 *
 * Reasons are upstream's own strings:
 *   NodeUnschedulable  "node(s) were unschedulable"                        (nodeunschedulable/node_unschedulable.go)
 *   TaintToleration    "node(s) had untolerated taint {KEY: VALUE}"        (tainttoleration/taint_toleration.go)
 *   NodeAffinity       "node(s) didn't match Pod's node affinity/selector" (nodeaffinity/node_affinity.go)
 *   NodeResourcesFit   "Too many pods", "Insufficient cpu", "Insufficient memory" (noderesources/fit.go)
 * The first three are UnschedulableAndUnresolvable (preemption cannot help), the last Unschedulable.
 */
import type { NodeSelectorRequirement, NodeSelectorTerm, PodScheduling, SchedNode, SchedPod, Taint, Toleration } from './types.js';

export type FilterCode = 'Unschedulable' | 'UnschedulableAndUnresolvable';

export interface FilterStatus {
  code: FilterCode;
  reasons: string[];
}

export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';

/** `v1.Toleration.ToleratesTaint` (staging/src/k8s.io/api/core/v1/toleration.go). */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect !== '' && t.effect !== taint.effect) return false;
  if (t.key !== '' && t.key !== taint.key) return false;
  if (t.operator === 'Exists') return true;
  return t.value === taint.value;
}

export function tolerationsTolerate(ts: readonly Toleration[], taint: Taint): boolean {
  return ts.some((t) => toleratesTaint(t, taint));
}

/** The first NoSchedule/NoExecute taint no toleration matches (`FindMatchingUntoleratedTaint`), in the node's order. */
export function firstUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[]): Taint | null {
  for (const taint of taints) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
    if (!tolerationsTolerate(tolerations, taint)) return taint;
  }
  return null;
}

/** One node selector requirement against a node's labels (`component-helpers/scheduling/corev1/nodeaffinity`). */
function requirementMatches(r: NodeSelectorRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = has ? labels[r.key]! : '';
  switch (r.operator) {
    case 'In':
      return has && r.values.includes(v);
    case 'NotIn':
      return !has || !r.values.includes(v);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || r.values.length !== 1) return false;
      const a = Number.parseInt(v, 10);
      const b = Number.parseInt(r.values[0]!, 10);
      if (!/^-?\d+$/.test(v) || !/^-?\d+$/.test(r.values[0]!)) return false;
      return r.operator === 'Gt' ? a > b : a < b;
    }
  }
}

/** A term matches when it has at least one requirement and all of them match; terms are ORed. */
function termMatches(term: NodeSelectorTerm, node: { name: string; labels: Readonly<Record<string, string>> }): boolean {
  if (term.matchExpressions.length === 0 && term.matchFields.length === 0) return false;
  if (!term.matchExpressions.every((r) => requirementMatches(r, node.labels))) return false;
  return term.matchFields.every((r) => requirementMatches({ ...r, key: 'metadata.name' }, { 'metadata.name': node.name }));
}

/** nodeSelector AND required node affinity (`GetRequiredNodeAffinity(pod).Match(node)`). */
export function matchesNodeAffinity(s: PodScheduling, node: { name: string; labels: Readonly<Record<string, string>> }): boolean {
  for (const [k, v] of Object.entries(s.nodeSelector)) if (node.labels[k] !== v) return false;
  if (s.requiredNodeTerms === null) return true;
  return s.requiredNodeTerms.some((t) => termMatches(t, node));
}

/** NodeResourcesFit's `fitsRequest`: every insufficient resource is a reason (pods, then cpu, then memory). */
export function insufficientResources(pod: SchedPod, node: SchedNode): string[] {
  const reasons: string[] = [];
  if (node.podCount + 1 > node.allocatable.pods) reasons.push('Too many pods');
  const r = pod.requests;
  if (r.cpuMilli === 0 && r.memoryBytes === 0) return reasons;
  if (r.cpuMilli > 0 && r.cpuMilli > node.allocatable.cpuMilli - node.requested.cpuMilli) reasons.push('Insufficient cpu');
  if (r.memoryBytes > 0 && r.memoryBytes > node.allocatable.memoryBytes - node.requested.memoryBytes) reasons.push('Insufficient memory');
  return reasons;
}

/** Runs the modelled filters in the default profile's order; null = the node passes. */
export function filterNode(pod: SchedPod, node: SchedNode): FilterStatus | null {
  const s = pod.scheduling;
  if (node.unschedulable && !tolerationsTolerate(s.tolerations, { key: TAINT_UNSCHEDULABLE, value: '', effect: 'NoSchedule' })) {
    return { code: 'UnschedulableAndUnresolvable', reasons: ['node(s) were unschedulable'] };
  }
  const taint = firstUntoleratedTaint(node.taints, s.tolerations);
  if (taint) return { code: 'UnschedulableAndUnresolvable', reasons: [`node(s) had untolerated taint {${taint.key}: ${taint.value}}`] };
  if (!matchesNodeAffinity(s, node)) return { code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't match Pod's node affinity/selector"] };
  const short = insufficientResources(pod, node);
  if (short.length > 0) return { code: 'Unschedulable', reasons: short };
  return null;
}

/** "N reason" entries of a reason histogram, sorted as strings (`sort.Strings`), joined with ", ". */
function histogram(reasons: Iterable<string>): string {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  const entries = [...counts].map(([r, n]) => `${n} ${r}`);
  entries.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.join(', ');
}

/**
 * The FailedScheduling message (`pkg/scheduler/framework/types.go` FitError.Error): "0/N nodes are available:"
 * then the sorted reason histogram and ".", then the PostFilter (DefaultPreemption) message, itself a FitError of
 * the preemption dry run prefixed "preemption: " (`pkg/scheduler/framework/preemption/preemption.go` Preempt):
 * nodes that failed Unschedulable have no lower-priority victims in kubesim (every pod has priority 0), so they
 * report "No preemption victims found for incoming pod"; nodes that failed UnschedulableAndUnresolvable are absent
 * from the dry run and report "Preemption is not helpful for scheduling". With no nodes at all the scheduler's
 * error is `ErrNoNodesAvailable`, "no nodes available to schedule pods" (schedule_one.go).
 */
export function fitErrorMessage(statuses: readonly FilterStatus[]): string {
  const n = statuses.length;
  if (n === 0) return 'no nodes available to schedule pods';
  const filter = histogram(statuses.flatMap((s) => s.reasons));
  const preemption = histogram(
    statuses.map((s) => (s.code === 'Unschedulable' ? 'No preemption victims found for incoming pod' : 'Preemption is not helpful for scheduling')),
  );
  return `0/${n} nodes are available: ${filter}. preemption: 0/${n} nodes are available: ${preemption}.`;
}
