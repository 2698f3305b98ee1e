/** What a pod asks for: the scheduler's count (init containers as max), the HPA's sum and its missing-request error. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hpaPodRequest, podLimits, podRequests } from '../../../src/k8s/api/resources.js';
import type { Container, PodSpec, ResourceQuantity } from '../../../src/k8s/api/types.js';

const q = (milli: number): ResourceQuantity => ({ text: `${milli}m`, canonical: `${milli}m`, milli, value: Math.ceil(milli / 1000) });
const c = (name: string, cpu?: number, o: { sidecar?: boolean; limit?: number } = {}): Container => ({
  name,
  image: 'x',
  ports: [],
  resources: { requests: cpu === undefined ? {} : { cpu: q(cpu) }, limits: o.limit === undefined ? {} : { cpu: q(o.limit) } },
  readinessProbe: null,
  livenessProbe: null,
  startupProbe: null,
  lifecycle: { preStop: null },
  ...(o.sidecar ? { restartPolicy: 'Always' as const } : {}),
});
const pod = (containers: Container[], initContainers: Container[] = []): PodSpec => ({
  containers,
  ...(initContainers.length ? { initContainers } : {}),
  restartPolicy: 'Always',
  terminationGracePeriodSeconds: 30,
});

const rows: { name: string; spec: PodSpec; cpu: number | undefined }[] = [
  { name: 'one container: its request', spec: pod([c('a', 100)]), cpu: 100 },
  { name: 'two containers are summed', spec: pod([c('a', 100), c('b', 50)]), cpu: 150 },
  { name: 'a limit without a request is the request (SetDefaults_Pod)', spec: pod([c('a', undefined, { limit: 300 })]), cpu: 300 },
  { name: 'a sidecar adds to the containers', spec: pod([c('a', 100)], [c('proxy', 50, { sidecar: true })]), cpu: 150 },
  { name: 'a bigger ordinary init container wins (max of init, sum)', spec: pod([c('a', 100)], [c('init', 500)]), cpu: 500 },
  { name: 'an init container after a sidecar runs beside it: its step adds the sidecar', spec: pod([c('a', 100)], [c('proxy', 50, { sidecar: true }), c('init', 120)]), cpu: 170 },
  { name: 'an init container before the sidecar runs alone', spec: pod([c('a', 100)], [c('init', 120), c('proxy', 50, { sidecar: true })]), cpu: 150 },
  { name: 'nothing requested: no entry', spec: pod([c('a')]), cpu: undefined },
];
for (const r of rows) {
  test(`scheduler count: ${r.name}`, () => {
    assert.is(podRequests(r.spec)['cpu'], r.cpu);
  });
}

test('limits are summed the same way; a container without a limit adds nothing', () => {
  assert.is(podLimits(pod([c('a', 100, { limit: 200 }), c('b', 50)]))['cpu'], 200);
});

const hpaRows: { name: string; spec: PodSpec; container?: string; want: { milli: number } | { error: string } }[] = [
  { name: 'containers and sidecars summed, ordinary init containers not', spec: pod([c('a', 100)], [c('proxy', 50, { sidecar: true }), c('init', 900)]), want: { milli: 150 } },
  { name: 'one container without a request fails the metric', spec: pod([c('a', 100), c('b')]), want: { error: 'missing request for cpu in container b of Pod p' } },
  { name: 'ContainerResource reads the named container only', spec: pod([c('a', 100), c('b')]), container: 'a', want: { milli: 100 } },
  { name: 'ContainerResource of a container the pod lacks', spec: pod([c('a', 100)]), container: 'z', want: { error: 'container z not found in Pod p' } },
];
for (const r of hpaRows) {
  test(`HPA request: ${r.name}`, () => {
    assert.equal(hpaPodRequest(r.spec, 'p', 'cpu', r.container), r.want);
  });
}

test.run();
