/** autoscaling/v1 and v2beta2 HPAs converted to v2 as the API server converts them; init containers read. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UserError } from '../../../src/engine/errors.js';
import { parseManifest } from '../../../src/k8s/api/manifests.js';
import type { Deployment, HorizontalPodAutoscaler } from '../../../src/k8s/api/types.js';

const hpa = (apiVersion: string, spec: Record<string, unknown>, annotations?: Record<string, string>) =>
  parseManifest({
    apiVersion,
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'api', ...(annotations ? { annotations } : {}) },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }, maxReplicas: 5, ...spec },
  });

const cpu = (n: number) => [{ type: 'Resource', name: 'cpu', target: { type: 'Utilization', averageUtilization: n } }];
const rows: { name: string; apiVersion: string; spec: Record<string, unknown>; metrics: unknown; minReplicas: number }[] = [
  { name: 'v1 targetCPUUtilizationPercentage becomes a Resource cpu Utilization metric', apiVersion: 'autoscaling/v1', spec: { targetCPUUtilizationPercentage: 60 }, metrics: cpu(60), minReplicas: 1 },
  { name: 'v1 without a target gets DefaultCPUUtilization, 80 %', apiVersion: 'autoscaling/v1', spec: { minReplicas: 2 }, metrics: cpu(80), minReplicas: 2 },
  {
    name: 'v2beta2 has the v2 shape',
    apiVersion: 'autoscaling/v2beta2',
    spec: { metrics: [{ type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } }] },
    metrics: [{ type: 'Resource', name: 'memory', target: { type: 'AverageValue', averageValueMilli: 100 * 2 ** 20 * 1000 } }],
    minReplicas: 1,
  },
];
for (const r of rows) {
  test(`HPA versions: ${r.name}`, () => {
    const h = hpa(r.apiVersion, r.spec).object as HorizontalPodAutoscaler;
    assert.is(h.apiVersion, 'autoscaling/v2');
    assert.equal(h.spec.metrics, r.metrics);
    assert.is(h.spec.minReplicas, r.minReplicas);
    assert.is(h.spec.behavior, null);
  });
}

test('HPA versions: v1 validates the converted metric, and names the v2-only annotations it cannot read', () => {
  assert.throws(() => hpa('autoscaling/v1', { targetCPUUtilizationPercentage: 0 }), (e: unknown) => e instanceof UserError && /must be greater than 0/.test(e.message));
  assert.throws(() => hpa('autoscaling/v1', { metrics: [] }), (e: unknown) => e instanceof UserError && /unknown field "spec\.metrics"/.test(e.message));
  const p = hpa('autoscaling/v1', {}, { 'autoscaling.alpha.kubernetes.io/metrics': '[]' });
  assert.equal(p.warnings, ['metadata.annotations[autoscaling.alpha.kubernetes.io/metrics]: not modelled by kubesim; ignored (write the metrics as autoscaling/v2)']);
});

test('an External metric keeps its selector', () => {
  const h = hpa('autoscaling/v2', {
    metrics: [{ type: 'External', external: { metric: { name: 'queue', selector: { matchLabels: { q: 'orders' } } }, target: { type: 'Value', value: '10' } } }],
  }).object as HorizontalPodAutoscaler;
  assert.equal(h.spec.metrics[0]!.selector, { matchLabels: { q: 'orders' }, matchExpressions: [] });
});

const deploy = (initContainers: unknown[]) =>
  parseManifest({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api' },
    spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'api', image: 'x' }], initContainers } } },
  });

test('init containers: restartPolicy Always makes a sidecar; ordinary ones may not have probes; names unique across both lists', () => {
  const d = deploy([{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' }, { name: 'migrate', image: 'm' }]).object as Deployment;
  assert.equal(d.spec.template.spec.initContainers!.map((c) => [c.name, c.restartPolicy ?? null]), [['proxy', 'Always'], ['migrate', null]]);
  const bad = (ic: unknown[], re: RegExp) => assert.throws(() => deploy(ic), (e: unknown) => e instanceof UserError && re.test(`${e.path}: ${e.message}`));
  bad([{ name: 'm', image: 'm', readinessProbe: { exec: { command: ['true'] } } }], /initContainers\[0\]\.readinessProbe.*may not be set for init containers without restartPolicy=Always/);
  bad([{ name: 'api', image: 'm' }], /initContainers\[0\]\.name.*Duplicate value: "api"/);
  bad([{ name: 'm', image: 'm', restartPolicy: 'Never' }], /initContainers\[0\]\.restartPolicy.*Unsupported value: "Never"/);
});

test('a template without init containers has no initContainers key (so its hash, and pod names, are unchanged)', () => {
  assert.not.ok('initContainers' in (deploy([]).object as Deployment).spec.template.spec);
});

test.run();
