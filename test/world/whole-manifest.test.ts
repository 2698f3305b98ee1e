/**
 * The whole manifest, end to end (issue 15): sidecars, memory, a leaking container, two namespaces, a quota and
 * an autoscaling/v1 HPA, each against the outcome computed by hand in the comments.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UserError } from '../../src/engine/errors.js';
import { loadScenario } from '../../src/scenario/index.js';
import { simulate } from '../../src/world/simulate.js';
import type { RunResult } from '../../src/results/types.js';

const doc = (spec: string, manifests: string, opts: { namespace?: string } = {}) =>
  loadScenario('-', {
    readStdin: async () =>
      `apiVersion: kubesim/v1alpha1\nkind: Scenario\nmetadata: {name: t}\nspec:\n${spec
        .trim()
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n')}\n${manifests}`,
    ...opts,
  });

const deploymentYaml = (o: { name?: string; ns?: string; replicas?: number; containers: string; init?: string }) => `
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${o.name ?? 'api'}${o.ns ? `, namespace: ${o.ns}` : ''}}
spec:
  replicas: ${o.replicas ?? 2}
  selector: {matchLabels: {app: ${o.name ?? 'api'}}}
  template:
    metadata: {labels: {app: ${o.name ?? 'api'}}}
    spec:
${o.init ? `      initContainers:\n${o.init}\n` : ''}      containers:
${o.containers}
`;
const serviceYaml = (ns?: string) => `
---
apiVersion: v1
kind: Service
metadata: {name: api${ns ? `, namespace: ${ns}` : ''}}
spec: {selector: {app: api}, ports: [{port: 80}]}
`;
const hpaYaml = (metric: string, o: { ns?: string; v1?: string } = {}) =>
  o.v1 !== undefined
    ? `
---
apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: {name: api${o.ns ? `, namespace: ${o.ns}` : ''}}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: 2
  maxReplicas: 10
${o.v1}`
    : `
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: api${o.ns ? `, namespace: ${o.ns}` : ''}}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: 2
  maxReplicas: 10
  metrics: [${metric}]
`;
const cpuMetric = (pct: number) => `{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: ${pct}}}}`;
const API_100M = `        - {name: api, image: example/api:1, resources: {requests: {cpu: 100m, memory: 128Mi}}}`;

/** Replicas the Deployment asks for at the end, and its ready pods in the last row. */
function finalReplicas(r: RunResult, column: string): number {
  const col = r.timeseries.columns[column]!;
  return col[r.timeseries.length - 1]!;
}

/** The ready pods of the (first) ReplicaSet named `<prefix>…` in the last row (revisions.csv: no entry is 0). */
function finalReady(r: RunResult, prefix: string): number {
  const rev = r.revisions;
  const id = rev.names.findIndex((n) => n.startsWith(prefix));
  assert.ok(id >= 0, `no ReplicaSet ${prefix}…`);
  let ready = 0;
  for (let i = 0; i < rev.length; i++) if (rev.row[i] === r.timeseries.length - 1 && rev.revision[i] === id) ready = rev.ready[i]!;
  return ready;
}

test('a sidecar counts in the HPA: (api 100m + proxy 50m) / (200m + 50m) = 60 % > 50 % → 3 pods, where the app container alone (50 %) would stay at 2', async () => {
  // 200 rps over 2 pods: the app spends 1 ms/request → 100m; the proxy 0.5 ms/request → 50m.
  // With 3 pods: 66.7 rps each → (66.7m + 33.3m) / 250m = 40 % → ratio 0.8 → ceil(0.8 × 3) = 3: stays.
  const s = await doc(
    `duration: 10m
apps:
  api: {cpuPerRequest: 1ms, sidecars: {proxy: {cpuPerRequest: 500us}}}
traffic: {api: [{constant: 200}]}`,
    deploymentYaml({
      containers: `        - {name: api, image: example/api:1, resources: {requests: {cpu: 200m, memory: 256Mi}}}`,
      init: `        - {name: proxy, image: envoy:1, restartPolicy: Always, resources: {requests: {cpu: 50m, memory: 64Mi}}}`,
    }) +
      serviceYaml() +
      hpaYaml(cpuMetric(50)),
  );
  const r = simulate(s);
  assert.is(finalReplicas(r, 'desired_replicas'), 3);
  assert.is(finalReplicas(r, 'ready_pods'), 3);
  assert.is(r.events.find((e) => e.reason === 'SuccessfulRescale')?.message, 'New size: 3; reason: cpu resource utilization (percentage of request) above target');
});

test('ContainerResource reads one container: the proxy at 50m of 50m = 100 % against 50 % → 4 pods (the pod total would give 3)', async () => {
  // 200 rps over 2 pods, proxy 0.5 ms/request → 50m each = 100 % → ratio 2 → 4; at 4 pods 25m = 50 %: stays.
  const s = await doc(
    `duration: 10m
apps:
  api: {cpuPerRequest: 1ms, sidecars: {proxy: {cpuPerRequest: 500us}}}
traffic: {api: [{constant: 200}]}`,
    deploymentYaml({
      containers: `        - {name: api, image: example/api:1, resources: {requests: {cpu: 200m, memory: 256Mi}}}`,
      init: `        - {name: proxy, image: envoy:1, restartPolicy: Always, resources: {requests: {cpu: 50m, memory: 64Mi}}}`,
    }) +
      serviceYaml() +
      hpaYaml(`{type: ContainerResource, containerResource: {name: cpu, container: proxy, target: {type: Utilization, averageUtilization: 50}}}`),
  );
  assert.equal(s.warnings, []);
  assert.is(finalReplicas(simulate(s), 'ready_pods'), 4);
});

test('a sidecar is part of the cost: 2 pods × (200m + 50m) and (256Mi + 64Mi) for 1 h = 0.5 core-hours, 0.625 GiB-hours', async () => {
  const s = await doc(
    `duration: 1h
traffic: {api: [{constant: 10}]}`,
    deploymentYaml({
      containers: `        - {name: api, image: example/api:1, resources: {requests: {cpu: 200m, memory: 256Mi}}}`,
      init: `        - {name: proxy, image: envoy:1, restartPolicy: Always, resources: {requests: {cpu: 50m, memory: 64Mi}}}
        - {name: migrate, image: example/migrate:1, resources: {requests: {cpu: 100m, memory: 1Gi}}}`,
    }) + serviceYaml(),
  );
  const r = simulate(s);
  // the ordinary init container runs alone after the proxy started: its step is 100m + 50m, 1Gi + 64Mi;
  // the pod asks max(250m, 150m) = 250m of CPU and max(320Mi, 1088Mi) = 1088Mi of memory (the scheduler's count)
  assert.is(r.summary.cost.cpuCoreHours, 0.5);
  assert.is(r.summary.cost.memoryGiBHours, (2 * 1088) / 1024);
});

test('a memory HPA scales on the working set: 2 → 3 → 4 pods as (100Mi + 2Mi × in flight + proxy 20Mi) / 320Mi falls to 43 %', async () => {
  // in flight per pod = 400 rps / n × 100 ms; pod working set = 100Mi + 2Mi × in flight + 20Mi; request 320Mi.
  // n=2: 20 in flight → 160Mi → 50 % → ratio 1.25 → 3;  n=3: 13.3 → 146.7Mi → 45 % → 1.125 → 4;
  // n=4: 10 → 140Mi → 43 % → 1.075, within the 10 % tolerance: stays at 4.
  const s = await loadScenario('scenarios/sidecar-memory.yaml');
  const r = simulate(s);
  const rescales = r.events.filter((e) => e.reason === 'SuccessfulRescale');
  assert.equal(
    rescales.map((e) => [e.time, e.message]),
    [
      // metrics-server at 15 s: the first sync (15 s) sees the first scrape; the pod created then has no rate at
      // the 30 s scrape (started at the instant of the 15 s one: no earlier point, and not younger than one
      // resolution) and one at 45 s
      [15, 'New size: 3; reason: memory resource utilization (percentage of request) above target'],
      [45, 'New size: 4; reason: memory resource utilization (percentage of request) above target'],
    ],
  );
  assert.is(finalReady(r, 'api-'), 4);
  // cost: api 2 pods × 5h + one from 15 s + one from 45 s, × (250m, 320Mi); worker 1 × 5h × (100m, 128Mi)
  const apiPodHours = 2 * 5 + (5 - 15 / 3600) + (5 - 45 / 3600);
  assert.ok(Math.abs(r.summary.cost.cpuCoreHours - (0.25 * apiPodHours + 0.1 * 5)) < 1e-9);
  assert.ok(Math.abs(r.summary.cost.memoryGiBHours - ((320 / 1024) * apiPodHours + (128 / 1024) * 5)) < 1e-9);
});

test('a leaking container is OOMKilled when 100Mi + 50Mi/h passes its 200Mi limit: 2 h (+1 ms) after each start', async () => {
  const s = await loadScenario('scenarios/sidecar-memory.yaml');
  const r = simulate(s);
  const ooms = r.events.filter((e) => e.reason === 'OOMKilled');
  assert.equal(ooms.map((e) => e.time), [7200.001, 14400.002]);
  assert.ok(ooms.every((e) => e.object.startsWith('pod/worker-')));
  assert.is(r.summary.oomKills, 2);
  assert.is(r.summary.restarts, 2);
});

test('two namespaces: each Service routes to its own pods and each HPA scales its own Deployment (staging 2, production 8)', async () => {
  // 1 ms per request, 100m requested. staging: 100 rps / 2 = 50m = 50 %: stays 2. production: 400 rps / 2 = 200 %
  // → ratio 4, limited to max(2 × 2, 4) = 4 → then 100 % → 8 → 50 %: stays 8.
  const manifests = ['staging', 'production'].map((ns) => deploymentYaml({ ns, containers: API_100M }) + serviceYaml(ns) + hpaYaml(cpuMetric(50), { ns })).join('');
  const s = await doc(
    `duration: 10m
apps: {staging/api: {cpuPerRequest: 1ms}, production/api: {cpuPerRequest: 1ms}}
traffic: {staging/api: [{constant: 100}], production/api: [{constant: 400}]}`,
    manifests,
  );
  const r = simulate(s);
  assert.is(finalReady(r, 'staging/'), 2);
  assert.is(finalReady(r, 'production/'), 8);
  assert.ok(r.events.some((e) => e.object === 'production/horizontalpodautoscaler/api' && e.reason === 'SuccessfulRescale'));
  assert.not.ok(r.events.some((e) => e.object === 'staging/horizontalpodautoscaler/api' && e.reason === 'SuccessfulRescale'));
  assert.ok(r.events.some((e) => e.reason === 'Scheduled' && e.message.startsWith('Successfully assigned production/api-')));
});

test('the same manifests applied with -n staging and -n production are not duplicates', async () => {
  const one = deploymentYaml({ containers: API_100M }) + serviceYaml();
  const s = await doc('duration: 1m\ntraffic: {api: [{constant: 10}]}', one, { namespace: 'staging' });
  assert.equal(s.deployments.map((d) => d.metadata.namespace), ['staging']);
  assert.equal(Object.keys(s.traffic), ['staging/api'], 'a bare name means the only object of that name');
  const both = one + deploymentYaml({ ns: 'production', containers: API_100M });
  const err = await doc('duration: 1m', both, { namespace: 'staging' }).catch((e: unknown) => e);
  assert.instance(err, UserError);
  assert.match((err as UserError).message, /the namespace from the provided object "production" does not match the namespace "staging"/);
});

test('--set names an object as KIND/namespace/name', async () => {
  const s = await loadScenario('scenarios/namespaces.yaml', { sets: ['hpa/production/api.spec.maxReplicas=5'] });
  assert.equal(s.hpas.map((h) => [h.metadata.namespace, h.spec.maxReplicas]), [['staging', 10], ['production', 5]]);
});

test('a bare name that two namespaces (and not default) hold must be written namespace/name', async () => {
  const manifests = ['staging', 'production'].map((ns) => deploymentYaml({ ns, containers: API_100M })).join('');
  const err = await doc('duration: 1m\ntraffic: {api: [{constant: 1}]}', manifests).catch((e: unknown) => e);
  assert.instance(err, UserError);
  assert.match((err as UserError).message, /spec\.traffic\.api: "api" names production\/api and staging\/api; write namespace\/name/);
});

test('a ResourceQuota of 3 pods stops the HPA at 3: FailedCreate in upstream words, and the summary says why', async () => {
  const s = await loadScenario('scenarios/namespaces.yaml');
  const r = simulate(s);
  assert.is(finalReady(r, 'staging/'), 3);
  const failed = r.events.filter((e) => e.reason === 'FailedCreate');
  assert.is(failed.length, 1, 'one event row per refusal streak (the API server folds the repeats)');
  assert.is(failed[0]!.object, 'staging/replicaset/api-7656844b68');
  assert.match(failed[0]!.message, /^Error creating: pods "api-7656844b68-[a-z0-9]{5}" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=3, limited: pods=3$/);
  const q = r.summary.quota!;
  assert.is(q.length, 1);
  assert.is(q[0]!.replicaSet, 'staging/api-7656844b68');
  assert.is(q[0]!.firstRefusedAt, 15);
  assert.ok(q[0]!.refusedCreates > 1, 'retried with the work queue back-off');
});

test('an autoscaling/v1 HPA: targetCPUUtilizationPercentage 50 → 4 pods; absent → the 80 % default → 3 pods', async () => {
  // 180 rps over 2 pods, 1 ms each: 90m of 100m = 90 %. At 50 %: ratio 1.8 → 4 → 45 %: stays.
  // At 80 %: ratio 1.125 → ceil(2.25) = 3 → 60 % → ratio 0.75 → ceil(2.25) = 3: stays.
  for (const [v1, want] of [['  targetCPUUtilizationPercentage: 50', 4], ['', 3]] as const) {
    const s = await doc(
      `duration: 10m
apps: {api: {cpuPerRequest: 1ms}}
traffic: {api: [{constant: 180}]}`,
      deploymentYaml({ containers: API_100M }) + serviceYaml() + hpaYaml('', { v1 }),
    );
    assert.equal(s.hpas[0]!.spec.metrics, [{ type: 'Resource', name: 'cpu', target: { type: 'Utilization', averageUtilization: v1 ? 50 : 80 } }]);
    assert.is(finalReplicas(simulate(s), 'ready_pods'), want, v1 || 'default');
  }
});

test('a rollout of the sidecar completes like any other', async () => {
  const s = await doc(
    `duration: 10m
traffic: {api: [{constant: 10}]}
events: [{at: 1m, rollout: {deployment: api, container: proxy, image: envoy:2}}]`,
    deploymentYaml({
      containers: `        - {name: api, image: example/api:1, resources: {requests: {cpu: 100m}}}`,
      init: `        - {name: proxy, image: envoy:1, restartPolicy: Always, resources: {requests: {cpu: 50m}}}`,
    }) + serviceYaml(),
  );
  const r = simulate(s);
  assert.is(r.summary.rollouts.length, 1);
  assert.is(r.summary.rollouts[0]!.image, 'envoy:2');
  assert.is(r.summary.rollouts[0]!.completedAt, 60, 'new pods are ready at once: the rollout completes at 60 s');
});

test('External metrics read the scenario\'s named series matched by selector; a metric with no series is a load-time warning', async () => {
  // queue length 300 for queue=orders, AverageValue 50 per pod → 300 / 50 = 6 pods (from 2: limited to 4, then 6)
  const external = (sel: string) => `{type: External, external: {metric: {name: queue_length, selector: {matchLabels: {queue: ${sel}}}}, target: {type: AverageValue, averageValue: "50"}}}`;
  const spec = `duration: 10m
traffic: {api: [{constant: 10}]}
metrics:
  - {name: queue_length, labels: {queue: orders}, value: [{constant: 300}]}
  - {name: queue_length, labels: {queue: emails}, value: [{constant: 10000}]}`;
  const s = await doc(spec, deploymentYaml({ containers: API_100M }) + serviceYaml() + hpaYaml(external('orders')));
  assert.equal(s.warnings, []);
  assert.is(finalReplicas(simulate(s), 'ready_pods'), 6);
  const none = await doc(spec, deploymentYaml({ containers: API_100M }) + serviceYaml() + hpaYaml(external('payments')));
  assert.equal(none.warnings, [
    '<stdin>: HorizontalPodAutoscaler/api: spec.metrics[0]: External metric "queue_length" can never get a sample in kubesim (no spec.metrics series named "queue_length" whose labels match metric.selector); the HPA will report it invalid every sync and will not scale down',
  ]);
});

test('Pods metrics: requests_per_second per pod from the built-in series (AverageValue 40 at 200 rps → 5 pods)', async () => {
  const s = await doc(
    `duration: 10m
traffic: {api: [{constant: 200}]}`,
    deploymentYaml({ containers: API_100M }) + serviceYaml() + hpaYaml(`{type: Pods, pods: {metric: {name: requests_per_second}, target: {type: AverageValue, averageValue: "40"}}}`),
  );
  assert.equal(s.warnings, []);
  assert.is(finalReplicas(simulate(s), 'ready_pods'), 5);
});

test('validate names what kubesim cannot model: a memory HPA without a memory model, a sidecar memory limit', async () => {
  const s = await doc(
    `duration: 1m
apps: {api: {sidecars: {proxy: {memoryLeakPerHour: 10Mi}}}}`,
    deploymentYaml({
      containers: `        - {name: api, image: example/api:1, resources: {requests: {cpu: 100m, memory: 128Mi}}}`,
      init: `        - {name: proxy, image: envoy:1, restartPolicy: Always, resources: {requests: {cpu: 50m, memory: 64Mi}, limits: {memory: 64Mi}}}`,
    }) + hpaYaml(`{type: Resource, resource: {name: memory, target: {type: Utilization, averageUtilization: 50}}}, {type: Resource, resource: {name: ephemeral-storage, target: {type: AverageValue, averageValue: 1Gi}}}`),
  );
  assert.equal(s.warnings, [
    "<stdin>: spec.apps.api.sidecars.proxy: a sidecar's memory limit is not enforced by kubesim (only the serving container is OOMKilled)",
    '<stdin>: HorizontalPodAutoscaler/api: spec.metrics[1]: Resource metric "ephemeral-storage" can never get a sample in kubesim (metrics-server reports cpu and memory only); the HPA will report it invalid every sync and will not scale down',
  ]);
  const bare = await doc('duration: 1m', deploymentYaml({ containers: API_100M }) + hpaYaml(`{type: Resource, resource: {name: memory, target: {type: Utilization, averageUtilization: 50}}}`));
  assert.equal(bare.warnings, [
    '<stdin>: HorizontalPodAutoscaler/api: spec.metrics[0]: the pods\' working set is 0 (set spec.apps.api.memory, memoryPerRequest or memoryLeakPerHour), so this metric reads 0',
  ]);
});

test.run();
