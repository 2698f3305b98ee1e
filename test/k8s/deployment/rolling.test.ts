/** RollingUpdate, step by step: the worked example of rolling.go's fenceposts, maxUnavailable 0 / maxSurge 1, and the single steps. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  createdEventMessage,
  deploymentComplete,
  reconcileNewReplicaSet,
  reconcileOldReplicaSets,
  rolloutRolling,
  scalingEventMessage,
  type Deployment,
  type ReplicaSet,
} from '../../../src/k8s/deployment/index.js';
import type { IntOrString } from '../../../src/k8s/api/intstr.js';

function deployment(replicas: number, maxSurge: IntOrString, maxUnavailable: IntOrString): Deployment {
  return {
    name: 'api', replicas, strategy: 'RollingUpdate', maxSurge, maxUnavailable, minReadySeconds: 0,
    progressDeadlineSeconds: 600, revisionHistoryLimit: 10, generation: 2,
    status: { observedGeneration: 1, replicas, updatedReplicas: 0, readyReplicas: replicas, availableReplicas: replicas, unavailableReplicas: 0, terminatingReplicas: 0, conditions: [] },
  };
}

function rs(name: string, created: number, replicas: number, available: number): ReplicaSet {
  return { name, created, replicas, statusReplicas: replicas, availableReplicas: available, readyReplicas: available, annotations: {} };
}

/**
 * A tiny world: one old RS fully available, the Deployment's template just changed. After every write the
 * ReplicaSet controller is instant (status.replicas = spec); old pods stay available, new pods become available
 * only when `ready()` is called.
 */
function world(d: Deployment) {
  const w = { d, old: rs('api-old', 1, d.replicas, d.replicas), new: null as ReplicaSet | null, events: [] as string[] };
  const settle = (r: ReplicaSet): ReplicaSet => ({ ...r, statusReplicas: r.replicas, availableReplicas: Math.min(r.availableReplicas, r.replicas), readyReplicas: Math.min(r.readyReplicas, r.replicas) });
  return {
    w,
    sync(now = 0) {
      let out = rolloutRolling(w.d, w.new, [w.old], now);
      if (out.step === 'create-new') {
        w.new = { ...rs('api-new', 2, out.createReplicas!, 0), statusReplicas: 0 };
        const msg = createdEventMessage('api-new', out.createReplicas!);
        if (msg) w.events.push(msg);
        out = rolloutRolling(w.d, w.new, [w.old], now);
      }
      for (const u of out.updates) {
        const msg = scalingEventMessage(u);
        if (msg) w.events.push(msg);
        if (u.name === w.old.name) w.old = { ...w.old, replicas: u.to };
        else w.new = { ...w.new!, replicas: u.to };
      }
      w.old = settle(w.old);
      w.new = settle(w.new!);
      w.d = { ...w.d, status: out.status!.status };
      return out;
    },
    ready(n = Infinity) {
      w.new = { ...w.new!, availableReplicas: Math.min(w.new!.replicas, w.new!.availableReplicas + n), readyReplicas: Math.min(w.new!.replicas, w.new!.availableReplicas + n) };
    },
    sizes: () => [w.old.replicas, w.new?.replicas ?? 0],
  };
}

test('the worked example of rolling.go fenceposts: 10 replicas with the default 25%/25% (surge 3, unavailable 2), step by step', () => {
  const t = world(deployment(10, '25%', '25%'));
  const rows: { name: string; act?: () => void; step: string; sizes: [number, number] }[] = [
    { name: 'the new RS is created with 3 and the old RS goes 10 → 8 in the same sync (13 − 8 − 3 = 2)', step: 'scale-down', sizes: [8, 3] },
    { name: 'with 11 pods the new RS may grow by 2 to 5', step: 'scale-up', sizes: [8, 5] },
    { name: 'with 13 pods and 5 unavailable new pods nothing can move', step: 'steady', sizes: [8, 5] },
    { name: 'three new pods become available: the budget is 13 − 8 − 2 = 3, old goes 8 → 5', act: () => t.ready(3), step: 'scale-down', sizes: [5, 5] },
    { name: 'the new RS grows by 3 to 8', step: 'scale-up', sizes: [5, 8] },
    { name: 'all new pods available: old goes 5 → 0 (available 13 − min 8)', act: () => t.ready(), step: 'scale-down', sizes: [0, 8] },
    { name: 'the new RS grows to 10', step: 'scale-up', sizes: [0, 10] },
    { name: 'the last two become available and nothing is left to do', act: () => t.ready(), step: 'steady', sizes: [0, 10] },
  ];
  for (const row of rows) {
    row.act?.();
    const out = t.sync();
    assert.is(out.step, row.step, row.name);
    assert.equal(t.sizes(), row.sizes, row.name);
    assert.ok(t.sizes()[0]! + t.sizes()[1]! <= 13, `${row.name}: never more than replicas + maxSurge`);
  }
  assert.equal(t.w.events, [
    'Scaled up replica set api-new from 0 to 3',
    'Scaled down replica set api-old to 8 from 10',
    'Scaled up replica set api-new to 5 from 3',
    'Scaled down replica set api-old to 5 from 8',
    'Scaled up replica set api-new to 8 from 5',
    'Scaled down replica set api-old to 0 from 5',
    'Scaled up replica set api-new to 10 from 8',
  ]);
  assert.ok(deploymentComplete(t.w.d, t.w.d.status), 'the rollout completes');
});

test('maxUnavailable 0 / maxSurge 1 with 3 replicas: one surge pod at a time, never below 3 available', () => {
  const t = world(deployment(3, 1, 0));
  const rows: { name: string; act?: () => void; step: string; sizes: [number, number] }[] = [
    { name: 'the new RS is created with 1 (4 pods) and no old pod may go while it is unavailable', step: 'steady', sizes: [3, 1] },
    { name: 'the surge pod becomes available: one old pod goes', act: () => t.ready(), step: 'scale-down', sizes: [2, 1] },
    { name: 'a second surge pod is created', step: 'scale-up', sizes: [2, 2] },
    { name: 'still unavailable: wait', step: 'steady', sizes: [2, 2] },
    { name: 'available: the next old pod goes', act: () => t.ready(), step: 'scale-down', sizes: [1, 2] },
    { name: 'the third new pod is created', step: 'scale-up', sizes: [1, 3] },
    { name: 'available: the last old pod goes', act: () => t.ready(), step: 'scale-down', sizes: [0, 3] },
    { name: 'done', step: 'steady', sizes: [0, 3] },
  ];
  for (const row of rows) {
    row.act?.();
    const out = t.sync();
    assert.is(out.step, row.step, row.name);
    assert.equal(t.sizes(), row.sizes, row.name);
    assert.ok(t.w.old.availableReplicas + t.w.new!.availableReplicas >= 3, `${row.name}: availability never drops below 3`);
  }
});

test('single steps: rows named as sentences', () => {
  const d = deployment(10, 3, 2);
  const rows = [
    {
      name: 'a new RS above spec.replicas is scaled down to it',
      run: () => reconcileNewReplicaSet(d, [rs('n', 2, 12, 12)], rs('n', 2, 12, 12)).updates.map((u) => [u.to, u.operation]),
      want: [[10, 'down']],
    },
    {
      name: 'broken new pods are charged against the budget, so old pods stay (13 − 8 − 5 = 0)',
      run: () => reconcileOldReplicaSets(d, [rs('o', 1, 8, 8), rs('n', 2, 5, 0)], [rs('o', 1, 8, 8)], rs('n', 2, 5, 0)).scaled,
      want: false,
    },
    {
      name: 'unhealthy old replicas go first (budget 11 − 8 − 0 = 3), then healthy ones from the oldest RS while 8 stay available',
      run: () => {
        const a = rs('a', 1, 4, 2);
        const b = rs('b', 2, 7, 7);
        const n = rs('n', 3, 0, 0);
        return reconcileOldReplicaSets(d, [a, b, n], [b, a], n).updates.map((u) => `${u.name}:${u.from}->${u.to}`);
      },
      want: ['a:4->2', 'a:2->1'],
    },
    {
      name: 'an old RS already at 0 is not counted when healthy replicas are scaled down',
      run: () => {
        const gone = { ...rs('gone', 0, 0, 0), availableReplicas: 3 };
        const o = rs('o', 1, 10, 10);
        const n = rs('n', 2, 0, 0);
        return reconcileOldReplicaSets(d, [gone, o, n], [gone, o], n).updates.map((u) => u.to);
      },
      want: [8],
    },
  ];
  for (const row of rows) assert.equal(row.run(), row.want, row.name);
});

test.run();
