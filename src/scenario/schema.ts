/**
 * The Scenario document's field table — the single description of every field — and what is generated from it:
 * the JSON Schema (draft-07) editors use for completion (`kubesim schema > scenario.schema.json`) and the
 * Markdown field reference for the README (`kubesim schema --markdown`). `normalize.ts` reads documents with the
 * same table (fields.ts), so the schema, the docs and the validator cannot drift apart.
 *
 * Defaults shown here are for the docs; the values the simulator uses are in types.ts and a test checks both agree.
 */
import { NODE_AUTOSCALER_FIELDS } from './node-autoscaler.js';
import { BOOT_TIME_PRESET_NAMES } from '../k8s/nodes/boot-time.js';
import { DURATION_PATTERN, PERCENT_PATTERN, QUANTITY_PATTERN, type FieldSpec, type ObjectSpec } from './fields.js';

const dur = (description: string, min: 'positive' | 'nonNegative', dflt?: string): FieldSpec => ({
  type: 'duration',
  min,
  description,
  ...(dflt === undefined ? {} : { default: dflt }),
});
const deploymentRef: FieldSpec = { type: 'string', description: 'Name of a Deployment in the scenario.' };

function MEMORY_FIELDS(): Record<string, FieldSpec> {
  return {
    memory: { type: 'quantity', default: '0', description: 'Working set with no traffic (a quantity: 180Mi).' },
    memoryPerRequest: { type: 'quantity', default: '0', description: 'Memory held by each request in flight (in flight = rate × latency).' },
    memoryLeakPerHour: { type: 'quantity', default: '0', description: 'Working-set growth per hour since the container started; over the memory limit the container is OOMKilled.' },
  };
}

/** App behaviour fields; `versions` entries take the same fields (all optional) except `versions`. */
const APP_BEHAVIOUR: Record<string, FieldSpec> = {
  cpuPerRequest: { type: 'duration', min: 'nonNegative', settleShape: true, default: '5ms', description: 'CPU time one request costs (sub-millisecond values such as 500us are kept).' },
  idleCpu: { type: 'quantity', default: '0', description: 'CPU used with no traffic (a quantity: 10m, 0.1).' },
  startupTime: dur('Container start until the app answers probes.', 'nonNegative', '0s'),
  serviceTime: dur('Latency of one request at low load.', 'nonNegative', '10ms'),
  timeout: dur('Client timeout: requests slower than this fail.', 'positive', '30s'),
  imagePullTime: dur('Time to pull the image before the container starts.', 'nonNegative', '0s'),
  shutdownTime: dur('Time the app takes to exit after SIGTERM (bounded by the grace period).', 'nonNegative', '0s'),
  crashAfter: dur('The container exits this long after it starts (a crashing release). Default: never.', 'nonNegative'),
  neverReady: { type: 'boolean', default: false, description: 'Readiness probes never pass (a broken release).' },
  ...MEMORY_FIELDS(),
};

/** The fields of a container other than the serving one (`sidecars.<name>`): its load and memory only. */
const SIDECAR_FIELDS: ObjectSpec = {
  type: 'object',
  description: 'How one non-serving container behaves (default: idle, no memory).',
  fields: {
    cpuPerRequest: { type: 'duration', min: 'nonNegative', settleShape: true, default: '0s', description: 'CPU time this container spends per request the pod serves (a proxy sidecar).' },
    idleCpu: { type: 'quantity', default: '0', description: 'CPU used with no traffic.' },
    ...MEMORY_FIELDS(),
  },
};

export const APP_FIELDS: ObjectSpec = {
  type: 'object',
  description: 'How one Deployment\'s app behaves. A Deployment with no entry uses the defaults.',
  fields: {
    ...APP_BEHAVIOUR,
    container: { type: 'string', description: 'The container that serves the traffic. Default: the first container.' },
    sidecars: { type: 'map', key: 'container name', description: 'The other containers (app containers and sidecar init containers), by name.', values: SIDECAR_FIELDS },
    versions: {
      type: 'map',
      key: 'container image',
      description: 'Overrides by container image (first container), e.g. a bad release: {myrepo/api:1.3.0: {startupTime: 40s}}.',
      values: { type: 'object', description: 'Fields that differ for this image.', fields: APP_BEHAVIOUR },
    },
  },
};

const num = { type: 'number', minimum: 0 } as const;
const rps = { ...num, description: 'Requests per second.' } as const;

/** JSON Schema of one traffic component; checked and converted by normalize-traffic.ts. */
const TRAFFIC_COMPONENT_SCHEMA: Record<string, unknown> = (() => {
  const d = { anyOf: [{ type: 'string', pattern: DURATION_PATTERN }, { const: 0 }] };
  const obj = (properties: Record<string, unknown>, required: string[]) => ({ type: 'object', properties, required, additionalProperties: false });
  const generators: Record<string, unknown> = {
    constant: { ...rps, description: 'The same rate at all times.' },
    steps: { type: 'array', description: 'Piecewise constant; 0 before the first step; holds the last value.', items: obj({ at: d, rps }, ['at', 'rps']) },
    ramp: { description: 'Linear from→to over [start, end); 0 before start; holds `to` after end.', ...obj({ from: num, to: num, start: d, end: d }, ['from', 'to', 'start', 'end']) },
    csv: { description: 'A trace file (columns time in seconds, rps; optional header time,rps), relative to the scenario file.', ...obj({ file: { type: 'string' }, scale: num }, ['file']) },
    spike: { description: 'rps added during [at, at+duration), with optional linear rise/fall.', ...obj({ at: d, duration: d, rps, rise: d, fall: d }, ['at', 'duration', 'rps']) },
    diurnal: { description: 'A sinusoid between min and max (period default 24h, peak at peakAt, default 0s).', ...obj({ min: num, max: num, period: d, peakAt: d }, ['min', 'max']) },
    noise: {
      description: 'Seeded noise on the sum of the other components: {kind: poisson} or {kind: jitter, cv: 0.1}.',
      ...obj({ kind: { enum: ['poisson', 'jitter'] }, cv: num }, ['kind']),
    },
    prometheus: {
      description: 'A saved /api/v1/query_range response ({file}: one or a list, for a long range in chunks) or a live query ({url, query, start, end|duration, step}) fetched once before the run. Several series are summed; select keeps those with the given labels.',
      anyOf: [
        obj({ file: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1 }] }, select: { type: 'object', additionalProperties: { type: 'string' } }, start: { type: ['string', 'number'] }, step: d, scale: num }, ['file']),
        obj(
          {
            url: { type: 'string' },
            query: { type: 'string' },
            start: { type: ['string', 'number'] },
            end: { type: ['string', 'number'] },
            duration: d,
            step: d,
            headersFromEnv: { type: 'object', additionalProperties: { type: 'string' } },
            select: { type: 'object', additionalProperties: { type: 'string' } },
            scale: num,
          },
          ['url', 'query', 'start', 'step'],
        ),
      ],
    },
    grafana: {
      description: 'A Grafana panel "Export CSV" (time column, one or more value columns, summed unless column is given).',
      ...obj({ file: { type: 'string' }, column: { type: 'string' }, start: { type: ['string', 'number'] }, scale: num }, ['file']),
    },
    clients: {
      description: 'Closed-loop clients: count (a number or a schedule [{at, count}]), each sending its next request thinkTime after the last answer or timeout.',
      ...obj(
        { count: { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'array', items: obj({ at: d, count: { type: 'integer', minimum: 0 } }, ['at', 'count']) }] }, thinkTime: d },
        ['count'],
      ),
    },
  };
  return {
    type: 'object',
    description: 'One component (exactly one generator key); the components of a list are summed.',
    properties: generators,
    additionalProperties: false,
    minProperties: 1,
    maxProperties: 1,
  };
})();

const nodeRef: FieldSpec = { type: 'string', description: 'Node name: <pool>-<n>, n = 1, 2, … in creation order.' };

const NODE_POOL: ObjectSpec = {
  type: 'object',
  description: 'A node pool: every node of it is made from this template.',
  required: ['name', 'allocatable'],
  fields: {
    name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', expected: 'a DNS label (lower-case letters, digits, -)', description: 'Pool name; its nodes are <name>-1, <name>-2, …' },
    allocatable: {
      type: 'object',
      description: 'What the scheduler may hand out per node (the Node\'s status.allocatable).',
      required: ['cpu', 'memory'],
      fields: {
        cpu: { type: 'quantity', description: 'Allocatable CPU, e.g. 3920m.' },
        memory: { type: 'quantity', description: 'Allocatable memory, e.g. 14Gi.' },
        pods: { type: 'integer', minimum: 1, default: 110, description: 'Pods per node (the kubelet\'s maxPods, 110 by default).' },
      },
    },
    nodes: { type: 'integer', minimum: 0, default: 1, description: 'Nodes at t=0 (Ready).' },
    min: { type: 'integer', minimum: 0, default: 0, description: 'Lower bound for a node autoscaler.' },
    max: { type: 'integer', minimum: 0, description: 'Upper bound for a node autoscaler. Default: nodes.' },
    pricePerHour: { type: 'number', minimum: 0, default: 0, description: 'Price of one node for one hour; node-hours × price is the headline cost.' },
    bootTime: dur('Node created → Ready (a node a node autoscaler adds). With bootTimeP90: the median of a seeded lognormal.', 'nonNegative', '60s'),
    bootTimeP90: dur('P90 of the boot time: boot times are drawn from the lognormal through (bootTime, bootTimeP90), per pool stream.', 'positive'),
    bootTimePreset: {
      type: 'string', enum: BOOT_TIME_PRESET_NAMES,
      description: 'A boot-time distribution from public figures (README "Node autoscaling"): aks, aks-burst, eks-karpenter, gke-legacy, eks-asg. Replaces bootTime.',
    },
    labels: { type: 'map', key: 'label key', description: 'Node labels (kubernetes.io/hostname is added).', values: { type: 'string', description: 'Label value.' } },
    taints: {
      type: 'list',
      description: 'Node taints (spec.taints).',
      items: {
        type: 'object',
        description: 'One taint.',
        required: ['key', 'effect'],
        fields: {
          key: { type: 'string', description: 'Taint key.' },
          value: { type: 'string', description: 'Taint value (default empty).' },
          effect: { type: 'string', enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'], description: 'Taint effect.' },
        },
      },
    },
  },
};

const EVENT_FIELDS: ObjectSpec = {
  type: 'object',
  description: 'One event: `at` and exactly one action.',
  required: ['at'],
  exactlyOne: ['rollout', 'undo', 'scale', 'killPods', 'nodeFailure', 'nodeRecovery', 'drain'],
  fields: {
    at: dur('Time from the start of the run (before spec.duration).', 'nonNegative'),
    rollout: {
      type: 'object',
      description: "Change the pod template's image (as kubectl set image).",
      required: ['deployment', 'image'],
      fields: {
        deployment: deploymentRef,
        image: { type: 'string', description: 'The new image.' },
        container: { type: 'string', description: 'Container name; default the first container.' },
      },
    },
    undo: {
      type: 'object',
      description: 'kubectl rollout undo.',
      required: ['deployment'],
      fields: { deployment: deploymentRef, toRevision: { type: 'integer', minimum: 0, default: 0, description: 'Revision to roll back to; 0 = the previous one.' } },
    },
    scale: {
      type: 'object',
      description: 'kubectl scale --replicas.',
      required: ['deployment', 'replicas'],
      fields: { deployment: deploymentRef, replicas: { type: 'integer', minimum: 0, description: 'New spec.replicas.' } },
    },
    killPods: {
      type: 'object',
      description: "Crash the containers of `count` pods; the kubelet restarts them.",
      required: ['deployment', 'count'],
      fields: { deployment: deploymentRef, count: { type: 'integer', minimum: 1, description: 'How many pods.' } },
    },
    nodeFailure: {
      type: 'object',
      description: 'The node stops answering: its kubelet and containers die (needs spec.cluster.nodePools).',
      required: ['node'],
      fields: { node: nodeRef },
    },
    nodeRecovery: {
      type: 'object',
      description: 'A failed node answers again; also uncordons a drained node.',
      required: ['node'],
      fields: { node: nodeRef },
    },
    drain: {
      type: 'object',
      description: 'kubectl drain: cordon, then evict every pod through the eviction API, honouring PodDisruptionBudgets.',
      required: ['node'],
      fields: { node: nodeRef },
    },
  },
};

const CONTROLLERS: ObjectSpec = {
  type: 'object',
  description: 'kube-controller-manager HPA flags and metrics-server settings.',
  fields: {
    hpaSyncPeriod: dur('--horizontal-pod-autoscaler-sync-period.', 'positive', '15s'),
    hpaTolerance: { type: 'number', minimum: 0, default: 0.1, description: '--horizontal-pod-autoscaler-tolerance.' },
    hpaCpuInitializationPeriod: dur('--horizontal-pod-autoscaler-cpu-initialization-period.', 'nonNegative', '5m'),
    hpaInitialReadinessDelay: dur('--horizontal-pod-autoscaler-initial-readiness-delay.', 'nonNegative', '30s'),
    hpaDownscaleStabilization: dur('--horizontal-pod-autoscaler-downscale-stabilization.', 'nonNegative', '5m'),
    hpaConfigurableTolerance: { type: 'boolean', default: true, description: 'HPAConfigurableTolerance feature gate (per-HPA tolerance).' },
    metricsResolution: dur('metrics-server --metric-resolution (15s as metrics-server\'s manifests and Helm chart run it).', 'positive', '15s'),
    metricsWindow: dur('Window the CPU rate is computed over. Default: metricsResolution.', 'positive'),
  },
};

export const SPEC_FIELDS: ObjectSpec = {
  type: 'object',
  description: 'What to simulate.',
  required: ['duration'],
  fields: {
    duration: dur('How long to simulate (Go duration: 500ms, 90s, 15m, 2h, 1h30m).', 'positive'),
    seed: { type: 'integer', minimum: 0, default: 1, description: 'Seed of every random stream; the same seed gives the same run.' },
    manifests: {
      type: 'list',
      description: 'More manifests: files, or folders (their *.yaml, *.yml, *.json, sorted), relative to this file.',
      items: { type: 'string', description: 'A file or folder.' },
    },
    apps: { type: 'map', key: 'Deployment name', description: 'App behaviour, keyed by Deployment name (namespace/name where names clash).', values: APP_FIELDS },
    metrics: {
      type: 'list',
      description: 'Named series for External HPA metrics (e.g. a queue length), matched by name and metric.selector.',
      items: {
        type: 'object',
        description: 'One series: its metric name, labels and value over time (traffic components, summed).',
        required: ['name', 'value'],
        fields: {
          name: { type: 'string', description: 'The metric name an External metric asks for.' },
          labels: stringMap(),
          value: {
            type: 'delegated',
            by: 'normalize-traffic.ts',
            description: 'The value over time, written like traffic (constant, steps, ramp, csv, …); the rps column is the value.',
            schema: { type: 'array', items: TRAFFIC_COMPONENT_SCHEMA },
          },
        },
      },
    },
    traffic: {
      type: 'map',
      key: 'Service or Deployment name',
      description: 'Requests/second offered to each Service (or Deployment) by name: a list of summed components.',
      values: { type: 'delegated', by: 'normalize-traffic.ts', description: 'Summed components.', schema: { type: 'array', items: TRAFFIC_COMPONENT_SCHEMA } },
    },
    clients: {
      type: 'map',
      key: 'Service or Deployment name (as in traffic)',
      description: "How the clients of a Service's traffic behave.",
      values: {
        type: 'object',
        description: 'Client retries: a failed or timed-out request comes back after retryBackoff, adding load.',
        fields: {
          retries: { type: 'integer', minimum: 0, default: 0, description: 'Retries of a failed request (0 = none).' },
          retryBackoff: dur('Time from a failure to its retry.', 'nonNegative', '0s'),
        },
      },
    },
    events: { type: 'list', description: 'Things that happen during the run, in any order.', items: EVENT_FIELDS },
    slo: {
      type: 'object',
      description: 'Targets checked after the run (kubesim run --check exits 1 when one is missed).',
      fields: {
        availability: { type: 'availability', description: 'Fraction of offered requests served: 99.9% or 0.999.' },
        latencyP99: dur('99th percentile latency at most this.', 'positive'),
        latencyP95: dur('95th percentile latency at most this.', 'positive'),
        maxOutage: dur('Time with traffic offered and no ready endpoint, at most this.', 'nonNegative'),
        costBudget: { type: 'number', minimum: 0, description: 'Total cost over the run at most this (pricing currency).' },
      },
    },
    pricing: {
      type: 'object',
      description: 'Price per hour of requested resources.',
      fields: {
        cpuCoreHour: { type: 'number', minimum: 0, default: 0.0445, description: 'Price of one requested CPU core for one hour.' },
        memoryGiBHour: { type: 'number', minimum: 0, default: 0.0049225, description: 'Price of one requested GiB of memory for one hour.' },
      },
    },
    sampleInterval: dur('Time between timeseries.csv rows.', 'positive', '10s'),
    start: { type: 'string', enum: ['warm', 'cold'], default: 'warm', description: 'warm: pods start Running and Ready; cold: they are created at t=0.' },
    controllers: CONTROLLERS,
    cluster: {
      type: 'object',
      description: 'The simulated cluster.',
      fields: {
        nodeCpu: { type: 'quantity', default: '4', description: 'CPU a container without a CPU limit may use (one node).' },
        nodePools: {
          type: 'list',
          description: 'Node pools. Absent: one implicit node that fits every pod, and no node cost.',
          items: NODE_POOL,
        },
        nodeAutoscaler: { ...NODE_AUTOSCALER_FIELDS, description: `${NODE_AUTOSCALER_FIELDS.description} Needs nodePools.` },
      },
    },
  },
};

function stringMap(): FieldSpec {
  return { type: 'map', key: 'key', description: 'Strings by key.', values: { type: 'string', description: 'A string.' } };
}

export const SCENARIO_FIELDS: ObjectSpec = {
  type: 'object',
  description: 'A kubesim scenario (kubesim/v1alpha1).',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  fields: {
    apiVersion: { type: 'string', enum: ['kubesim/v1alpha1'], description: 'Always kubesim/v1alpha1.' },
    kind: { type: 'string', enum: ['Scenario'], description: 'Always Scenario.' },
    metadata: {
      type: 'object',
      description: 'Names the scenario.',
      required: ['name'],
      fields: {
        name: {
          type: 'string',
          pattern: '^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
          expected: 'expected a lowercase name of letters, digits, "-" and "." (like a Kubernetes object name)',
          description: 'Names the output folder reports/<name>/.',
        },
        labels: stringMap(),
        annotations: stringMap(),
      },
    },
    spec: SPEC_FIELDS,
  },
};

// ---- generation ----

function toJsonSchema(f: FieldSpec): Record<string, unknown> {
  const meta: Record<string, unknown> = { description: f.description };
  if (f.default !== undefined) meta.default = f.default;
  switch (f.type) {
    case 'string':
      return { type: 'string', ...(f.enum ? { enum: [...f.enum] } : {}), ...(f.pattern ? { pattern: f.pattern } : {}), ...meta };
    case 'duration':
      return { anyOf: [{ type: 'string', pattern: DURATION_PATTERN }, { const: 0 }], ...meta };
    case 'quantity':
      return { type: ['string', 'number'], pattern: QUANTITY_PATTERN, ...meta };
    case 'integer':
      return { type: 'integer', ...(f.minimum === undefined ? {} : { minimum: f.minimum }), ...meta };
    case 'number':
      return { type: 'number', ...(f.minimum === undefined ? {} : { minimum: f.minimum }), ...meta };
    case 'boolean':
      return { type: 'boolean', ...meta };
    case 'availability':
      return { anyOf: [{ type: 'number', exclusiveMinimum: 0, maximum: 1 }, { type: 'string', pattern: PERCENT_PATTERN }], ...meta };
    case 'object': {
      const properties = Object.fromEntries(Object.entries(f.fields).map(([k, v]) => [k, toJsonSchema(v)]));
      return {
        type: 'object',
        ...meta,
        properties,
        ...(f.required?.length ? { required: [...f.required] } : {}),
        ...(f.exactlyOne ? { oneOf: f.exactlyOne.map((k) => ({ required: [k] })) } : {}),
        additionalProperties: false,
      };
    }
    case 'map':
      return { type: 'object', ...meta, additionalProperties: toJsonSchema(f.values) };
    case 'list':
      return { type: 'array', ...meta, items: toJsonSchema(f.items) };
    case 'delegated':
      return { ...f.schema, ...meta };
  }
}

/**
 * The JSON Schema of a scenario file. It constrains only the document whose `kind` is Scenario, so the
 * Kubernetes manifests that share the file are left alone by editors that apply it to every document.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'kubesim Scenario (kubesim/v1alpha1)',
    description:
      'A kubesim scenario document. Other documents in the same file are Kubernetes manifests and are not checked here. ' +
      'Generated by `kubesim schema`.',
    if: { type: 'object', properties: { kind: { const: 'Scenario' } }, required: ['kind'] },
    then: { $ref: '#/definitions/Scenario' },
    definitions: { Scenario: toJsonSchema(SCENARIO_FIELDS) },
  };
}

/** The schema as the committed scenarios/scenario.schema.json holds it (2-space JSON, trailing newline). */
export function scenarioJsonSchemaText(): string {
  return JSON.stringify(scenarioJsonSchema(), null, 2) + '\n';
}

const typeName = (f: FieldSpec): string =>
  ({ object: 'object', map: `map of ${'key' in f ? f.key : ''}`, list: 'list', delegated: 'list', availability: 'percent or fraction' })[
    f.type as string
  ] ?? f.type;

/** The field reference as a Markdown table (README "Scenario fields"). */
export function scenarioFieldsMarkdown(): string {
  const rows: string[] = ['| field | type | default | description |', '|---|---|---|---|'];
  const walk = (f: FieldSpec, path: string): void => {
    if (path) {
      const dflt = f.default === undefined ? '' : `\`${String(f.default)}\``;
      rows.push(`| \`${path}\` | ${typeName(f)} | ${dflt} | ${f.description.replace(/\|/g, '\\|')} |`);
    }
    if (f.type === 'object') {
      for (const [k, v] of Object.entries(f.fields)) {
        const p = path ? `${path}.${k}` : k;
        const required = f.required?.includes(k);
        walk(required ? { ...v, description: `**Required.** ${v.description}` } : v, p);
      }
    } else if (f.type === 'map') walk(f.values, `${path}.<${f.key}>`);
    else if (f.type === 'list') walk(f.items, `${path}[]`);
  };
  walk(SCENARIO_FIELDS, '');
  return rows.join('\n') + '\n';
}
