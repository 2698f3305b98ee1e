/** karpenter.sh/v1 NodePool and scheduling.k8s.io/v1 PriorityClass manifests: defaults, patterns, warnings, priority admission. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { readNodePool } from '../../../src/k8s/api/manifest-nodepool.js';
import { checkGlobalDefault, readPriorityClass, resolvePriority } from '../../../src/k8s/api/manifest-priorityclass.js';

const np = (spec: string) => parse(`apiVersion: karpenter.sh/v1
kind: NodePool
metadata: {name: default}
spec:
${spec}`);
const minimal = `  template:
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
      requirements: []`;

const errorOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

test('a minimal NodePool gets upstream defaults', () => {
  const w: string[] = [];
  const p = readNodePool(np(minimal), w).policy;
  assert.equal(p, {
    name: 'default', weight: null, instanceTypes: null, limits: {}, consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfterMs: 0,
    budgets: [{ nodes: '10%', reasons: null }], expireAfterMs: 720 * 3600_000,
  });
  assert.equal(w, ['spec.template.spec.nodeClassRef: the node class is the cloud\'s; kubesim takes node shapes and prices from spec.cluster.nodePools']);
});

test('a full NodePool: instance types, disruption, limits, weight, expireAfter Never', () => {
  const w: string[] = [];
  const p = readNodePool(np(`  weight: 10
  limits: {cpu: "100", memory: 400Gi}
  disruption:
    consolidationPolicy: WhenEmpty
    consolidateAfter: 5m
    budgets: [{nodes: "2"}, {nodes: "0", reasons: [Underutilized]}]
  template:
    spec:
      expireAfter: Never
      requirements:
        - {key: node.kubernetes.io/instance-type, operator: In, values: [m5.large, m5.xlarge]}
        - {key: karpenter.sh/capacity-type, operator: In, values: [spot]}`), w).policy;
  assert.equal(p.instanceTypes, ['m5.large', 'm5.xlarge']);
  assert.equal(p.limits, { cpuMilli: 100_000, memoryBytes: 400 * 1024 ** 3 });
  assert.is(p.consolidationPolicy, 'WhenEmpty');
  assert.is(p.consolidateAfterMs, 300_000);
  assert.equal(p.budgets, [{ nodes: 2, reasons: null }, { nodes: 0, reasons: ['Underutilized'] }]);
  assert.is(p.expireAfterMs, null);
  assert.is(p.weight, 10);
  assert.ok(w.some((m) => m.includes('karpenter.sh/capacity-type In is not modelled')));
});

const bad: [string, string, string][] = [
  ['consolidateAfter in ms is outside the pattern', `  disruption: {consolidateAfter: 500ms}\n${minimal}`, 'spec.disruption.consolidateAfter: Invalid value: "500ms"'],
  ['an unknown consolidation policy', `  disruption: {consolidationPolicy: Always}\n${minimal}`, 'spec.disruption.consolidationPolicy: Unsupported value: "Always"'],
  ['a budget of 150 %', `  disruption: {budgets: [{nodes: "150%"}]}\n${minimal}`, 'spec.disruption.budgets[0].nodes: Invalid value: "150%"'],
  ['weight 0', `  weight: 0\n${minimal}`, 'spec.weight: Invalid value: 0'],
  ['a misspelt field', `  disruptoin: {}\n${minimal}`, 'spec.disruptoin'],
];
for (const [name, spec, want] of bad) test(`NodePool error: ${name}`, () => assert.ok(errorOf(() => readNodePool(np(spec), [])).startsWith(want), errorOf(() => readNodePool(np(spec), []))));

test('a budget schedule is warned about and treated as always active', () => {
  const w: string[] = [];
  readNodePool(np(`  disruption: {budgets: [{nodes: "0", schedule: "0 9 * * mon-fri", duration: 8h}]}\n${minimal}`), w);
  assert.ok(w.some((m) => m.startsWith('spec.disruption.budgets[0].schedule: budget schedules are not modelled')));
});

const pc = (body: string) => parse(`apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: overprovisioning}\n${body}`);

test('PriorityClass: value, default preemption policy, globalDefault false', () => {
  const c = readPriorityClass(pc('value: -1\ndescription: placeholder pods'), []);
  assert.equal([c.value, c.preemptionPolicy, c.globalDefault], [-1, 'PreemptLowerPriority', false]);
});

test('PriorityClass: a user value above 1e9 is forbidden', () => {
  assert.is(errorOf(() => readPriorityClass(pc('value: 1000000001'), [])), 'value: Forbidden: maximum allowed value of a user defined priority is 1000000000');
});

test('priority admission: class value; global default; 0; system classes; unknown class', () => {
  const ph = readPriorityClass(pc('value: -1'), []);
  const dflt = readPriorityClass(parse('apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: normal}\nvalue: 100\nglobalDefault: true\npreemptionPolicy: Never'), []);
  assert.equal(resolvePriority('overprovisioning', [ph]), { priority: -1, preemptionPolicy: 'PreemptLowerPriority' });
  assert.equal(resolvePriority(null, [ph, dflt]), { priority: 100, preemptionPolicy: 'Never' });
  assert.equal(resolvePriority(null, [ph]), { priority: 0, preemptionPolicy: 'PreemptLowerPriority' });
  assert.is(resolvePriority('system-node-critical', []).priority, 2_000_001_000);
  assert.ok(errorOf(() => resolvePriority('missing', [ph])).endsWith('no PriorityClass with name missing was found'));
  assert.not.throws(() => checkGlobalDefault([ph, dflt]));
  assert.throws(() => checkGlobalDefault([dflt, dflt]));
});

test.run();
