/**
 * Reading a pod template: containers, resources, probes and preStop hooks, with upstream's defaults
 * (`pkg/apis/core/v1/defaults.go`: restartPolicy Always, terminationGracePeriodSeconds 30, probe timeout 1 /
 * period 10 / success 1 / failure 3 when 0, httpGet path "/" and scheme HTTP) and validation
 * (`pkg/apis/core/validation/validation.go`: one handler per probe, non-negative timings, successThreshold 1 for
 * liveness and startup, probe-level terminationGracePeriodSeconds > 0 and not on readiness probes, request ≤ limit,
 * container names unique DNS labels, ports 1…65535).
 */
import { child, duplicate, Fields, forbidden, index, invalid, key, nonNegative, notSupported, required, type FieldSpec } from './field.js';
import {
  checkAnnotationKeys, checkLabels, checkName, checkPortNumber, describeQuantity, parseQuantityField, portNameProblem, portNumOrName,
  qualifiedNameProblem,
} from './manifest-common.js';
import type { IntOrString } from './intstr.js';
import { readPodScheduling } from './manifest-scheduling.js';
import type { Quantity } from './quantity.js';
import {
  RESTART_POLICIES, URI_SCHEMES, type Container, type ContainerPort, type LifecycleHandler, type PodTemplateSpec, type Probe,
  type ProbeHandler, type ResourceQuantity, type ResourceRequirements, type UriScheme,
} from './types.js';

const POD_SPEC: FieldSpec = {
  modelled: ['containers', 'initContainers', 'restartPolicy', 'terminationGracePeriodSeconds', 'activeDeadlineSeconds', 'nodeSelector', 'tolerations', 'affinity', 'priorityClassName'],
  ignored: [
    'volumes', 'ephemeralContainers', 'dnsPolicy', 'serviceAccountName',
    'serviceAccount', 'automountServiceAccountToken', 'nodeName', 'hostNetwork', 'hostPID', 'hostIPC',
    'shareProcessNamespace', 'securityContext', 'imagePullSecrets', 'hostname', 'subdomain',
    'schedulerName', 'hostAliases', 'priority', 'dnsConfig', 'readinessGates',
    'runtimeClassName', 'enableServiceLinks', 'preemptionPolicy', 'overhead', 'topologySpreadConstraints',
    'setHostnameAsFQDN', 'os', 'hostUsers', 'schedulingGates', 'resourceClaims', 'resources', 'hostnameOverride',
    'workloadRef',
  ],
};

const TEMPLATE_META: FieldSpec = {
  modelled: ['labels', 'annotations'],
  ignored: ['name', 'generateName', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'ownerReferences', 'finalizers'],
};

const CONTAINER: FieldSpec = {
  modelled: ['name', 'image', 'ports', 'resources', 'readinessProbe', 'livenessProbe', 'startupProbe', 'lifecycle'],
  ignored: [
    'command', 'args', 'workingDir', 'envFrom', 'env', 'resizePolicy', 'restartPolicyRules',
    'volumeMounts', 'volumeDevices', 'terminationMessagePath', 'terminationMessagePolicy', 'imagePullPolicy',
    'securityContext', 'stdin', 'stdinOnce', 'tty',
  ],
};

const CONTAINER_PORT: FieldSpec = { modelled: ['name', 'containerPort'], ignored: ['hostPort', 'protocol', 'hostIP'] };
const RESOURCES: FieldSpec = { modelled: ['requests', 'limits'], ignored: ['claims'] };
const PROBE: FieldSpec = {
  modelled: ['exec', 'httpGet', 'tcpSocket', 'grpc', 'initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold', 'terminationGracePeriodSeconds'],
};
const LIFECYCLE: FieldSpec = { modelled: ['preStop'], ignored: ['postStart', 'stopSignal'] };
const HTTP_GET: FieldSpec = { modelled: ['path', 'port', 'scheme'], ignored: ['host', 'httpHeaders'] };
const TCP_SOCKET: FieldSpec = { modelled: ['port'], ignored: ['host'] };
const EXEC: FieldSpec = { modelled: ['command'] };
const GRPC: FieldSpec = { modelled: ['port', 'service'] };
const SLEEP: FieldSpec = { modelled: ['seconds'] };

const MORE_THAN_ONE = 'may not specify more than 1 handler type';

function readCommand(f: Fields): string[] {
  const command = f.list('command');
  if (command.length === 0) throw required(f.at('command'));
  return command.map((c, i) => {
    if (typeof c !== 'string') throw invalid(index(f.at('command'), i), c, 'expected a string');
    return c;
  });
}

function readHttpGet(f: Fields): { path: string; port: IntOrString; scheme: UriScheme } {
  return { path: f.str('path') || '/', port: portNumOrName(f.raw('port'), f.at('port')), scheme: f.oneOf('scheme', URI_SCHEMES, 'HTTP') };
}

function readProbeHandler(probe: Fields): ProbeHandler {
  const found: ProbeHandler[] = [];
  const add = (name: string, h: () => ProbeHandler): void => {
    if (!probe.has(name)) return;
    if (found.length > 0) throw forbidden(probe.at(name), MORE_THAN_ONE);
    found.push(h());
  };
  add('exec', () => ({ kind: 'exec', command: readCommand(probe.object('exec', EXEC)!) }));
  add('httpGet', () => ({ kind: 'httpGet', ...readHttpGet(probe.object('httpGet', HTTP_GET)!) }));
  add('tcpSocket', () => {
    const t = probe.object('tcpSocket', TCP_SOCKET)!;
    return { kind: 'tcpSocket', port: portNumOrName(t.raw('port'), t.at('port')) };
  });
  add('grpc', () => {
    const g = probe.object('grpc', GRPC)!;
    const port = g.int('port');
    if (port === undefined) throw required(g.at('port'));
    checkPortNumber(g.at('port'), port);
    return { kind: 'grpc', port, service: g.str('service') ?? null };
  });
  if (found.length === 0) throw required(probe.path, 'must specify a handler type');
  return found[0]!;
}

type ProbeKind = 'readinessProbe' | 'livenessProbe' | 'startupProbe';

function readProbe(c: Fields, kind: ProbeKind): Probe | null {
  const p = c.object(kind, PROBE);
  if (!p) return null;
  const handler = readProbeHandler(p);
  const probe: Probe = {
    handler,
    initialDelaySeconds: p.int('initialDelaySeconds', { default: 0 }),
    timeoutSeconds: p.int('timeoutSeconds', { default: 1, zeroMeansDefault: true }),
    periodSeconds: p.int('periodSeconds', { default: 10, zeroMeansDefault: true }),
    successThreshold: p.int('successThreshold', { default: 1, zeroMeansDefault: true }),
    failureThreshold: p.int('failureThreshold', { default: 3, zeroMeansDefault: true }),
    terminationGracePeriodSeconds: p.int('terminationGracePeriodSeconds') ?? null,
  };
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const) {
    nonNegative(p.at(f), probe[f]);
  }
  const grace = probe.terminationGracePeriodSeconds;
  if (grace !== null && grace <= 0) throw invalid(p.at('terminationGracePeriodSeconds'), grace, 'must be greater than 0');
  if (kind === 'readinessProbe' && grace !== null) {
    throw invalid(p.at('terminationGracePeriodSeconds'), grace, 'must not be set for readinessProbes');
  }
  if (kind !== 'readinessProbe' && probe.successThreshold !== 1) throw invalid(p.at('successThreshold'), probe.successThreshold, 'must be 1');
  return probe;
}

function readPreStop(c: Fields, gracePeriod: number): LifecycleHandler | null {
  const life = c.object('lifecycle', LIFECYCLE);
  const pre = life?.object('preStop', { modelled: ['exec', 'httpGet', 'sleep'], ignored: ['tcpSocket'] });
  if (!pre) return null;
  const found: LifecycleHandler[] = [];
  const add = (name: string, h: () => LifecycleHandler): void => {
    if (!pre.has(name)) return;
    if (found.length > 0) throw forbidden(pre.at(name), MORE_THAN_ONE);
    found.push(h());
  };
  add('exec', () => ({ kind: 'exec', command: readCommand(pre.object('exec', EXEC)!) }));
  add('httpGet', () => ({ kind: 'httpGet', ...readHttpGet(pre.object('httpGet', HTTP_GET)!) }));
  add('sleep', () => {
    const s = pre.object('sleep', SLEEP)!;
    const seconds = s.int('seconds');
    if (seconds === undefined) throw required(s.at('seconds'));
    if (seconds < 0 || seconds > gracePeriod) {
      throw invalid(s.at('seconds'), seconds, `must be non-negative and less than terminationGracePeriodSeconds (${gracePeriod})`);
    }
    return { kind: 'sleep', seconds };
  });
  if (found.length === 0) throw required(pre.path, 'must specify a handler type');
  return found[0]!;
}

const STANDARD_CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];

/** Upstream `validateContainerResourceName` plus quantity checks (non-negative; extended resources whole). */
function readResourceList(r: Fields, which: 'requests' | 'limits'): { list: Record<string, ResourceQuantity>; parsed: Map<string, Quantity> } {
  const raw = r.raw(which);
  const list: Record<string, ResourceQuantity> = {};
  const parsed = new Map<string, Quantity>();
  if (raw === undefined) return { list, parsed };
  const base = r.at(which);
  if (typeof raw !== 'object' || Array.isArray(raw)) throw invalid(base, raw, 'expected a map of resource quantities');
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    const path = key(base, name);
    if (!name.includes('/')) {
      if (!STANDARD_CONTAINER_RESOURCES.includes(name) && !name.startsWith('hugepages-')) {
        throw invalid(path, name, 'must be a standard resource for containers');
      }
    } else {
      const problem = qualifiedNameProblem(name);
      if (problem) throw invalid(path, name, problem);
    }
    if (value === null || value === undefined) continue;
    const q = parseQuantityField(value, path);
    if (q.sign() < 0) throw invalid(path, q.toString(), 'must be greater than or equal to 0');
    if (name.includes('/') && !name.startsWith('kubernetes.io/') && q.scaledBigInt(-9) % 1_000_000_000n !== 0n) {
      throw invalid(path, q.toString(), 'must be an integer');
    }
    list[name] = describeQuantity(value, q);
    parsed.set(name, q);
  }
  return { list, parsed };
}

function readResources(c: Fields): ResourceRequirements {
  const r = c.object('resources', RESOURCES);
  if (!r) return { requests: {}, limits: {} };
  const requests = readResourceList(r, 'requests');
  const limits = readResourceList(r, 'limits');
  for (const [name, req] of requests.parsed) {
    const limit = limits.parsed.get(name);
    if (limit && req.cmp(limit) > 0) {
      throw invalid(key(r.at('requests'), name), req.toString(), `must be less than or equal to ${name} limit of ${limit.toString()}`);
    }
  }
  return { requests: requests.list, limits: limits.list };
}

function readPorts(c: Fields): ContainerPort[] {
  return c.list('ports').map((raw, i) => {
    const p = new Fields(raw, index(c.at('ports'), i), CONTAINER_PORT, c.warnings);
    const containerPort = p.int('containerPort');
    if (containerPort === undefined) throw required(p.at('containerPort'));
    checkPortNumber(p.at('containerPort'), containerPort);
    const name = p.str('name') || null;
    if (name !== null) {
      const problem = portNameProblem(name);
      if (problem) throw invalid(p.at('name'), name, problem);
    }
    return { name, containerPort };
  });
}

const INIT_CONTAINER: FieldSpec = { modelled: [...CONTAINER.modelled, 'restartPolicy'], ignored: (CONTAINER.ignored ?? []).filter((k) => k !== 'restartPolicy') };

/**
 * One container. `init`: an entry of `initContainers`, where `restartPolicy: Always` makes it a sidecar (KEP-753,
 * GA in 1.33); upstream allows probes and lifecycle hooks only on sidecars (`validateInitContainers`).
 */
function readContainer(raw: unknown, path: string, warnings: string[], gracePeriod: number, init = false): Container {
  const c = new Fields(raw, path, init ? INIT_CONTAINER : CONTAINER, warnings);
  const name = c.requiredStr('name');
  checkName(c.at('name'), name, 'label');
  const image = c.requiredStr('image');
  let sidecar = false;
  if (c.has('restartPolicy')) {
    const policy = c.raw('restartPolicy');
    if (!init) throw forbidden(c.at('restartPolicy'), 'may not be set for non-init containers');
    if (policy !== 'Always') throw notSupported(c.at('restartPolicy'), String(policy), ['Always']);
    sidecar = true;
  }
  if (init && !sidecar) {
    for (const k of ['readinessProbe', 'livenessProbe', 'startupProbe', 'lifecycle'] as const) {
      if (c.has(k)) throw forbidden(c.at(k), 'may not be set for init containers without restartPolicy=Always');
    }
  }
  if (init && sidecar && c.has('readinessProbe')) warnings.push(`${c.at('readinessProbe')}: not modelled by kubesim (a sidecar's probes); ignored`);
  if (init && sidecar) {
    for (const k of ['livenessProbe', 'startupProbe', 'lifecycle'] as const) {
      if (c.has(k)) warnings.push(`${c.at(k)}: not modelled by kubesim (a sidecar's probes and hooks); ignored`);
    }
  }
  return {
    name,
    ...(sidecar ? { restartPolicy: 'Always' as const } : {}),
    image,
    ports: readPorts(c),
    resources: readResources(c),
    readinessProbe: readProbe(c, 'readinessProbe'),
    livenessProbe: readProbe(c, 'livenessProbe'),
    startupProbe: readProbe(c, 'startupProbe'),
    lifecycle: { preStop: readPreStop(c, gracePeriod) },
  };
}

/**
 * `spec.template` of a Deployment (`path` is its field path). Applies the pod-spec defaults and validates; the
 * Deployment-only rules (restartPolicy Always, no activeDeadlineSeconds) are checked here too.
 */
export function readPodTemplate(value: unknown, path: string, warnings: string[]): PodTemplateSpec {
  if (value === undefined || value === null) throw required(path);
  const t = new Fields(value, path, { modelled: ['metadata', 'spec'] }, warnings);
  const meta = t.object('metadata', TEMPLATE_META);
  const labels = meta ? meta.stringMap('labels') : {};
  const annotations = meta ? meta.stringMap('annotations') : {};
  if (meta) {
    checkLabels(meta.at('labels'), labels);
    checkAnnotationKeys(meta.at('annotations'), annotations);
  }
  const s = t.object('spec', POD_SPEC);
  if (!s) throw required(child(path, 'spec.containers'));
  const restartPolicy = s.oneOf('restartPolicy', RESTART_POLICIES, 'Always');
  if (restartPolicy !== 'Always') throw notSupported(s.at('restartPolicy'), restartPolicy, ['Always']);
  const terminationGracePeriodSeconds = s.int('terminationGracePeriodSeconds', { default: 30 });
  nonNegative(s.at('terminationGracePeriodSeconds'), terminationGracePeriodSeconds);
  if (s.has('activeDeadlineSeconds')) throw invalid(s.at('activeDeadlineSeconds'), s.raw('activeDeadlineSeconds'), 'must not be specified');

  const list = s.list('containers');
  if (list.length === 0) throw required(s.at('containers'));
  const names = new Set<string>();
  const containers = list.map((raw, i) => {
    const c = readContainer(raw, index(s.at('containers'), i), warnings, terminationGracePeriodSeconds);
    if (names.has(c.name)) throw duplicate(child(index(s.at('containers'), i), 'name'), c.name);
    names.add(c.name);
    return c;
  });
  // Container names are unique across containers and init containers (upstream validateInitContainers).
  const initContainers = s.list('initContainers').map((raw, i) => {
    const c = readContainer(raw, index(s.at('initContainers'), i), warnings, terminationGracePeriodSeconds, true);
    if (names.has(c.name)) throw duplicate(child(index(s.at('initContainers'), i), 'name'), c.name);
    names.add(c.name);
    return c;
  });
  const scheduling = readPodScheduling(s);
  const priorityClassName = s.str('priorityClassName');
  // `initContainers` and `scheduling` only when there are some, so templates without them hash exactly as before.
  const used = Object.keys(scheduling.nodeSelector).length > 0 || scheduling.tolerations.length > 0 || scheduling.requiredNodeTerms !== null;
  return {
    labels,
    annotations,
    spec: {
      containers,
      ...(initContainers.length > 0 ? { initContainers } : {}),
      restartPolicy,
      terminationGracePeriodSeconds,
      ...(used ? { scheduling } : {}),
      ...(priorityClassName ? { priorityClassName } : {}),
    },
  };
}
