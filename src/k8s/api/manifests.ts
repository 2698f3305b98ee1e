/**
 * One Kubernetes manifest (a plain object, as the `yaml` package produces it) → a typed, defaulted object.
 *
 *   parseManifest(doc) ─ kind/apiVersion ─┬─ apps/v1 Deployment            → Deployment   (manifest-deployment.ts)
 *                                         ├─ v1 Service                    → Service      (below)
 *                                         ├─ autoscaling/v2, v2beta2, v1 HPA → HPA (v2)   (manifest-hpa.ts)
 *                                         ├─ v1 ResourceQuota              → ResourceQuota (manifest-quota.ts)
 *                                         ├─ same kind, other version      → UserError at `apiVersion`
 *                                         └─ anything else                 → IgnoredObject
 *
 * Defaults are applied exactly once, then the object is validated like the API server would; the first problem
 * is thrown as a `UserError` whose `path` is the field path (the caller adds the file and `deployment/api`).
 * Kubernetes fields kubesim does not model come back as warnings (`<path>: not modelled by kubesim; ignored`);
 * keys that are not Kubernetes fields at all are errors (`unknown field "spec.replica"`).
 */
import { UserError } from '../../engine/errors.js';
import { duplicate, Fields, invalid, isPlainObject, required, suggest, type FieldSpec } from './field.js';
import { checkPortNumber, portNameProblem, portNumOrName, readObjectMeta } from './manifest-common.js';
import { readDeploymentSpec } from './manifest-deployment.js';
import { readHpaSpec, readHpaV1Spec } from './manifest-hpa.js';
import { readResourceQuotaSpec } from './manifest-quota.js';
import { SERVICE_TYPES, type Deployment, type HorizontalPodAutoscaler, type KubeObject, type PodDisruptionBudget, type ResourceQuota, type Service, type ServicePort } from './types.js';

/** HPA versions read besides autoscaling/v2 (still served: v1; v2beta2 until 1.26 and still in many charts). */
const HPA_VERSIONS = ['autoscaling/v1', 'autoscaling/v2beta2'];
/** autoscaling/v1 round-trip annotations (pkg/apis/autoscaling/annotations.go) carrying v2-only fields. */
const V1_ANNOTATIONS = ['autoscaling.alpha.kubernetes.io/metrics', 'autoscaling.alpha.kubernetes.io/behavior'];
import { readPdbSpec } from './manifest-pdb.js';
import { readNodePool } from './manifest-nodepool.js';
import { readPriorityClass } from './manifest-priorityclass.js';

export interface ParsedManifest {
  readonly object: KubeObject;
  readonly warnings: string[];
}

const TOP: FieldSpec = { modelled: ['apiVersion', 'kind', 'metadata', 'spec'], ignored: ['status'] };

/** The group of an apiVersion (`apps/v1` → `apps`, `v1` → ``). */
function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

interface KindRule {
  readonly apiVersion: string;
  /** groups whose other versions are this same kind (so a wrong version is an error, not an unrelated kind) */
  readonly groups: readonly string[];
  readonly hint: string;
}

const KINDS: Readonly<Record<string, KindRule>> = {
  Deployment: {
    apiVersion: 'apps/v1',
    groups: ['apps', 'extensions'],
    hint: 'Deployments are served as apps/v1 since Kubernetes 1.16; change apiVersion to apps/v1',
  },
  Service: { apiVersion: 'v1', groups: [''], hint: 'Services are served as v1' },
  ResourceQuota: { apiVersion: 'v1', groups: [''], hint: 'ResourceQuotas are served as v1' },
  PodDisruptionBudget: {
    apiVersion: 'policy/v1',
    groups: ['policy'],
    hint: 'PodDisruptionBudgets are served as policy/v1 since Kubernetes 1.21 (policy/v1beta1 was removed in 1.25); change apiVersion to policy/v1',
  },
  PriorityClass: { apiVersion: 'scheduling.k8s.io/v1', groups: ['scheduling.k8s.io'], hint: 'PriorityClasses are served as scheduling.k8s.io/v1 since Kubernetes 1.14; change apiVersion to scheduling.k8s.io/v1' },
  NodePool: { apiVersion: 'karpenter.sh/v1', groups: ['karpenter.sh'], hint: 'kubesim reads Karpenter NodePools as karpenter.sh/v1 (v1beta1 was removed in Karpenter 1.0)' },
  HorizontalPodAutoscaler: {
    apiVersion: 'autoscaling/v2',
    groups: ['autoscaling'],
    hint:
      'kubesim reads HorizontalPodAutoscaler as autoscaling/v2, autoscaling/v1 and autoscaling/v2beta2; autoscaling/v2beta1 (removed in 1.25) ' +
      'needs its metrics rewritten as v2 targets, e.g. targetAverageUtilization: N as target: {type: Utilization, averageUtilization: N}',
  },
};

/** Built-in kinds of the groups kubesim reads, so that a misspelt kind there is an error, not an ignored object. */
const BUILT_IN_KINDS: Readonly<Record<string, readonly string[]>> = {
  '': [
    'Binding', 'ComponentStatus', 'ConfigMap', 'Endpoints', 'Event', 'LimitRange', 'List', 'Namespace', 'Node',
    'PersistentVolume', 'PersistentVolumeClaim', 'Pod', 'PodTemplate', 'ReplicationController', 'ResourceQuota',
    'Secret', 'Service', 'ServiceAccount',
  ],
  apps: ['ControllerRevision', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet'],
  autoscaling: ['HorizontalPodAutoscaler'],
  policy: ['Eviction', 'PodDisruptionBudget'],
};

/** kubectl's `no matches for kind "Deploymnet" in version "apps/v1"`, with a hint; kinds are case-sensitive. */
function checkKnownKind(apiVersion: string, kind: string): void {
  const known = BUILT_IN_KINDS[groupOf(apiVersion)];
  if (!known || known.includes(kind)) return;
  const hint = suggest(kind, known);
  throw new UserError(`no matches for kind ${JSON.stringify(kind)} in version ${JSON.stringify(apiVersion)}${hint ? ` (did you mean "${hint}"?)` : ''}`, { path: 'kind' });
}

/** `kind: List` (what `kubectl get -o yaml` prints) → its items; anything else → `[doc]`. */
export function expandList(doc: unknown): unknown[] {
  if (isPlainObject(doc) && doc.kind === 'List' && Array.isArray(doc.items)) return doc.items;
  return [doc];
}

/** Parse one manifest document. Throws `UserError` (path = field path) for invalid input. */
export function parseManifest(doc: unknown): ParsedManifest {
  if (!isPlainObject(doc)) throw new UserError(`expected a Kubernetes object (a YAML mapping), got ${doc === null ? 'null' : typeof doc}`);
  const apiVersion = doc.apiVersion;
  const kind = doc.kind;
  if (typeof kind !== 'string' || kind === '') throw required('kind', "every manifest needs 'kind' (e.g. Deployment)");
  if (typeof apiVersion !== 'string' || apiVersion === '') throw required('apiVersion', "every manifest needs 'apiVersion' (e.g. apps/v1)");
  if (kind === 'List' && groupOf(apiVersion) === '') {
    throw new UserError('a List must be expanded into its items first (expandList)', { path: 'kind' });
  }
  checkKnownKind(apiVersion, kind);
  const rule = KINDS[kind];
  if (!rule || !rule.groups.includes(groupOf(apiVersion))) {
    const meta = isPlainObject(doc.metadata) ? doc.metadata : {};
    const name = typeof meta.name === 'string' ? meta.name : '';
    return { object: { apiVersion, kind, ignored: true, name }, warnings: [] };
  }
  const hpaVersion = kind === 'HorizontalPodAutoscaler' && HPA_VERSIONS.includes(apiVersion);
  if (apiVersion !== rule.apiVersion && !hpaVersion) throw invalid('apiVersion', apiVersion, rule.hint);

  const warnings: string[] = [];
  // kinds with their own top-level fields read themselves
  if (kind === 'NodePool') return { object: readNodePool(doc, warnings), warnings };
  if (kind === 'PriorityClass') return { object: readPriorityClass(doc, warnings), warnings };
  const top = new Fields(doc, '', TOP, warnings);
  let object: KubeObject;
  switch (kind) {
    case 'Deployment': {
      const metadata = readObjectMeta(top, 'subdomain');
      const d: Deployment = { apiVersion: 'apps/v1', kind: 'Deployment', ignored: false, metadata, spec: readDeploymentSpec(top) };
      object = d;
      break;
    }
    case 'Service': {
      const metadata = readObjectMeta(top, 'dns1035');
      const s: Service = { apiVersion: 'v1', kind: 'Service', ignored: false, metadata, spec: readServiceSpec(top) };
      object = s;
      break;
    }
    case 'ResourceQuota': {
      const metadata = readObjectMeta(top, 'subdomain');
      const q: ResourceQuota = { apiVersion: 'v1', kind: 'ResourceQuota', ignored: false, metadata, spec: readResourceQuotaSpec(top) };
      object = q;
      break;
    }
    case 'PodDisruptionBudget': {
      const metadata = readObjectMeta(top, 'subdomain');
      const p: PodDisruptionBudget = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', ignored: false, metadata, spec: readPdbSpec(top) };
      object = p;
      break;
    }
    default: {
      const metadata = readObjectMeta(top, 'subdomain');
      // Every served version is converted to autoscaling/v2 as the API server does (pkg/apis/autoscaling/v1 and
      // v2beta2 conversion.go): v2beta2 has v2's shape; v1 is converted by readHpaV1Spec.
      if (apiVersion === 'autoscaling/v1') for (const a of V1_ANNOTATIONS) if (a in metadata.annotations) warnings.push(`metadata.annotations[${a}]: not modelled by kubesim; ignored (write the metrics as autoscaling/v2)`);
      const spec = apiVersion === 'autoscaling/v1' ? readHpaV1Spec(top) : readHpaSpec(top);
      const h: HorizontalPodAutoscaler = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', ignored: false, metadata, spec };
      object = h;
    }
  }
  return { object, warnings };
}

// ---- Service (v1) ----

const SERVICE_SPEC: FieldSpec = {
  modelled: ['selector', 'ports', 'type', 'clusterIP'],
  ignored: [
    'clusterIPs', 'externalIPs', 'sessionAffinity', 'loadBalancerIP', 'loadBalancerSourceRanges', 'externalName',
    'externalTrafficPolicy', 'healthCheckNodePort', 'publishNotReadyAddresses', 'sessionAffinityConfig', 'ipFamilies',
    'ipFamilyPolicy', 'allocateLoadBalancerNodePorts', 'loadBalancerClass', 'internalTrafficPolicy', 'trafficDistribution',
  ],
};
const SERVICE_PORT: FieldSpec = { modelled: ['name', 'port', 'targetPort'], ignored: ['protocol', 'appProtocol', 'nodePort'] };

/**
 * Service spec (`pkg/apis/core/validation` ValidateService, the parts that matter here): ports required unless
 * headless (`clusterIP: None`) or ExternalName; each port 1…65535; names required when there are several, unique;
 * targetPort defaults to port. `clusterIP` is read only to recognise a headless Service (a real address is
 * warned about like any unmodelled field).
 */
function readServiceSpec(top: Fields): Service['spec'] {
  const spec = top.object('spec', SERVICE_SPEC) ?? new Fields({}, 'spec', SERVICE_SPEC, top.warnings);
  const type = spec.oneOf('type', SERVICE_TYPES, 'ClusterIP');
  const clusterIP = spec.str('clusterIP');
  const headless = clusterIP === 'None';
  if (clusterIP && !headless) top.warnings.push(`${spec.at('clusterIP')}: not modelled by kubesim; ignored`);
  const selectorMap = spec.has('selector') ? spec.stringMap('selector') : null;
  const selector = selectorMap && Object.keys(selectorMap).length > 0 ? selectorMap : null;

  const list = spec.list('ports');
  if (list.length === 0 && !headless && type !== 'ExternalName') throw required(spec.at('ports'));
  const names = new Set<string>();
  const ports = list.map((raw, i): ServicePort => {
    const p = new Fields(raw, `${spec.at('ports')}[${i}]`, SERVICE_PORT, top.warnings);
    const name = p.str('name') || null;
    if (name === null && list.length > 1) throw required(p.at('name'));
    if (name !== null) {
      const problem = portNameProblem(name);
      if (problem) throw invalid(p.at('name'), name, problem);
      if (names.has(name)) throw duplicate(p.at('name'), name);
      names.add(name);
    }
    const port = p.int('port');
    if (port === undefined) throw required(p.at('port'));
    checkPortNumber(p.at('port'), port);
    const target = p.raw('targetPort');
    const targetPort = target === undefined || target === 0 || target === '' ? port : portNumOrName(target, p.at('targetPort'));
    return { name, port, targetPort };
  });
  if (type === 'ExternalName' && !spec.has('externalName')) throw required(spec.at('externalName'));
  return { selector, ports, type };
}
