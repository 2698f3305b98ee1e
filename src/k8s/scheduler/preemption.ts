/**
 * The default scheduler's preemption (PostFilter DefaultPreemption) as a pure function: which pods on which node
 * a Pending pod may evict, so that low-priority placeholder pods (the overprovisioning pattern: a PriorityClass
 * with a negative value) give their room to real pods at once while the node autoscaler adds nodes for the
 * placeholders.
 *
 * Upstream (kubernetes/kubernetes):
 *   pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go
 *     PodEligibleToPreemptOthers  a pod with preemptionPolicy Never does not preempt.
 *     SelectVictimsOnNode         remove every pod of lower priority; if the preemptor still does not fit, the node
 *                                 is no candidate. Then reprieve as many as possible, most important first
 *                                 (higher priority, then earlier start: util.MoreImportantPod), the pods whose
 *                                 eviction would violate a PodDisruptionBudget before the others; a pod that
 *                                 cannot be put back is a victim.
 *   pkg/scheduler/framework/preemption/preemption.go
 *     pickOneNodeForPreemption    fewest PDB violations; then the lowest highest-victim priority; then the
 *                                 smallest sum of victim priorities; then the fewest victims; then the latest
 *                                 start among the highest-priority victims; then the first node.
 *     prepareCandidate            the victims are deleted with the event Preempted "Preempted by pod UID on
 *                                 node NODE" and the preemptor is nominated to the node (status.nominatedNodeName).
 *
 * Simplified (README): every node is a candidate (upstream samples max(100, 10 %) of them for large clusters);
 * the fit check is a predicate the caller passes (the world passes the scheduler's filters).
 */

export interface VictimPod {
  readonly name: string;
  readonly priority: number;
  readonly startMs: number;
  readonly cpuMilli: number;
  readonly memoryBytes: number;
  /** Name of the PodDisruptionBudget that selects it, or null. */
  readonly pdb: string | null;
}

export interface PreemptionNode {
  readonly name: string;
  readonly pods: readonly VictimPod[];
}

export interface Preemptor {
  readonly name: string;
  readonly uid: string;
  readonly priority: number;
  readonly preemptionPolicy: 'PreemptLowerPriority' | 'Never';
}

/** Would the preemptor fit `node` if only `remaining` of its pods were there? */
export type FitsWith = (node: PreemptionNode, remaining: readonly VictimPod[]) => boolean;

export interface PreemptionResult {
  readonly node: string;
  readonly victims: readonly VictimPod[];
  readonly pdbViolations: number;
}

/** util.MoreImportantPod: higher priority first, then the one that started earlier. */
function moreImportantFirst(a: VictimPod, b: VictimPod): number {
  return b.priority - a.priority || a.startMs - b.startMs;
}

/**
 * SelectVictimsOnNode. `pdbAllowed`: each budget's disruptionsAllowed; a victim under a budget with none left
 * counts as a violation (filterPodsWithPDBViolation).
 */
export function selectVictimsOnNode(
  preemptor: Preemptor,
  node: PreemptionNode,
  fits: FitsWith,
  pdbAllowed: ReadonlyMap<string, number>,
): { victims: VictimPod[]; pdbViolations: number } | null {
  const lower = node.pods.filter((p) => p.priority < preemptor.priority);
  const kept = node.pods.filter((p) => p.priority >= preemptor.priority);
  if (!fits(node, kept)) return null;
  const sorted = [...lower].sort(moreImportantFirst);
  const left = new Map(pdbAllowed);
  const violating: VictimPod[] = [];
  const nonViolating: VictimPod[] = [];
  for (const p of sorted) {
    if (p.pdb !== null && left.has(p.pdb)) {
      const n = left.get(p.pdb)! - 1;
      left.set(p.pdb, n);
      if (n < 0) {
        violating.push(p);
        continue;
      }
    }
    nonViolating.push(p);
  }
  const remaining = [...kept];
  const victims: VictimPod[] = [];
  let pdbViolations = 0;
  const reprieve = (p: VictimPod, isViolating: boolean) => {
    remaining.push(p);
    if (!fits(node, remaining)) {
      remaining.pop();
      victims.push(p);
      if (isViolating) pdbViolations++;
    }
  };
  for (const p of violating) reprieve(p, true);
  for (const p of nonViolating) reprieve(p, false);
  return { victims, pdbViolations };
}

/** The preemption decision for one Pending pod over all nodes, or null when preemption cannot help. */
export function preempt(
  preemptor: Preemptor,
  nodes: readonly PreemptionNode[],
  fits: FitsWith,
  pdbAllowed: ReadonlyMap<string, number> = new Map(),
): PreemptionResult | null {
  if (preemptor.preemptionPolicy === 'Never') return null;
  const candidates: PreemptionResult[] = [];
  for (const n of nodes) {
    const r = selectVictimsOnNode(preemptor, n, fits, pdbAllowed);
    // a node where the pod fits without victims is not a preemption candidate (the scheduler would just bind)
    if (r && r.victims.length > 0) candidates.push({ node: n.name, victims: r.victims, pdbViolations: r.pdbViolations });
  }
  return pickOneNodeForPreemption(candidates);
}

export function pickOneNodeForPreemption(candidates: readonly PreemptionResult[]): PreemptionResult | null {
  if (candidates.length === 0) return null;
  const highest = (c: PreemptionResult) => Math.max(...c.victims.map((v) => v.priority));
  // upstream offsets each priority by MaxInt32 + 1 so that negative priorities still sum monotonically
  const sum = (c: PreemptionResult) => c.victims.reduce((s, v) => s + v.priority + 2_147_483_648, 0);
  const earliestOfHighest = (c: PreemptionResult) => {
    const h = highest(c);
    return Math.min(...c.victims.filter((v) => v.priority === h).map((v) => v.startMs));
  };
  const steps: ((c: PreemptionResult) => number)[] = [
    (c) => c.pdbViolations,
    highest,
    sum,
    (c) => c.victims.length,
    (c) => -earliestOfHighest(c),
  ];
  let pool = [...candidates];
  for (const key of steps) {
    const best = Math.min(...pool.map(key));
    pool = pool.filter((c) => key(c) === best);
    if (pool.length === 1) break;
  }
  return pool[0]!;
}

export function preemptedMessage(preemptorUid: string, node: string): string {
  return `Preempted by pod ${preemptorUid} on node ${node}`;
}

/** A resource-only FitsWith for tests and for nodes without scheduling constraints. */
export function resourceFit(allocatable: { cpuMilli: number; memoryBytes: number; pods: number }, pod: { cpuMilli: number; memoryBytes: number }): FitsWith {
  return (_node, remaining) => {
    const cpu = remaining.reduce((s, p) => s + p.cpuMilli, 0) + pod.cpuMilli;
    const mem = remaining.reduce((s, p) => s + p.memoryBytes, 0) + pod.memoryBytes;
    return cpu <= allocatable.cpuMilli && mem <= allocatable.memoryBytes && remaining.length + 1 <= allocatable.pods;
  };
}
