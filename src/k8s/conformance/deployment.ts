/**
 * Conformance checks for the Deployment / ReplicaSet / back-off vector kinds. Each check maps
 * a vector's input onto the real functions and compares with `expected` (only the keys upstream asserts).
 *
 * Mapping conventions: an RS without a name is called `rs-NN` (input order, so equal creation times keep input
 * order); an ISO `created` becomes ms, absent = 0; times given as "seconds" become ms; pod times given as
 * "seconds ago" are taken from a fixed `now` (null = Go's zero time).
 */
import { Backoff } from '../kubelet/backoff.js';
import {
  cleanupDeployment,
  cleanupUnhealthyReplicas,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getReplicaSetFraction,
  MAX_REPLICAS_ANNOTATION,
  maxUnavailable,
  minAvailable,
  newRSNewReplicas,
  reconcileNewReplicaSet,
  reconcileOldReplicaSets,
  resolveFenceposts,
  REVISION_ANNOTATION,
  scale,
  scaleDownOldReplicaSetsForRollingUpdate,
  type DeploymentCondition,
  type ReplicaSet,
  type ReplicaSetUpdate,
  type RolloutParams,
} from '../deployment/index.js';
import { activePodsLess, podDeletionRankLess, sortByLess, type RankablePod } from '../replicaset/pod-ranking.js';
import { diffExpected } from './compare.js';
import type { Check, Vector } from './types.js';

type In = Record<string, any>;

function params(d: In): RolloutParams {
  return {
    replicas: d.replicas ?? 1,
    strategy: d.strategy ?? 'RollingUpdate',
    maxSurge: d.maxSurge ?? null,
    maxUnavailable: d.maxUnavailable ?? null,
  };
}

function timeMs(t: unknown): number {
  if (typeof t === 'number') return t;
  if (typeof t === 'string') return Date.parse(t);
  return 0;
}

function rs(x: In, i: number): ReplicaSet {
  const annotations: Record<string, string> = { ...(x.annotations ?? {}) };
  if (x.revision !== undefined && x.revision !== null) annotations[REVISION_ANNOTATION] = String(x.revision);
  return {
    name: x.name ?? `rs-${String(i).padStart(2, '0')}`,
    created: timeMs(x.created),
    replicas: x.replicas ?? 0,
    statusReplicas: x.statusReplicas ?? 0,
    availableReplicas: x.availableReplicas ?? 0,
    readyReplicas: x.readyReplicas ?? 0,
    annotations,
    deleting: x.deleting ?? false,
    generation: x.generation,
    observedGeneration: x.observedGeneration,
  };
}

/** spec.replicas of `r` after applying `updates`. */
function after(r: ReplicaSet, updates: readonly ReplicaSetUpdate[]): number {
  return updates.filter((u) => u.name === r.name).reduce((_, u) => u.to, r.replicas);
}

const check =
  (f: (input: In) => unknown): Check =>
  (v: Vector) =>
    diffExpected(v.expected, f(v.input));

// Pod ranking: ages in seconds before a fixed now.
const NOW = 1_000_000_000_000;
const ago = (s: number | null | undefined): number | null => (s === null || s === undefined ? null : NOW - s * 1000);

function pod(p: In): RankablePod {
  const counts: number[] = p.containerRestartCounts ?? [];
  return {
    name: p.name,
    uid: p.uid ?? '',
    nodeName: p.nodeName ?? '',
    phase: p.phase ?? 'Pending',
    ready: !!p.ready,
    readySince: p.ready ? ago(p.readySinceAgoSeconds) : null,
    created: ago(p.createdAgoSeconds),
    restartCount: p.restartCount ?? counts.reduce((m, c) => Math.max(m, c), 0),
    deletionCost: p.deletionCost ?? null,
  };
}

// Back-off sequences (client-go backoff_test.go).
function backoffSequence(v: Vector): unknown {
  const input = v.input as In;
  const b = new Backoff({ initialMs: (input.initialSeconds ?? 1) * 1000, maxMs: (input.maxSeconds ?? 10) * 1000 });
  const id = 'id';
  if (Array.isArray(input.ticks)) {
    // TestIsInBackOffSinceUpdate: at each tick, in back-off → read Get(); else Next(now).
    const inBackOff: boolean[] = [];
    const values: (number | null)[] = [];
    for (const tick of input.ticks as number[]) {
      const t = tick * 1000;
      const held = b.isInBackOffSinceUpdate(id, t);
      inBackOff.push(held);
      values.push(held ? b.get(id) / 1000 : null);
      if (!held) b.next(id, t, t);
    }
    return { inBackOff, valueSecondsWhenInBackOff: values };
  }
  if (Array.isArray(input.steps)) {
    // The `steps` form of the vector schema: each step advances the fake clock by `advanceSeconds`, then
    // `get_then_next` records Get(id) (0 without an entry; Get never checks expiry) and calls Next(id, now).
    const getValuesSeconds: number[] = [];
    let now = 0;
    for (const [i, step] of (input.steps as In[]).entries()) {
      now += Number(step.advanceSeconds ?? 0) * 1000;
      const action = step.action ?? 'get_then_next';
      if (action !== 'get_then_next') throw new Error(`steps[${i}].action: unsupported ${JSON.stringify(action)} (expected "get_then_next")`);
      getValuesSeconds.push(b.get(id) / 1000);
      b.next(id, now, now);
    }
    return { getValuesSeconds };
  }
  // TestSlowBackoff-like: step the clock, read Get(), call Next(now); finally Next + Reset clears the entry.
  const firstArray = Object.values(v.expected ?? {}).find(Array.isArray) as unknown[] | undefined;
  const n: number = input.steps ?? input.count ?? input.cases?.length ?? firstArray?.length ?? 0;
  const stepMs = (input.stepSeconds ?? 1) * 1000;
  const gets: number[] = [];
  let now = 0;
  for (let i = 0; i < n; i++) {
    now += stepMs;
    gets.push(b.get(id) / 1000);
    b.next(id, now, now);
  }
  b.next(id, now, now);
  b.reset(id);
  const afterReset = b.get(id) / 1000;
  return { get: gets, getSeconds: gets, values: gets, valuesSeconds: gets, delaysSeconds: gets, backoffSeconds: gets, afterReset, afterResetSeconds: afterReset, resetClears: afterReset === 0 };
}

export const deploymentChecks: Record<string, Check> = {
  resolveFenceposts: check((i) => {
    const r = resolveFenceposts(i.maxSurge, i.maxUnavailable, i.desired);
    return { surge: r.surge, unavailable: r.unavailable, error: r.error !== undefined };
  }),

  maxUnavailable: check((i) => ({ maxUnavailable: maxUnavailable(params(i)) })),
  minAvailable: check((i) => ({ minAvailable: minAvailable(params(i)) })),

  newRSNewReplicas: check((i) => ({
    newReplicas: newRSNewReplicas(
      params(i.deployment),
      (i.allRSReplicas as number[]).map((replicas) => ({ replicas })),
      { replicas: i.newRSReplicas },
    ),
  })),

  reconcileNewReplicaSet: check((i) => {
    const newRS = rs({ name: 'new', replicas: i.newRSReplicas }, 0);
    const oldRS = rs({ name: 'old', replicas: i.oldRSReplicas }, 1);
    const out = reconcileNewReplicaSet(params(i.deployment), [newRS, oldRS], newRS);
    return { scaled: out.scaled, newRSReplicas: after(newRS, out.updates) };
  }),

  reconcileOldReplicaSets: check((i) => {
    const oldRS = rs({ name: 'old', ...i.oldRS }, 0);
    const newRS = rs({ name: 'new', ...i.newRS }, 1);
    const out = reconcileOldReplicaSets(params(i.deployment), [oldRS, newRS], [oldRS], newRS);
    return { scaled: out.scaled, oldRSReplicas: after(oldRS, out.updates) };
  }),

  cleanupUnhealthyReplicas: check((i) => {
    const olds = (i.oldRSs as In[]).map(rs);
    const out = cleanupUnhealthyReplicas(params(i.deployment), olds, i.maxCleanupCount);
    return { cleanupCount: out.count, oldRSReplicas: olds.map((r) => after(r, out.updates)) };
  }),

  scaleDownOldReplicaSetsForRollingUpdate: check((i) => {
    const all = (i.allRSs as In[]).map(rs);
    const indexes: number[] = i.oldRSIndexes;
    const olds = indexes.map((k) => all[k]!);
    const out = scaleDownOldReplicaSetsForRollingUpdate(params(i.deployment), all, olds);
    const sizes = olds.map((r) => after(r, out.updates));
    return { scaled: out.count > 0, oldRSReplicas: sizes.length === 1 ? sizes[0] : sizes };
  }),

  proportionalScale: check((i) => {
    const d = { ...params(i.deployment), status: { replicas: i.deployment.statusReplicas ?? 0 } };
    const newRS = i.newRS ? rs(i.newRS, 0) : null;
    const olds = (i.oldRSs as In[]).map((x, k) => rs(x, k + 1));
    const out = scale(d, newRS, olds);
    const replicas: Record<string, number> = {};
    for (const r of [...(newRS ? [newRS] : []), ...olds]) replicas[r.name] = after(r, out.updates);
    return { replicas };
  }),

  replicaSetFraction: check((i) => {
    const d = { ...params(i.deployment), status: { replicas: i.deployment.statusReplicas ?? 0 } };
    const annotations: Record<string, string> =
      i.maxReplicasAnnotation === null || i.maxReplicasAnnotation === undefined
        ? {}
        : { [MAX_REPLICAS_ANNOTATION]: String(i.maxReplicasAnnotation) };
    return { fraction: getReplicaSetFraction({ replicas: i.rsReplicas, annotations }, d) };
  }),

  deploymentComplete: check((i) => ({
    complete: deploymentComplete(
      { replicas: i.deployment.replicas, generation: i.deployment.generation ?? 0 },
      {
        replicas: i.status.replicas ?? 0,
        updatedReplicas: i.status.updatedReplicas ?? 0,
        availableReplicas: i.status.availableReplicas ?? 0,
        observedGeneration: i.status.observedGeneration ?? 0,
      },
    ),
  })),

  deploymentProgressing: check((i) => {
    const s = (x: In) => ({
      replicas: x.replicas ?? 0,
      updatedReplicas: x.updatedReplicas ?? 0,
      readyReplicas: x.readyReplicas ?? 0,
      availableReplicas: x.availableReplicas ?? 0,
    });
    return { progressing: deploymentProgressing(s(i.currentStatus), s(i.newStatus)) };
  }),

  deploymentTimedOut: check((i) => {
    const c = i.progressingCondition as In | null;
    const seconds = (t: unknown) => (typeof t === 'number' ? t * 1000 : timeMs(t));
    const conditions: DeploymentCondition[] = c
      ? [{
          type: 'Progressing',
          status: c.status ?? 'True',
          reason: c.reason ?? '',
          message: c.message ?? '',
          lastUpdateTime: seconds(c.lastUpdateTime),
          lastTransitionTime: seconds(c.lastTransitionTime ?? c.lastUpdateTime),
        }]
      : [];
    return {
      timedOut: deploymentTimedOut({ progressDeadlineSeconds: i.progressDeadlineSeconds ?? null }, { conditions }, seconds(i.nowSeconds)),
    };
  }),

  cleanupDeployment: check((i) => {
    const names = cleanupDeployment((i.oldRSs as In[]).map(rs), i.revisionHistoryLimit ?? null);
    return { deletions: names.length, deletedNames: names };
  }),

  podDeletionRankLess: check((i) => {
    const a = pod(i.a.pod);
    const b = pod(i.b.pod);
    const opts = { podDeletionCost: i.podDeletionCostEnabled ?? true, logarithmicScaleDown: i.logarithmicScaleDown ?? true };
    return {
      aLessB: podDeletionRankLess(a, i.a.rank ?? 0, b, i.b.rank ?? 0, NOW, opts),
      bLessA: podDeletionRankLess(b, i.b.rank ?? 0, a, i.a.rank ?? 0, NOW, opts),
    };
  }),

  activePodsOrder: check((i) => ({ order: sortByLess((i.pods as In[]).map(pod), activePodsLess).map((p) => p.name) })),

  backoffSequence: (v) => diffExpected(v.expected, backoffSequence(v)),
};
