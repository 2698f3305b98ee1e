/** Bad manifests: each gives one UserError whose path is the field and whose detail reads like the API server's. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { UserError } from '../../../src/engine/errors.js';
import { parseManifest } from '../../../src/k8s/api/manifests.js';
import { ARTICLE_DEPLOYMENT, ARTICLE_HPA, ARTICLE_SERVICE } from './article-manifests.js';

/** A copy of `doc` with the value at `path` (`a.b[0].c`) replaced; `undefined` deletes it. */
function patch(doc: unknown, path: string, value: unknown): unknown {
  const copy = structuredClone(doc) as Record<string, unknown>;
  const keys = path.split(/\.|\[(\d+)\]/).filter((k) => k !== undefined && k !== '');
  let node: Record<string, unknown> = copy;
  for (const k of keys.slice(0, -1)) node = (node[k] ??= {}) as Record<string, unknown>;
  const last = keys[keys.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

const dep = parse(ARTICLE_DEPLOYMENT);
const hpa = parse(ARTICLE_HPA);
const svc = parse(ARTICLE_SERVICE);
const C0 = 'spec.template.spec.containers[0]';
const PERCENT_MSG = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

const bad: { name: string; doc: unknown; path: string; detail: string }[] = [
  {
    name: 'maxSurge and maxUnavailable both 0 is rejected at maxUnavailable, in upstream words',
    doc: patch(dep, 'spec.strategy.rollingUpdate.maxSurge', '0%'),
    path: 'spec.strategy.rollingUpdate.maxUnavailable',
    detail: 'Invalid value: 0: may not be 0 when `maxSurge` is 0',
  },
  {
    name: 'maxUnavailable above 100% is rejected',
    doc: patch(dep, 'spec.strategy.rollingUpdate.maxUnavailable', '110%'),
    path: 'spec.strategy.rollingUpdate.maxUnavailable',
    detail: 'Invalid value: "110%": must not be greater than 100%',
  },
  {
    name: 'a maxSurge that is neither an int nor a percentage is rejected',
    doc: patch(dep, 'spec.strategy.rollingUpdate.maxSurge', '20Percent'),
    path: 'spec.strategy.rollingUpdate.maxSurge',
    detail: `Invalid value: "20Percent": ${PERCENT_MSG}`,
  },
  {
    name: 'a negative maxSurge is rejected',
    doc: patch(dep, 'spec.strategy.rollingUpdate.maxSurge', -1),
    path: 'spec.strategy.rollingUpdate.maxSurge',
    detail: 'Invalid value: -1: must be greater than or equal to 0',
  },
  {
    name: 'Recreate with rollingUpdate set is forbidden',
    doc: patch(dep, 'spec.strategy.type', 'Recreate'),
    path: 'spec.strategy.rollingUpdate',
    detail: "Forbidden: may not be specified when strategy `type` is 'Recreate'",
  },
  {
    name: 'an unknown strategy type lists the supported ones',
    doc: patch(dep, 'spec.strategy.type', 'BlueGreen'),
    path: 'spec.strategy.type',
    detail: 'Unsupported value: "BlueGreen": supported values: "Recreate", "RollingUpdate"',
  },
  {
    name: 'negative replicas are rejected',
    doc: patch(dep, 'spec.replicas', -1),
    path: 'spec.replicas',
    detail: 'Invalid value: -1: must be greater than or equal to 0',
  },
  {
    name: 'replicas written as a string are rejected',
    doc: patch(dep, 'spec.replicas', '3'),
    path: 'spec.replicas',
    detail: 'Invalid value: "3": expected an integer',
  },
  {
    name: 'a selector that does not match the template labels is rejected',
    doc: patch(dep, 'spec.selector.matchLabels.app', 'web'),
    path: 'spec.template.metadata.labels',
    detail: 'Invalid value: map[string]string{"app":"api"}: `selector` does not match template `labels`',
  },
  {
    name: 'a missing selector is required',
    doc: patch(dep, 'spec.selector', undefined),
    path: 'spec.selector',
    detail: 'Required value',
  },
  {
    name: 'a Deployment template may only restart Always',
    doc: patch(dep, 'spec.template.spec.restartPolicy', 'OnFailure'),
    path: 'spec.template.spec.restartPolicy',
    detail: 'Unsupported value: "OnFailure": supported values: "Always"',
  },
  {
    name: 'a liveness probe must have successThreshold 1',
    doc: patch(dep, `${C0}.livenessProbe`, { httpGet: { path: '/', port: 8000 }, successThreshold: 2 }),
    path: `${C0}.livenessProbe.successThreshold`,
    detail: 'Invalid value: 2: must be 1',
  },
  {
    name: 'a negative failureThreshold is rejected',
    doc: patch(dep, `${C0}.readinessProbe.failureThreshold`, -1),
    path: `${C0}.readinessProbe.failureThreshold`,
    detail: 'Invalid value: -1: must be greater than or equal to 0',
  },
  {
    name: 'a probe with two handlers is forbidden at the second',
    doc: patch(dep, `${C0}.readinessProbe.tcpSocket`, { port: 8000 }),
    path: `${C0}.readinessProbe.tcpSocket`,
    detail: 'Forbidden: may not specify more than 1 handler type',
  },
  {
    name: 'a probe without a handler is rejected',
    doc: patch(dep, `${C0}.readinessProbe.httpGet`, undefined),
    path: `${C0}.readinessProbe`,
    detail: 'Required value: must specify a handler type',
  },
  {
    name: 'a readiness probe may not set its own grace period',
    doc: patch(dep, `${C0}.readinessProbe.terminationGracePeriodSeconds`, 5),
    path: `${C0}.readinessProbe.terminationGracePeriodSeconds`,
    detail: 'Invalid value: 5: must not be set for readinessProbes',
  },
  {
    name: 'a typo in a field name is an unknown field with a hint',
    doc: patch(patch(dep, 'spec.replica', 3), 'spec.replicas', undefined),
    path: 'spec.replica',
    detail: 'unknown field "spec.replica" (did you mean "replicas"?)',
  },
  {
    name: 'a malformed CPU quantity is reported with the quantity syntax',
    doc: patch(dep, `${C0}.resources.requests.cpu`, '1x'),
    path: `${C0}.resources.requests[cpu]`,
    detail: `Invalid value: "1x": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
  },
  {
    name: 'a request above its limit is rejected',
    doc: patch(dep, `${C0}.resources.requests.cpu`, '600m'),
    path: `${C0}.resources.requests[cpu]`,
    detail: 'Invalid value: "600m": must be less than or equal to cpu limit of 500m',
  },
  {
    name: 'a misspelt resource name is not a standard resource',
    doc: patch(dep, `${C0}.resources.requests.cpus`, '1'),
    path: `${C0}.resources.requests[cpus]`,
    detail: 'Invalid value: "cpus": must be a standard resource for containers',
  },
  {
    name: 'a container without an image is rejected',
    doc: patch(dep, `${C0}.image`, undefined),
    path: `${C0}.image`,
    detail: 'Required value',
  },
  {
    name: 'a Deployment without containers is rejected',
    doc: patch(dep, 'spec.template.spec.containers', []),
    path: 'spec.template.spec.containers',
    detail: 'Required value',
  },
  {
    name: 'an unquoted numeric label value is rejected, as kubectl does',
    doc: patch(dep, 'spec.template.metadata.labels.version', 1),
    path: 'spec.template.metadata.labels[version]',
    detail: 'Invalid value: 1: expected a string (quote numbers and booleans)',
  },
  {
    name: 'the progress deadline must exceed minReadySeconds',
    doc: patch(dep, 'spec.minReadySeconds', 600),
    path: 'spec.progressDeadlineSeconds',
    detail: 'Invalid value: 600: must be greater than minReadySeconds',
  },
  {
    name: 'a removed Deployment apiVersion says which one to use',
    doc: patch(dep, 'apiVersion', 'extensions/v1beta1'),
    path: 'apiVersion',
    detail: 'Invalid value: "extensions/v1beta1": Deployments are served as apps/v1 since Kubernetes 1.16; change apiVersion to apps/v1',
  },
  {
    name: 'an autoscaling/v2beta1 HPA is rejected with how to write it as v2',
    doc: patch(hpa, 'apiVersion', 'autoscaling/v2beta1'),
    path: 'apiVersion',
    detail:
      'Invalid value: "autoscaling/v2beta1": kubesim reads HorizontalPodAutoscaler as autoscaling/v2, autoscaling/v1 and autoscaling/v2beta2; autoscaling/v2beta1 (removed in 1.25) needs its metrics rewritten as v2 targets, e.g. targetAverageUtilization: N as target: {type: Utilization, averageUtilization: N}',
  },
  {
    name: 'HPA minReplicas 0 needs the alpha scale-to-zero gate',
    doc: patch(hpa, 'spec.minReplicas', 0),
    path: 'spec.minReplicas',
    detail: 'Invalid value: 0: must be greater than or equal to 1',
  },
  {
    name: 'HPA maxReplicas below minReplicas is rejected',
    doc: patch(hpa, 'spec.maxReplicas', 1),
    path: 'spec.maxReplicas',
    detail: 'Invalid value: 1: must be greater than or equal to `minReplicas`',
  },
  {
    name: 'a stabilization window over an hour is rejected',
    doc: patch(hpa, 'spec.behavior', { scaleDown: { stabilizationWindowSeconds: 4000 } }),
    path: 'spec.behavior.scaleDown.stabilizationWindowSeconds',
    detail: 'Invalid value: 4000: must be less than or equal to 3600',
  },
  {
    name: 'an empty policy list is rejected',
    doc: patch(hpa, 'spec.behavior', { scaleUp: { policies: [] } }),
    path: 'spec.behavior.scaleUp.policies',
    detail: 'Required value: must specify at least one Policy',
  },
  {
    name: 'an unknown selectPolicy lists the supported ones, sorted as upstream',
    doc: patch(hpa, 'spec.behavior', { scaleUp: { selectPolicy: 'Foo' } }),
    path: 'spec.behavior.scaleUp.selectPolicy',
    detail: 'Unsupported value: "Foo": supported values: "Disabled", "Max", "Min"',
  },
  {
    name: 'a policy period over 30 minutes is rejected',
    doc: patch(hpa, 'spec.behavior', { scaleDown: { policies: [{ type: 'Pods', value: 1, periodSeconds: 1801 }] } }),
    path: 'spec.behavior.scaleDown.policies[0].periodSeconds',
    detail: 'Invalid value: 1801: must be less than or equal to 1800',
  },
  {
    name: 'a policy value of 0 is rejected',
    doc: patch(hpa, 'spec.behavior', { scaleDown: { policies: [{ type: 'Percent', value: 0, periodSeconds: 60 }] } }),
    path: 'spec.behavior.scaleDown.policies[0].value',
    detail: 'Invalid value: 0: must be greater than zero',
  },
  {
    name: 'a utilisation target of 0 is rejected',
    doc: patch(hpa, 'spec.metrics[0].resource.target.averageUtilization', 0),
    path: 'spec.metrics[0].resource.target.averageUtilization',
    detail: 'Invalid value: 0: must be greater than 0',
  },
  {
    name: 'a metric without the source its type names is rejected',
    doc: patch(hpa, 'spec.metrics[0].type', 'Pods'),
    path: 'spec.metrics[0].pods',
    detail: 'Required value: must populate information for the given metric source',
  },
  {
    name: 'a metric with a second source is rejected at the extra one',
    doc: patch(hpa, 'spec.metrics[0].pods', { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '1' } }),
    path: 'spec.metrics[0].pods',
    detail: 'Forbidden: must populate the given metric source only',
  },
  {
    name: 'an unknown metric type lists the supported ones, sorted as upstream',
    doc: patch(hpa, 'spec.metrics[0].type', 'CheddarCheese'),
    path: 'spec.metrics[0].type',
    detail: 'Unsupported value: "CheddarCheese": supported values: "ContainerResource", "External", "Object", "Pods", "Resource"',
  },
  {
    name: 'a Service needs ports',
    doc: patch(svc, 'spec.ports', undefined),
    path: 'spec.ports',
    detail: 'Required value',
  },
  {
    name: 'a Service port out of range is rejected',
    doc: patch(svc, 'spec.ports[0].port', 70000),
    path: 'spec.ports[0].port',
    detail: 'Invalid value: 70000: must be between 1 and 65535, inclusive',
  },
  {
    name: 'a Service name must be a DNS-1035 label',
    doc: patch(svc, 'metadata.name', '1api'),
    path: 'metadata.name',
    detail:
      "Invalid value: \"1api\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
  },
  {
    name: 'a misspelt kind in a group kubesim reads is an error, not an ignored object',
    doc: patch(dep, 'kind', 'Deploymnet'),
    path: 'kind',
    detail: 'no matches for kind "Deploymnet" in version "apps/v1" (did you mean "Deployment"?)',
  },
  {
    name: 'kinds are case-sensitive',
    doc: patch(svc, 'kind', 'service'),
    path: 'kind',
    detail: 'no matches for kind "service" in version "v1" (did you mean "Service"?)',
  },
  {
    name: 'a manifest without a name is rejected',
    doc: patch(dep, 'metadata.name', undefined),
    path: 'metadata.name',
    detail: 'Required value: name or generateName is required',
  },
];

for (const c of bad) {
  test(`bad input: ${c.name}`, () => {
    try {
      parseManifest(c.doc);
      assert.unreachable('should have thrown');
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      assert.is(e.path, c.path);
      assert.is(e.detail, c.detail);
    }
  });
}

test.run();
