/** ResourceQuota admission of one pod: upstream's message, only the exceeded resources, sorted. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseManifest } from '../../../src/k8s/api/manifests.js';
import type { Deployment, PodSpec, ResourceQuota } from '../../../src/k8s/api/types.js';
import { admitPod, usageOf } from '../../../src/k8s/quota/admission.js';

const quota = (hard: Record<string, string>): ResourceQuota =>
  parseManifest({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'compute' }, spec: { hard } }).object as ResourceQuota;
const podSpec = (resources: unknown): PodSpec =>
  (
    parseManifest({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api' },
      spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'api', image: 'x', resources }] } } },
    }).object as Deployment
  ).spec.template.spec;

const small = podSpec({ requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } });
const rows: { name: string; hard: Record<string, string>; running: number; spec?: PodSpec; want: string | null }[] = [
  { name: 'room left: admitted', hard: { pods: '3' }, running: 2, want: null },
  { name: 'pods full', hard: { pods: '3' }, running: 3, want: 'exceeded quota: compute, requested: pods=1, used: pods=3, limited: pods=3' },
  { name: 'count/pods full', hard: { 'count/pods': '1' }, running: 1, want: 'exceeded quota: compute, requested: count/pods=1, used: count/pods=1, limited: count/pods=1' },
  {
    name: 'requests.cpu and limits.memory both exceeded: both listed, sorted',
    hard: { 'requests.cpu': '1', 'limits.memory': '1Gi', pods: '10' },
    running: 4,
    want: 'exceeded quota: compute, requested: limits.memory=512Mi,requests.cpu=250m, used: limits.memory=2Gi,requests.cpu=1, limited: limits.memory=1Gi,requests.cpu=1',
  },
  { name: 'memory is the same as requests.memory', hard: { memory: '700Mi' }, running: 2, want: 'exceeded quota: compute, requested: memory=256Mi, used: memory=512Mi, limited: memory=700Mi' },
  { name: 'a quota on requests.cpu refuses a pod without a cpu request', hard: { 'requests.cpu': '10' }, running: 0, spec: podSpec({}), want: 'failed quota: compute: must specify requests.cpu' },
];
for (const r of rows) {
  test(`quota: ${r.name}`, () => {
    const used = usageOf(Array.from({ length: r.running }, () => small));
    assert.is(admitPod(r.spec ?? small, [quota(r.hard)], () => used), r.want);
  });
}

test('a hard limit kubesim cannot count is named in a warning', () => {
  const p = parseManifest({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: { services: '5', pods: '3' }, scopes: ['BestEffort'] } });
  assert.equal(p.warnings, ['spec.scopes: not modelled by kubesim; ignored', 'spec.hard[services]: not modelled by kubesim (it creates no objects of that kind while it runs); ignored']);
});

test.run();
