/**
 * The typed, defaulted Kubernetes objects kubesim consumes (what `parseManifest` returns).
 *
 * Every upstream default has already been applied exactly once, so consumers
 * never see an absent field that Kubernetes would fill: `replicas` is a number, `strategy.rollingUpdate` exists for
 * RollingUpdate, probes carry their 1/10/1/3 timings, an HPA has `minReplicas` and at least one metric. What stays
 * `null` is what stays nil upstream too (an HPA's `behavior` when not given, `scaleDown.stabilizationWindowSeconds`
 * when not given — the controller's flag then applies, a probe's own `terminationGracePeriodSeconds`).
 *
 * Quantities keep the user's text and the numbers the controllers use (`milli` = upstream `MilliValue()`).
 */
import type { PodScheduling } from '../scheduler/types.js';
import type { IntOrString } from './intstr.js';

export interface ObjectMeta {
  readonly name: string;
  /** `default` when the manifest does not say */
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

// ---- label selectors ----

export const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;
export type SelectorOperator = (typeof SELECTOR_OPERATORS)[number];

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: SelectorOperator;
  readonly values: readonly string[];
}

export interface LabelSelector {
  readonly matchLabels: Readonly<Record<string, string>>;
  readonly matchExpressions: readonly LabelSelectorRequirement[];
}

// ---- resources ----

/** One resource quantity as written (`"100m"`) with its canonical form and integer views. */
export interface ResourceQuantity {
  /** the string as given in the manifest (a YAML number is written as JS prints it) */
  readonly text: string;
  /** upstream canonical form (`0.5` → `500m`) */
  readonly canonical: string;
  /** `MilliValue()`: ceil(value × 1000); CPU in millicores, memory in milli-bytes */
  readonly milli: number;
  /** `Value()`: ceil(value); memory in bytes */
  readonly value: number;
}

export interface ResourceRequirements {
  /** keyed by resource name (`cpu`, `memory`, `ephemeral-storage`, `nvidia.com/gpu`, …) */
  readonly requests: Readonly<Record<string, ResourceQuantity>>;
  readonly limits: Readonly<Record<string, ResourceQuantity>>;
}

// ---- probes and lifecycle hooks ----

export const PROBE_HANDLER_KINDS = ['httpGet', 'tcpSocket', 'exec', 'grpc'] as const;
export type ProbeHandlerKind = (typeof PROBE_HANDLER_KINDS)[number];

export const URI_SCHEMES = ['HTTP', 'HTTPS'] as const;
export type UriScheme = (typeof URI_SCHEMES)[number];

export type ProbeHandler =
  | { readonly kind: 'httpGet'; readonly path: string; readonly port: IntOrString; readonly scheme: UriScheme }
  | { readonly kind: 'tcpSocket'; readonly port: IntOrString }
  | { readonly kind: 'exec'; readonly command: readonly string[] }
  | { readonly kind: 'grpc'; readonly port: number; readonly service: string | null };

export interface Probe {
  readonly handler: ProbeHandler;
  readonly initialDelaySeconds: number;
  /** default 1 */
  readonly timeoutSeconds: number;
  /** default 10 */
  readonly periodSeconds: number;
  /** default 1; always 1 for liveness and startup probes */
  readonly successThreshold: number;
  /** default 3 */
  readonly failureThreshold: number;
  /** liveness/startup only; null = use the pod's terminationGracePeriodSeconds */
  readonly terminationGracePeriodSeconds: number | null;
}

export const LIFECYCLE_HANDLER_KINDS = ['exec', 'httpGet', 'sleep'] as const;
export type LifecycleHandlerKind = (typeof LIFECYCLE_HANDLER_KINDS)[number];

export type LifecycleHandler =
  | { readonly kind: 'exec'; readonly command: readonly string[] }
  | { readonly kind: 'httpGet'; readonly path: string; readonly port: IntOrString; readonly scheme: UriScheme }
  | { readonly kind: 'sleep'; readonly seconds: number };

export interface Lifecycle {
  readonly preStop: LifecycleHandler | null;
}

// ---- containers and pods ----

export interface ContainerPort {
  readonly name: string | null;
  readonly containerPort: number;
}

export interface Container {
  readonly name: string;
  /** init containers only: `Always` makes it a sidecar (restartable init container); absent otherwise */
  readonly restartPolicy?: 'Always';
  readonly image: string;
  readonly ports: readonly ContainerPort[];
  readonly resources: ResourceRequirements;
  readonly readinessProbe: Probe | null;
  readonly livenessProbe: Probe | null;
  readonly startupProbe: Probe | null;
  readonly lifecycle: Lifecycle;
}

export const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'] as const;
export type RestartPolicy = (typeof RESTART_POLICIES)[number];

export interface PodSpec {
  readonly containers: readonly Container[];
  /** absent when the manifest has none; run in order before `containers` (sidecars keep running) */
  readonly initContainers?: readonly Container[];
  /** a Deployment's template only allows `Always` */
  readonly restartPolicy: RestartPolicy;
  /** default 30 */
  readonly terminationGracePeriodSeconds: number;
  /** nodeSelector, tolerations, required node affinity (absent in objects built by hand = none). */
  readonly scheduling?: PodScheduling;
  /** spec.priorityClassName (absent: none). */
  readonly priorityClassName?: string;
  /**
   * spec.priority and spec.preemptionPolicy as the Priority admission plugin sets them from the PriorityClass (the
   * normaliser resolves them; absent: 0 and PreemptLowerPriority).
   */
  readonly priority?: number;
  readonly preemptionPolicy?: 'PreemptLowerPriority' | 'Never';
}

export interface PodTemplateSpec {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly spec: PodSpec;
}

// ---- Deployment ----

export const DEPLOYMENT_STRATEGY_TYPES = ['Recreate', 'RollingUpdate'] as const;
export type DeploymentStrategyType = (typeof DEPLOYMENT_STRATEGY_TYPES)[number];

export interface RollingUpdateDeployment {
  /** default "25%" */
  readonly maxSurge: IntOrString;
  /** default "25%" */
  readonly maxUnavailable: IntOrString;
}

export interface DeploymentStrategy {
  /** default RollingUpdate */
  readonly type: DeploymentStrategyType;
  /** set (defaulted) for RollingUpdate, null for Recreate */
  readonly rollingUpdate: RollingUpdateDeployment | null;
}

export interface DeploymentSpec {
  /** default 1 */
  readonly replicas: number;
  readonly selector: LabelSelector;
  readonly template: PodTemplateSpec;
  readonly strategy: DeploymentStrategy;
  /** default 0 */
  readonly minReadySeconds: number;
  /** default 600 */
  readonly progressDeadlineSeconds: number;
  /** default 10 */
  readonly revisionHistoryLimit: number;
  /** default false */
  readonly paused: boolean;
}

/** Every supported object carries `ignored: false`, so `if (!o.ignored)` narrows the union to them. */
export interface Deployment {
  readonly apiVersion: 'apps/v1';
  readonly kind: 'Deployment';
  readonly ignored: false;
  readonly metadata: ObjectMeta;
  readonly spec: DeploymentSpec;
}

// ---- Service ----

export const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export interface ServicePort {
  readonly name: string | null;
  readonly port: number;
  /** defaults to `port` */
  readonly targetPort: IntOrString;
}

export interface Service {
  readonly apiVersion: 'v1';
  readonly kind: 'Service';
  readonly ignored: false;
  readonly metadata: ObjectMeta;
  readonly spec: {
    /** null = a Service without a selector (routes to nothing kubesim manages) */
    readonly selector: Readonly<Record<string, string>> | null;
    readonly ports: readonly ServicePort[];
    /** default ClusterIP */
    readonly type: ServiceType;
  };
}

// ---- HorizontalPodAutoscaler (autoscaling/v2) ----

export const METRIC_SOURCE_TYPES = ['Resource', 'ContainerResource', 'Pods', 'Object', 'External'] as const;
export type MetricSourceType = (typeof METRIC_SOURCE_TYPES)[number];

export const METRIC_TARGET_TYPES = ['Utilization', 'AverageValue', 'Value'] as const;
export type MetricTargetType = (typeof METRIC_TARGET_TYPES)[number];

/** As the HPA vectors write it: quantities in milli-units, utilisation in percent. */
export interface MetricTarget {
  readonly type: MetricTargetType;
  readonly averageUtilization?: number;
  readonly averageValueMilli?: number;
  readonly valueMilli?: number;
}

export interface CrossVersionObjectReference {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
}

/** One metric, flattened as the HPA test vectors write it: `name` is the resource name or the metric name. */
export interface MetricSpec {
  readonly type: MetricSourceType;
  readonly name: string;
  /** ContainerResource only */
  readonly container?: string;
  /** Object only */
  readonly describedObject?: CrossVersionObjectReference;
  /** Pods, Object and External: `metric.selector`, which of the metric's series count */
  readonly selector?: LabelSelector;
  readonly target: MetricTarget;
}

export const SCALING_POLICY_TYPES = ['Pods', 'Percent'] as const;
export type ScalingPolicyType = (typeof SCALING_POLICY_TYPES)[number];

/** Upstream's validation lists these sorted: "Disabled", "Max", "Min". */
export const SELECT_POLICIES = ['Disabled', 'Max', 'Min'] as const;
export type SelectPolicy = (typeof SELECT_POLICIES)[number];

export interface HPAScalingPolicy {
  readonly type: ScalingPolicyType;
  readonly value: number;
  readonly periodSeconds: number;
}

export interface HPAScalingRules {
  /** scaleUp default 0; scaleDown stays null when unset (the controller's downscale-stabilization flag applies) */
  readonly stabilizationWindowSeconds: number | null;
  /** default Max */
  readonly selectPolicy: SelectPolicy;
  readonly policies: readonly HPAScalingPolicy[];
  /** per-HPA tolerance (KEP-4951); null = the controller's flag */
  readonly tolerance: number | null;
}

export interface HPABehavior {
  readonly scaleUp: HPAScalingRules;
  readonly scaleDown: HPAScalingRules;
}

export interface HorizontalPodAutoscaler {
  readonly apiVersion: 'autoscaling/v2';
  readonly kind: 'HorizontalPodAutoscaler';
  readonly ignored: false;
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly scaleTargetRef: CrossVersionObjectReference;
    /** default 1 */
    readonly minReplicas: number;
    readonly maxReplicas: number;
    /** default: one Resource cpu Utilization 80 metric */
    readonly metrics: readonly MetricSpec[];
    /** null when the manifest has none (legacy normalisation); fully defaulted when present */
    readonly behavior: HPABehavior | null;
  };
}

// ---- ResourceQuota (v1) ----

export interface ResourceQuota {
  readonly apiVersion: 'v1';
  readonly kind: 'ResourceQuota';
  readonly ignored: false;
  readonly metadata: ObjectMeta;
  readonly spec: {
    /** `spec.hard` by resource name (`requests.cpu`, `limits.memory`, `pods`, `count/pods`, `cpu`, …) */
    readonly hard: Readonly<Record<string, ResourceQuantity>>;
  };
}

// ---- PodDisruptionBudget (policy/v1) ----

export interface PodDisruptionBudget {
  readonly apiVersion: 'policy/v1';
  readonly kind: 'PodDisruptionBudget';
  readonly ignored: false;
  readonly metadata: ObjectMeta;
  readonly spec: {
    /** policy/v1: null selects no pods; an empty selector selects every pod of the namespace */
    readonly selector: LabelSelector | null;
    /** exactly one of minAvailable / maxUnavailable is set (or neither) */
    readonly minAvailable: IntOrString | null;
    readonly maxUnavailable: IntOrString | null;
    /** default IfHealthyBudget */
    readonly unhealthyPodEvictionPolicy: 'IfHealthyBudget' | 'AlwaysAllow';
  };
}

// ---- everything else ----

/** A kind kubesim does not simulate (ConfigMap, Secret, Ingress, …): accepted and listed as ignored. */
export interface IgnoredObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly ignored: true;
  readonly name: string;
}

export type KubeObject = Deployment | Service | HorizontalPodAutoscaler | ResourceQuota | PodDisruptionBudget | NodePoolManifest | PriorityClass | IgnoredObject;

export function isPriorityClass(o: KubeObject): o is PriorityClass {
  return !o.ignored && o.kind === 'PriorityClass';
}

export function isNodePool(o: KubeObject): o is NodePoolManifest {
  return !o.ignored && o.kind === 'NodePool';
}
export type SupportedObject = Exclude<KubeObject, IgnoredObject>;

export const SUPPORTED_KINDS = ['Deployment', 'Service', 'HorizontalPodAutoscaler', 'ResourceQuota', 'PodDisruptionBudget'] as const;
export type SupportedKind = (typeof SUPPORTED_KINDS)[number];

export function isDeployment(o: KubeObject): o is Deployment {
  return !o.ignored && o.kind === 'Deployment';
}
export function isService(o: KubeObject): o is Service {
  return !o.ignored && o.kind === 'Service';
}
export function isHorizontalPodAutoscaler(o: KubeObject): o is HorizontalPodAutoscaler {
  return !o.ignored && o.kind === 'HorizontalPodAutoscaler';
}
export function isResourceQuota(o: KubeObject): o is ResourceQuota {
  return !o.ignored && o.kind === 'ResourceQuota';
}
import type { NodePoolManifest } from './manifest-nodepool.js';
import type { PriorityClass } from './manifest-priorityclass.js';

export function isPodDisruptionBudget(o: KubeObject): o is PodDisruptionBudget {
  return !o.ignored && o.kind === 'PodDisruptionBudget';
}
export function isIgnored(o: KubeObject): o is IgnoredObject {
  return o.ignored;
}

/** `api` in namespace default, `staging/api` elsewhere: how kubesim keys objects in apps, traffic and outputs. */
export function qualifiedName(namespace: string, name: string): string {
  return namespace === 'default' ? name : `${namespace}/${name}`;
}

/** `deployment/api`, `service/api`, `horizontalpodautoscaler/api-hpa`: how kubectl names an object. */
export function objectRef(o: KubeObject): string {
  return `${o.kind.toLowerCase()}/${o.ignored ? o.name : o.metadata.name}`;
}

/** Does a label set satisfy a selector (matchLabels AND every matchExpression)? Upstream `labels.Selector.Matches`. */
export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels)) if (labels[k] !== v) return false;
  for (const r of selector.matchExpressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    const val = labels[r.key];
    switch (r.operator) {
      case 'In':
        if (!has || !r.values.includes(val!)) return false;
        break;
      case 'NotIn':
        if (has && r.values.includes(val!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}
