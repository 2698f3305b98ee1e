/** Proportional scaling, scaling events, event wording, revisions. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  createdEventMessage,
  isScalingEvent,
  revisionAnnotations,
  scale,
  scalingEventMessage,
  type ReplicaSet,
} from '../../../src/k8s/deployment/index.js';

const ann = (desired: number, max: number) => ({ [DESIRED_REPLICAS_ANNOTATION]: String(desired), [MAX_REPLICAS_ANNOTATION]: String(max) });
const rs = (name: string, created: number, replicas: number, annotations: Record<string, string> = {}): ReplicaSet => ({
  name, created, replicas, statusReplicas: replicas, availableReplicas: replicas, readyReplicas: replicas, annotations,
});
const dep = (replicas: number, maxSurge: number, strategy: 'RollingUpdate' | 'Recreate' = 'RollingUpdate') =>
  ({ replicas, strategy, maxSurge, maxUnavailable: 0, status: { replicas: 0 } });

test('proportional scaling: rows named as sentences', () => {
  const rows = [
    { name: 'an HPA scale-up mid-rollout spreads 5 → 10 over 2 (new) + 3 (old) as 4 + 6', d: dep(10, 0), newRS: rs('v2', 2, 2, ann(5, 5)), old: [rs('v1', 1, 3, ann(5, 5))], want: { v2: 4, v1: 6 } },
    { name: 'equal sizes scaling up: the leftover goes to the newer RS first', d: dep(3, 0), newRS: rs('v2', 2, 1, ann(2, 2)), old: [rs('v1', 1, 1, ann(2, 2))], want: { v2: 2, v1: 1 } },
    { name: 'equal sizes scaling down: the older RS loses first', d: dep(1, 0), newRS: rs('v2', 2, 1, ann(2, 2)), old: [rs('v1', 1, 1, ann(2, 2))], want: { v2: 1, v1: 0 } },
    { name: 'a single active RS simply takes the new count', d: dep(7, 1), newRS: rs('v2', 2, 5, ann(5, 6)), old: [rs('v1', 1, 0, ann(5, 6))], want: { v2: 7, v1: 0 } },
    { name: 'a saturated new RS makes every old RS go to 0', d: dep(4, 1), newRS: rs('v2', 2, 4, ann(4, 5)), old: [rs('v1', 1, 2, ann(3, 4))], want: { v2: 4, v1: 0 } },
    { name: 'Recreate with several active RSs does not scale', d: dep(9, 0, 'Recreate'), newRS: rs('v2', 2, 2, ann(5, 5)), old: [rs('v1', 1, 3, ann(5, 5))], want: { v2: 2, v1: 3 } },
  ];
  for (const row of rows) {
    const out = scale(row.d, row.newRS, row.old);
    const got: Record<string, number> = {};
    for (const r of [row.newRS, ...row.old]) got[r.name] = out.updates.filter((u) => u.name === r.name).reduce((_, u) => u.to, r.replicas);
    assert.equal(got, row.want, row.name);
  }
});

test('a proportional scale-up names the direction of the whole scale and refreshes the annotations', () => {
  const out = scale(dep(10, 0), rs('v2', 2, 2, ann(5, 5)), [rs('v1', 1, 3, ann(5, 5))]);
  assert.equal(out.updates.map(scalingEventMessage), ['Scaled up replica set v1 to 6 from 3', 'Scaled up replica set v2 to 4 from 2']);
  assert.equal(out.updates[0]!.annotations, ann(10, 10));
});

test('event wording: creation says "from 0 to n", a scale says "to new from old"', () => {
  assert.is(createdEventMessage('api-7d9c', 3), 'Scaled up replica set api-7d9c from 0 to 3');
  assert.is(createdEventMessage('api-7d9c', 0), null);
  assert.is(scalingEventMessage({ name: 'api-7d9c', from: 3, to: 1, operation: 'down', annotations: {} }), 'Scaled down replica set api-7d9c to 1 from 3');
  assert.is(scalingEventMessage({ name: 'api-7d9c', from: 3, to: 3, operation: '', annotations: {} }), null);
});

test('a scaling event is an active RS whose desired-replicas annotation differs from spec.replicas', () => {
  assert.is(isScalingEvent(dep(5, 0), rs('v2', 2, 3, ann(3, 3)), []), true);
  assert.is(isScalingEvent(dep(3, 0), rs('v2', 2, 3, ann(3, 3)), [rs('v1', 1, 0, ann(9, 9))]), false, 'inactive RSs do not count');
  assert.is(isScalingEvent(dep(5, 0), rs('v2', 2, 3, { [DESIRED_REPLICAS_ANNOTATION]: '-3' }), []), false, 'an invalid annotation is ignored');
});

test('revision annotations: new revision = max old + 1; a re-used RS keeps its old revision in the history', () => {
  const olds = [rs('a', 1, 0, { [REVISION_ANNOTATION]: '3' }), rs('b', 2, 0, { [REVISION_ANNOTATION]: '5' })];
  assert.equal(revisionAnnotations(null, olds), { [REVISION_ANNOTATION]: '6' });
  assert.equal(revisionAnnotations(rs('c', 0, 0, { [REVISION_ANNOTATION]: '2', [REVISION_HISTORY_ANNOTATION]: '1' }), olds), {
    [REVISION_ANNOTATION]: '6',
    [REVISION_HISTORY_ANNOTATION]: '1,2',
  });
  assert.equal(revisionAnnotations(rs('c', 0, 0, { [REVISION_ANNOTATION]: '7' }), olds), {}, 'already newer: unchanged');
});

test.run();
