/**
 * karpenter.sh/v1 NodePool, read into the policy Karpenter's decisions use (k8s/autoscaler/karpenter.ts).
 * Defaults and patterns are upstream's kubebuilder markers in kubernetes-sigs/karpenter pkg/apis/v1/nodepool.go:
 * disruption.consolidationPolicy WhenEmptyOrUnderutilized (enum WhenEmpty, WhenEmptyOrUnderutilized, Balanced),
 * consolidateAfter "0s" (pattern ^(([0-9]+(s|m|h))+|Never)$), budgets [{nodes: "10%"}] (nodes pattern
 * ^((100|[0-9]{1,2})%|[0-9]+)$, at most 50), template.spec.expireAfter "720h" (same pattern as consolidateAfter),
 * weight 1…100.
 *
 * kubesim's catalogue is the scenario's node pools: a requirement `node.kubernetes.io/instance-type In [...]` picks
 * the pools this NodePool may launch; other requirements, taints, nodeClassRef and terminationGracePeriod are named
 * in warnings. A budget with a `schedule` is treated as always active (warned). `Balanced` is read but consolidates
 * as WhenEmptyOrUnderutilized (warned).
 */
import { parseDuration } from './duration.js';
import { child, Fields, index, invalid, isPlainObject, NOT_MODELLED, notSupported, required, type FieldSpec } from './field.js';
import { parseQuantityField, readObjectMeta } from './manifest-common.js';
import type { ObjectMeta } from './types.js';
import {
  CONSOLIDATION_POLICIES, DISRUPTION_REASONS, NODEPOOL_DEFAULTS, type Budget, type DisruptionReason, type NodePoolLimits, type NodePoolPolicy,
} from '../autoscaler/karpenter.js';

const TOP: FieldSpec = { modelled: ['apiVersion', 'kind', 'metadata', 'spec'], ignored: ['status'] };
const SPEC: FieldSpec = { modelled: ['template', 'disruption', 'limits', 'weight'], ignored: ['replicas'] };
const TEMPLATE: FieldSpec = { modelled: ['spec'], ignored: ['metadata'] };
const TEMPLATE_SPEC: FieldSpec = {
  modelled: ['requirements', 'expireAfter', 'nodeClassRef'],
  ignored: ['taints', 'startupTaints', 'terminationGracePeriod'],
};
const REQUIREMENT: FieldSpec = { modelled: ['key', 'operator', 'values'], ignored: ['minValues'] };
const DISRUPTION: FieldSpec = { modelled: ['consolidationPolicy', 'consolidateAfter', 'budgets'] };
const BUDGET: FieldSpec = { modelled: ['nodes', 'reasons', 'schedule', 'duration'] };

export const INSTANCE_TYPE_LABEL = 'node.kubernetes.io/instance-type';
const NILLABLE_DURATION = /^(([0-9]+(s|m|h))+|Never)$/;
const BUDGET_NODES = /^((100|[0-9]{1,2})%|[0-9]+)$/;

export interface NodePoolManifest {
  readonly apiVersion: 'karpenter.sh/v1';
  readonly kind: 'NodePool';
  readonly ignored: false;
  readonly metadata: ObjectMeta;
  readonly policy: NodePoolPolicy;
}

/** A NillableDuration: milliseconds, or null for "Never". */
function nillableDuration(f: Fields, k: string, dflt: number | null): number | null {
  const v = f.raw(k);
  if (v === undefined) return dflt;
  if (typeof v !== 'string' || !NILLABLE_DURATION.test(v)) throw invalid(f.at(k), v, `should match '${NILLABLE_DURATION.source}'`);
  return v === 'Never' ? null : parseDuration(v);
}

function readBudget(raw: unknown, path: string, warnings: string[]): Budget {
  const b = new Fields(raw, path, BUDGET, warnings);
  const nodesRaw = b.raw('nodes') ?? '10%';
  if (typeof nodesRaw !== 'string' || !BUDGET_NODES.test(nodesRaw)) throw invalid(b.at('nodes'), nodesRaw, `should match '${BUDGET_NODES.source}'`);
  const nodes = nodesRaw.endsWith('%') ? nodesRaw : Number.parseInt(nodesRaw, 10);
  const reasonsRaw = b.raw('reasons');
  let reasons: DisruptionReason[] | null = null;
  if (reasonsRaw !== undefined) {
    reasons = b.list('reasons').map((r, i) => {
      if (typeof r !== 'string' || !(DISRUPTION_REASONS as readonly string[]).includes(r)) throw notSupported(index(b.at('reasons'), i), r, DISRUPTION_REASONS);
      return r as DisruptionReason;
    });
  }
  if (b.has('schedule') !== b.has('duration')) throw invalid(path, raw, "'schedule' must be set with 'duration'");
  if (b.has('schedule')) warnings.push(`${b.at('schedule')}: budget schedules are not modelled by kubesim; the budget is treated as always active`);
  return { nodes, reasons };
}

function readLimits(f: Fields | undefined, warnings: string[]): NodePoolLimits {
  if (!f) return {};
  const out: { cpuMilli?: number; memoryBytes?: number; nodes?: number } = {};
  for (const [k, v] of Object.entries(f.obj)) {
    const path = child(f.path, k);
    if (k === 'cpu') out.cpuMilli = parseQuantityField(v, path).milliValue();
    else if (k === 'memory') out.memoryBytes = parseQuantityField(v, path).value();
    else if (k === 'nodes') out.nodes = parseQuantityField(v, path).value();
    else warnings.push(`${path}: ${NOT_MODELLED}`);
  }
  return out;
}

/** Read one karpenter.sh/v1 NodePool document. */
export function readNodePool(doc: unknown, warnings: string[]): NodePoolManifest {
  const top = new Fields(doc, '', TOP, warnings);
  if (top.str('apiVersion') !== 'karpenter.sh/v1') throw invalid('apiVersion', top.raw('apiVersion'), 'NodePools are read as karpenter.sh/v1');
  const metadata = readObjectMeta(top, 'subdomain');
  const spec = top.object('spec', SPEC);
  if (!spec) throw required('spec.template');
  const template = spec.object('template', TEMPLATE);
  if (!template) throw required(spec.at('template'));
  const tspec = template.object('spec', TEMPLATE_SPEC);
  if (!tspec) throw required(template.at('spec'));
  if (tspec.has('nodeClassRef')) {
    if (!isPlainObject(tspec.raw('nodeClassRef'))) throw invalid(tspec.at('nodeClassRef'), tspec.raw('nodeClassRef'), 'expected an object');
    warnings.push(`${tspec.at('nodeClassRef')}: the node class is the cloud's; kubesim takes node shapes and prices from spec.cluster.nodePools`);
  }
  let instanceTypes: string[] | null = null;
  tspec.list('requirements').forEach((raw, i) => {
    const r = new Fields(raw, index(tspec.at('requirements'), i), REQUIREMENT, warnings);
    const key = r.requiredStr('key');
    const op = r.requiredStr('operator');
    const values = r.list('values').map((v, j) => {
      if (typeof v !== 'string') throw invalid(index(r.at('values'), j), v, 'expected a string');
      return v;
    });
    if (op === 'In' && values.length === 0) throw invalid(r.path, raw, "requirements with operator 'In' must have a value defined");
    if (key === INSTANCE_TYPE_LABEL && op === 'In') instanceTypes = [...(instanceTypes ?? []), ...values];
    else warnings.push(`${r.path}: requirement ${key} ${op} is not modelled by kubesim (only ${INSTANCE_TYPE_LABEL} In, matched against node pool names)`);
  });
  const expireAfterMs = nillableDuration(tspec, 'expireAfter', NODEPOOL_DEFAULTS.expireAfterMs);

  const d = spec.object('disruption', DISRUPTION);
  const consolidationPolicy = d ? d.oneOf('consolidationPolicy', CONSOLIDATION_POLICIES, NODEPOOL_DEFAULTS.consolidationPolicy) : NODEPOOL_DEFAULTS.consolidationPolicy;
  if (consolidationPolicy === 'Balanced') warnings.push(`${d!.at('consolidationPolicy')}: Balanced scoring is not modelled by kubesim; consolidating as WhenEmptyOrUnderutilized`);
  const consolidateAfterMs = d ? nillableDuration(d, 'consolidateAfter', NODEPOOL_DEFAULTS.consolidateAfterMs) : NODEPOOL_DEFAULTS.consolidateAfterMs;
  let budgets = NODEPOOL_DEFAULTS.budgets;
  if (d?.has('budgets')) {
    const list = d.list('budgets');
    if (list.length > 50) throw invalid(d.at('budgets'), list.length, 'must have at most 50 items');
    budgets = list.map((b, i) => readBudget(b, index(d.at('budgets'), i), warnings));
  }
  const weight = spec.int('weight') ?? null;
  if (weight !== null && (weight < 1 || weight > 100)) throw invalid(spec.at('weight'), weight, 'should be between 1 and 100');
  const limitsRaw = spec.raw('limits');
  if (limitsRaw !== undefined && !isPlainObject(limitsRaw)) throw invalid(spec.at('limits'), limitsRaw, 'expected an object');
  const limits = readLimits(limitsRaw === undefined ? undefined : new Fields(limitsRaw, spec.at('limits'), { modelled: Object.keys(limitsRaw) }, warnings), warnings);
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    ignored: false,
    metadata,
    policy: { name: metadata.name, weight, instanceTypes, limits, consolidationPolicy, consolidateAfterMs, budgets, expireAfterMs },
  };
}
