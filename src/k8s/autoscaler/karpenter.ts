/**
 * Karpenter's decisions as pure functions: the provisioning batch window, which NodeClaims (instance type per
 * claim) a batch of pending pods gets from the catalogue, NodePool limits, and disruption: when a node becomes
 * consolidatable, emptiness and single-node consolidation (delete or a cheaper replacement), disruption budgets
 * and expiry.
 *
 * Upstream (kubernetes-sigs/karpenter @ 2266468):
 *   options     pkg/operator/options/options.go: BATCH_IDLE_DURATION 1 s, BATCH_MAX_DURATION 10 s.
 *   batcher     pkg/controllers/provisioning/batcher.go: the window opens at the first trigger, each new pod
 *               resets the idle timer, it closes when the idle timer or the max timer fires.
 *   NodePool    pkg/apis/v1/nodepool.go: disruption {consolidationPolicy WhenEmptyOrUnderutilized,
 *               consolidateAfter 0s ("Never" disables), budgets [{nodes: 10%}] (percent rounded up,
 *               GetAllowedDisruptions; the most restrictive active budget that names the reason, or names none)},
 *               template.spec.expireAfter 720h, weight (higher first, none = 0), limits.
 *   scheduling  pkg/controllers/provisioning/scheduling: pods are taken largest first (queue.go, CPU then
 *               memory descending); a pod goes to an existing node with room, else to an open NodeClaim whose
 *               instance-type options still fit it with its pods, else a new NodeClaim from the highest-weight
 *               NodePool; each NodeClaim keeps the instance types that fit all its pods, a NodePool's remaining
 *               limits subtract the largest option (scheduler.go), and the launch takes the cheapest option.
 *               Event Nominated "Pod should schedule on: nodeclaim/NAME" (scheduling/events.go).
 *   disruption  pkg/controllers/nodeclaim/disruption/consolidation.go: consolidatable once consolidateAfter has
 *               passed since the last pod event on the node (or its initialisation);
 *               pkg/controllers/disruption/controller.go polls every 10 s (pollingPeriod); a command is carried
 *               out after it still holds 15 s later (consolidation.go commandValidationDelay); events
 *               DisruptionTerminating "Disrupting Node: Empty|Underutilized|Expired", DisruptionBlocked "No allowed
 *               disruptions for disruption reason Empty due to blocking budget" (disruption/events/events.go).
 *   expiry      pkg/controllers/nodeclaim/expiration: a NodeClaim older than expireAfter is deleted (forceful:
 *               not subject to the budgets).
 *
 * Not modelled (README): multi-node consolidation, drift, spot-to-spot, the Balanced policy's scoring, budget
 * schedules (a budget with `schedule` is treated as always active; the manifest reader warns).
 */
import type { IntOrString } from '../api/intstr.js';
import { scaledValue } from '../api/intstr.js';
import { canRunOn, fitsShape, freeOf, take, type AutoscalerNode, type AutoscalerPod, type NodeGroup, type NodeShape, type Resources } from './types.js';

export const KARPENTER_DEFAULTS = {
  batchIdleDurationMs: 1_000,
  batchMaxDurationMs: 10_000,
  disruptionPollingPeriodMs: 10_000,
  commandValidationDelayMs: 15_000,
} as const;

export const CONSOLIDATION_POLICIES = ['WhenEmpty', 'WhenEmptyOrUnderutilized', 'Balanced'] as const;
export type ConsolidationPolicy = (typeof CONSOLIDATION_POLICIES)[number];
export const DISRUPTION_REASONS = ['Underutilized', 'Empty', 'Drifted'] as const;
export type DisruptionReason = (typeof DISRUPTION_REASONS)[number];

export interface Budget {
  readonly nodes: IntOrString;
  /** null = every reason. */
  readonly reasons: readonly DisruptionReason[] | null;
}

export interface NodePoolLimits {
  readonly cpuMilli?: number;
  readonly memoryBytes?: number;
  readonly nodes?: number;
}

/** A karpenter.sh/v1 NodePool as the decisions read it. */
export interface NodePoolPolicy {
  readonly name: string;
  /** null = 0 */
  readonly weight: number | null;
  /** Catalogue entries (kubesim node pools) its requirements allow; null = all. */
  readonly instanceTypes: readonly string[] | null;
  readonly limits: NodePoolLimits;
  readonly consolidationPolicy: ConsolidationPolicy;
  /** null = Never */
  readonly consolidateAfterMs: number | null;
  readonly budgets: readonly Budget[];
  /** null = Never */
  readonly expireAfterMs: number | null;
}

export const NODEPOOL_DEFAULTS: Omit<NodePoolPolicy, 'name'> = {
  weight: null,
  instanceTypes: null,
  limits: {},
  consolidationPolicy: 'WhenEmptyOrUnderutilized',
  consolidateAfterMs: 0,
  budgets: [{ nodes: '10%', reasons: null }],
  expireAfterMs: 720 * 3_600_000,
};

// ---------------------------------------------------------------- batching

/**
 * When a batch window that opened at `triggers[0]` closes: each trigger before the idle deadline pushes it to
 * trigger + idle, and the window never outlasts first + max. `triggers` are the times new pending pods were seen,
 * ascending.
 */
export function batchWindowEnd(triggers: readonly number[], o: { batchIdleDurationMs: number; batchMaxDurationMs: number } = KARPENTER_DEFAULTS): number {
  if (triggers.length === 0) throw new Error('batchWindowEnd: no trigger');
  const first = triggers[0]!;
  const hardEnd = first + o.batchMaxDurationMs;
  let idleEnd = first + o.batchIdleDurationMs;
  for (let i = 1; i < triggers.length; i++) {
    const t = triggers[i]!;
    if (t >= idleEnd || t >= hardEnd) break;
    idleEnd = t + o.batchIdleDurationMs;
  }
  return Math.min(idleEnd, hardEnd);
}

// ---------------------------------------------------------------- provisioning

export interface NodeClaimPlan {
  readonly nodePool: string;
  readonly instanceType: string;
  readonly pods: readonly string[];
}

export interface ProvisionResult {
  /** Pods that fit a node that exists or is launching: pod → node. */
  readonly onExisting: ReadonlyMap<string, string>;
  readonly claims: readonly NodeClaimPlan[];
  /** Pods no NodePool can take, with the reason. */
  readonly unschedulable: ReadonlyMap<string, string>;
}

interface OpenClaim {
  nodePool: NodePoolPolicy;
  options: NodeGroup[];
  pods: AutoscalerPod[];
  used: Resources & { pods: number };
}

/** The NodePool's use so far: the sums over its nodes' instance types (and node count). */
export interface PoolUsage {
  readonly cpuMilli: number;
  readonly memoryBytes: number;
  readonly nodes: number;
}

function withinLimits(shape: NodeShape, rem: { cpuMilli: number; memoryBytes: number; nodes: number }): boolean {
  return shape.cpuMilli <= rem.cpuMilli && shape.memoryBytes <= rem.memoryBytes && rem.nodes >= 1;
}

function byPrice(a: NodeGroup, b: NodeGroup): number {
  return a.pricePerHour - b.pricePerHour || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/**
 * Schedule one batch. `nodes` are nodes that exist or are launching (a pod that fits one is nominated to it);
 * `catalogue` the instance types (kubesim's node pools); `usage` each NodePool's current use (for limits).
 */
export function provision(input: {
  readonly pods: readonly AutoscalerPod[];
  readonly nodes: readonly AutoscalerNode[];
  readonly nodePools: readonly NodePoolPolicy[];
  readonly catalogue: readonly NodeGroup[];
  readonly usage: ReadonlyMap<string, PoolUsage>;
}): ProvisionResult {
  const pods = input.pods
    .map((p, i) => ({ p, i }))
    .sort((a, b) => b.p.requests.cpuMilli - a.p.requests.cpuMilli || b.p.requests.memoryBytes - a.p.requests.memoryBytes || a.i - b.i)
    .map((x) => x.p);
  const pools = [...input.nodePools].sort((a, b) => (b.weight ?? 0) - (a.weight ?? 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const remaining = new Map<string, { cpuMilli: number; memoryBytes: number; nodes: number }>(
    pools.map((np) => {
      const u = input.usage.get(np.name) ?? { cpuMilli: 0, memoryBytes: 0, nodes: 0 };
      return [np.name, {
        cpuMilli: (np.limits.cpuMilli ?? Infinity) - u.cpuMilli,
        memoryBytes: (np.limits.memoryBytes ?? Infinity) - u.memoryBytes,
        nodes: (np.limits.nodes ?? Infinity) - u.nodes,
      }] as const;
    }),
  );
  const free = input.nodes.filter((n) => !n.unschedulable).map((n) => ({ name: n.name, group: n.group, free: freeOf(n) }));
  const onExisting = new Map<string, string>();
  const claims: OpenClaim[] = [];
  const unschedulable = new Map<string, string>();

  for (const p of pods) {
    const slot = free.find((s) => canRunOn(p, s.group) && fitsShape(s.free, p.requests));
    if (slot) {
      slot.free = take(slot.free, p.requests);
      onExisting.set(p.name, slot.name);
      continue;
    }
    let placed = false;
    for (const c of claims) {
      const need = { cpuMilli: c.used.cpuMilli + p.requests.cpuMilli, memoryBytes: c.used.memoryBytes + p.requests.memoryBytes, pods: c.used.pods + 1 };
      const opts = c.options.filter((t) => canRunOn(p, t.name) && need.cpuMilli <= t.shape.cpuMilli && need.memoryBytes <= t.shape.memoryBytes && need.pods <= t.shape.pods);
      if (opts.length === 0) continue;
      c.options = opts;
      c.pods.push(p);
      c.used = need;
      placed = true;
      break;
    }
    if (placed) continue;
    let why = 'incompatible with all nodepools';
    for (const np of pools) {
      const rem = remaining.get(np.name)!;
      const types = input.catalogue.filter(
        (t) => (np.instanceTypes === null || np.instanceTypes.includes(t.name)) && canRunOn(p, t.name) && fitsShape(t.shape, p.requests),
      );
      if (types.length === 0) continue;
      const allowed = types.filter((t) => withinLimits(t.shape, rem));
      if (allowed.length === 0) {
        why = `all available instance types exceed limits for nodepool: "${np.name}"`;
        continue;
      }
      // the limit is charged with the largest option (Karpenter cannot know which one the launch will get)
      rem.cpuMilli -= Math.max(...allowed.map((t) => t.shape.cpuMilli));
      rem.memoryBytes -= Math.max(...allowed.map((t) => t.shape.memoryBytes));
      rem.nodes -= 1;
      claims.push({ nodePool: np, options: allowed, pods: [p], used: { ...p.requests, pods: 1 } });
      placed = true;
      break;
    }
    if (!placed) unschedulable.set(p.name, why);
  }
  return {
    onExisting,
    claims: claims.map((c) => ({ nodePool: c.nodePool.name, instanceType: [...c.options].sort(byPrice)[0]!.name, pods: c.pods.map((p) => p.name) })),
    unschedulable,
  };
}

export function nominatedMessage(nodeClaim: string, node?: string): string {
  return `Pod should schedule on: ${[`nodeclaim/${nodeClaim}`, ...(node ? [`node/${node}`] : [])].join(', ')}`;
}

// ---------------------------------------------------------------- disruption

/** When the node becomes consolidatable (null: never, consolidateAfter is Never). */
export function consolidatableAt(node: { initializedMs: number; lastPodEventMs: number | null }, consolidateAfterMs: number | null): number | null {
  if (consolidateAfterMs === null) return null;
  return (node.lastPodEventMs ?? node.initializedMs) + consolidateAfterMs;
}

/** The most restrictive budget for `reason` (percent of the pool's nodes, rounded up). */
export function allowedDisruptions(np: Pick<NodePoolPolicy, 'budgets'>, numNodes: number, reason: DisruptionReason): number {
  let allowed = Infinity;
  for (const b of np.budgets) {
    if (b.reasons !== null && !b.reasons.includes(reason)) continue;
    allowed = Math.min(allowed, scaledValue(b.nodes, numNodes, true));
  }
  return allowed;
}

export function expiresAtMs(createdMs: number, expireAfterMs: number | null): number | null {
  return expireAfterMs === null ? null : createdMs + expireAfterMs;
}

export interface KarpenterNode extends AutoscalerNode {
  readonly nodePool: string;
  readonly createdMs: number;
  readonly initializedMs: number;
  readonly lastPodEventMs: number | null;
  readonly pricePerHour: number;
  /** Pods that would need a new home (DaemonSet-like and terminal pods excluded by the world). */
  readonly pods: readonly (AutoscalerPod & { pdb: string | null })[];
  /** Already being disrupted. */
  readonly deleting: boolean;
}

export type DisruptionCommand =
  | { reason: 'Empty'; nodes: readonly string[] }
  | { reason: 'Underutilized'; nodes: readonly [string]; replacement: string | null };

export interface DisruptionDecision {
  readonly command: DisruptionCommand | null;
  /** NodePools whose budget blocked a method this poll (DisruptionBlocked on the NodePool). */
  readonly blocked: readonly { nodePool: string; reason: DisruptionReason; message: string }[];
}

export function blockedMessage(reason: DisruptionReason): string {
  return `No allowed disruptions for disruption reason ${reason} due to blocking budget`;
}

/**
 * The Evicted event on each pod the terminator evicts: "Evicted pod: " + the NodeClaim's DisruptionReason
 * condition, "Forceful Termination" without one (expiry) (node/termination/terminator/eviction.go evictionReason,
 * terminator/events/events.go EvictPod).
 */
export function evictedPodMessage(reason: string | undefined): string {
  return `Evicted pod: ${reason === undefined || reason === 'Expired' ? 'Forceful Termination' : reason}`;
}

export function terminatingMessage(reason: 'Empty' | 'Underutilized' | 'Expired'): string {
  return `Disrupting Node: ${reason}`;
}

/**
 * One poll of the disruption controller: emptiness first (every consolidatable empty node, within the budget),
 * then, for WhenEmptyOrUnderutilized pools, single-node consolidation: the first candidate (fewest pods, then
 * name) whose pods all fit the other nodes (delete) or one cheaper instance type from its NodePool (replace).
 */
export function decideDisruption(input: {
  readonly now: number;
  readonly nodes: readonly KarpenterNode[];
  readonly nodePools: readonly NodePoolPolicy[];
  readonly catalogue: readonly NodeGroup[];
  /** disruptionsAllowed of each PodDisruptionBudget now. */
  readonly pdbAllowed: ReadonlyMap<string, number>;
}): DisruptionDecision {
  const pools = new Map(input.nodePools.map((np) => [np.name, np] as const));
  const blocked: { nodePool: string; reason: DisruptionReason; message: string }[] = [];
  const budgetLeft = (np: NodePoolPolicy, reason: DisruptionReason): number => {
    const mine = input.nodes.filter((n) => n.nodePool === np.name);
    return allowedDisruptions(np, mine.length, reason) - mine.filter((n) => n.deleting).length;
  };
  const candidates = input.nodes.filter((n) => {
    if (n.deleting || !n.ready) return false;
    const np = pools.get(n.nodePool);
    if (!np) return false;
    const at = consolidatableAt(n, np.consolidateAfterMs);
    return at !== null && input.now >= at;
  });

  // Emptiness
  const empty: string[] = [];
  for (const np of input.nodePools) {
    const mine = candidates.filter((n) => n.nodePool === np.name && n.pods.length === 0);
    if (mine.length === 0) continue;
    const left = budgetLeft(np, 'Empty');
    if (left <= 0) {
      blocked.push({ nodePool: np.name, reason: 'Empty', message: blockedMessage('Empty') });
      continue;
    }
    empty.push(...mine.slice(0, left).map((n) => n.name));
  }
  if (empty.length > 0) return { command: { reason: 'Empty', nodes: empty }, blocked };

  // Single-node consolidation
  const sorted = candidates
    .filter((n) => n.pods.length > 0 && pools.get(n.nodePool)!.consolidationPolicy !== 'WhenEmpty')
    .sort((a, b) => a.pods.length - b.pods.length || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const budgetChecked = new Set<string>();
  for (const n of sorted) {
    const np = pools.get(n.nodePool)!;
    if (budgetLeft(np, 'Underutilized') <= 0) {
      if (!budgetChecked.has(np.name)) blocked.push({ nodePool: np.name, reason: 'Underutilized', message: blockedMessage('Underutilized') });
      budgetChecked.add(np.name);
      continue;
    }
    const perPdb = new Map<string, number>();
    for (const p of n.pods) if (p.pdb !== null) perPdb.set(p.pdb, (perPdb.get(p.pdb) ?? 0) + 1);
    if ([...perPdb].some(([k, c]) => c > (input.pdbAllowed.get(k) ?? 0))) continue;
    const others = input.nodes
      .filter((o) => o.name !== n.name && !o.deleting && o.ready && !o.unschedulable)
      .map((o) => ({ group: o.group, free: freeOf(o) }));
    const sortedPods = [...n.pods].sort((a, b) => b.requests.cpuMilli - a.requests.cpuMilli || b.requests.memoryBytes - a.requests.memoryBytes);
    let all = true;
    for (const p of sortedPods) {
      const s = others.find((o) => canRunOn(p, o.group) && fitsShape(o.free, p.requests));
      if (!s) {
        all = false;
        break;
      }
      s.free = take(s.free, p.requests);
    }
    if (all) return { command: { reason: 'Underutilized', nodes: [n.name], replacement: null }, blocked };
    const need = n.pods.reduce((s, p) => ({ cpuMilli: s.cpuMilli + p.requests.cpuMilli, memoryBytes: s.memoryBytes + p.requests.memoryBytes }), { cpuMilli: 0, memoryBytes: 0 });
    const cheaper = input.catalogue
      .filter((t) => (np.instanceTypes === null || np.instanceTypes.includes(t.name)) && t.pricePerHour < n.pricePerHour)
      .filter((t) => n.pods.every((p) => canRunOn(p, t.name)) && need.cpuMilli <= t.shape.cpuMilli && need.memoryBytes <= t.shape.memoryBytes && n.pods.length <= t.shape.pods)
      .sort(byPrice);
    if (cheaper.length > 0) return { command: { reason: 'Underutilized', nodes: [n.name], replacement: cheaper[0]!.name }, blocked };
  }
  return { command: null, blocked };
}

/** The command is carried out only if the same poll, run again commandValidationDelay later, still proposes it. */
export function commandStillValid(first: DisruptionCommand, later: DisruptionDecision): boolean {
  const c = later.command;
  if (!c || c.reason !== first.reason) return false;
  return first.nodes.every((n) => c.nodes.includes(n));
}
