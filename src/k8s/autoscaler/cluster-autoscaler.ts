/**
 * The cluster autoscaler's decisions as pure functions: its flags with upstream's names and defaults, which
 * unschedulable pods trigger a scale-up, how many nodes of which node group (expanders least-waste, random,
 * priority), when a node group's scale-up has failed (max-node-provision-time), and scale-down: which nodes are
 * unneeded, for how long, and when one may be removed.
 *
 * Upstream (kubernetes/autoscaler, cluster-autoscaler/):
 *   loop       main.go: RunOnce after each time.After(scan-interval), the first one scan-interval after start.
 *   flags      config/flags/flags.go (every flag and its default); the named defaults in config/const.go
 *              (DefaultScanInterval 10 s, DefaultScaleDownUnneededTime 10 min, DefaultScaleDownUnreadyTime 20 min,
 *              DefaultScaleDownUtilizationThreshold 0.5, DefaultScaleDownDelayAfterFailure 3 min). The FAQ's
 *              parameter table is generated from the flags (hack/update-faq-flags.sh).
 *   scale-up   core/scaleup/orchestrator: pods that fit existing or upcoming nodes are filtered out first;
 *              expendable pods (priority below expendable-pods-priority-cutoff) never trigger a scale-up; pods
 *              younger than new-pod-scale-up-delay wait. For each node group below its max the binpacking
 *              estimator (estimator/binpacking_estimator.go) places the pods on copies of the group's template,
 *              largest first (estimator/decreasing_pod_orderer.go: cpu/allocatable + memory/allocatable); the expander picks one option; one group is resized per loop (parallel-scale-up
 *              is off by default). Events: TriggeredScaleUp "pod triggered scale-up: [{group 1->2 (max: 10)}]",
 *              NotTriggerScaleUp "pod didn't trigger scale-up: 1 max node group size reached".
 *   expanders  expander/waste/waste.go: least waste of (node capacity × count − requests) / (capacity × count),
 *              CPU plus memory, ties broken by the random expander (expander/random/random.go);
 *              expander/priority/priority.go: the highest priority whose regexp list matches the group id, ties
 *              broken randomly, random over all options when nothing matches.
 *   scale-down core/scaledown (planner, eligibility, unneeded): utilisation = max(cpu, memory) of the pods'
 *              requests / the node's allocatable (simulator/utilization); a node below
 *              scale-down-utilization-threshold whose pods all fit elsewhere is unneeded; it is removed once
 *              unneeded for scale-down-unneeded-time (scale-down-unready-time for an unready node) and not while
 *              scale-down is in cooldown: within scale-down-delay-after-add of the last scale-up,
 *              -after-delete of the last removal, -after-failure of the last failed removal. A loop that scaled
 *              up does not scale down. Empty nodes go together (up to max-scale-down-parallelism), nodes that
 *              need a drain one at a time (max-drain-parallelism 1). Events: ScaleDown on the node "marked the
 *              node as toBeDeleted/unschedulable", on each pod "deleting pod for node scale down"
 *              (core/scaledown/actuation/actuator.go).
 *
 * Modelled differently (said in the README): the template's capacity is the pool's allocatable (kubesim has no
 * separate capacity), so least-waste reads allocatable; the estimator's per-node pod-fit check is the resource fit
 * plus the pool list the world computed with the scheduler's filters (AutoscalerPod.groups).
 */
import type { RandomStream } from '../../engine/random.js';
import { canRunOn, fitsShape, freeOf, take, type AutoscalerNode, type AutoscalerPod, type NodeGroup, type NodeShape, type Resources } from './types.js';

export const EXPANDERS = ['least-waste', 'random', 'priority'] as const;
export type Expander = (typeof EXPANDERS)[number];

/** The flags kubesim models, in milliseconds where they are durations. */
export interface ClusterAutoscalerOptions {
  /** --scan-interval */
  readonly scanIntervalMs: number;
  /** --scale-down-enabled */
  readonly scaleDownEnabled: boolean;
  /** --scale-down-unneeded-time */
  readonly scaleDownUnneededTimeMs: number;
  /** --scale-down-unready-time */
  readonly scaleDownUnreadyTimeMs: number;
  /** --scale-down-delay-after-add */
  readonly scaleDownDelayAfterAddMs: number;
  /** --scale-down-delay-after-delete */
  readonly scaleDownDelayAfterDeleteMs: number;
  /** --scale-down-delay-after-failure */
  readonly scaleDownDelayAfterFailureMs: number;
  /** --scale-down-utilization-threshold */
  readonly scaleDownUtilizationThreshold: number;
  /** --max-node-provision-time */
  readonly maxNodeProvisionTimeMs: number;
  /** --new-pod-scale-up-delay */
  readonly newPodScaleUpDelayMs: number;
  /** --expander (one of the three modelled) */
  readonly expander: Expander;
  /** --max-nodes-total (0 = no limit) */
  readonly maxNodesTotal: number;
  /** --max-nodes-per-scaleup */
  readonly maxNodesPerScaleUp: number;
  /** --max-scale-down-parallelism */
  readonly maxScaleDownParallelism: number;
  /** --max-drain-parallelism */
  readonly maxDrainParallelism: number;
  /** --expendable-pods-priority-cutoff */
  readonly expendablePodsPriorityCutoff: number;
  /** --max-graceful-termination-sec */
  readonly maxGracefulTerminationSec: number;
  /** --initial-node-group-backoff-duration */
  readonly initialNodeGroupBackoffDurationMs: number;
  /** The priority expander's ConfigMap `priorities`: priority → regexps of node group names. */
  readonly priorities: Readonly<Record<number, readonly string[]>>;
}

/** Upstream defaults (config/flags/flags.go, config/const.go at kubernetes/autoscaler 55c37cd). */
export const CLUSTER_AUTOSCALER_DEFAULTS: ClusterAutoscalerOptions = {
  scanIntervalMs: 10_000,
  scaleDownEnabled: true,
  scaleDownUnneededTimeMs: 600_000,
  scaleDownUnreadyTimeMs: 1_200_000,
  scaleDownDelayAfterAddMs: 600_000,
  scaleDownDelayAfterDeleteMs: 0,
  scaleDownDelayAfterFailureMs: 180_000,
  scaleDownUtilizationThreshold: 0.5,
  maxNodeProvisionTimeMs: 900_000,
  newPodScaleUpDelayMs: 0,
  expander: 'least-waste',
  maxNodesTotal: 0,
  maxNodesPerScaleUp: 1000,
  maxScaleDownParallelism: 10,
  maxDrainParallelism: 1,
  expendablePodsPriorityCutoff: -10,
  maxGracefulTerminationSec: 600,
  initialNodeGroupBackoffDurationMs: 300_000,
  priorities: {},
};

/** kubesim's option name → upstream's flag (for docs, messages and the scenario field table). */
export const CLUSTER_AUTOSCALER_FLAGS: Readonly<Record<keyof ClusterAutoscalerOptions, string>> = {
  scanIntervalMs: 'scan-interval',
  scaleDownEnabled: 'scale-down-enabled',
  scaleDownUnneededTimeMs: 'scale-down-unneeded-time',
  scaleDownUnreadyTimeMs: 'scale-down-unready-time',
  scaleDownDelayAfterAddMs: 'scale-down-delay-after-add',
  scaleDownDelayAfterDeleteMs: 'scale-down-delay-after-delete',
  scaleDownDelayAfterFailureMs: 'scale-down-delay-after-failure',
  scaleDownUtilizationThreshold: 'scale-down-utilization-threshold',
  maxNodeProvisionTimeMs: 'max-node-provision-time',
  newPodScaleUpDelayMs: 'new-pod-scale-up-delay',
  expander: 'expander',
  maxNodesTotal: 'max-nodes-total',
  maxNodesPerScaleUp: 'max-nodes-per-scaleup',
  maxScaleDownParallelism: 'max-scale-down-parallelism',
  maxDrainParallelism: 'max-drain-parallelism',
  expendablePodsPriorityCutoff: 'expendable-pods-priority-cutoff',
  maxGracefulTerminationSec: 'max-graceful-termination-sec',
  initialNodeGroupBackoffDurationMs: 'initial-node-group-backoff-duration',
  priorities: 'cluster-autoscaler-priority-expander ConfigMap',
};

/**
 * The CA's loop (main.go, frequent loops off by default) waits `time.After(scan-interval)` before every
 * RunOnce, so with the autoscaler started at t = 0 the scans fall at 10 s, 20 s, …: the first scan at or after
 * `now`, never at 0.
 */
export function nextScanMs(now: number, opts: Pick<ClusterAutoscalerOptions, 'scanIntervalMs'>): number {
  return Math.max(opts.scanIntervalMs, Math.ceil(now / opts.scanIntervalMs) * opts.scanIntervalMs);
}

// ---------------------------------------------------------------- scale-up

export interface PendingPod extends AutoscalerPod {
  /** When the pod was created (new-pod-scale-up-delay is measured from it). */
  readonly createdMs: number;
}

/** A node group's state: target size (nodes that exist or were requested) and those requested but not yet Ready. */
export interface GroupState {
  readonly group: NodeGroup;
  readonly targetSize: number;
  readonly upcoming: number;
  /** In back-off after a failed scale-up until this time (null = not). */
  readonly backoffUntilMs: number | null;
}

export interface ScaleUpInput {
  readonly now: number;
  readonly pending: readonly PendingPod[];
  /** Ready, schedulable nodes that exist now (pods that fit them are left to the scheduler). */
  readonly nodes: readonly AutoscalerNode[];
  readonly groups: readonly GroupState[];
  readonly options: ClusterAutoscalerOptions;
}

export interface ScaleUpOption {
  readonly group: string;
  readonly nodeCount: number;
  readonly pods: readonly string[];
  /** Sum of the helped pods' requests (least-waste reads it). */
  readonly requested: Resources;
}

export interface PodEvent {
  readonly pod: string;
  readonly reason: 'TriggeredScaleUp' | 'NotTriggerScaleUp';
  readonly message: string;
}

export interface ScaleUpDecision {
  /** The chosen resize, or null. */
  readonly scaleUp: { group: string; from: number; to: number; max: number } | null;
  readonly options: readonly ScaleUpOption[];
  /** Pods left to nodes that exist or are coming (no event, as upstream only logs them). */
  readonly onUpcoming: readonly string[];
  readonly events: readonly PodEvent[];
}

const MAX_SIZE_REACHED = 'max node group size reached';
const IN_BACKOFF = 'in backoff after failed scale-up';
const NO_MATCH = "node(s) didn't match Pod's node affinity/selector";

/** The estimator's order: cpu/allocatable + memory/allocatable of the template, largest first (estimator/decreasing_pod_orderer.go). */
function podScore(p: Resources, shape: NodeShape): number {
  return p.cpuMilli / shape.cpuMilli + p.memoryBytes / shape.memoryBytes;
}

function insufficient(shape: NodeShape, p: Resources): string[] {
  const out: string[] = [];
  if (p.cpuMilli > shape.cpuMilli) out.push('Insufficient cpu');
  if (p.memoryBytes > shape.memoryBytes) out.push('Insufficient memory');
  if (shape.pods < 1) out.push('Too many pods');
  return out;
}

/** First fit of `pods` onto free slots; returns the pods that found a slot (slots are consumed). */
function firstFit(pods: readonly PendingPod[], slots: { group: string; free: NodeShape }[]): Set<string> {
  const placed = new Set<string>();
  for (const p of pods) {
    for (const s of slots) {
      if (canRunOn(p, s.group) && fitsShape(s.free, p.requests)) {
        s.free = take(s.free, p.requests);
        placed.add(p.name);
        break;
      }
    }
  }
  return placed;
}

/**
 * Estimate one group: how many new nodes of its template the pods need (binpacking, largest first, a new node
 * only when no open one fits), at most `limit`.
 */
export function estimate(pods: readonly PendingPod[], group: NodeGroup, limit: number): ScaleUpOption {
  const sorted = pods
    .filter((p) => canRunOn(p, group.name) && fitsShape(group.shape, p.requests))
    .map((p, i) => ({ p, i, s: podScore(p.requests, group.shape) }))
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .map((x) => x.p);
  const open: NodeShape[] = [];
  const helped: string[] = [];
  let cpuMilli = 0;
  let memoryBytes = 0;
  for (const p of sorted) {
    let k = open.findIndex((free) => fitsShape(free, p.requests));
    if (k < 0) {
      if (open.length >= limit) continue;
      open.push(group.shape);
      k = open.length - 1;
    }
    open[k] = take(open[k]!, p.requests);
    helped.push(p.name);
    cpuMilli += p.requests.cpuMilli;
    memoryBytes += p.requests.memoryBytes;
  }
  return { group: group.name, nodeCount: open.length, pods: helped, requested: { cpuMilli, memoryBytes } };
}

/** The scale-up half of one loop. `random` is the expander's seeded stream (used only to break ties). */
export function decideScaleUp(input: ScaleUpInput, random: RandomStream): ScaleUpDecision {
  const { now, options } = input;
  const candidates = input.pending.filter(
    (p) => p.priority >= options.expendablePodsPriorityCutoff && now - p.createdMs >= options.newPodScaleUpDelayMs,
  );
  // Pods that fit on existing nodes or on nodes already requested are not a reason to scale up.
  const slots = [
    ...input.nodes.filter((n) => n.ready && !n.unschedulable).map((n) => ({ group: n.group, free: freeOf(n) })),
    ...input.groups.flatMap((g) => Array.from({ length: g.upcoming }, () => ({ group: g.group.name, free: g.group.shape }))),
  ];
  const onUpcoming = firstFit(candidates, slots);
  const unhelped = candidates.filter((p) => !onUpcoming.has(p.name));

  const totalTarget = input.groups.reduce((s, g) => s + g.targetSize, 0);
  const totalRoom = options.maxNodesTotal > 0 ? Math.max(0, options.maxNodesTotal - totalTarget) : Infinity;
  const opts: ScaleUpOption[] = [];
  for (const g of [...input.groups].sort((a, b) => (a.group.name < b.group.name ? -1 : a.group.name > b.group.name ? 1 : 0))) {
    const room = Math.min(g.group.max - g.targetSize, totalRoom, options.maxNodesPerScaleUp);
    if (room <= 0) continue;
    if (g.backoffUntilMs !== null && now < g.backoffUntilMs) continue;
    const o = estimate(unhelped, g.group, room);
    if (o.nodeCount > 0) opts.push(o);
  }

  const best = opts.length === 0 ? null : chooseOption(opts, input.groups, options, random);
  const events: PodEvent[] = [];
  let scaleUp: ScaleUpDecision['scaleUp'] = null;
  if (best) {
    const g = input.groups.find((x) => x.group.name === best.group)!;
    scaleUp = { group: best.group, from: g.targetSize, to: g.targetSize + best.nodeCount, max: g.group.max };
    const msg = `pod triggered scale-up: [{${best.group} ${scaleUp.from}->${scaleUp.to} (max: ${scaleUp.max})}]`;
    for (const name of best.pods) events.push({ pod: name, reason: 'TriggeredScaleUp', message: msg });
  }
  const helped = new Set(best?.pods ?? []);
  const inSomeOption = new Set(opts.flatMap((o) => o.pods));
  for (const p of unhelped) {
    if (helped.has(p.name) || inSomeOption.has(p.name)) continue;
    events.push({ pod: p.name, reason: 'NotTriggerScaleUp', message: `pod didn't trigger scale-up: ${notTriggerReasons(p, input.groups, now)}` });
  }
  return { scaleUp, options: opts, onUpcoming: [...onUpcoming], events };
}

/** "1 max node group size reached, 2 Insufficient cpu": one reason per node group, counted. */
function notTriggerReasons(p: PendingPod, groups: readonly GroupState[], now: number): string {
  const order = [NO_MATCH, 'Insufficient cpu', 'Insufficient memory', 'Too many pods', MAX_SIZE_REACHED, IN_BACKOFF];
  const counts = new Map<string, number>();
  const add = (r: string) => counts.set(r, (counts.get(r) ?? 0) + 1);
  for (const g of groups) {
    if (!canRunOn(p, g.group.name)) add(NO_MATCH);
    else if (!fitsShape(g.group.shape, p.requests)) insufficient(g.group.shape, p.requests).forEach(add);
    else if (g.backoffUntilMs !== null && now < g.backoffUntilMs) add(IN_BACKOFF);
    else add(MAX_SIZE_REACHED);
  }
  if (counts.size === 0) return 'no node groups';
  return order.filter((r) => counts.has(r)).map((r) => `${counts.get(r)} ${r}`).join(', ');
}

/** The expander. */
export function chooseOption(
  options: readonly ScaleUpOption[],
  groups: readonly GroupState[],
  opts: Pick<ClusterAutoscalerOptions, 'expander' | 'priorities'>,
  random: RandomStream,
): ScaleUpOption {
  let pool: readonly ScaleUpOption[] = options;
  if (opts.expander === 'least-waste') pool = leastWaste(options, groups);
  else if (opts.expander === 'priority') pool = byPriority(options, opts.priorities);
  return pool.length === 1 ? pool[0]! : pool[random.int(pool.length)]!;
}

/** Wasted fraction of CPU plus wasted fraction of memory (expander/waste/waste.go). */
export function wasteScore(o: ScaleUpOption, shape: NodeShape): number {
  const cpu = shape.cpuMilli * o.nodeCount;
  const mem = shape.memoryBytes * o.nodeCount;
  return (cpu - o.requested.cpuMilli) / cpu + (mem - o.requested.memoryBytes) / mem;
}

function leastWaste(options: readonly ScaleUpOption[], groups: readonly GroupState[]): ScaleUpOption[] {
  let best: ScaleUpOption[] = [];
  let bestScore = Infinity;
  for (const o of options) {
    const s = wasteScore(o, groups.find((g) => g.group.name === o.group)!.group.shape);
    if (s < bestScore) {
      bestScore = s;
      best = [o];
    } else if (s === bestScore) best.push(o);
  }
  return best;
}

function byPriority(options: readonly ScaleUpOption[], priorities: Readonly<Record<number, readonly string[]>>): readonly ScaleUpOption[] {
  let max = -Infinity;
  let best: ScaleUpOption[] = [];
  for (const o of options) {
    for (const [prioKey, res] of Object.entries(priorities)) {
      const prio = Number(prioKey);
      if (prio < max) continue;
      if (!res.some((re) => new RegExp(re).test(o.group))) continue;
      if (prio > max) {
        max = prio;
        best = [];
      }
      if (!best.includes(o)) best.push(o);
    }
  }
  return best.length === 0 ? options : best;
}

/** A requested node that has not become Ready within max-node-provision-time makes the scale-up a failure. */
export function provisionTimedOut(requestedMs: number, now: number, opts: Pick<ClusterAutoscalerOptions, 'maxNodeProvisionTimeMs'>): boolean {
  return now - requestedMs > opts.maxNodeProvisionTimeMs;
}
