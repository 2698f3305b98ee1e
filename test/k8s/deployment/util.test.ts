/** Fenceposts, availability and the rollout status conditions over time (progress deadline). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  availableFrom,
  getCondition,
  isPodAvailable,
  maxSurge,
  maxUnavailable,
  newReplicaSetConditions,
  resolveFenceposts,
  syncRolloutStatus,
  type Deployment,
  type ReplicaSet,
} from '../../../src/k8s/deployment/index.js';

test('fenceposts: rows named as sentences', () => {
  const rows = [
    { name: '25%/25% of 10 gives surge 3 (up) and unavailable 2 (down)', args: ['25%', '25%', 10], want: { surge: 3, unavailable: 2 } },
    { name: '25%/25% of 3 gives 1/0', args: ['25%', '25%', 3], want: { surge: 1, unavailable: 0 } },
    { name: '0%/0% of 0 still lets the rollout move with unavailable 1', args: ['0%', '0%', 0], want: { surge: 0, unavailable: 1 } },
    { name: 'a nil value counts as 0', args: [null, 2, 10], want: { surge: 0, unavailable: 2 } },
  ] as { name: string; args: [string | number | null, string | number | null, number]; want: object }[];
  for (const row of rows) assert.equal(resolveFenceposts(...row.args), row.want, row.name);
  assert.ok(resolveFenceposts('1', 0, 5).error, 'a string without % is an error');
  assert.is(maxUnavailable({ replicas: 5, strategy: 'RollingUpdate', maxSurge: 1, maxUnavailable: 10 }), 5, 'clamped to replicas');
  assert.is(maxSurge({ replicas: 5, strategy: 'Recreate', maxSurge: 3, maxUnavailable: 1 }), 0, 'no surge for Recreate');
});

test('a pod is available strictly after readySince + minReadySeconds', () => {
  assert.is(isPodAvailable(null, 0, 10), false, 'not ready');
  assert.is(isPodAvailable(1000, 0, 1000), true, 'minReadySeconds 0: as soon as Ready');
  assert.is(isPodAvailable(1000, 5, 6000), false, 'exactly at the boundary: not yet');
  assert.is(isPodAvailable(1000, 5, 6001), true);
  assert.is(availableFrom(1000, 5), 6001);
});

const rs = (name: string, replicas: number, available: number): ReplicaSet => ({
  name, created: 0, replicas, statusReplicas: replicas, availableReplicas: available, readyReplicas: available, annotations: {},
});

function dep(status: Partial<Deployment['status']> = {}): Deployment {
  return {
    name: 'api', replicas: 2, strategy: 'RollingUpdate', maxSurge: 1, maxUnavailable: 0, minReadySeconds: 0,
    progressDeadlineSeconds: 60, revisionHistoryLimit: 10, generation: 1,
    status: { observedGeneration: 1, replicas: 0, updatedReplicas: 0, readyReplicas: 0, availableReplicas: 0, unavailableReplicas: 0, terminatingReplicas: 0, conditions: [], ...status },
  };
}

test('the Progressing condition over a rollout: created, progressing, stuck, timed out; then complete', () => {
  let d = dep();
  d = { ...d, status: { ...d.status, conditions: newReplicaSetConditions(d, 'api-new', true, 0) } };
  assert.is(getCondition(d.status, 'Progressing')!.message, 'Created new replica set "api-new"');

  // t=5 s: two new pods exist, none available: progress (more updated replicas).
  let r = syncRolloutStatus(d, [rs('api-new', 2, 0)], rs('api-new', 2, 0), 5000);
  let c = getCondition(r.status, 'Progressing')!;
  assert.equal([c.status, c.reason, c.message, c.lastUpdateTime, c.lastTransitionTime], ['True', 'ReplicaSetUpdated', 'ReplicaSet "api-new" is progressing.', 5000, 0]);
  assert.equal([getCondition(r.status, 'Available')!.status, getCondition(r.status, 'Available')!.reason], ['False', 'MinimumReplicasUnavailable']);
  d = { ...d, status: r.status };

  // t=30 s: nothing changed: no write; re-check at lastUpdate + 60 s (+1 s slack) → 36 s from now.
  r = syncRolloutStatus(d, [rs('api-new', 2, 0)], rs('api-new', 2, 0), 30000);
  assert.is(r.changed, false);
  assert.is(r.requeueAfterMs, 36000);

  // t=65.001 s: past the deadline (strictly after 5 s + 60 s).
  r = syncRolloutStatus(d, [rs('api-new', 2, 0)], rs('api-new', 2, 0), 65001);
  c = getCondition(r.status, 'Progressing')!;
  assert.equal([c.status, c.reason, c.message], ['False', 'ProgressDeadlineExceeded', 'ReplicaSet "api-new" has timed out progressing.']);
  d = { ...d, status: r.status };

  // t=70 s: the pods become available after all: complete.
  r = syncRolloutStatus(d, [rs('api-new', 2, 2)], rs('api-new', 2, 2), 70000);
  c = getCondition(r.status, 'Progressing')!;
  assert.equal([c.status, c.reason, c.message], ['True', 'NewReplicaSetAvailable', 'ReplicaSet "api-new" has successfully progressed.']);
  assert.is(getCondition(r.status, 'Available')!.status, 'True');
  d = { ...d, status: r.status };
  assert.is(syncRolloutStatus(d, [rs('api-new', 2, 2)], rs('api-new', 2, 2), 80000).requeueAfterMs, null, 'complete: no deadline check');
});

test('without a progress deadline the Progressing condition is removed', () => {
  const d = { ...dep({ conditions: [{ type: 'Progressing' as const, status: 'True' as const, reason: 'ReplicaSetUpdated', message: '', lastUpdateTime: 0, lastTransitionTime: 0 }] }), progressDeadlineSeconds: null };
  const r = syncRolloutStatus(d, [rs('api-new', 2, 0)], rs('api-new', 2, 0), 1000);
  assert.is(getCondition(r.status, 'Progressing'), undefined);
});

test.run();
