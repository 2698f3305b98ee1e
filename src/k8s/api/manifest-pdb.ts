/**
 * `policy/v1 PodDisruptionBudget` spec, validated as `pkg/apis/policy/validation/validation.go`
 * ValidatePodDisruptionBudgetSpec: minAvailable and maxUnavailable may not both be set; each is a non-negative
 * int or a percent ≤ 100%; unhealthyPodEvictionPolicy is IfHealthyBudget (the default when unset) or AlwaysAllow.
 */
import { Fields, invalid, type FieldSpec } from './field.js';
import { isValidIntOrPercent, percentValue, type IntOrString } from './intstr.js';
import { readLabelSelector } from './manifest-deployment.js';
import type { PodDisruptionBudget } from './types.js';

const PDB_SPEC: FieldSpec = { modelled: ['selector', 'minAvailable', 'maxUnavailable', 'unhealthyPodEvictionPolicy'] };
const SELECTOR: FieldSpec = { modelled: ['matchLabels', 'matchExpressions'] };

function intOrPercent(f: Fields, k: string): IntOrString | null {
  const v = f.raw(k);
  if (v === undefined) return null;
  if (!isValidIntOrPercent(v)) throw invalid(f.at(k), v, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')");
  if (typeof v === 'number' && v < 0) throw invalid(f.at(k), v, 'must be greater than or equal to 0');
  if (typeof v === 'string' && (percentValue(v) ?? 0) > 100) throw invalid(f.at(k), v, 'must not be greater than 100%');
  return v;
}

export function readPdbSpec(top: Fields): PodDisruptionBudget['spec'] {
  const spec = top.object('spec', PDB_SPEC) ?? new Fields({}, 'spec', PDB_SPEC, top.warnings);
  const sel = spec.object('selector', SELECTOR);
  const selector = sel ? readLabelSelector(sel) : null;
  const minAvailable = intOrPercent(spec, 'minAvailable');
  const maxUnavailable = intOrPercent(spec, 'maxUnavailable');
  if (minAvailable !== null && maxUnavailable !== null) throw invalid(spec.at('minAvailable'), minAvailable, 'minAvailable and maxUnavailable cannot be both set');
  const unhealthyPodEvictionPolicy = spec.oneOf('unhealthyPodEvictionPolicy', ['IfHealthyBudget', 'AlwaysAllow'] as const, 'IfHealthyBudget');
  return { selector, minAvailable, maxUnavailable, unhealthyPodEvictionPolicy };
}
