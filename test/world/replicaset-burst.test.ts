/** A ReplicaSet over one burst (500) reaches its count over several syncs (`replica_set.go` manageReplicas). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { simulate } from '../../src/world/simulate.js';
import { deployment, scenario } from './world-fixture.js';

const last = (r: ReturnType<typeof simulate>, name: string) => {
  const c = r.timeseries.columns[name]!;
  return c[r.timeseries.length - 1];
};

test('replicas: 600 on a cold start runs 600 pods, not 500', () => {
  const r = simulate(scenario({ durationMs: 60_000, warmStart: false, deployments: [deployment({ replicas: 600, probe: null })], traffic: [{ kind: 'constant', rps: 0 }] }));
  assert.is(last(r, 'total_pods'), 600);
  assert.is(last(r, 'ready_pods'), 600);
  assert.is(r.events.filter((e) => e.reason === 'SuccessfulCreate').length, 600);
});

test('replicas: 600 on a warm start is 600 ready pods from t=0', () => {
  const r = simulate(scenario({ durationMs: 20_000, deployments: [deployment({ replicas: 600 })], traffic: [{ kind: 'constant', rps: 0 }] }));
  assert.is(r.timeseries.columns['ready_pods']![0], 600);
});

test('a scale from 3 to 1203 and back to 3 creates 1200 and deletes 1200', () => {
  const r = simulate(scenario({
    durationMs: 120_000, deployments: [deployment({ replicas: 3, probe: null })], traffic: [{ kind: 'constant', rps: 0 }],
    events: [{ atMs: 10_000, kind: 'scale', deployment: 'api', replicas: 1203 }, { atMs: 60_000, kind: 'scale', deployment: 'api', replicas: 3 }],
  }));
  assert.is(r.events.filter((e) => e.reason === 'SuccessfulCreate' && e.time === 10).length, 1200);
  assert.is(r.events.filter((e) => e.reason === 'SuccessfulDelete' && e.time === 60).length, 1200);
  assert.is(last(r, 'ready_pods'), 3);
});

test.run();
