/**
 * Generated pod names are unique in a namespace: the API server draws a taken name again, 8 attempts in all
 * (RetryGenerateName, apiserver `pkg/registry/generic/registry/store.go` maxNameGenerationCreateAttempts).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation } from '../../../src/engine/simulation.js';
import { Cluster } from '../../../src/k8s/cluster/cluster.js';
import type { PodState, ReplicaSetState } from '../../../src/k8s/cluster/types.js';
import type { Kubelet } from '../../../src/k8s/kubelet/kubelet.js';
import { NAME_GENERATION_ATTEMPTS, ReplicaSetController } from '../../../src/k8s/replicaset/controller.js';
import { inertHooks } from '../../support/cluster-hooks.js';

/** A ReplicaSet controller whose kubelet hands out `drawn` names in turn; `taken` pods already exist. */
function world(drawn: string[], taken: string[], replicas: number) {
  const sim = new Simulation(1);
  const cluster = new Cluster(sim, inertHooks());
  const rs = { name: 'web-abc', deployment: { namespace: 'default', prefix: '' }, replicas, pods: [] as PodState[] } as unknown as ReplicaSetState;
  for (const name of taken) cluster.podNameAdded('default', name);
  const created: string[] = [];
  let i = 0;
  const kubelet = {
    newPodName: () => drawn[i++ % drawn.length]!,
    createPod: (r: ReplicaSetState, _warm: boolean, name: string) => {
      created.push(name);
      cluster.podNameAdded('default', name);
      const pod = { name, gone: false, deletionMs: null, phase: 'Pending' } as unknown as PodState;
      r.pods.push(pod);
      return pod;
    },
  } as unknown as Kubelet;
  const rsc = new ReplicaSetController(cluster, kubelet);
  const failed: string[] = [];
  rsc.onCreateFailed = (_rs, message) => failed.push(message);
  return { rs, rsc, created, failed, draws: () => i };
}

const rows: { name: string; drawn: string[]; taken: string[]; replicas: number; created: string[]; draws: number }[] = [
  { name: 'no collision: one draw per pod', drawn: ['web-abc-aaaaa', 'web-abc-bbbbb'], taken: [], replicas: 2, created: ['web-abc-aaaaa', 'web-abc-bbbbb'], draws: 2 },
  { name: 'a name in use is drawn again', drawn: ['web-abc-aaaaa', 'web-abc-bbbbb'], taken: ['web-abc-aaaaa'], replicas: 1, created: ['web-abc-bbbbb'], draws: 2 },
  {
    name: 'two pods of one sync never share a name',
    drawn: ['web-abc-aaaaa', 'web-abc-aaaaa', 'web-abc-ccccc'],
    taken: [],
    replicas: 2,
    created: ['web-abc-aaaaa', 'web-abc-ccccc'],
    draws: 3,
  },
];
for (const r of rows) {
  test(r.name, () => {
    const w = world(r.drawn, r.taken, r.replicas);
    w.rsc.sync(w.rs);
    assert.equal(w.created, r.created);
    assert.is(w.draws(), r.draws);
    assert.equal(w.failed, []);
  });
}

test('8 taken names in a row: the create fails with the API server\'s AlreadyExists', () => {
  const w = world(['web-abc-aaaaa'], ['web-abc-aaaaa'], 1);
  w.rsc.sync(w.rs);
  assert.equal(w.created, []);
  assert.is(w.draws(), NAME_GENERATION_ATTEMPTS);
  assert.is(NAME_GENERATION_ATTEMPTS, 8);
  assert.equal(w.failed, ['pods "web-abc-aaaaa" already exists']);
});

test('a name is free again once its pod is gone', () => {
  const sim = new Simulation(1);
  const c = new Cluster(sim, {} as never);
  c.podNameAdded('default', 'p');
  assert.ok(c.podNameTaken('default', 'p'));
  assert.not.ok(c.podNameTaken('staging', 'p'));
  c.podNameRemoved('default', 'p');
  assert.not.ok(c.podNameTaken('default', 'p'));
});

test.run();
