/** Recreate: every old pod is gone (terminal or deleted) before the first new pod is created. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { oldPodsRunning, rolloutRecreate, scalingEventMessage, type Deployment, type PodPhase, type ReplicaSet } from '../../../src/k8s/deployment/index.js';

const d: Deployment = {
  name: 'api', replicas: 3, strategy: 'Recreate', maxSurge: null, maxUnavailable: null, minReadySeconds: 0,
  progressDeadlineSeconds: 600, revisionHistoryLimit: 10, generation: 2,
  status: { observedGeneration: 1, replicas: 3, updatedReplicas: 0, readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 0, terminatingReplicas: 0, conditions: [] },
};
const rs = (name: string, replicas: number, statusReplicas: number): ReplicaSet => ({
  name, created: 1, replicas, statusReplicas, availableReplicas: statusReplicas, readyReplicas: statusReplicas, annotations: {},
});
const pods = (...phases: PodPhase[]) => phases.map((phase) => ({ phase }));

test('Recreate waits for all old pods, step by step', () => {
  const rows: { name: string; old: ReplicaSet; oldPods: { phase: PodPhase }[]; newRS: ReplicaSet | null; step: string; events: string[] }[] = [
    { name: 'the old RS is scaled to 0 first', old: rs('api-old', 3, 3), oldPods: pods('Running', 'Running', 'Running'), newRS: null, step: 'scale-down-old', events: ['Scaled down replica set api-old to 0 from 3'] },
    { name: 'its pods are terminating (still Running): the RS reports 0 but nothing is created', old: rs('api-old', 0, 0), oldPods: pods('Running', 'Running', 'Running'), newRS: null, step: 'wait-for-old-pods', events: [] },
    { name: 'a single terminating pod left still blocks', old: rs('api-old', 0, 0), oldPods: pods('Succeeded', 'Failed', 'Running'), newRS: null, step: 'wait-for-old-pods', events: [] },
    { name: 'a Pending or Unknown old pod blocks too', old: rs('api-old', 0, 0), oldPods: pods('Unknown'), newRS: null, step: 'wait-for-old-pods', events: [] },
    { name: 'an old RS still reporting replicas blocks even without pods', old: rs('api-old', 0, 1), oldPods: [], newRS: null, step: 'wait-for-old-pods', events: [] },
    { name: 'all old pods are gone: the new RS is to be created at full size', old: rs('api-old', 0, 0), oldPods: pods('Succeeded', 'Failed'), newRS: null, step: 'create-new', events: [] },
    { name: 'once created at 3 nothing else needs scaling', old: rs('api-old', 0, 0), oldPods: [], newRS: rs('api-new', 3, 0), step: 'scale-up-new', events: [] },
  ];
  for (const row of rows) {
    const out = rolloutRecreate(d, row.newRS, [row.old], row.oldPods, 0);
    assert.is(out.step, row.step, row.name);
    assert.equal(out.updates.map(scalingEventMessage).filter(Boolean), row.events, row.name);
    if (out.step === 'create-new') assert.is(out.createReplicas, 3, row.name);
  }
});

test('a new RS that exists below spec.replicas is scaled up once the old pods are gone', () => {
  const out = rolloutRecreate(d, rs('api-new', 1, 1), [rs('api-old', 0, 0)], [], 0);
  assert.equal(out.updates.map(scalingEventMessage), ['Scaled up replica set api-new to 3 from 1']);
});

test('oldPodsRunning counts every non-terminal phase', () => {
  assert.is(oldPodsRunning([], pods('Succeeded', 'Failed')), false);
  assert.is(oldPodsRunning([], pods('Pending')), true);
});

test.run();
