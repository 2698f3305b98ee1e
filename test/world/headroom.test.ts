/** Headroom end to end: a low-priority placeholder pod is preempted for a real one, and the node autoscaler adds a node for it. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenario } from '../../src/scenario/index.js';
import { simulate } from '../../src/world/simulate.js';

const yaml = (scale: boolean) => `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: headroom}
spec:
  duration: 10m
  cluster:
    nodePools:
      - {name: general, allocatable: {cpu: 1000m, memory: 4Gi}, nodes: 1, max: 3, pricePerHour: 0.1, bootTime: 60s}
    nodeAutoscaler: {kind: ClusterAutoscaler}
  apps:
    api: {shutdownTime: 2s}
    overprovisioning: {shutdownTime: 0s}
  traffic:
    api: [{constant: 10}]
${scale ? '  events:\n    - {at: 5m, scale: {deployment: api, replicas: 2}}\n' : ''}---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: overprovisioning}
value: -1
description: placeholder pods
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: overprovisioning}
spec:
  replicas: 1
  selector: {matchLabels: {app: overprovisioning}}
  template:
    metadata: {labels: {app: overprovisioning}}
    spec:
      priorityClassName: overprovisioning
      containers:
        - name: pause
          image: registry.k8s.io/pause:3.9
          resources: {requests: {cpu: 500m, memory: 128Mi}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  replicas: 1
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: api
          image: myrepo/api:1.2.3
          resources: {requests: {cpu: 400m, memory: 128Mi}}
`;

const run = async (scale: boolean) => simulate(await loadScenario('-', { readStdin: async () => yaml(scale) }));
const rows = (r: Awaited<ReturnType<typeof run>>, reasons: string[]) =>
  r.events.filter((e) => reasons.includes(e.reason)).map((e) => [e.time, e.object.replace(/-\w+-\w{5}$/, ''), e.reason, e.message.replace(/(api|overprovisioning)-\w+-\w{5}/g, '$1-POD')]);

test('a placeholder pod is preempted at once for a real pod; its replacement triggers the scale-up; the real pod never waits for a node', async () => {
  const r = await run(true);
  assert.equal(rows(r, ['Preempted', 'TriggeredScaleUp', 'NodeReady']), [
    // 300 s: the second api pod fits nowhere (400m + 500m + 400m > 1000m); the placeholder (priority -1) gives way
    [300, 'pod/overprovisioning', 'Preempted', 'Preempted by pod default/api-POD on node general-1'],
    // 310 s: the next scan finds the placeholder's replacement Pending and adds a node for it; Ready at 370 s
    [310, 'pod/overprovisioning', 'TriggeredScaleUp', 'pod triggered scale-up: [{general 1->2 (max: 3)}]'],
    [370, 'node/general-2', 'NodeReady', 'Node general-2 status is now: NodeReady'],
  ]);
  const scheduled = r.events.filter((e) => e.reason === 'Scheduled' && e.time >= 300).map((e) => [e.time, e.message.replace(/(api|overprovisioning)-\w+-\w{5}/g, '$1-POD')]);
  // the placeholder is gone at once (no shutdown time); the api pod, nominated to general-1, is retried after its
  // 1 s back-off (one failed attempt) and binds at 301 s; the new placeholder binds on the new node
  assert.equal(scheduled, [
    [301, 'Successfully assigned default/api-POD to general-1'],
    [370, 'Successfully assigned default/overprovisioning-POD to general-2'],
  ]);
});

test('without a surge the placeholder holds its room and nothing is added', async () => {
  const r = await run(false);
  assert.is(r.events.filter((e) => ['Preempted', 'TriggeredScaleUp'].includes(e.reason)).length, 0);
  assert.equal([r.summary.nodes!.min, r.summary.nodes!.max], [1, 1]);
});

test.run();
