/** `--set` parsing and application: table rows named as sentences. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UserError } from '../../src/engine/errors.js';
import type { LoadedDocuments } from '../../src/scenario/load.js';
import { applySets, blameSet, formatPath, parseSetExpression } from '../../src/scenario/overrides.js';

const parseRows: { name: string; text: string; target: unknown; path: string; value: unknown }[] = [
  { name: 'a short kind name, a number value', text: 'deploy/api.spec.replicas=3', target: { kind: 'Deployment', name: 'api' }, path: 'spec.replicas', value: 3 },
  { name: 'kinds are case-insensitive and may be plural', text: 'Deployments/api.spec.paused=true', target: { kind: 'Deployment', name: 'api' }, path: 'spec.paused', value: true },
  { name: 'svc is a Service', text: 'svc/web.spec.type=NodePort', target: { kind: 'Service', name: 'web' }, path: 'spec.type', value: 'NodePort' },
  { name: 'hpa is a HorizontalPodAutoscaler', text: 'hpa/api.spec.maxReplicas=20', target: { kind: 'HorizontalPodAutoscaler', name: 'api' }, path: 'spec.maxReplicas', value: 20 },
  {
    name: 'list indices and a quantity string',
    text: 'deployment/api.spec.template.spec.containers[0].resources.requests.cpu=250m',
    target: { kind: 'Deployment', name: 'api' },
    path: 'spec.template.spec.containers[0].resources.requests.cpu',
    value: '250m',
  },
  { name: 'a quoted number stays a string', text: 'scenario.spec.seed="3"', target: { kind: 'Scenario' }, path: 'spec.seed', value: '3' },
  {
    name: 'a quoted key may hold dots, slashes and colons',
    text: 'scenario.spec.apps.api.versions["myrepo/api:1.3.0"].startupTime=40s',
    target: { kind: 'Scenario' },
    path: 'spec.apps.api.versions["myrepo/api:1.3.0"].startupTime',
    value: '40s',
  },
  { name: 'the value may hold "="', text: 'deploy/api.metadata.annotations.note=a=b', target: { kind: 'Deployment', name: 'api' }, path: 'metadata.annotations.note', value: 'a=b' },
  { name: 'a flow list is a list', text: 'scenario.spec.traffic.api=[{constant: 5}]', target: { kind: 'Scenario' }, path: 'spec.traffic.api', value: [{ constant: 5 }] },
  { name: 'an empty value removes the field', text: 'scenario.spec.slo=', target: { kind: 'Scenario' }, path: 'spec.slo', value: null },
  { name: 'a value that looks like a mapping stays a string', text: 'deploy/api.metadata.annotations.x=a: b', target: { kind: 'Deployment', name: 'api' }, path: 'metadata.annotations.x', value: 'a: b' },
];

for (const row of parseRows) {
  test(`parse: ${row.name}`, () => {
    const s = parseSetExpression(row.text);
    assert.equal(s.target, row.target);
    assert.is(formatPath(s.path), row.path);
    assert.equal(s.value, row.value);
  });
}

test('parse: with {list: true}, V1,V2 is an axis of values', () => {
  const s = parseSetExpression('deploy/api.spec.template.spec.containers[0].resources.requests.cpu=250m,500m,"1,5"', { list: true });
  assert.equal(s.values, ['250m', '500m', '1,5']);
  assert.equal(parseSetExpression('hpa/api.spec.maxReplicas=5,10', { list: true }).values, [5, 10]);
});

const badRows: { name: string; text: string; message: RegExp }[] = [
  { name: 'no "=" is malformed', text: 'deploy/api.spec.replicas', message: /^--set deploy\/api\.spec\.replicas: missing "=VALUE"/ },
  { name: 'no kind or scenario is malformed', text: 'replicas=3', message: /expected KIND\/NAME\.PATH=VALUE/ },
  { name: 'an unknown kind is named, with a suggestion', text: 'deploymnt/api.spec.replicas=3', message: /unknown kind "deploymnt" \(did you mean "deployment"\?/ },
  { name: 'a kind without a name', text: 'deploy/.spec.replicas=3', message: /missing object name/ },
  { name: 'a path without a field', text: 'deploy/api=3', message: /missing field path/ },
  { name: 'an empty path segment', text: 'deploy/api.spec..replicas=3', message: /empty field name/ },
  { name: 'an unclosed bracket', text: 'deploy/api.spec.containers[0=3', message: /missing "=VALUE"|unclosed/ },
];
for (const row of badRows) {
  test(`parse error: ${row.name}`, () => {
    try {
      parseSetExpression(row.text);
      assert.unreachable('should throw');
    } catch (e) {
      assert.instance(e, UserError);
      assert.match((e as Error).message, row.message);
    }
  });
}

function docs(): LoadedDocuments {
  const deployment = (name: string) => ({
    file: 'f.yaml',
    where: 'document 2',
    doc: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name }, spec: { replicas: 1, template: { spec: { containers: [{ name: 'a', image: 'x' }] } } } },
  });
  return {
    file: 'f.yaml',
    baseDir: '.',
    scenario: { file: 'f.yaml', where: 'document 1', doc: { apiVersion: 'kubesim/v1alpha1', kind: 'Scenario', metadata: { name: 's' }, spec: { duration: '1h' } } },
    manifests: [deployment('api'), deployment('api.v2')],
    warnings: [],
    seen: new Set(),
  };
}

const apply = (loaded: LoadedDocuments, ...texts: string[]) => applySets(loaded, texts.map((t) => parseSetExpression(t)));
const spec = (loaded: LoadedDocuments, i: number) => (loaded.manifests[i]!.doc as { spec: Record<string, unknown> }).spec;

test('apply: sets a value, creating missing mappings on the way', () => {
  const l = docs();
  apply(l, 'deploy/api.spec.replicas=4', 'deploy/api.spec.strategy.rollingUpdate.maxSurge=0', 'scenario.spec.seed=9');
  assert.is(spec(l, 0).replicas, 4);
  assert.equal(spec(l, 0).strategy, { rollingUpdate: { maxSurge: 0 } });
  assert.is((l.scenario.doc.spec as Record<string, unknown>).seed, 9);
});

test('apply: a name with dots takes the longest name that exists', () => {
  const l = docs();
  apply(l, 'deploy/api.v2.spec.replicas=7');
  assert.is(spec(l, 1).replicas, 7);
  assert.is(spec(l, 0).replicas, 1);
});

test('apply: null removes the field', () => {
  const l = docs();
  apply(l, 'deploy/api.spec.replicas=null');
  assert.not.ok('replicas' in spec(l, 0));
});

const applyErrors: { name: string; text: string; message: RegExp }[] = [
  { name: 'no object of that kind and name', text: 'deploy/apx.spec.replicas=1', message: /no Deployment named "apx" \(did you mean "api"\?/ },
  { name: 'no object of that kind at all', text: 'svc/api.spec.type=NodePort', message: /no Service named "api" \(the scenario has no Service\)/ },
  { name: 'an index out of range', text: 'deploy/api.spec.template.spec.containers[1].image=y', message: /containers\[1\]: index 1 is out of range \(the list has 1 item\)/ },
  { name: 'a path through a scalar', text: 'deploy/api.spec.replicas.x=1', message: /spec\.replicas is a number, not a mapping/ },
  { name: 'an index into a mapping', text: 'deploy/api.spec[0]=1', message: /spec is a mapping, not a list/ },
];
for (const row of applyErrors) {
  test(`apply error: ${row.name}`, () => {
    try {
      apply(docs(), row.text);
      assert.unreachable('should throw');
    } catch (e) {
      assert.instance(e, UserError);
      assert.ok((e as Error).message.startsWith(`--set ${row.text}: `), (e as Error).message);
      assert.match((e as Error).message, row.message);
    }
  });
}

test('blameSet: a validation error at a field a --set wrote names the --set', () => {
  const l = docs();
  const applied = apply(l, 'deploy/api.spec.minReplica=3');
  const e = new UserError('unknown field "spec.minReplica"', { file: 'f.yaml', path: 'Deployment/api: spec.minReplica' });
  assert.is(blameSet(e, applied).message, '--set deploy/api.spec.minReplica=3: Deployment/api: spec.minReplica: unknown field "spec.minReplica"');
  const other = new UserError('bad', { file: 'f.yaml', path: 'Deployment/api: spec.template' });
  assert.is(blameSet(other, applied), other, 'an error elsewhere is left alone');
});

test.run();
