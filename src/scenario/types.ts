/**
 * The normalised scenario: what `normalize` produces (every default applied, every duration in integer ms,
 * every quantity in milli-units) and what `build`/`run` consume. Nothing downstream reads raw YAML.
 *
 * The raw format is kubesim/v1alpha1 as documented in the README ("Scenario files").
 */
import type { NodeAutoscalerConfig } from './node-autoscaler.js';
import type { NodePoolPolicy } from '../k8s/autoscaler/karpenter.js';
import type { BootTimeSpec } from '../k8s/nodes/boot-time.js';
import { qualifiedName, type Deployment, type HorizontalPodAutoscaler, type IgnoredObject, type PodDisruptionBudget, type ResourceQuota, type Service } from '../k8s/api/types.js';
import { DEFAULT_HPA_PARAMS, HPA_SYNC_PERIOD_SECONDS, HPA_TOLERANCE } from '../k8s/hpa/defaults.js';
import type { TrafficComponentSpec } from '../workload/traffic/types.js';

/** How an app behaves (per Deployment, optionally overridden per container image). */
export interface AppSpec {
  /** CPU time one request costs, in CPU-milliseconds (5ms → 5). */
  cpuPerRequestMs: number;
  /** CPU used with no traffic, millicores. */
  idleMilli: number;
  /** Container start until the app answers probes. */
  startupMs: number;
  /** Latency of one request at low load. */
  serviceTimeMs: number;
  /** Client timeout: requests slower than this fail. */
  timeoutMs: number;
  /** Time from image pull start to container start. */
  imagePullMs: number;
  /** Time the app takes to exit after SIGTERM (bounded by the grace period). */
  shutdownMs: number;
  /** The container exits this long after it starts (a crashing release); null = never. */
  crashAfterMs: number | null;
  /** Readiness probes never pass (a broken release). */
  neverReady: boolean;
  /** Working set with no traffic, bytes. */
  memoryBytes: number;
  /** Memory held by each request in flight, bytes. */
  memoryPerRequestBytes: number;
  /** Working-set growth per hour since the container started, bytes. */
  memoryLeakPerHourBytes: number;
}

/** A container of the pod other than the serving one (`apps.<d>.sidecars.<name>`): load and memory only. */
export interface SidecarSpec {
  /** CPU time per request the pod serves, CPU-milliseconds. */
  cpuPerRequestMs: number;
  idleMilli: number;
  memoryBytes: number;
  memoryPerRequestBytes: number;
  memoryLeakPerHourBytes: number;
}

export interface AppConfig extends AppSpec {
  /** The container that serves the traffic (`container`, default the template's first). */
  container: string | null;
  /** The other containers by name (a container without an entry idles: SIDECAR_DEFAULTS). */
  sidecars: Record<string, SidecarSpec>;
  /** Overrides by image of the serving container. */
  versions: Record<string, Partial<AppSpec>>;
}

/** A named series for External HPA metrics (`spec.metrics[]`). */
export interface MetricSeriesSpec {
  name: string;
  labels: Record<string, string>;
  value: TrafficComponentSpec[];
}

export type ScenarioEvent =
  | { atMs: number; kind: 'rollout'; deployment: string; image: string; container?: string }
  | { atMs: number; kind: 'undo'; deployment: string; toRevision?: number }
  | { atMs: number; kind: 'scale'; deployment: string; replicas: number }
  | { atMs: number; kind: 'killPods'; deployment: string; count: number }
  | { atMs: number; kind: 'nodeFailure' | 'nodeRecovery' | 'drain'; node: string };

/** `spec.clients.<name>`: a failed or timed-out request is sent again `retryBackoffMs` later, up to `retries` times. */
export interface ClientBehaviour {
  retries: number;
  retryBackoffMs: number;
}

export interface SloSpec {
  /** Fraction of offered requests served, 0..1 (99.9% → 0.999). */
  availability?: number;
  latencyP99Ms?: number;
  latencyP95Ms?: number;
  maxOutageSeconds?: number;
  /** Maximum total cost over the run, in the pricing currency. */
  costBudget?: number;
}

export interface PricingSpec {
  cpuCoreHour: number;
  memoryGiBHour: number;
}

/** kube-controller-manager flags of the HPA controller plus metrics-server settings. */
export interface ControllerSettings {
  hpaSyncPeriodMs: number;
  hpaTolerance: number;
  hpaCpuInitializationPeriodMs: number;
  hpaInitialReadinessDelayMs: number;
  hpaDownscaleStabilizationMs: number;
  /** `HPAConfigurableTolerance` feature gate (beta, on from 1.35). */
  hpaConfigurableTolerance: boolean;
  /**
   * metrics-server `--metric-resolution`: 15 s, what a standard install runs (metrics-server's
   * `manifests/base/deployment.yaml`, the source of `components.yaml`, and its Helm chart's `values.yaml` pass
   * `--metric-resolution=15s`); the binary's own flag default (60 s, `cmd/metrics-server/app/options/options.go`)
   * applies only when it is started without that argument.
   */
  metricsResolutionMs: number;
  /** Window the CPU rate is computed over (default = the resolution). */
  metricsWindowMs: number;
}

export interface NodePoolSpec {
  name: string;
  allocatable: { cpuMilli: number; memoryBytes: number; pods: number };
  nodes: number;
  min: number;
  max: number;
  pricePerHour: number;
  bootMs: number;
  /** Seeded boot-time distribution (bootTimePreset or bootTimeP90); absent: bootMs exactly. */
  bootTime?: BootTimeSpec;
  labels: Record<string, string>;
  taints: { key: string; value: string; effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' }[];
}

export interface ClusterSpec {
  /** CPU a pod without a CPU limit may use (one node's allocatable CPU), millicores. */
  nodeCpuMilli: number;
  /** Node pools; empty = one implicit node that fits every pod, no node cost (the behaviour before pools). */
  nodePools: NodePoolSpec[];
  /** null: the node count changes only by events. */
  nodeAutoscaler: NodeAutoscalerConfig | null;
}

/** Where a manifest object was read: its file and the lines of the fields findings point at. */
export interface ObjectSource {
  kind: string;
  name: string;
  file: string;
  /** By field path (`''` = the document, `spec.maxReplicas`, …), 1-based. */
  lines: Record<string, number>;
}

export interface Scenario {
  name: string;
  /** Each Deployment's and HPA's source, for CI annotations. */
  sources?: ObjectSource[];
  /** The scenario file, for messages. */
  file: string;
  baseDir: string;
  durationMs: number;
  seed: number;
  /** Time between timeseries rows. */
  sampleIntervalMs: number;
  /** Start with each Deployment's pods already Running and Ready (the default: the scenario format promises a warm start). */
  warmStart: boolean;
  apps: Record<string, AppConfig>;
  /** The app of a Deployment without an `apps` entry (APP_DEFAULTS). */
  defaultApp: AppSpec;
  /** Offered traffic by Service (or Deployment) key (`objectKey`): summed components. */
  traffic: Record<string, TrafficComponentSpec[]>;
  /** Client behaviour by traffic name (`spec.clients`); absent names do not retry. */
  clients: Record<string, ClientBehaviour>;
  events: ScenarioEvent[];
  slo: SloSpec | null;
  pricing: PricingSpec;
  controllers: ControllerSettings;
  cluster: ClusterSpec;
  deployments: Deployment[];
  services: Service[];
  hpas: HorizontalPodAutoscaler[];
  quotas: ResourceQuota[];
  /** Named series External metrics read. */
  metricSeries: MetricSeriesSpec[];
  /** policy/v1 PodDisruptionBudgets (honoured by drains). */
  pdbs: PodDisruptionBudget[];
  /** karpenter.sh/v1 NodePools (kind: Karpenter reads them; empty: the implicit NodePool of spec.cluster.nodeAutoscaler). */
  karpenterNodePools: NodePoolPolicy[];
  ignored: IgnoredObject[];
  /** Warnings collected while loading (unmodelled fields etc.), each reported once. */
  warnings: string[];
}

/** Defaults named in one place (README "Scenario defaults" mirrors this). */
export const APP_DEFAULTS: AppSpec = {
  cpuPerRequestMs: 5,
  idleMilli: 0,
  startupMs: 0,
  serviceTimeMs: 10,
  timeoutMs: 30_000,
  imagePullMs: 0,
  shutdownMs: 0,
  crashAfterMs: null,
  neverReady: false,
  memoryBytes: 0,
  memoryPerRequestBytes: 0,
  memoryLeakPerHourBytes: 0,
};

export const SIDECAR_DEFAULTS: SidecarSpec = { cpuPerRequestMs: 0, idleMilli: 0, memoryBytes: 0, memoryPerRequestBytes: 0, memoryLeakPerHourBytes: 0 };

/** `default/api` → `api`; `staging/api` stays: how objects are keyed in apps, traffic and outputs. */
export const objectKey = qualifiedName;

/** Pricing default: GKE Autopilot-like general-purpose list prices, us-central1 (see README for date/source). */
export const PRICING_DEFAULTS: PricingSpec = { cpuCoreHour: 0.0445, memoryGiBHour: 0.0049225 };

export const CONTROLLER_DEFAULTS: ControllerSettings = {
  // The HPA controller's production defaults, defined once in k8s/hpa/defaults.ts.
  hpaSyncPeriodMs: HPA_SYNC_PERIOD_SECONDS * 1000,
  hpaTolerance: HPA_TOLERANCE,
  hpaCpuInitializationPeriodMs: DEFAULT_HPA_PARAMS.cpuInitializationPeriod * 1000,
  hpaInitialReadinessDelayMs: DEFAULT_HPA_PARAMS.initialReadinessDelay * 1000,
  hpaDownscaleStabilizationMs: DEFAULT_HPA_PARAMS.downscaleStabilizationWindow * 1000,
  hpaConfigurableTolerance: DEFAULT_HPA_PARAMS.configurableToleranceGate,
  metricsResolutionMs: 15_000,
  metricsWindowMs: 15_000,
};

export const CLUSTER_DEFAULTS: ClusterSpec = { nodeCpuMilli: 4000, nodePools: [], nodeAutoscaler: null };

/** Node pool defaults (README "Nodes"): maxPods 110 is the kubelet's default; bootTime is kubesim's choice. */
export const NODE_POOL_DEFAULTS = { pods: 110, nodes: 1, min: 0, pricePerHour: 0, bootMs: 60_000 } as const;

export const SAMPLE_INTERVAL_DEFAULT_MS = 10_000;
