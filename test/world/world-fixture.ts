/**
 * Scenarios built in code for end-to-end tests of the world: the article's manifests parsed by the real
 * `parseManifest`, with every other field explicit, so a test can state exactly what it changes.
 */
import { parseManifest } from '../../src/k8s/api/manifests.js';
import type { Deployment, HorizontalPodAutoscaler, ResourceQuota, Service } from '../../src/k8s/api/types.js';
import type { TrafficComponentSpec } from '../../src/workload/traffic/types.js';
import {
  APP_DEFAULTS,
  CLUSTER_DEFAULTS,
  CONTROLLER_DEFAULTS,
  PRICING_DEFAULTS,
  type AppConfig,
  type Scenario,
  type ScenarioEvent,
} from '../../src/scenario/types.js';

export function deployment(over: { replicas?: number; strategy?: unknown; probe?: unknown; liveness?: unknown; startup?: unknown; image?: string; minReadySeconds?: number; requests?: unknown; limits?: unknown } = {}): Deployment {
  const doc = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api' },
    spec: {
      replicas: over.replicas ?? 3,
      selector: { matchLabels: { app: 'api' } },
      strategy: over.strategy ?? { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      minReadySeconds: over.minReadySeconds ?? 0,
      template: {
        metadata: { labels: { app: 'api' } },
        spec: {
          containers: [
            {
              name: 'api',
              image: over.image ?? 'myrepo/api:1.2.3',
              resources: { requests: over.requests ?? { cpu: '100m', memory: '128Mi' }, limits: over.limits ?? { cpu: '500m', memory: '512Mi' } },
              ...(over.probe === null ? {} : { readinessProbe: over.probe ?? { httpGet: { path: '/health', port: 8000 }, initialDelaySeconds: 5, periodSeconds: 10 } }),
              ...(over.liveness ? { livenessProbe: over.liveness } : {}),
              ...(over.startup ? { startupProbe: over.startup } : {}),
            },
          ],
        },
      },
    },
  };
  return parseManifest(doc).object as Deployment;
}

export function service(): Service {
  return parseManifest({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'api' }, spec: { selector: { app: 'api' }, ports: [{ port: 80, targetPort: 8000 }] } }).object as Service;
}

export function hpa(over: { min?: number; max?: number; target?: number; behavior?: unknown } = {}): HorizontalPodAutoscaler {
  return parseManifest({
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'api-hpa' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
      minReplicas: over.min ?? 2,
      maxReplicas: over.max ?? 20,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: over.target ?? 70 } } }],
      ...(over.behavior ? { behavior: over.behavior } : {}),
    },
  }).object as HorizontalPodAutoscaler;
}

export interface FixtureOptions {
  durationMs?: number;
  seed?: number;
  deployments?: Deployment[];
  hpas?: HorizontalPodAutoscaler[];
  services?: Service[];
  quotas?: ResourceQuota[];
  metricSeries?: Scenario['metricSeries'];
  apps?: Record<string, AppConfig>;
  trafficByTarget?: Record<string, TrafficComponentSpec[]>;
  traffic?: TrafficComponentSpec[];
  events?: ScenarioEvent[];
  app?: Partial<AppConfig>;
  sampleIntervalMs?: number;
  warmStart?: boolean;
  controllers?: Partial<Scenario['controllers']>;
  clients?: Scenario['clients'];
  cluster?: Scenario['cluster'];
  pdbs?: Scenario['pdbs'];
  karpenterNodePools?: Scenario['karpenterNodePools'];
}

export function scenario(o: FixtureOptions = {}): Scenario {
  return {
    name: 'fixture',
    file: 'fixture.yaml',
    baseDir: '.',
    durationMs: o.durationMs ?? 600_000,
    seed: o.seed ?? 1,
    sampleIntervalMs: o.sampleIntervalMs ?? 10_000,
    warmStart: o.warmStart ?? true,
    apps: { api: { ...APP_DEFAULTS, container: null, sidecars: {}, versions: {}, ...o.app } as AppConfig, ...o.apps },
    defaultApp: APP_DEFAULTS,
    traffic: o.trafficByTarget ?? { api: o.traffic ?? [{ kind: 'constant', rps: 100 }] },
    clients: o.clients ?? {},
    events: o.events ?? [],
    slo: null,
    pricing: PRICING_DEFAULTS,
    controllers: { ...CONTROLLER_DEFAULTS, ...o.controllers },
    cluster: o.cluster ?? CLUSTER_DEFAULTS,
    deployments: o.deployments ?? [deployment()],
    services: o.services ?? [service()],
    hpas: o.hpas ?? [],
    quotas: o.quotas ?? [],
    metricSeries: o.metricSeries ?? [],
    pdbs: o.pdbs ?? [],
    karpenterNodePools: o.karpenterNodePools ?? [],
    ignored: [],
    warnings: [],
  };
}
