/**
 * Conditions are conditions, Events are Events (deployment controller `progress.go`/`sync.go` write status
 * conditions and emit no Event for them; the kubelet has no `ContainerDied` reason): a rollout, then one pod
 * crashed by the scenario. Times by hand: startup 8 s behind a readiness probe (delay 5 s, period 10 s).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { simulate } from '../../src/world/simulate.js';
import { scenario } from './world-fixture.js';

const r = simulate(
  scenario({
    durationMs: 300_000,
    traffic: [{ kind: 'constant', rps: 60 }],
    app: { cpuPerRequestMs: 2, startupMs: 8000 },
    events: [
      { atMs: 60_000, kind: 'rollout', deployment: 'api', image: 'myrepo/api:1.3.0' },
      { atMs: 200_000, kind: 'killPods', deployment: 'api', count: 1 },
    ],
  }),
);

const rows: { name: string; time: number; type: string; status: string; reason: string }[] = [
  { name: 'the rollout makes Progressing ReplicaSetUpdated at 60 s', time: 60, type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated' },
  // 3 pods, maxSurge 1 / maxUnavailable 0: each new pod is ready 10 s after it starts → 70, 80, 90 s
  { name: 'the third new pod ready at 90 s completes it: NewReplicaSetAvailable', time: 90, type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
  { name: 'the crashed pod leaves 2 of 3 available (maxUnavailable 0): Available=False at 200 s', time: 200, type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable' },
  // restarted at once (first restart: no back-off), ready on the 10 s readiness tick
  { name: 'its restart is ready 10 s later: Available=True at 210 s', time: 210, type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
];

test('exactly these condition transitions, in order', () => {
  assert.equal(r.conditions.map((c) => [c.time, c.type, c.status, c.reason]), rows.map((x) => [x.time, x.type, x.status, x.reason]));
});
for (const x of rows) {
  test(x.name, () => assert.ok(r.conditions.some((c) => c.time === x.time && c.type === x.type && c.status === x.status && c.reason === x.reason)));
}

test('killPods is a scenario action, not an Event; the restart has the kubelet’s own events', () => {
  assert.not.ok(r.events.some((e) => e.reason === 'ContainerDied'));
  assert.equal(r.actions.map((a) => [a.time, a.reason, a.message]), [[200, 'killPods', 'container api crashed (exit code 1)']]);
  const pod = r.actions[0]!.object;
  assert.equal(r.events.filter((e) => e.object === pod && e.time === 200).map((e) => e.reason), ['Pulled', 'Created', 'Started']);
});

test('no condition reason is recorded as an Event', () => {
  const reasons = new Set(r.conditions.map((c) => c.reason));
  assert.not.ok(r.events.some((e) => reasons.has(e.reason)));
});

test.run();
