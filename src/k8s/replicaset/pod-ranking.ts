/**
 * Which pods a ReplicaSet deletes first (`pkg/controller/controller_utils.go` ActivePodsWithRanks / ActivePods,
 * `pkg/controller/replicaset/replica_set.go` getPodsToDelete).
 *
 * "a less than b" = a is preferred for deletion. First differing rule wins:
 *  1. unassigned before assigned (only when exactly one has no node);
 *  2. phase Pending < Unknown < Running (any other phase ranks like Pending);
 *  3. not Ready before Ready;
 *  4. lower `controller.kubernetes.io/pod-deletion-cost` first (gate PodDeletionCost, on);
 *  5. higher rank (more active related pods on the same node) first;
 *  6. both Ready: Ready more recently first, unset ready time first; with LogarithmicScaleDown (GA) the times
 *     are compared in buckets floor(log2(now − t in ns)) (−1 if not in the past), same bucket → smaller UID first;
 *  7. higher maximum container restart count first;
 *  8. newer creation first (unset first), bucketed as in 6.
 *
 * Times are simulation ms; null = Go's zero time (unset). Precision: upstream takes an int64 nanosecond duration,
 * converts it to float64 (round to nearest) and calls math.Log2. Beyond 2^53 ns (~104 days) a double no longer
 * holds every integer, and computing `ms * 1e6` from an already-rounded double, or JS's Math.log2 (whose result
 * just below a power of two may differ from Go's), could move a duration across a bucket edge. So the duration
 * is formed exactly as a BigInt of nanoseconds, converted with Number() (round to nearest, as Go), and the
 * logarithm follows Go's algorithm (frexp; exact for powers of two; log(frac)·log2(e) + exp otherwise).
 */
export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

export interface RankablePod {
  name?: string;
  uid: string;
  /** '' = not scheduled */
  nodeName: string;
  phase: PodPhase;
  ready: boolean;
  /** Ready condition's lastTransitionTime (ms); null = unset */
  readySince: number | null;
  /** creation time (ms); null = unset */
  created: number | null;
  /** the highest restartCount among the pod's containers */
  restartCount: number;
  /** raw pod-deletion-cost annotation, if any */
  deletionCost?: string | null;
  /** deletionTimestamp set */
  deleting?: boolean;
}

export interface RankingOptions {
  podDeletionCost?: boolean;
  logarithmicScaleDown?: boolean;
}

const PHASE_ORDINAL: Partial<Record<PodPhase, number>> = { Pending: 0, Unknown: 1, Running: 2 };
const phaseOrdinal = (p: PodPhase): number => PHASE_ORDINAL[p] ?? 0;

/** GetDeletionCostFromPodAnnotations: an int32 written as "-…", "0" or starting 1–9; anything else (or none) = 0. */
export function deletionCost(value: string | null | undefined): number {
  if (value === null || value === undefined || value.length === 0) return 0;
  const first = value[0]!;
  if (!(first === '-' || value === '0' || (first >= '1' && first <= '9'))) return 0;
  if (!/^[+-]?[0-9]+$/.test(value)) return 0;
  const n = Number(value);
  return n >= -2147483648 && n <= 2147483647 ? n : 0;
}

/** IsPodActive: not Succeeded/Failed and not being deleted. */
export function isPodActive(p: Pick<RankablePod, 'phase' | 'deleting'>): boolean {
  return p.phase !== 'Succeeded' && p.phase !== 'Failed' && !p.deleting;
}

function nanos(ms: number): bigint {
  const whole = Math.trunc(ms);
  return BigInt(whole) * 1_000_000n + BigInt(Math.round((ms - whole) * 1e6));
}

/** Go's math.Log2 for a positive finite double. */
function goLog2(x: number): number {
  let exp = Math.floor(Math.log2(x)) + 1;
  while (x / 2 ** exp >= 1) exp++;
  while (x / 2 ** exp < 0.5) exp--;
  const frac = x / 2 ** exp; // exact: division by a power of two
  if (frac === 0.5) return exp - 1;
  return Math.log(frac) * Math.LOG2E + exp;
}

/** floor(log2(now − t in ns)), or −1 when t is not in the past. */
export function logarithmicBucket(t: number, now: number): number {
  const d = nanos(now) - nanos(t);
  return d > 0n ? Math.trunc(goLog2(Number(d))) : -1;
}

/** afterOrZero: t1 later than t2; an unset time counts as the latest. */
function afterOrZero(t1: number | null, t2: number | null): boolean {
  if (t1 === null || t2 === null) return t1 === null;
  return t1 > t2;
}

const readyTime = (p: RankablePod): number | null => (p.ready ? p.readySince : null);

/** Rules 6 and 8: plain or bucketed "more recent first" comparison of two differing times. */
function recentFirst(t1: number | null, t2: number | null, a: RankablePod, b: RankablePod, now: number | null, log: boolean): boolean {
  if (!log || now === null || t1 === null || t2 === null) return afterOrZero(t1, t2);
  const diff = logarithmicBucket(t1, now) - logarithmicBucket(t2, now);
  return diff === 0 ? a.uid < b.uid : diff < 0;
}

/** ActivePodsWithRanks.Less: true when `a` (with `rankA`) should be deleted before `b`. */
export function podDeletionRankLess(
  a: RankablePod,
  rankA: number,
  b: RankablePod,
  rankB: number,
  now: number | null,
  options: RankingOptions = {},
): boolean {
  const { podDeletionCost = true, logarithmicScaleDown = true } = options;
  if (a.nodeName !== b.nodeName && (a.nodeName === '' || b.nodeName === '')) return a.nodeName === '';
  if (phaseOrdinal(a.phase) !== phaseOrdinal(b.phase)) return phaseOrdinal(a.phase) < phaseOrdinal(b.phase);
  if (a.ready !== b.ready) return !a.ready;
  if (podDeletionCost) {
    const ca = deletionCost(a.deletionCost);
    const cb = deletionCost(b.deletionCost);
    if (ca !== cb) return ca < cb;
  }
  if (rankA !== rankB) return rankA > rankB;
  if (a.ready && b.ready) {
    const ta = readyTime(a);
    const tb = readyTime(b);
    if (ta !== tb) return recentFirst(ta, tb, a, b, now, logarithmicScaleDown);
  }
  if (a.restartCount !== b.restartCount) return a.restartCount > b.restartCount;
  if (a.created !== b.created) return recentFirst(a.created, b.created, a, b, now, logarithmicScaleDown);
  return false;
}

/** The plain ActivePods comparator (no rank, no deletion cost, no buckets): rules 1, 2, 3, 6, 7, 8. */
export function activePodsLess(a: RankablePod, b: RankablePod): boolean {
  if (a.nodeName !== b.nodeName && (a.nodeName === '' || b.nodeName === '')) return a.nodeName === '';
  if (phaseOrdinal(a.phase) !== phaseOrdinal(b.phase)) return phaseOrdinal(a.phase) < phaseOrdinal(b.phase);
  if (a.ready !== b.ready) return !a.ready;
  if (a.ready && b.ready && readyTime(a) !== readyTime(b)) return afterOrZero(readyTime(a), readyTime(b));
  if (a.restartCount !== b.restartCount) return a.restartCount > b.restartCount;
  if (a.created !== b.created) return afterOrZero(a.created, b.created);
  return false;
}

/** Sorts with a Less function. Stable (Go's sort.Sort is not: upstream orders "equal" pods arbitrarily). */
export function sortByLess<T>(xs: readonly T[], less: (a: T, b: T) => boolean): T[] {
  return [...xs].sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0));
}

/** getPodsRankedByRelatedPodsOnSameNode: per pod, the active related pods on its node ('' counts as a node). */
export function ranksByRelatedPodsOnSameNode(pods: readonly RankablePod[], related: readonly RankablePod[]): number[] {
  const perNode = new Map<string, number>();
  for (const p of related) if (isPodActive(p)) perNode.set(p.nodeName, (perNode.get(p.nodeName) ?? 0) + 1);
  return pods.map((p) => perNode.get(p.nodeName) ?? 0);
}

/**
 * getPodsToDelete: the `diff` pods an RS deletes, from its active pods `pods`. `related` = the active pods of every
 * RS with the same owner (for a Deployment's RS: all its RSs). No sorting when all are to go.
 */
export function podsToDelete<T extends RankablePod>(
  pods: readonly T[],
  diff: number,
  related: readonly RankablePod[],
  now: number,
  options: RankingOptions = {},
): T[] {
  if (diff >= pods.length) return pods.slice(0, Math.max(0, diff));
  const ranks = ranksByRelatedPodsOnSameNode(pods, related);
  const indexed = pods.map((pod, i) => ({ pod, rank: ranks[i]! }));
  const sorted = sortByLess(indexed, (x, y) => podDeletionRankLess(x.pod, x.rank, y.pod, y.rank, now, options));
  return sorted.slice(0, Math.max(0, diff)).map((x) => x.pod);
}
