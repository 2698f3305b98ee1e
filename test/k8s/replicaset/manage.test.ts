/** ReplicaSet burst and slow start (`pkg/controller/replicaset/replica_set.go` manageReplicas, slowStartBatch). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { manageReplicas, slowStartBatch, slowStartBatches } from '../../../src/k8s/replicaset/manage.js';

const plans: { name: string; active: number; replicas: number; expected: ReturnType<typeof manageReplicas> }[] = [
  { name: '600 wanted from none: 500 now, then another sync', active: 0, replicas: 600, expected: { create: 500, delete: 0, resync: true } },
  { name: 'the second sync creates the last 100', active: 500, replicas: 600, expected: { create: 100, delete: 0, resync: false } },
  { name: 'exactly one burst needs no second sync', active: 0, replicas: 500, expected: { create: 500, delete: 0, resync: false } },
  { name: 'scaling 1203 down to 3 deletes 500 a sync', active: 1203, replicas: 3, expected: { create: 0, delete: 500, resync: true } },
  { name: 'nothing to do', active: 3, replicas: 3, expected: { create: 0, delete: 0, resync: false } },
];
for (const r of plans) test(r.name, () => assert.equal(manageReplicas(r.active, r.replicas), r.expected));

const batches: { name: string; count: number; expected: number[] }[] = [
  { name: 'one pod is one batch of 1', count: 1, expected: [1] },
  { name: '10 pods: 1, 2, 4, then the remaining 3', count: 10, expected: [1, 2, 4, 3] },
  { name: '500 pods: 1 … 128 (255), then 245', count: 500, expected: [1, 2, 4, 8, 16, 32, 64, 128, 245] },
  { name: 'no pods, no batch', count: 0, expected: [] },
];
for (const r of batches) test(r.name, () => assert.equal(slowStartBatches(r.count), r.expected));

test('a failure in a batch ends the sync: the 4th creation fails → batches 1, 2 done, batch of 4 attempted, 6 made', () => {
  let calls = 0;
  const made = slowStartBatch(20, () => ++calls !== 4);
  // batch 1: call 1 ok; batch 2: calls 2–3 ok; batch 4: calls 4 (fail), 5, 6, 7 ok → 6 successes, stop
  assert.is(calls, 7);
  assert.is(made, 6);
});

test.run();
