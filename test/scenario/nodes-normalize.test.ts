/** Node pools, node events and PodDisruptionBudgets as the loader reads them. */
import { test } from 'uvu';
import { CLUSTER_AUTOSCALER_DEFAULTS } from '../../src/k8s/autoscaler/cluster-autoscaler.js';
import * as assert from 'uvu/assert';
import { UserError } from '../../src/engine/errors.js';
import { loadScenario } from '../../src/scenario/index.js';

const DEPLOYMENT = `
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  replicas: 2
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      nodeSelector: {pool: general}
      tolerations: [{key: dedicated, operator: Equal, value: api, effect: NoSchedule}]
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms: [{matchExpressions: [{key: zone, operator: In, values: [a, b]}]}]
          preferredDuringSchedulingIgnoredDuringExecution: [{weight: 1, preference: {matchExpressions: [{key: zone, operator: In, values: [a]}]}}]
      containers:
        - {name: api, image: example/api:1, resources: {requests: {cpu: 100m}}}
`;
const PDB = `
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: api}
spec: {minAvailable: 50%, selector: {matchLabels: {app: api}}}
`;
const scenario = (spec: string, manifests = DEPLOYMENT) =>
  `apiVersion: kubesim/v1alpha1\nkind: Scenario\nmetadata: {name: t}\nspec:\n  duration: 1h\n${spec
    .split('\n')
    .map((l) => (l ? `  ${l}` : l))
    .join('\n')}\n${manifests}`;
const load = (text: string) => loadScenario('-', { readStdin: async () => text });
async function rejects(text: string, message: RegExp): Promise<void> {
  await load(text).then(
    () => assert.unreachable(`expected an error matching ${message}`),
    (e: unknown) => {
      assert.instance(e, UserError);
      assert.match((e as Error).message, message);
    },
  );
}
const POOLS = `cluster:
  nodePools:
    - {name: general, allocatable: {cpu: 3920m, memory: 14Gi}, nodes: 3, pricePerHour: 0.192, labels: {pool: general}, taints: [{key: dedicated, value: api, effect: NoSchedule}]}`;

test('node pools get their defaults; scheduling fields and PDBs are read; preferred affinity is warned about', async () => {
  const s = await load(scenario(`${POOLS}\nevents:\n  - {at: 10m, nodeFailure: {node: general-2}}\n  - {at: 20m, drain: {node: general-3}}`, DEPLOYMENT + PDB));
  assert.equal(s.cluster.nodePools, [
    {
      name: 'general', allocatable: { cpuMilli: 3920, memoryBytes: 14 * 2 ** 30, pods: 110 }, nodes: 3, min: 0, max: 3,
      pricePerHour: 0.192, bootMs: 60_000, labels: { pool: 'general' }, taints: [{ key: 'dedicated', value: 'api', effect: 'NoSchedule' }],
    },
  ]);
  assert.equal(s.events.map((e) => [e.atMs, e.kind, 'node' in e ? e.node : '']), [[600_000, 'nodeFailure', 'general-2'], [1_200_000, 'drain', 'general-3']]);
  const sch = s.deployments[0]!.spec.template.spec.scheduling!;
  assert.equal(sch.nodeSelector, { pool: 'general' });
  assert.equal(sch.tolerations, [{ key: 'dedicated', operator: 'Equal', value: 'api', effect: 'NoSchedule', tolerationSeconds: null }]);
  assert.equal(sch.requiredNodeTerms, [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }], matchFields: [] }]);
  assert.equal(s.pdbs.map((p) => [p.metadata.name, p.spec.minAvailable, p.spec.maxUnavailable, p.spec.unhealthyPodEvictionPolicy]), [['api', '50%', null, 'IfHealthyBudget']]);
  assert.ok(s.warnings.some((w) => w.includes('preferredDuringSchedulingIgnoredDuringExecution') && w.includes('not modelled')), s.warnings.join('\n'));
});

test('bad node input: one clear message naming the field', async () => {
  const rows = [
    { name: 'a node event without pools', spec: 'events: [{at: 1m, nodeFailure: {node: general-1}}]', message: /spec\.events\[0\]\.nodeFailure: a node event needs spec\.cluster\.nodePools/ },
    { name: 'a node that does not exist', spec: `${POOLS}\nevents: [{at: 1m, drain: {node: general-4}}]`, message: /spec\.events\[0\]\.drain\.node: .*general-4/ },
    { name: 'a pool without allocatable memory', spec: 'cluster: {nodePools: [{name: a, allocatable: {cpu: 2}}]}', message: /spec\.cluster\.nodePools\[0\]\.allocatable\.memory/ },
    { name: 'min above max', spec: 'cluster: {nodePools: [{name: a, allocatable: {cpu: 2, memory: 4Gi}, min: 3, max: 2}]}', message: /spec\.cluster\.nodePools\[0\]\.min: expected min ≤ max/ },
    { name: 'two pools of one name', spec: 'cluster: {nodePools: [{name: a, allocatable: {cpu: 2, memory: 4Gi}}, {name: a, allocatable: {cpu: 2, memory: 4Gi}}]}', message: /nodePools\[1\]\.name: Duplicate value/ },
    { name: 'a misspelt pool field', spec: 'cluster: {nodePools: [{name: a, allocatable: {cpu: 2, memory: 4Gi}, pricePerHoure: 1}]}', message: /pricePerHour/ },
  ];
  for (const r of rows) await rejects(scenario(r.spec), r.message);
  await rejects(scenario('', DEPLOYMENT + PDB.replace('minAvailable: 50%', 'minAvailable: 1, maxUnavailable: 1')), /minAvailable and maxUnavailable cannot be both set/);
  await rejects(scenario('', DEPLOYMENT + PDB.replace('policy/v1', 'policy/v1beta1')), /policy\/v1/);
  await rejects(scenario('', DEPLOYMENT.replace('operator: Equal, value: api', 'operator: Exists, value: api')), /tolerations\[0\]\.operator.*value must be empty/);
});

test('a PodDisruptionBudget that protects nothing, or that no drain can meet, is warned about', async () => {
  const none = await load(scenario('', DEPLOYMENT + PDB.replace('{app: api}', '{app: web}')));
  assert.ok(none.warnings.some((w) => w.includes('spec.selector: matches the pods of no Deployment in its namespace')), none.warnings.join('\n'));
  const noPools = await load(scenario('', DEPLOYMENT + PDB));
  assert.ok(noPools.warnings.some((w) => w.includes('drains need spec.cluster.nodePools')), noPools.warnings.join('\n'));
  const fine = await load(scenario(POOLS, DEPLOYMENT + PDB));
  assert.not.ok(fine.warnings.some((w) => w.includes('PodDisruptionBudget')), fine.warnings.join('\n'));
});

test('nodeAutoscaler: ClusterAutoscaler with upstream defaults; it needs node pools', async () => {
  const s = await load(scenario(`${POOLS}\n  nodeAutoscaler: {kind: ClusterAutoscaler}`));
  assert.equal(s.cluster.nodeAutoscaler, { kind: 'ClusterAutoscaler', options: CLUSTER_AUTOSCALER_DEFAULTS });
  const t = await load(scenario(`${POOLS}\n  nodeAutoscaler: {kind: ClusterAutoscaler, scanInterval: 30s, expander: random}`));
  assert.equal(t.cluster.nodeAutoscaler, { kind: 'ClusterAutoscaler', options: { ...CLUSTER_AUTOSCALER_DEFAULTS, scanIntervalMs: 30_000, expander: 'random' } });
  await rejects(scenario('cluster: {nodeAutoscaler: {kind: ClusterAutoscaler}}'), /spec\.cluster\.nodeAutoscaler: a node autoscaler needs spec\.cluster\.nodePools/);
  await rejects(scenario(`${POOLS}\n  nodeAutoscaler: {kind: Karpenter, expander: random}`), /spec\.cluster\.nodeAutoscaler\.expander: expander is a ClusterAutoscaler setting, but kind is Karpenter/);
});


const NODEPOOL = `
---
apiVersion: karpenter.sh/v1
kind: NodePool
metadata: {name: default}
spec:
  template:
    spec:
      requirements: [{key: node.kubernetes.io/instance-type, operator: In, values: [general]}]
  disruption: {consolidationPolicy: WhenEmpty, consolidateAfter: 1m}
`;
const PLACEHOLDER = `
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: overprovisioning}
value: -1
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: placeholder}
spec:
  selector: {matchLabels: {app: placeholder}}
  template:
    metadata: {labels: {app: placeholder}}
    spec:
      priorityClassName: overprovisioning
      containers: [{name: pause, image: registry.k8s.io/pause:3.9, resources: {requests: {cpu: 500m}}}]
`;

test('karpenter.sh/v1 NodePool manifests reach the scenario; without kind: Karpenter they are named in a warning', async () => {
  const s = await load(scenario(`${POOLS}\n  nodeAutoscaler: {kind: Karpenter}`, DEPLOYMENT + NODEPOOL));
  assert.equal(s.karpenterNodePools.map((p) => [p.name, p.instanceTypes, p.consolidationPolicy, p.consolidateAfterMs]), [['default', ['general'], 'WhenEmpty', 60_000]]);
  assert.equal(s.cluster.nodeAutoscaler?.kind, 'Karpenter');
  const t = await load(scenario(`${POOLS}\n  nodeAutoscaler: {kind: ClusterAutoscaler}`, DEPLOYMENT + NODEPOOL));
  assert.ok(t.warnings.some((w) => /NodePool is read only with spec\.cluster\.nodeAutoscaler\.kind: Karpenter/.test(w)), t.warnings.join('\n'));
});

test('a pod template gets its PriorityClass value and preemption policy (the Priority admission plugin); an unknown class is an error', async () => {
  const s = await load(scenario(POOLS, DEPLOYMENT + PLACEHOLDER));
  const spec = (name: string) => s.deployments.find((d) => d.metadata.name === name)!.spec.template.spec;
  assert.equal([spec('placeholder').priority, spec('placeholder').preemptionPolicy], [-1, 'PreemptLowerPriority']);
  // a scenario with classes resolves every template: no class and no globalDefault → 0
  assert.equal([spec('api').priority, spec('api').preemptionPolicy], [0, 'PreemptLowerPriority']);
  await rejects(scenario(POOLS, DEPLOYMENT + PLACEHOLDER.replace('priorityClassName: overprovisioning', 'priorityClassName: nope')), /no PriorityClass with name nope was found/);
  const none = await load(scenario('', DEPLOYMENT + PLACEHOLDER));
  assert.ok(none.warnings.some((w) => /priorities act through the scheduler's preemption/.test(w)), none.warnings.join('\n'));
});

test('node pool boot time: a preset, or the lognormal through bootTime and bootTimeP90; a preset with bootTime is an error', async () => {
  const pools = (extra: string) => `cluster:\n  nodePools:\n    - {name: general, allocatable: {cpu: "2", memory: 8Gi}, nodes: 1, ${extra}}`;
  const a = await load(scenario(pools('bootTimePreset: eks-karpenter')));
  assert.equal(a.cluster.nodePools[0]!.bootTime, { kind: 'lognormal', p50Ms: 40_000, p90Ms: 100_000, preset: 'eks-karpenter' });
  const b = await load(scenario(pools('bootTime: 50s, bootTimeP90: 80s')));
  assert.equal(b.cluster.nodePools[0]!.bootTime, { kind: 'lognormal', p50Ms: 50_000, p90Ms: 80_000, preset: null });
  const c = await load(scenario(pools('bootTime: 50s')));
  assert.is(c.cluster.nodePools[0]!.bootTime, undefined);
  await rejects(scenario(pools('bootTime: 50s, bootTimePreset: aks')), /nodePools\[0\]\.bootTimePreset: bootTimePreset replaces bootTime/);
  await rejects(scenario(pools('bootTime: 50s, bootTimeP90: 40s')), /expected bootTimeP90 ≥ bootTime/);
});


test('--set reaches the node autoscaler field table (what a sweep axis of scaleDownUnneededTime does)', async () => {
  const text = scenario(`${POOLS}\n  nodeAutoscaler: {kind: ClusterAutoscaler}`);
  const s = await loadScenario('-', { readStdin: async () => text, sets: ['scenario.spec.cluster.nodeAutoscaler.scaleDownUnneededTime=2m'] });
  assert.equal(s.cluster.nodeAutoscaler, { kind: 'ClusterAutoscaler', options: { ...CLUSTER_AUTOSCALER_DEFAULTS, scaleDownUnneededTimeMs: 120_000 } });
  await loadScenario('-', { readStdin: async () => text, sets: ['scenario.spec.cluster.nodeAutoscaler.batchIdleDuration=2s'] }).then(
    () => assert.unreachable('a Karpenter field under kind ClusterAutoscaler'),
    (e: unknown) => assert.match((e as Error).message, /batchIdleDuration is a Karpenter setting, but kind is ClusterAutoscaler/),
  );
});

test.run();
