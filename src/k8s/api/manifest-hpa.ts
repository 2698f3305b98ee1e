/**
 * autoscaling/v2 HorizontalPodAutoscaler: upstream defaults (`pkg/apis/autoscaling/v2/defaults.go`)
 * and validation (`pkg/apis/autoscaling/validation/validation.go`, messages verbatim).
 *
 * Defaults: minReplicas 1; no metrics → one Resource cpu Utilization 80 metric; `behavior` only when present:
 * scaleUp {window 0, Max, [Pods 4/15s, Percent 100/15s]}, scaleDown {window unset (null), Max, [Percent 100/15s]};
 * each unset field is filled, `policies` is replaced as a whole when given.
 * Validation: minReplicas ≥ 1 (`HPAScaleToZero` is alpha, off), maxReplicas > 0 and ≥ minReplicas, scaleTargetRef
 * kind and name, one source per metric matching its type, target type/values, behavior windows 0…3600, ≥ 1 policy,
 * value > 0, period 1…1800, selectPolicy ∈ {Disabled, Max, Min}, tolerance ≥ 0.
 */
import { child, Fields, forbidden, invalid, notSupported, required, type FieldSpec } from './field.js';
import { parseQuantityField } from './manifest-common.js';
import { readLabelSelector } from './manifest-deployment.js';
import {
  METRIC_SOURCE_TYPES, METRIC_TARGET_TYPES, SCALING_POLICY_TYPES, SELECT_POLICIES, type CrossVersionObjectReference,
  type HorizontalPodAutoscaler, type HPABehavior, type HPAScalingPolicy, type HPAScalingRules, type MetricSourceType,
  type LabelSelector, type MetricSpec, type MetricTarget, type MetricTargetType, type ScalingPolicyType, type SelectPolicy,
} from './types.js';

export const HPA_SPEC: FieldSpec = { modelled: ['scaleTargetRef', 'minReplicas', 'maxReplicas', 'metrics', 'behavior'] };
const REF: FieldSpec = { modelled: ['apiVersion', 'kind', 'name'] };
const METRIC: FieldSpec = { modelled: ['type', 'resource', 'containerResource', 'pods', 'object', 'external'] };
const TARGET: FieldSpec = { modelled: ['type', 'averageUtilization', 'averageValue', 'value'] };
const IDENTIFIER: FieldSpec = { modelled: ['name', 'selector'] };
const SELECTOR: FieldSpec = { modelled: ['matchLabels', 'matchExpressions'] };
const BEHAVIOR: FieldSpec = { modelled: ['scaleUp', 'scaleDown'] };
const RULES: FieldSpec = { modelled: ['stabilizationWindowSeconds', 'selectPolicy', 'policies', 'tolerance'] };
const POLICY: FieldSpec = { modelled: ['type', 'value', 'periodSeconds'] };

/** Upstream lists supported values sorted (sets.String.List()). */
const SORTED_SOURCE_TYPES = [...METRIC_SOURCE_TYPES].sort();
const SORTED_POLICY_TYPES = [...SCALING_POLICY_TYPES].sort();
const SOURCE_FIELD: Readonly<Record<MetricSourceType, string>> = {
  Resource: 'resource', ContainerResource: 'containerResource', Pods: 'pods', Object: 'object', External: 'external',
};

function readRef(f: Fields): CrossVersionObjectReference {
  const kind = f.requiredStr('kind');
  const name = f.requiredStr('name');
  return { apiVersion: f.str('apiVersion') ?? '', kind, name };
}

function readTarget(src: Fields): MetricTarget {
  const t = src.object('target', TARGET);
  if (!t) throw required(src.at('target.type'), 'must specify a metric target type');
  const type = t.str('type');
  if (!type) throw required(t.at('type'), 'must specify a metric target type');
  if (!(METRIC_TARGET_TYPES as readonly string[]).includes(type)) {
    throw invalid(t.at('type'), type, 'must be either Utilization, Value, or AverageValue');
  }
  const milli = (k: 'value' | 'averageValue'): number | undefined => {
    if (!t.has(k)) return undefined;
    const q = parseQuantityField(t.raw(k), t.at(k));
    if (q.sign() !== 1) throw invalid(t.at(k), q.toString(), 'must be positive');
    return q.milliValue();
  };
  const valueMilli = milli('value');
  const averageValueMilli = milli('averageValue');
  const averageUtilization = t.int('averageUtilization');
  if (averageUtilization !== undefined && averageUtilization < 1) {
    throw invalid(t.at('averageUtilization'), averageUtilization, 'must be greater than 0');
  }
  return {
    type: type as MetricTargetType,
    ...(averageUtilization !== undefined ? { averageUtilization } : {}),
    ...(averageValueMilli !== undefined ? { averageValueMilli } : {}),
    ...(valueMilli !== undefined ? { valueMilli } : {}),
  };
}

/** `metric: {name, selector}` of Pods, Object and External metrics; the selector picks among a metric's series. */
function metricId(src: Fields): { name: string; selector?: LabelSelector } {
  const id = src.object('metric', IDENTIFIER);
  if (!id) throw required(src.at('metric.name'), 'must specify a metric name');
  const name = id.requiredStr('name', 'must specify a metric name');
  const sel = id.object('selector', SELECTOR);
  return sel ? { name, selector: readLabelSelector(sel) } : { name };
}

function readMetric(raw: unknown, path: string, warnings: string[]): MetricSpec {
  const m = new Fields(raw, path, METRIC, warnings);
  const typeRaw = m.str('type');
  if (!typeRaw) throw required(m.at('type'), 'must specify a metric source type');
  if (!(METRIC_SOURCE_TYPES as readonly string[]).includes(typeRaw)) throw notSupported(m.at('type'), typeRaw, SORTED_SOURCE_TYPES);
  const type = typeRaw as MetricSourceType;
  const expected = SOURCE_FIELD[type];
  if (!m.has(expected)) throw required(m.at(expected), 'must populate information for the given metric source');
  for (const other of Object.values(SOURCE_FIELD)) {
    if (other !== expected && m.has(other)) throw forbidden(m.at(other), 'must populate the given metric source only');
  }

  switch (type) {
    case 'Resource':
    case 'ContainerResource': {
      const src = m.object(expected, { modelled: type === 'Resource' ? ['name', 'target'] : ['name', 'container', 'target'] })!;
      const name = src.requiredStr('name', 'must specify a resource name');
      const container = type === 'ContainerResource' ? src.requiredStr('container', 'must specify a container') : undefined;
      const target = readTarget(src);
      if (target.averageUtilization === undefined && target.averageValueMilli === undefined) {
        throw required(src.at('target.averageUtilization'), 'must set either a target raw value or a target utilization');
      }
      if (target.averageUtilization !== undefined && target.averageValueMilli !== undefined) {
        throw forbidden(src.at('target.averageValue'), 'may not set both a target raw value and a target utilization');
      }
      return { type, name, ...(container !== undefined ? { container } : {}), target };
    }
    case 'Pods': {
      const src = m.object(expected, { modelled: ['metric', 'target'] })!;
      const id = metricId(src);
      const target = readTarget(src);
      if (target.averageValueMilli === undefined) {
        throw required(src.at('target.averageValue'), 'must specify a positive target averageValue');
      }
      return { type, ...id, target };
    }
    case 'Object': {
      const src = m.object(expected, { modelled: ['describedObject', 'metric', 'target'] })!;
      const described = src.object('describedObject', REF);
      if (!described) throw required(src.at('describedObject.kind'));
      const describedObject = readRef(described);
      const id = metricId(src);
      const target = readTarget(src);
      if (target.valueMilli === undefined && target.averageValueMilli === undefined) {
        throw required(src.at('target.averageValue'), 'must set either a target value or averageValue');
      }
      return { type, ...id, describedObject, target };
    }
    case 'External': {
      const src = m.object(expected, { modelled: ['metric', 'target'] })!;
      const id = metricId(src);
      const target = readTarget(src);
      if (target.valueMilli === undefined && target.averageValueMilli === undefined) {
        throw required(src.at('target.averageValue'), 'must set either a target value for metric or a per-pod target');
      }
      if (target.valueMilli !== undefined && target.averageValueMilli !== undefined) {
        throw forbidden(src.at('target.value'), 'may not set both a target value for metric and a per-pod target');
      }
      return { type, ...id, target };
    }
  }
}

/** API defaults of `spec.behavior` (pkg/apis/autoscaling/v2/defaults.go), applied only when behavior is present. */
export const DEFAULT_SCALE_UP: HPAScalingRules = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
  tolerance: null,
};
export const DEFAULT_SCALE_DOWN: HPAScalingRules = {
  stabilizationWindowSeconds: null,
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
  tolerance: null,
};

function readPolicy(raw: unknown, path: string, warnings: string[]): HPAScalingPolicy {
  const p = new Fields(raw, path, POLICY, warnings);
  const type = p.raw('type');
  if (typeof type !== 'string' || !(SCALING_POLICY_TYPES as readonly string[]).includes(type)) {
    throw notSupported(p.at('type'), type ?? '', SORTED_POLICY_TYPES);
  }
  const value = p.int('value', { default: 0 });
  if (value <= 0) throw invalid(p.at('value'), value, 'must be greater than zero');
  const periodSeconds = p.int('periodSeconds', { default: 0 });
  if (periodSeconds <= 0) throw invalid(p.at('periodSeconds'), periodSeconds, 'must be greater than zero');
  if (periodSeconds > 1800) throw invalid(p.at('periodSeconds'), periodSeconds, 'must be less than or equal to 1800');
  return { type: type as ScalingPolicyType, value, periodSeconds };
}

/** Upstream `copyHPAScalingRules` onto the defaults, then `validateScalingRules`. */
function readRules(b: Fields, k: 'scaleUp' | 'scaleDown'): HPAScalingRules {
  const dflt = k === 'scaleUp' ? DEFAULT_SCALE_UP : DEFAULT_SCALE_DOWN;
  const r = b.object(k, RULES);
  if (!r) return dflt;
  const window = r.int('stabilizationWindowSeconds') ?? dflt.stabilizationWindowSeconds;
  if (window !== null && window < 0) throw invalid(r.at('stabilizationWindowSeconds'), window, 'must be greater than or equal to zero');
  if (window !== null && window > 3600) throw invalid(r.at('stabilizationWindowSeconds'), window, 'must be less than or equal to 3600');
  let selectPolicy: SelectPolicy = dflt.selectPolicy;
  if (r.has('selectPolicy')) {
    const v = r.raw('selectPolicy');
    if (typeof v !== 'string' || !(SELECT_POLICIES as readonly string[]).includes(v)) throw notSupported(r.at('selectPolicy'), v, SELECT_POLICIES);
    selectPolicy = v as SelectPolicy;
  }
  let policies = dflt.policies;
  if (r.has('policies')) {
    const list = r.list('policies');
    if (list.length === 0) throw required(r.at('policies'), 'must specify at least one Policy');
    policies = list.map((raw, i) => readPolicy(raw, `${r.at('policies')}[${i}]`, b.warnings));
  }
  let tolerance: number | null = null;
  if (r.has('tolerance')) {
    const q = parseQuantityField(r.raw('tolerance'), r.at('tolerance'));
    if (q.sign() < 0) throw invalid(r.at('tolerance'), q.toString(), 'must be greater than or equal to zero');
    tolerance = q.toNumber();
  }
  return { stabilizationWindowSeconds: window, selectPolicy, policies, tolerance };
}

function readBehavior(spec: Fields): HPABehavior | null {
  const b = spec.object('behavior', BEHAVIOR);
  if (!b) return null;
  return { scaleUp: readRules(b, 'scaleUp'), scaleDown: readRules(b, 'scaleDown') };
}

/** What every HPA version's spec starts with: replica bounds and the target, validated as the API server does. */
function readSpecHead(top: Fields, fields: FieldSpec) {
  const spec = top.object('spec', fields);
  if (!spec) throw required('spec.scaleTargetRef');
  const minReplicas = spec.int('minReplicas', { default: 1 });
  if (minReplicas < 1) throw invalid(spec.at('minReplicas'), minReplicas, 'must be greater than or equal to 1');
  const maxReplicas = spec.int('maxReplicas');
  if (maxReplicas === undefined) throw required(spec.at('maxReplicas'));
  if (maxReplicas < 1) throw invalid(spec.at('maxReplicas'), maxReplicas, 'must be greater than 0');
  if (maxReplicas < minReplicas) throw invalid(spec.at('maxReplicas'), maxReplicas, 'must be greater than or equal to `minReplicas`');
  const ref = spec.object('scaleTargetRef', REF);
  if (!ref) throw required(child(spec.path, 'scaleTargetRef.kind'));
  return { spec, minReplicas, maxReplicas, scaleTargetRef: readRef(ref) };
}

/** `spec` of an autoscaling/v2 HorizontalPodAutoscaler, defaulted and validated. */
export function readHpaSpec(top: Fields): HorizontalPodAutoscaler['spec'] {
  const { spec, minReplicas, maxReplicas, scaleTargetRef } = readSpecHead(top, HPA_SPEC);

  const list = spec.list('metrics');
  const metrics: MetricSpec[] =
    list.length === 0
      ? [{ type: 'Resource', name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } }]
      : list.map((raw, i) => readMetric(raw, `${spec.at('metrics')}[${i}]`, top.warnings));
  return { scaleTargetRef, minReplicas, maxReplicas, metrics, behavior: readBehavior(spec) };
}

const HPA_V1_SPEC: FieldSpec = { modelled: ['scaleTargetRef', 'minReplicas', 'maxReplicas', 'targetCPUUtilizationPercentage'] };

/**
 * `spec` of an autoscaling/v1 HorizontalPodAutoscaler, converted as the API server converts it to the internal
 * (v2-shaped) object (`pkg/apis/autoscaling/v1/conversion.go`): `targetCPUUtilizationPercentage: N` becomes one
 * Resource cpu Utilization N metric; when it is absent (and no metrics annotation carries others) the metric is
 * cpu at `autoscaling.DefaultCPUUtilization` = 80 %. v1 has no behavior: legacy normalisation applies.
 */
export function readHpaV1Spec(top: Fields): HorizontalPodAutoscaler['spec'] {
  const { spec, minReplicas, maxReplicas, scaleTargetRef } = readSpecHead(top, HPA_V1_SPEC);
  const target = spec.int('targetCPUUtilizationPercentage') ?? 80;
  // validated after conversion, as the internal object's metric (ValidateMetricSpec: "must be greater than 0")
  if (target < 1) throw invalid(spec.at('targetCPUUtilizationPercentage'), target, 'must be greater than 0');
  return {
    scaleTargetRef,
    minReplicas,
    maxReplicas,
    metrics: [{ type: 'Resource', name: 'cpu', target: { type: 'Utilization', averageUtilization: target } }],
    behavior: null,
  };
}
