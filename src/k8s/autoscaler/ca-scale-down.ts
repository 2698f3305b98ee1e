/**
 * The cluster autoscaler's scale-down half of one loop, as pure functions (kubernetes/autoscaler,
 * cluster-autoscaler/core/scaledown/planner, eligibility, unneeded; core/static_autoscaler.go):
 *
 *   cooldown     scale-down waits while now < last scale-up + scale-down-delay-after-add, or last removal +
 *                -after-delete, or last failed removal + -after-failure (static_autoscaler isScaleDownInCooldown,
 *                strict `After`). Unneeded nodes are still tracked during cooldown; only removal waits.
 *   eligibility  utilisation = max(cpu, memory) of the requests of the node's pods / its allocatable
 *                (simulator/utilization); a node at or above scale-down-utilization-threshold is needed.
 *   simulation   every pod of the node must fit on another Ready, schedulable node that is not itself being
 *                removed (first fit, consuming room, as the removal simulator's cluster snapshot does); expendable
 *                pods (priority below the cutoff) need no home. A pod without a controller blocks
 *                (NotReplicated), as does eviction beyond a PodDisruptionBudget's disruptionsAllowed.
 *   timers       a node is unneeded since the first loop that found it unneeded without a break; it is removed
 *                once unneeded for scale-down-unneeded-time (scale-down-unready-time when it is not Ready), never
 *                below its node group's min size, empty nodes up to max-scale-down-parallelism at once, nodes with
 *                pods to drain up to max-drain-parallelism.
 */
import type { ClusterAutoscalerOptions } from './cluster-autoscaler.js';
import { canRunOn, fitsShape, freeOf, take, type AutoscalerNode, type AutoscalerPod, type NodeShape } from './types.js';

export interface NodePod extends AutoscalerPod {
  /** Owned by a controller that will recreate it (ReplicaSet); false blocks scale-down (NotReplicated). */
  readonly replicated: boolean;
  /** Name of the PodDisruptionBudget that selects it, or null. */
  readonly pdb: string | null;
}

export interface ScaleDownNode extends AutoscalerNode {
  readonly pods: readonly NodePod[];
}

export interface CooldownState {
  readonly lastScaleUpMs: number | null;
  readonly lastScaleDownDeleteMs: number | null;
  readonly lastScaleDownFailMs: number | null;
}

export type UnneededReason = 'NotUnderutilized' | 'NoPlaceToMovePods' | 'NotReplicated' | 'NotEnoughPdb' | 'Unschedulable';

export function utilization(node: Pick<AutoscalerNode, 'shape' | 'requested'>): number {
  return Math.max(node.requested.cpuMilli / node.shape.cpuMilli, node.requested.memoryBytes / node.shape.memoryBytes);
}

/** Why scale-down may not remove nodes now, or null. */
export function scaleDownCooldown(now: number, s: CooldownState, o: ClusterAutoscalerOptions): string | null {
  if (s.lastScaleUpMs !== null && s.lastScaleUpMs + o.scaleDownDelayAfterAddMs > now) return 'scale-down-delay-after-add';
  if (s.lastScaleDownDeleteMs !== null && s.lastScaleDownDeleteMs + o.scaleDownDelayAfterDeleteMs > now) return 'scale-down-delay-after-delete';
  if (s.lastScaleDownFailMs !== null && s.lastScaleDownFailMs + o.scaleDownDelayAfterFailureMs > now) return 'scale-down-delay-after-failure';
  return null;
}

export interface UnneededResult {
  /** Node → since when it has been unneeded (only nodes unneeded now). */
  readonly since: ReadonlyMap<string, number>;
  /** Why each other node is needed. */
  readonly needed: ReadonlyMap<string, UnneededReason>;
}

/**
 * One loop's unneeded-node pass. `pdbAllowed` is each budget's disruptionsAllowed now; `previous` the map of
 * the last loop (a node that stays unneeded keeps its time).
 */
export function updateUnneeded(
  nodes: readonly ScaleDownNode[],
  previous: ReadonlyMap<string, number>,
  pdbAllowed: ReadonlyMap<string, number>,
  now: number,
  o: ClusterAutoscalerOptions,
): UnneededResult {
  const since = new Map<string, number>();
  const needed = new Map<string, UnneededReason>();
  const free = new Map<string, NodeShape>(nodes.map((n) => [n.name, freeOf(n)]));
  const removed = new Set<string>();
  const pdbLeft = new Map(pdbAllowed);
  const sorted = [...nodes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const n of sorted) {
    if (n.unschedulable) {
      // cordoned, or already being removed: kubesim leaves it alone
      needed.set(n.name, 'Unschedulable');
      continue;
    }
    if (utilization(n) >= o.scaleDownUtilizationThreshold) {
      needed.set(n.name, 'NotUnderutilized');
      continue;
    }
    const movable = n.pods.filter((p) => p.priority >= o.expendablePodsPriorityCutoff);
    if (movable.some((p) => !p.replicated)) {
      needed.set(n.name, 'NotReplicated');
      continue;
    }
    const perPdb = new Map<string, number>();
    for (const p of movable) if (p.pdb !== null) perPdb.set(p.pdb, (perPdb.get(p.pdb) ?? 0) + 1);
    if ([...perPdb].some(([name, count]) => count > (pdbLeft.get(name) ?? 0))) {
      needed.set(n.name, 'NotEnoughPdb');
      continue;
    }
    // Try to re-home every pod on other nodes (a trial copy of the free room; committed only on success).
    const trial = new Map(free);
    let ok = true;
    for (const p of movable) {
      const dest = sorted.find((d) => d.name !== n.name && !removed.has(d.name) && d.ready && !d.unschedulable && canRunOn(p, d.group) && fitsShape(trial.get(d.name)!, p.requests));
      if (!dest) {
        ok = false;
        break;
      }
      trial.set(dest.name, take(trial.get(dest.name)!, p.requests));
    }
    if (!ok) {
      needed.set(n.name, 'NoPlaceToMovePods');
      continue;
    }
    for (const [k, v] of trial) free.set(k, v);
    for (const [name, count] of perPdb) pdbLeft.set(name, (pdbLeft.get(name) ?? 0) - count);
    removed.add(n.name);
    since.set(n.name, previous.get(n.name) ?? now);
  }
  return { since, needed };
}

export interface GroupSize {
  readonly targetSize: number;
  readonly min: number;
}

export interface ScaleDownDecision {
  /** Nodes to remove now: empty ones first, then at most max-drain-parallelism to drain. */
  readonly remove: readonly { node: string; empty: boolean }[];
  /** Why nothing is removed (cooldown flag, or null). */
  readonly blockedBy: string | null;
}

/**
 * Which unneeded nodes to remove this loop. `scaledUpThisLoop` stops scale-down as upstream's RunOnce returns
 * after a successful scale-up; `deleting` counts removals still in progress (they use the parallelism).
 */
export function decideScaleDown(input: {
  readonly now: number;
  readonly nodes: readonly ScaleDownNode[];
  readonly unneeded: UnneededResult;
  readonly groups: ReadonlyMap<string, GroupSize>;
  readonly cooldown: CooldownState;
  readonly scaledUpThisLoop: boolean;
  readonly deleting: number;
  readonly options: ClusterAutoscalerOptions;
}): ScaleDownDecision {
  const o = input.options;
  if (!o.scaleDownEnabled) return { remove: [], blockedBy: 'scale-down-enabled' };
  if (input.scaledUpThisLoop) return { remove: [], blockedBy: 'scale-up' };
  const cd = scaleDownCooldown(input.now, input.cooldown, o);
  if (cd) return { remove: [], blockedBy: cd };
  const left = new Map([...input.groups].map(([g, s]) => [g, s.targetSize - s.min] as const));
  let budget = o.maxScaleDownParallelism - input.deleting;
  let drains = o.maxDrainParallelism;
  const remove: { node: string; empty: boolean }[] = [];
  const ready: ScaleDownNode[] = [];
  for (const n of input.nodes) {
    const since = input.unneeded.since.get(n.name);
    if (since === undefined) continue;
    const wait = n.ready ? o.scaleDownUnneededTimeMs : o.scaleDownUnreadyTimeMs;
    if (since + wait > input.now) continue;
    ready.push(n);
  }
  const isEmpty = (n: ScaleDownNode) => n.pods.every((p) => p.priority < o.expendablePodsPriorityCutoff);
  for (const empty of [true, false]) {
    for (const n of ready) {
      if (isEmpty(n) !== empty || budget <= 0) continue;
      if (!empty && drains <= 0) continue;
      if ((left.get(n.group) ?? 0) <= 0) continue;
      left.set(n.group, left.get(n.group)! - 1);
      budget--;
      if (!empty) drains--;
      remove.push({ node: n.name, empty });
    }
  }
  return { remove, blockedBy: null };
}

export const SCALE_DOWN_NODE_MESSAGE = 'marked the node as toBeDeleted/unschedulable';
export const SCALE_DOWN_POD_MESSAGE = 'deleting pod for node scale down';
