/**
 * Manifests → typed, defaulted objects: the seed article's manifests (re-indented: the article text lost its
 * indentation), upstream defaults, and warnings for unmodelled fields. Bad input: manifest-errors.test.ts.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse, parseAllDocuments } from 'yaml';
import { expandList, parseManifest } from '../../../src/k8s/api/manifests.js';
import { ARTICLE_DEPLOYMENT, ARTICLE_HPA, ARTICLE_OTHERS, ARTICLE_SERVICE } from './article-manifests.js';
import { isDeployment, isHorizontalPodAutoscaler, isService, type Deployment, type HorizontalPodAutoscaler, type KubeObject, type Service } from '../../../src/k8s/api/types.js';

const deployment = (yaml: string = ARTICLE_DEPLOYMENT): Deployment => {
  const o = parseManifest(parse(yaml)).object;
  assert.ok(isDeployment(o));
  return o as Deployment;
};

test('the article Deployment parses with upstream defaults filled in', () => {
  const { object, warnings } = parseManifest(parse(ARTICLE_DEPLOYMENT));
  assert.equal(warnings, []);
  const d = object as Deployment;
  assert.is(d.metadata.name, 'api');
  assert.is(d.metadata.namespace, 'default');
  assert.is(d.spec.replicas, 3);
  assert.equal(d.spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
  assert.is(d.spec.revisionHistoryLimit, 10);
  assert.is(d.spec.progressDeadlineSeconds, 600);
  assert.is(d.spec.minReadySeconds, 0);
  assert.is(d.spec.paused, false);
  assert.is(d.spec.template.spec.restartPolicy, 'Always');
  assert.is(d.spec.template.spec.terminationGracePeriodSeconds, 30);
  const c = d.spec.template.spec.containers[0]!;
  assert.is(c.image, 'myrepo/api:1.2.3');
  assert.equal(c.ports, [{ name: null, containerPort: 8000 }]);
  assert.is(c.resources.requests.cpu!.milli, 100);
  assert.is(c.resources.limits.cpu!.milli, 500);
  assert.is(c.resources.requests.memory!.value, 134217728);
  assert.is(c.resources.limits.memory!.canonical, '512Mi');
  assert.equal(c.readinessProbe, {
    handler: { kind: 'httpGet', path: '/health', port: 8000, scheme: 'HTTP' },
    initialDelaySeconds: 5,
    timeoutSeconds: 1,
    periodSeconds: 10,
    successThreshold: 1,
    failureThreshold: 3,
    terminationGracePeriodSeconds: null,
  });
  assert.is(c.livenessProbe, null);
  assert.equal(c.lifecycle, { preStop: null });
});

test('the article Service routes port 80 to the pods labelled app=api', () => {
  const s = parseManifest(parse(ARTICLE_SERVICE)).object as Service;
  assert.ok(isService(s));
  assert.equal(s.spec, { selector: { app: 'api' }, ports: [{ name: null, port: 80, targetPort: 8000 }], type: 'ClusterIP' });
});

test('the article HPA targets 70% CPU of the api Deployment, without behavior', () => {
  const h = parseManifest(parse(ARTICLE_HPA)).object as HorizontalPodAutoscaler;
  assert.ok(isHorizontalPodAutoscaler(h));
  assert.equal(h.spec, {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
    minReplicas: 2,
    maxReplicas: 20,
    metrics: [{ type: 'Resource', name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } }],
    behavior: null,
  });
});

test("the article's Ingress, ConfigMap, Secret and bare Pod are accepted and listed as ignored", () => {
  const objects: KubeObject[] = parseAllDocuments(ARTICLE_OTHERS).map((d) => parseManifest(d.toJS()).object);
  assert.equal(
    objects.map((o) => (o.ignored ? [o.apiVersion, o.kind, o.name] : null)),
    [
      ['networking.k8s.io/v1', 'Ingress', 'api-ingress'],
      ['v1', 'ConfigMap', 'api-config'],
      ['v1', 'Secret', 'api-secrets'],
      ['v1', 'Pod', 'api-pod'],
    ],
  );
});

const MINIMAL = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: nginx
          livenessProbe:
            tcpSocket: {port: http}
            periodSeconds: 0
`;

test('a minimal Deployment gets one replica, 25%/25% rolling updates and probe defaults', () => {
  const d = deployment(MINIMAL);
  assert.is(d.spec.replicas, 1);
  assert.equal(d.spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
  const probe = d.spec.template.spec.containers[0]!.livenessProbe!;
  assert.equal(probe.handler, { kind: 'tcpSocket', port: 'http' });
  assert.is(probe.periodSeconds, 10, 'a zero period is defaulted, as upstream does');
  assert.is(probe.timeoutSeconds, 1);
  assert.is(probe.failureThreshold, 3);
});

test('a Recreate Deployment has no rollingUpdate', () => {
  const d = deployment(MINIMAL.replace('spec:\n  selector', 'spec:\n  strategy: {type: Recreate}\n  selector'));
  assert.equal(d.spec.strategy, { type: 'Recreate', rollingUpdate: null });
});

const HPA_MINIMAL = `
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 5
`;

test('an HPA without metrics gets minReplicas 1 and the 80% CPU metric', () => {
  const h = parseManifest(parse(HPA_MINIMAL)).object as HorizontalPodAutoscaler;
  assert.is(h.spec.minReplicas, 1);
  assert.equal(h.spec.metrics, [{ type: 'Resource', name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } }]);
  assert.is(h.spec.behavior, null);
});

test('an empty behavior is filled with the upstream scale-up and scale-down rules', () => {
  const h = parseManifest(parse(`${HPA_MINIMAL}  behavior: {}\n`)).object as HorizontalPodAutoscaler;
  assert.equal(h.spec.behavior, {
    scaleUp: {
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Max',
      policies: [
        { type: 'Pods', value: 4, periodSeconds: 15 },
        { type: 'Percent', value: 100, periodSeconds: 15 },
      ],
      tolerance: null,
    },
    scaleDown: { stabilizationWindowSeconds: null, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }], tolerance: null },
  });
});

test('given policies replace the defaults as a whole; other rule fields keep their defaults', () => {
  const yaml = `${HPA_MINIMAL}  behavior:\n    scaleDown:\n      policies: [{type: Pods, value: 1, periodSeconds: 60}]\n      tolerance: "0.05"\n`;
  const h = parseManifest(parse(yaml)).object as HorizontalPodAutoscaler;
  assert.equal(h.spec.behavior!.scaleDown, {
    stabilizationWindowSeconds: null,
    selectPolicy: 'Max',
    policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }],
    tolerance: 0.05,
  });
  assert.is(h.spec.behavior!.scaleUp.stabilizationWindowSeconds, 0);
});

test('metric targets are read as milli-units', () => {
  const yaml = `${HPA_MINIMAL}  metrics:\n    - type: Pods\n      pods: {metric: {name: qps}, target: {type: AverageValue, averageValue: 1500m}}\n    - type: External\n      external: {metric: {name: queue}, target: {type: Value, value: 30}}\n`;
  const h = parseManifest(parse(yaml)).object as HorizontalPodAutoscaler;
  assert.equal(h.spec.metrics, [
    { type: 'Pods', name: 'qps', target: { type: 'AverageValue', averageValueMilli: 1500 } },
    { type: 'External', name: 'queue', target: { type: 'Value', valueMilli: 30000 } },
  ]);
});

test('every unmodelled Kubernetes field is reported once by path, and null or empty ones are not', () => {
  const yaml = MINIMAL.replace(
    '          image: nginx\n',
    [
      '          image: nginx',
      '          env: [{name: A, value: b}]',
      '          envFrom: [{configMapRef: {name: api-config}}]',
      '          volumeMounts: [{name: v, mountPath: /data}]',
      '          ports: [{containerPort: 80, protocol: TCP}]',
      '          command: []',
      '',
    ].join('\n'),
  ).replace(
    '    spec:\n      containers',
    '    spec:\n      hostNetwork: true\n      affinity: {nodeAffinity: {}, podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: x}]}}\n      tolerations: []\n      dnsPolicy: null\n      containers',
  );
  // nodeSelector, tolerations and required node affinity are modelled; pod anti-affinity is not
  assert.equal(parseManifest(parse(yaml)).warnings, [
    'spec.template.spec.hostNetwork: not modelled by kubesim; ignored',
    'spec.template.spec.containers[0].env: not modelled by kubesim; ignored',
    'spec.template.spec.containers[0].envFrom: not modelled by kubesim; ignored',
    'spec.template.spec.containers[0].volumeMounts: not modelled by kubesim; ignored',
    'spec.template.spec.containers[0].ports[0].protocol: not modelled by kubesim; ignored',
    'spec.template.spec.affinity.podAntiAffinity: not modelled by kubesim; ignored',
  ]);
});

test('a v1 List expands into its items', () => {
  const items = expandList({ apiVersion: 'v1', kind: 'List', items: [parse(ARTICLE_SERVICE), parse(ARTICLE_HPA)] });
  assert.equal(items.map((i) => parseManifest(i).object.kind), ['Service', 'HorizontalPodAutoscaler']);
});

test.run();
