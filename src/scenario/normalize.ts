/**
 * Normalise: the Scenario document plus the parsed manifests → the `Scenario` of types.ts, with every default
 * applied here and only here, and every check that needs more than one field:
 *
 *   read the document with the field table (schema.ts)   types, unknown fields ("did you mean"), required fields
 *   objects                                              duplicates; HPA scaleTargetRef names a Deployment;
 *                                                        Service selectors that match no Deployment (warning)
 *   apps / traffic / events                              keys and references name objects of the scenario
 *   defaults                                             APP_DEFAULTS, PRICING_DEFAULTS, CONTROLLER_DEFAULTS, …
 *
 * Errors are `UserError`s located in the scenario file (or the manifest's file and `Kind/name`).
 */
import { isAbsolute, relative } from 'node:path';
import { UserError } from '../engine/errors.js';
import {
  isDeployment,
  isHorizontalPodAutoscaler,
  isNodePool,
  isPriorityClass,
  isIgnored,
  isResourceQuota,
  isPodDisruptionBudget,
  isService,
  selectorMatches,
  type Deployment,
  type HorizontalPodAutoscaler,
  type IgnoredObject,
  type ObjectMeta,
  type ResourceQuota,
  type PodDisruptionBudget,
  type Service,
} from '../k8s/api/types.js';
import { runningContainers } from '../k8s/api/resources.js';
import { childPath, readField, suggest, type Notes } from './fields.js';
import type { LoadedDocuments, LocatedObject } from './load.js';
import type { ParsedResponse } from '../workload/traffic/prometheus.js';
import { normalizeTraffic, normalizeTrafficList } from './normalize-traffic.js';
import { checkHpaMetrics } from './normalize-metrics.js';
import { SCENARIO_FIELDS } from './schema.js';
import type { NodePoolManifest } from '../k8s/api/manifest-nodepool.js';
import { checkGlobalDefault, resolvePriority, type PriorityClass } from '../k8s/api/manifest-priorityclass.js';
import { normalizeNodeAutoscaler } from './node-autoscaler.js';
import { presetSpec, type BootTimePreset, type BootTimeSpec } from '../k8s/nodes/boot-time.js';
import {
  APP_DEFAULTS,
  CLUSTER_DEFAULTS,
  CONTROLLER_DEFAULTS,
  NODE_POOL_DEFAULTS,
  PRICING_DEFAULTS,
  SAMPLE_INTERVAL_DEFAULT_MS,
  SIDECAR_DEFAULTS,
  objectKey,
  type AppConfig,
  type MetricSeriesSpec,
  type SidecarSpec,
  type AppSpec,
  type ClientBehaviour,
  type ControllerSettings,
  type NodePoolSpec,
  type Scenario,
  type ScenarioEvent,
  type SloSpec,
} from './types.js';

/** The Scenario document as `readField` returns it: durations in ms, quantities in milli-units. */
interface ReadApp {
  cpuPerRequest?: number;
  idleCpu?: number;
  startupTime?: number;
  serviceTime?: number;
  timeout?: number;
  imagePullTime?: number;
  shutdownTime?: number;
  crashAfter?: number;
  neverReady?: boolean;
  memory?: number;
  memoryPerRequest?: number;
  memoryLeakPerHour?: number;
  container?: string;
  sidecars?: Record<string, ReadApp>;
  versions?: Record<string, ReadApp>;
}
type ReadEvent = { at: number } & {
  rollout?: { deployment: string; image: string; container?: string };
  undo?: { deployment: string; toRevision?: number };
  scale?: { deployment: string; replicas: number };
  killPods?: { deployment: string; count: number };
  nodeFailure?: { node: string };
  nodeRecovery?: { node: string };
  drain?: { node: string };
};
interface ReadPool {
  name: string;
  allocatable: { cpu: number; memory: number; pods?: number };
  nodes?: number;
  min?: number;
  max?: number;
  pricePerHour?: number;
  bootTime?: number;
  bootTimeP90?: number;
  bootTimePreset?: BootTimePreset;
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' }[];
}
interface ReadSpec {
  duration: number;
  seed?: number;
  apps?: Record<string, ReadApp>;
  metrics?: { name: string; labels?: Record<string, string>; value: unknown }[];
  traffic?: Record<string, unknown>;
  clients?: Record<string, { retries?: number; retryBackoff?: number }>;
  events?: ReadEvent[];
  slo?: { availability?: number; latencyP99?: number; latencyP95?: number; maxOutage?: number; costBudget?: number };
  pricing?: { cpuCoreHour?: number; memoryGiBHour?: number };
  sampleInterval?: number;
  start?: 'warm' | 'cold';
  controllers?: {
    hpaSyncPeriod?: number;
    hpaTolerance?: number;
    hpaCpuInitializationPeriod?: number;
    hpaInitialReadinessDelay?: number;
    hpaDownscaleStabilization?: number;
    hpaConfigurableTolerance?: boolean;
    metricsResolution?: number;
    metricsWindow?: number;
  };
  cluster?: { nodeCpu?: number; nodePools?: ReadPool[]; nodeAutoscaler?: Record<string, unknown>;
  };
}
interface ReadDocument {
  metadata: { name: string };
  spec: ReadSpec;
}

export interface NormalizeInput {
  loaded: LoadedDocuments;
  objects: readonly LocatedObject[];
  /** Warnings so far (loading, manifests); kept first, in order. */
  warnings: readonly string[];
  /** Live Prometheus ranges fetched by loadScenario, by traffic component path. */
  fetched?: ReadonlyMap<string, ParsedResponse[]>;
}

export function normalizeScenario(input: NormalizeInput): Scenario {
  const { loaded } = input;
  const file = loaded.file;
  const at = (path: string) => ({ file, path });
  const notes: Notes = [];
  const doc = inFile(file, () => readField(loaded.scenario.doc, SCENARIO_FIELDS, '', notes)) as ReadDocument;
  const spec = doc.spec;
  const warnings: string[] = [...input.warnings];

  const { deployments, services, hpas, quotas, pdbs, nodePools: karpenterNodePools, priorityClasses, ignored } = sortObjects(input.objects, warnings);
  resolvePriorities(deployments, priorityClasses);
  const deploymentMetas = deployments.map((d) => d.object.metadata);
  const deploymentNames = deploymentMetas.map((m) => objectKey(m.namespace, m.name));
  const deploymentByName = new Map(deployments.map((d) => [objectKey(d.object.metadata.namespace, d.object.metadata.name), d.object]));
  const targetMetas = [...services.map((s) => s.object.metadata), ...deploymentMetas];
  /** A reference as users write it (`api`, `staging/api`) → the object's key, or a UserError at `where`. */
  const resolve = (what: string, ref: string, metas: readonly ObjectMeta[], where: { file: string; path: string }): string => {
    const key = resolveObjectRef(ref, metas);
    if (key === null) throw new UserError(noSuch(what, ref, [...new Set(metas.map((m) => objectKey(m.namespace, m.name)))]), where);
    if (typeof key === 'object') throw new UserError(`${JSON.stringify(ref)} names ${key.ambiguous.join(' and ')}; write namespace/name`, where);
    return key;
  };

  // apps: every Deployment gets one, defaults applied here.
  const rawApps: Record<string, ReadApp> = {};
  for (const [name, raw] of Object.entries(spec.apps ?? {})) {
    const key = resolve('Deployment', name, deploymentMetas, at(childPath('spec.apps', name)));
    rawApps[key] = raw;
  }
  const apps: Record<string, AppConfig> = {};
  for (const name of deploymentNames) {
    const raw = rawApps[name] ?? {};
    const d = deploymentByName.get(name)!;
    const appPath = childPath('spec.apps', Object.keys(spec.apps ?? {}).find((k) => resolveObjectRef(k, deploymentMetas) === name) ?? name);
    const containers = runningContainers(d.spec.template.spec).map((c) => c.name);
    if (raw.container !== undefined && !containers.includes(raw.container)) {
      throw new UserError(noSuch(`container in Deployment ${name}`, raw.container, containers), at(`${appPath}.container`));
    }
    const serving = raw.container ?? d.spec.template.spec.containers[0]!.name;
    const sidecars: Record<string, SidecarSpec> = {};
    for (const [c, sc] of Object.entries(raw.sidecars ?? {})) {
      const others = containers.filter((x) => x !== serving);
      if (!others.includes(c)) throw new UserError(noSuch(`non-serving container in Deployment ${name}`, c, others), at(childPath(`${appPath}.sidecars`, c)));
      sidecars[c] = { ...SIDECAR_DEFAULTS, ...sidecarSpec(sc) };
      const limited = runningContainers(d.spec.template.spec).find((x) => x.name === c)?.resources.limits['memory'];
      if (limited && (sidecars[c]!.memoryLeakPerHourBytes > 0 || sidecars[c]!.memoryPerRequestBytes > 0)) {
        warnings.push(`${file}: ${childPath(`${appPath}.sidecars`, c)}: a sidecar's memory limit is not enforced by kubesim (only the serving container is OOMKilled)`);
      }
    }
    const versions: Record<string, Partial<AppSpec>> = {};
    for (const [image, v] of Object.entries(raw.versions ?? {})) versions[image] = appSpec(v);
    apps[name] = { ...APP_DEFAULTS, ...appSpec(raw), container: raw.container ?? null, sidecars, versions };
  }

  // traffic: keys name a Service or a Deployment.
  const rawTraffic: Record<string, unknown> = {};
  const traceWarnings: string[] = [];
  for (const [name, v] of Object.entries(spec.traffic ?? {})) {
    rawTraffic[resolve('Service or Deployment', name, targetMetas, at(childPath('spec.traffic', name)))] = v;
  }
  const traffic = inFile(file, () => {
    try {
      return normalizeTraffic(rawTraffic, loaded.baseDir, 'spec.traffic', { fetched: input.fetched, warnings: traceWarnings, runMs: spec.duration, cache: loaded.cache });
    } catch (e) {
      // a trace file's own error (file and line): keep the scenario file and field first, then the trace
      if (e instanceof UserError && e.file !== undefined && e.file !== file) {
        throw new UserError(`${shortPath(e.file)}: ${e.detail}`, { file, path: e.path });
      }
      throw e;
    }
  });

  for (const w of traceWarnings) warnings.push(`${file}: ${w}`);

  // clients: keys name traffic of the scenario; closed-loop clients do not retry.
  const clients: Record<string, ClientBehaviour> = {};
  for (const [ref, c] of Object.entries(spec.clients ?? {})) {
    const found = resolveObjectRef(ref, targetMetas);
    const name = typeof found === 'string' ? found : ref;
    if (!(name in rawTraffic)) throw new UserError(noSuch('traffic entry', ref, Object.keys(rawTraffic)), at(childPath('spec.clients', ref)));
    clients[name] = { retries: c.retries ?? 0, retryBackoffMs: c.retryBackoff ?? 0 };
    if ((c.retries ?? 0) > 0 && traffic[name]?.some((t) => t.kind === 'clients')) {
      warnings.push(`${file}: ${childPath('spec.clients', name)}.retries: applies to the open-loop traffic only; closed-loop clients (clients:) send their next request after thinkTime instead`);
    }
  }
  // node pools: names unique; nodes named <pool>-<n> for the nodes that exist at t=0
  const nodePools = (spec.cluster?.nodePools ?? []).map((p, i): NodePoolSpec => {
    const path = `spec.cluster.nodePools[${i}]`;
    const nodes = p.nodes ?? NODE_POOL_DEFAULTS.nodes;
    const min = p.min ?? NODE_POOL_DEFAULTS.min;
    const max = p.max ?? Math.max(nodes, min);
    if (min > max) throw new UserError(`expected min ≤ max, got min ${min} and max ${max}`, at(`${path}.min`));
    if (p.allocatable.memory % 1000 !== 0) throw new UserError(`expected a whole number of bytes, got ${p.allocatable.memory / 1000}`, at(`${path}.allocatable.memory`));
    return {
      name: p.name,
      allocatable: { cpuMilli: p.allocatable.cpu, memoryBytes: p.allocatable.memory / 1000, pods: p.allocatable.pods ?? NODE_POOL_DEFAULTS.pods },
      nodes,
      min,
      max,
      pricePerHour: p.pricePerHour ?? NODE_POOL_DEFAULTS.pricePerHour,
      bootMs: p.bootTime ?? NODE_POOL_DEFAULTS.bootMs,
      ...bootTimeOf(p, path),
      labels: p.labels ?? {},
      taints: (p.taints ?? []).map((t) => ({ key: t.key, value: t.value ?? '', effect: t.effect })),
    };
  });
  nodePools.forEach((p, i) => {
    if (nodePools.findIndex((q) => q.name === p.name) !== i) throw new UserError(`Duplicate value: ${JSON.stringify(p.name)}`, at(`spec.cluster.nodePools[${i}].name`));
  });
  const na = spec.cluster?.nodeAutoscaler;
  if (na && nodePools.length === 0) throw new UserError('a node autoscaler needs spec.cluster.nodePools to scale', at('spec.cluster.nodeAutoscaler'));
  const nodeAutoscaler = na ? inFile(file, () => normalizeNodeAutoscaler(na, 'spec.cluster.nodeAutoscaler')) : null;
  if (karpenterNodePools.length > 0 && nodeAutoscaler?.kind !== 'Karpenter') {
    for (const np of karpenterNodePools) warnings.push(`${np.file}: ${np.label}: a karpenter.sh/v1 NodePool is read only with spec.cluster.nodeAutoscaler.kind: Karpenter; ignored`);
  }
  if (nodePools.length === 0) {
    for (const pc of priorityClasses) warnings.push(`${pc.file}: ${pc.label}: priorities act through the scheduler's preemption, which needs spec.cluster.nodePools; without them every pod fits and the class changes nothing`);
  }
  const nodeNames = nodePools.flatMap((p) => Array.from({ length: p.nodes }, (_, k) => `${p.name}-${k + 1}`));

  // events: deployments exist, `at` is within the run, a rollout's container exists.
  const events: ScenarioEvent[] = (spec.events ?? []).map((e, i) => {
    const path = `spec.events[${i}]`;
    if (e.at >= spec.duration) {
      throw new UserError(`expected a time within the run (before spec.duration, ${formatMs(spec.duration)}), got ${formatMs(e.at)}`, at(`${path}.at`));
    }
    const nodeAction = (['nodeFailure', 'nodeRecovery', 'drain'] as const).find((k) => e[k] !== undefined);
    if (nodeAction) {
      const node = e[nodeAction]!.node;
      if (nodeNames.length === 0) {
        throw new UserError('a node event needs spec.cluster.nodePools (without pools there is one implicit node and nothing to fail)', at(`${path}.${nodeAction}`));
      }
      if (!nodeNames.includes(node)) throw new UserError(noSuch('node', node, nodeNames), at(`${path}.${nodeAction}.node`));
      return { atMs: e.at, kind: nodeAction, node };
    }
    const action = (['rollout', 'undo', 'scale', 'killPods'] as const).find((k) => e[k] !== undefined)!;
    const target = resolve('Deployment', e[action]!.deployment, deploymentMetas, at(`${path}.${action}.deployment`));
    const d = deploymentByName.get(target)!;
    switch (action) {
      case 'rollout': {
        const r = e.rollout!;
        const containers = runningContainers(d.spec.template.spec).map((c) => c.name);
        if (r.container !== undefined && !containers.includes(r.container)) {
          throw new UserError(noSuch(`container in Deployment ${target}`, r.container, containers), at(`${path}.rollout.container`));
        }
        return { atMs: e.at, kind: 'rollout', deployment: target, image: r.image, ...(r.container === undefined ? {} : { container: r.container }) };
      }
      case 'undo':
        return { atMs: e.at, kind: 'undo', deployment: target, ...(e.undo!.toRevision === undefined ? {} : { toRevision: e.undo!.toRevision }) };
      case 'scale':
        if (hpas.some((h) => objectKey(h.object.metadata.namespace, h.object.spec.scaleTargetRef.name) === target)) {
          warnings.push(`${file}: ${path}.scale: Deployment ${target} has a HorizontalPodAutoscaler, which will set its replicas again`);
        }
        return { atMs: e.at, kind: 'scale', deployment: target, replicas: e.scale!.replicas };
      case 'killPods':
        return { atMs: e.at, kind: 'killPods', deployment: target, count: e.killPods!.count };
    }
  });
  events.sort((a, b) => a.atMs - b.atMs); // stable: same-time events keep the file's order

  // versions nobody uses are probably a typo in the image.
  for (const [name, app] of Object.entries(apps)) {
    const images = new Set([
      ...runningContainers(deploymentByName.get(name)!.spec.template.spec).map((c) => c.image),
      ...events.flatMap((e) => (e.kind === 'rollout' && e.deployment === name ? [e.image] : [])),
    ]);
    for (const image of Object.keys(app.versions)) {
      if (!images.has(image)) {
        const near = suggest(image, images);
        warnings.push(`${file}: ${childPath(childPath(childPath('spec.apps', name), 'versions'), image)}: no container or rollout of Deployment ${name} uses this image${near ? ` (did you mean "${near}"?)` : ''}`);
      }
    }
  }

  checkHpaTargets(hpas, deploymentByName, deploymentNames);
  for (const s of services) {
    const sel = s.object.spec.selector;
    const ns = s.object.metadata.namespace;
    if (
      sel &&
      !deployments.some((d) => d.object.metadata.namespace === ns && selectorMatches({ matchLabels: sel, matchExpressions: [] }, d.object.spec.template.labels))
    ) {
      warnings.push(`${s.file}: ${s.label}: spec.selector: matches the pods of no Deployment ${ns === 'default' ? 'in the scenario' : `in namespace ${ns}`}; it will have no endpoints`);
    }
  }

  // spec.metrics: named series for External metrics.
  const metricSeries: MetricSeriesSpec[] = (spec.metrics ?? []).map((m, i) => ({
    name: m.name,
    labels: m.labels ?? {},
    value: inFile(file, () => normalizeTrafficList(m.value, loaded.baseDir, `spec.metrics[${i}].value`, { cache: loaded.cache })),
  }));
  for (const h of hpas) {
    const key = objectKey(h.object.metadata.namespace, h.object.spec.scaleTargetRef.name);
    const app = apps[key];
    const hasMemory = (a: { memoryBytes: number; memoryPerRequestBytes: number; memoryLeakPerHourBytes: number }): boolean =>
      a.memoryBytes > 0 || a.memoryPerRequestBytes > 0 || a.memoryLeakPerHourBytes > 0;
    h.object.spec.metrics.forEach((m, i) => {
      if (m.name === 'memory' && (m.type === 'Resource' || m.type === 'ContainerResource') && app && !hasMemory(app) && !Object.values(app.sidecars).some(hasMemory)) {
        warnings.push(`${h.file}: ${h.label}: spec.metrics[${i}]: the pods' working set is 0 (set spec.apps.${key}.memory, memoryPerRequest or memoryLeakPerHour), so this metric reads 0`);
      }
    });
    for (const w of checkHpaMetrics(h.object, deploymentByName.get(objectKey(h.object.metadata.namespace, h.object.spec.scaleTargetRef.name))!, {
      services: services.map((x) => x.object),
      deployments: deployments.map((x) => x.object),
      metricSeries,
    })) {
      warnings.push(`${h.file}: ${h.label}: ${w}`);
    }
  }
  for (const b of pdbs) {
    const sel = b.object.spec.selector;
    const ns = b.object.metadata.namespace;
    if (sel === null || !deployments.some((d) => d.object.metadata.namespace === ns && selectorMatches(sel, d.object.spec.template.labels))) {
      warnings.push(`${b.file}: ${b.label}: spec.selector: matches the pods of no Deployment in its namespace; it protects nothing`);
    } else if (nodePools.length === 0) {
      warnings.push(`${b.file}: ${b.label}: only drains evict through PodDisruptionBudgets, and drains need spec.cluster.nodePools`);
    }
  }
  for (const n of notes) warnings.push(`${file}: ${n}`);

  const slo: SloSpec | null = spec.slo
    ? dropUndefined({
        availability: spec.slo.availability,
        latencyP99Ms: spec.slo.latencyP99,
        latencyP95Ms: spec.slo.latencyP95,
        maxOutageSeconds: spec.slo.maxOutage === undefined ? undefined : spec.slo.maxOutage / 1000,
        costBudget: spec.slo.costBudget,
      })
    : null;

  return {
    name: doc.metadata.name,
    file,
    baseDir: loaded.baseDir,
    durationMs: spec.duration,
    seed: spec.seed ?? 1,
    sampleIntervalMs: spec.sampleInterval ?? SAMPLE_INTERVAL_DEFAULT_MS,
    warmStart: (spec.start ?? 'warm') === 'warm',
    apps,
    defaultApp: { ...APP_DEFAULTS },
    traffic,
    clients,
    events,
    slo,
    pricing: { ...PRICING_DEFAULTS, ...dropUndefined(spec.pricing ?? {}) },
    controllers: controllerSettings(spec.controllers ?? {}),
    cluster: { ...CLUSTER_DEFAULTS, ...dropUndefined({ nodeCpuMilli: spec.cluster?.nodeCpu }), nodePools, nodeAutoscaler },
    sources: [...deployments, ...hpas].map((o) => ({ kind: o.object.kind, name: o.object.metadata.name, file: o.file, lines: o.lines ?? {} })),
    deployments: deployments.map((d) => d.object),
    services: services.map((s) => s.object),
    hpas: hpas.map((h) => h.object),
    quotas,
    metricSeries,
    pdbs: pdbs.map((p) => p.object),
    karpenterNodePools: karpenterNodePools.map((p) => p.object.policy),
    ignored,
    warnings: [...new Set(warnings)],
  };
}

/** A path relative to the current folder when it is below it (as the user typed it), else absolute. */
function shortPath(p: string): string {
  const r = relative(process.cwd(), p);
  return r !== '' && !r.startsWith('..') && !isAbsolute(r) ? r : p;
}

/** Runs `f`, putting `file` on any UserError it throws that has none. */
function inFile<T>(file: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw e instanceof UserError ? e.inFile(file) : e;
  }
}

function noSuch(what: string, name: string, known: readonly string[]): string {
  const near = suggest(name, known);
  const hint = near ? `did you mean "${near}"?` : known.length > 0 ? `the scenario has: ${known.join(', ')}` : 'the scenario has none';
  return `no ${what} named ${JSON.stringify(name)} (${hint})`;
}

/** 1800000 → 30m, 5400000 → 1h30m, 1500 → 1.5s: as a user would write it. */
function formatMs(ms: number): string {
  if (ms === 0) return '0s';
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
}

function dropUndefined<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}

function appSpec(raw: ReadApp): Partial<AppSpec> {
  return dropUndefined({
    cpuPerRequestMs: raw.cpuPerRequest,
    idleMilli: raw.idleCpu,
    startupMs: raw.startupTime,
    serviceTimeMs: raw.serviceTime,
    timeoutMs: raw.timeout,
    imagePullMs: raw.imagePullTime,
    shutdownMs: raw.shutdownTime,
    crashAfterMs: raw.crashAfter,
    neverReady: raw.neverReady,
    ...memorySpec(raw),
  });
}

/** Quantities are read in milli-units; memory is kept in bytes (rounded up, as `Value()`). */
function memorySpec(raw: ReadApp): { memoryBytes?: number; memoryPerRequestBytes?: number; memoryLeakPerHourBytes?: number } {
  const bytes = (milli: number | undefined): number | undefined => (milli === undefined ? undefined : Math.ceil(milli / 1000));
  return dropUndefined({ memoryBytes: bytes(raw.memory), memoryPerRequestBytes: bytes(raw.memoryPerRequest), memoryLeakPerHourBytes: bytes(raw.memoryLeakPerHour) });
}

function sidecarSpec(raw: ReadApp): Partial<SidecarSpec> {
  return dropUndefined({ cpuPerRequestMs: raw.cpuPerRequest, idleMilli: raw.idleCpu, ...memorySpec(raw) });
}

/**
 * `api` or `staging/api` → the key of the one object it names: `namespace/name` names that object; a bare name
 * the object in `default`, else the only object of that name. null = none; `ambiguous` = several, none in default.
 */
export function resolveObjectRef(ref: string, metas: readonly ObjectMeta[]): string | null | { ambiguous: string[] } {
  const slash = ref.indexOf('/');
  if (slash >= 0) {
    const ns = ref.slice(0, slash);
    const name = ref.slice(slash + 1);
    return metas.some((m) => m.namespace === ns && m.name === name) ? objectKey(ns, name) : null;
  }
  const same = [...new Set(metas.filter((m) => m.name === ref).map((m) => m.namespace))];
  if (same.includes('default')) return ref;
  if (same.length === 1) return objectKey(same[0]!, ref);
  if (same.length === 0) return null;
  return { ambiguous: same.sort().map((ns) => `${ns}/${ref}`) };
}

function controllerSettings(c: NonNullable<ReadSpec['controllers']>): ControllerSettings {
  const resolution = c.metricsResolution ?? CONTROLLER_DEFAULTS.metricsResolutionMs;
  return {
    ...CONTROLLER_DEFAULTS,
    ...dropUndefined({
      hpaSyncPeriodMs: c.hpaSyncPeriod,
      hpaTolerance: c.hpaTolerance,
      hpaCpuInitializationPeriodMs: c.hpaCpuInitializationPeriod,
      hpaInitialReadinessDelayMs: c.hpaInitialReadinessDelay,
      hpaDownscaleStabilizationMs: c.hpaDownscaleStabilization,
      hpaConfigurableTolerance: c.hpaConfigurableTolerance,
      metricsResolutionMs: c.metricsResolution,
    }),
    // the window defaults to the resolution (metrics-server computes the rate over its scrape interval)
    metricsWindowMs: c.metricsWindow ?? resolution,
  };
}

interface Sorted {
  deployments: (LocatedObject & { object: Deployment })[];
  services: (LocatedObject & { object: Service })[];
  hpas: (LocatedObject & { object: HorizontalPodAutoscaler })[];
  quotas: ResourceQuota[];
  pdbs: (LocatedObject & { object: PodDisruptionBudget })[];
  nodePools: (LocatedObject & { object: NodePoolManifest })[];
  priorityClasses: (LocatedObject & { object: PriorityClass })[];
  ignored: IgnoredObject[];
}

/** Splits the objects by kind; the same kind, namespace and name twice is an error, as the API server has it. */
function sortObjects(objects: readonly LocatedObject[], warnings: string[]): Sorted {
  const out: Sorted = { deployments: [], services: [], hpas: [], quotas: [], pdbs: [], nodePools: [], priorityClasses: [], ignored: [] };
  const seen = new Map<string, LocatedObject>();
  for (const o of objects) {
    const obj = o.object;
    if (isIgnored(obj)) {
      out.ignored.push(obj);
      continue;
    }
    const key = `${obj.kind}/${obj.metadata.namespace}/${obj.metadata.name}`;
    const first = seen.get(key);
    if (first) {
      throw new UserError(`Duplicate value: ${JSON.stringify(obj.metadata.name)}: ${obj.kind} ${obj.metadata.name} is also defined in ${first.file} (names must be unique per kind within namespace ${obj.metadata.namespace})`, {
        file: o.file,
        path: `${o.label}: metadata.name`,
      });
    }
    seen.set(key, o);
    if (isDeployment(obj)) out.deployments.push({ ...o, object: obj });
    else if (isService(obj)) out.services.push({ ...o, object: obj });
    else if (isHorizontalPodAutoscaler(obj)) out.hpas.push({ ...o, object: obj });
    else if (isResourceQuota(obj)) out.quotas.push(obj);
    else if (isPodDisruptionBudget(obj)) out.pdbs.push({ ...o, object: obj });
    else if (isNodePool(obj)) out.nodePools.push({ ...o, object: obj });
    else if (isPriorityClass(obj)) out.priorityClasses.push({ ...o, object: obj });
  }
  if (out.ignored.length > 0) {
    const names = out.ignored.map((i) => `${i.kind}/${i.name}`);
    warnings.push(`ignored (kinds kubesim does not simulate): ${names.length > 10 ? [...names.slice(0, 10), `and ${names.length - 10} more`].join(', ') : names.join(', ')}`);
  }
  return out;
}

function checkHpaTargets(hpas: Sorted['hpas'], deployments: Map<string, Deployment>, names: readonly string[]): void {
  const byTarget = new Map<string, string>();
  for (const h of hpas) {
    const ref = h.object.spec.scaleTargetRef;
    const where = (field: string) => ({ file: h.file, path: `${h.label}: spec.scaleTargetRef.${field}` });
    if (ref.kind !== 'Deployment') {
      throw new UserError(`Unsupported value: ${JSON.stringify(ref.kind)}: kubesim scales Deployments only`, where('kind'));
    }
    // an HPA scales a target in its own namespace
    const ns = h.object.metadata.namespace;
    const key = objectKey(ns, ref.name);
    if (!deployments.has(key)) {
      const inNs = names.filter((n) => (ns === 'default' ? !n.includes('/') : n.startsWith(`${ns}/`))).map((n) => n.slice(n.indexOf('/') + 1));
      throw new UserError(noSuch(ns === 'default' ? 'Deployment' : `Deployment in namespace ${ns}`, ref.name, inNs), where('name'));
    }
    const other = byTarget.get(key);
    if (other) {
      throw new UserError(`Deployment ${ref.name} is also the target of HorizontalPodAutoscaler ${other}; Kubernetes refuses to scale a target shared by two HPAs (AmbiguousSelector)`, where('name'));
    }
    byTarget.set(key, h.object.metadata.name);
  }
}

/** A pool's boot-time distribution: a preset, or the lognormal through (bootTime, bootTimeP90); none = fixed bootTime. */
function bootTimeOf(p: ReadPool, path: string): { bootTime?: BootTimeSpec } {
  if (p.bootTimePreset !== undefined) {
    if (p.bootTime !== undefined || p.bootTimeP90 !== undefined) throw new UserError('bootTimePreset replaces bootTime and bootTimeP90; give one or the other', { path: `${path}.bootTimePreset` });
    return { bootTime: presetSpec(p.bootTimePreset) };
  }
  if (p.bootTimeP90 === undefined) return {};
  const p50 = p.bootTime ?? NODE_POOL_DEFAULTS.bootMs;
  if (p50 <= 0 || p.bootTimeP90 < p50) throw new UserError(`expected bootTimeP90 ≥ bootTime > 0, got bootTime ${p50 / 1000}s and bootTimeP90 ${p.bootTimeP90 / 1000}s`, { path: `${path}.bootTimeP90` });
  return { bootTime: { kind: 'lognormal', p50Ms: p50, p90Ms: p.bootTimeP90, preset: null } };
}

/**
 * The Priority admission plugin on each Deployment's pod template: spec.priority and spec.preemptionPolicy from
 * its priorityClassName (or the globalDefault class). Templates without a class in a scenario without classes
 * are left as they are.
 */
function resolvePriorities(deployments: Sorted['deployments'], classes: Sorted['priorityClasses']): void {
  const list = classes.map((c) => c.object);
  try {
    checkGlobalDefault(list);
  } catch (e) {
    const c = classes.find((x) => x.object.globalDefault && x !== classes.find((y) => y.object.globalDefault))!;
    throw e instanceof UserError ? new UserError(e.detail, { file: c.file, path: `${c.label}: globalDefault` }) : e;
  }
  for (const d of deployments) {
    const spec = d.object.spec.template.spec;
    if (spec.priorityClassName === undefined && list.length === 0) continue;
    let r: ReturnType<typeof resolvePriority>;
    try {
      r = resolvePriority(spec.priorityClassName ?? null, list);
    } catch (e) {
      throw e instanceof UserError ? new UserError(e.detail, { file: d.file, path: `${d.label}: ${e.path}` }) : e;
    }
    const template = { ...d.object.spec.template, spec: { ...spec, priority: r.priority, preemptionPolicy: r.preemptionPolicy } };
    d.object = { ...d.object, spec: { ...d.object.spec, template } };
  }
}
