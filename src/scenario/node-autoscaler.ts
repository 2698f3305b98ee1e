/**
 * `spec.cluster.nodeAutoscaler`: the field table (for the normaliser, the JSON Schema and the docs) and its
 * normalisation into the node autoscalers' options, every default applied here once. Field names are upstream's
 * flag names in camelCase (`--scale-down-unneeded-time` → `scaleDownUnneededTime`); defaults are upstream's
 * (k8s/autoscaler/cluster-autoscaler.ts and karpenter.ts cite the files).
 *
 *   nodeAutoscaler:
 *     kind: ClusterAutoscaler          # or Karpenter
 *     scanInterval: 10s                # ClusterAutoscaler flags …
 *     expander: least-waste
 *     priorities: {50: [spot], 10: [general]}   # the priority expander's ConfigMap
 *     batchIdleDuration: 1s            # Karpenter options …
 *     consolidateAfter: 0s             # the implicit NodePool when no karpenter.sh/v1 NodePool manifest is given
 */
import { UserError } from '../engine/errors.js';
import { parseDuration } from '../k8s/api/duration.js';
import {
  CLUSTER_AUTOSCALER_DEFAULTS, EXPANDERS, type ClusterAutoscalerOptions,
} from '../k8s/autoscaler/cluster-autoscaler.js';
import { CONSOLIDATION_POLICIES, KARPENTER_DEFAULTS, NODEPOOL_DEFAULTS, type NodePoolPolicy } from '../k8s/autoscaler/karpenter.js';
import { childPath, type FieldSpec, type ObjectSpec } from './fields.js';

const dur = (description: string, dflt: string, min: 'positive' | 'nonNegative' = 'nonNegative'): FieldSpec => ({ type: 'duration', min, description, default: dflt });
const NILLABLE = '^(([0-9]+(s|m|h))+|Never)$';

/** ClusterAutoscaler fields: name → [spec, option key]. */
const CA_FIELDS = {
  scanInterval: [dur('--scan-interval: how often the cluster is re-evaluated.', '10s', 'positive'), 'scanIntervalMs'],
  scaleDownEnabled: [{ type: 'boolean', default: true, description: '--scale-down-enabled.' }, 'scaleDownEnabled'],
  scaleDownUnneededTime: [dur('--scale-down-unneeded-time: how long a node must be unneeded before it is removed.', '10m'), 'scaleDownUnneededTimeMs'],
  scaleDownUnreadyTime: [dur('--scale-down-unready-time: the same for a node that is not Ready.', '20m'), 'scaleDownUnreadyTimeMs'],
  scaleDownDelayAfterAdd: [dur('--scale-down-delay-after-add: scale-down waits this long after a scale-up.', '10m'), 'scaleDownDelayAfterAddMs'],
  scaleDownDelayAfterDelete: [dur('--scale-down-delay-after-delete.', '0s'), 'scaleDownDelayAfterDeleteMs'],
  scaleDownDelayAfterFailure: [dur('--scale-down-delay-after-failure.', '3m'), 'scaleDownDelayAfterFailureMs'],
  scaleDownUtilizationThreshold: [
    { type: 'number', minimum: 0, default: 0.5, description: '--scale-down-utilization-threshold: max(cpu, memory) requests / allocatable below which a node may go.' },
    'scaleDownUtilizationThreshold',
  ],
  maxNodeProvisionTime: [dur('--max-node-provision-time: a node not Ready by then fails the scale-up (back-off).', '15m', 'positive'), 'maxNodeProvisionTimeMs'],
  newPodScaleUpDelay: [dur('--new-pod-scale-up-delay: pods younger than this do not trigger a scale-up.', '0s'), 'newPodScaleUpDelayMs'],
  expander: [{ type: 'string', enum: EXPANDERS, default: 'least-waste', description: '--expander: least-waste, random (seeded) or priority.' }, 'expander'],
  maxNodesTotal: [{ type: 'integer', minimum: 0, default: 0, description: '--max-nodes-total (0 = no limit).' }, 'maxNodesTotal'],
  maxNodesPerScaleup: [{ type: 'integer', minimum: 1, default: 1000, description: '--max-nodes-per-scaleup.' }, 'maxNodesPerScaleUp'],
  maxScaleDownParallelism: [{ type: 'integer', minimum: 1, default: 10, description: '--max-scale-down-parallelism.' }, 'maxScaleDownParallelism'],
  maxDrainParallelism: [{ type: 'integer', minimum: 1, default: 1, description: '--max-drain-parallelism.' }, 'maxDrainParallelism'],
  expendablePodsPriorityCutoff: [
    { type: 'integer', default: -10, description: '--expendable-pods-priority-cutoff: pods below it neither trigger scale-up nor block scale-down.' },
    'expendablePodsPriorityCutoff',
  ],
  maxGracefulTerminationSec: [{ type: 'integer', minimum: 0, default: 600, description: '--max-graceful-termination-sec.' }, 'maxGracefulTerminationSec'],
  initialNodeGroupBackoffDuration: [dur('--initial-node-group-backoff-duration.', '5m'), 'initialNodeGroupBackoffDurationMs'],
  priorities: [
    {
      type: 'map', key: 'priority (integer)', description: 'The priority expander\'s ConfigMap: priority → regular expressions of node pool names.',
      values: { type: 'list', items: { type: 'string', description: 'A regular expression matched against node pool names.' }, description: 'Patterns.' },
    },
    'priorities',
  ],
} as const satisfies Record<string, readonly [FieldSpec, keyof ClusterAutoscalerOptions]>;

const KARPENTER_FIELDS: Record<string, FieldSpec> = {
  batchIdleDuration: dur('BATCH_IDLE_DURATION: a provisioning batch closes after this long without a new pending pod.', '1s', 'positive'),
  batchMaxDuration: dur('BATCH_MAX_DURATION: a provisioning batch never lasts longer.', '10s', 'positive'),
  consolidationPolicy: {
    type: 'string', enum: CONSOLIDATION_POLICIES, default: 'WhenEmptyOrUnderutilized',
    description: 'disruption.consolidationPolicy of the implicit NodePool (used when no karpenter.sh/v1 NodePool manifest is given).',
  },
  consolidateAfter: { type: 'string', pattern: NILLABLE, expected: 'expected a duration in s/m/h (e.g. 30s, 5m) or Never', default: '0s', description: 'disruption.consolidateAfter of the implicit NodePool.' },
  expireAfter: { type: 'string', pattern: NILLABLE, expected: 'expected a duration in s/m/h (e.g. 720h) or Never', default: '720h', description: 'template.spec.expireAfter of the implicit NodePool.' },
};

export const NODE_AUTOSCALER_FIELDS: ObjectSpec = {
  type: 'object',
  description: 'The node autoscaler; absent = the node count changes only by events.',
  required: ['kind'],
  fields: {
    kind: { type: 'string', enum: ['ClusterAutoscaler', 'Karpenter'], description: 'Which node autoscaler runs.' },
    ...Object.fromEntries(Object.entries(CA_FIELDS).map(([k, [spec]]) => [k, { ...spec, description: `ClusterAutoscaler: ${spec.description}` }])),
    ...Object.fromEntries(Object.entries(KARPENTER_FIELDS).map(([k, spec]) => [k, { ...spec, description: `Karpenter: ${spec.description}` }])),
  },
};

export type NodeAutoscalerConfig =
  | { readonly kind: 'ClusterAutoscaler'; readonly options: ClusterAutoscalerOptions }
  | {
      readonly kind: 'Karpenter';
      readonly batchIdleDurationMs: number;
      readonly batchMaxDurationMs: number;
      /** The NodePool used when the scenario has no karpenter.sh/v1 NodePool manifest. */
      readonly implicitNodePool: NodePoolPolicy;
    };

const nillable = (v: unknown, dflt: number | null): number | null => (v === undefined ? dflt : v === 'Never' ? null : parseDuration(v as string));

/**
 * Normalise what readField returned for NODE_AUTOSCALER_FIELDS (durations already in ms). A field of the other
 * autoscaler is an error naming both.
 */
export function normalizeNodeAutoscaler(read: Record<string, unknown>, path: string): NodeAutoscalerConfig {
  const kind = read.kind as 'ClusterAutoscaler' | 'Karpenter';
  const foreign = kind === 'ClusterAutoscaler' ? Object.keys(KARPENTER_FIELDS) : Object.keys(CA_FIELDS);
  for (const k of Object.keys(read)) {
    if (foreign.includes(k)) {
      const owner = kind === 'ClusterAutoscaler' ? 'Karpenter' : 'ClusterAutoscaler';
      throw new UserError(`${k} is a ${owner} setting, but kind is ${kind}`, { path: childPath(path, k) });
    }
  }
  if (kind === 'ClusterAutoscaler') {
    const options: Record<string, unknown> = { ...CLUSTER_AUTOSCALER_DEFAULTS };
    for (const [field, [, key]] of Object.entries(CA_FIELDS)) {
      if (read[field] === undefined) continue;
      if (field === 'priorities') {
        const out: Record<number, readonly string[]> = {};
        for (const [p, res] of Object.entries(read[field] as Record<string, string[]>)) {
          const at = childPath(childPath(path, field), p);
          if (!/^-?\d+$/.test(p)) throw new UserError(`expected an integer priority, got ${JSON.stringify(p)}`, { path: at });
          res.forEach((re, i) => {
            try {
              new RegExp(re);
            } catch {
              throw new UserError(`Can't compile regexp rule for priority ${p} and rule ${re}`, { path: `${at}[${i}]` });
            }
          });
          out[Number(p)] = res;
        }
        options[key] = out;
      } else options[key] = read[field];
    }
    return { kind, options: options as unknown as ClusterAutoscalerOptions };
  }
  const idle = (read.batchIdleDuration as number | undefined) ?? KARPENTER_DEFAULTS.batchIdleDurationMs;
  const max = (read.batchMaxDuration as number | undefined) ?? KARPENTER_DEFAULTS.batchMaxDurationMs;
  return {
    kind,
    batchIdleDurationMs: idle,
    batchMaxDurationMs: max,
    implicitNodePool: {
      name: 'default',
      ...NODEPOOL_DEFAULTS,
      consolidationPolicy: (read.consolidationPolicy as NodePoolPolicy['consolidationPolicy'] | undefined) ?? NODEPOOL_DEFAULTS.consolidationPolicy,
      consolidateAfterMs: nillable(read.consolidateAfter, NODEPOOL_DEFAULTS.consolidateAfterMs),
      expireAfterMs: nillable(read.expireAfter, NODEPOOL_DEFAULTS.expireAfterMs),
    },
  };
}
