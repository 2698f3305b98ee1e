/**
 * The scheduling fields of a pod spec that kubesim models: `nodeSelector`, `tolerations` and
 * `affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution`, validated as
 * `pkg/apis/core/validation/validation.go` does (ValidateTolerations, ValidateNodeSelector). Preferred node
 * affinity, pod affinity and anti-affinity are warned about (not modelled).
 */
import { Fields, forbidden, index, invalid, notSupported, required, type FieldSpec } from './field.js';
import type { NodeSelectorOperator, NodeSelectorRequirement, NodeSelectorTerm, PodScheduling, TaintEffect, Toleration } from '../scheduler/types.js';

const TOLERATION: FieldSpec = { modelled: ['key', 'operator', 'value', 'effect', 'tolerationSeconds'] };
const AFFINITY: FieldSpec = { modelled: ['nodeAffinity'], ignored: ['podAffinity', 'podAntiAffinity'] };
const NODE_AFFINITY: FieldSpec = {
  modelled: ['requiredDuringSchedulingIgnoredDuringExecution'],
  ignored: ['preferredDuringSchedulingIgnoredDuringExecution'],
};
const NODE_SELECTOR: FieldSpec = { modelled: ['nodeSelectorTerms'] };
const TERM: FieldSpec = { modelled: ['matchExpressions', 'matchFields'] };
const REQUIREMENT: FieldSpec = { modelled: ['key', 'operator', 'values'] };

const EFFECTS: readonly TaintEffect[] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const NODE_OPERATORS: readonly NodeSelectorOperator[] = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];

function readToleration(raw: unknown, path: string, warnings: string[]): Toleration {
  const t = new Fields(raw, path, TOLERATION, warnings);
  const key = t.str('key') ?? '';
  const operator = t.oneOf('operator', ['Exists', 'Equal'] as const, 'Equal');
  const value = t.str('value') ?? '';
  const effect = t.oneOf('effect', EFFECTS) ?? '';
  const secs = t.raw('tolerationSeconds');
  if (secs !== undefined && (typeof secs !== 'number' || !Number.isInteger(secs))) throw invalid(t.at('tolerationSeconds'), secs, 'expected an integer');
  if (key === '' && operator !== 'Exists') throw invalid(t.at('operator'), operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"');
  if (operator === 'Exists' && value !== '') throw invalid(t.at('operator'), operator, 'value must be empty when `operator` is \'Exists\'');
  if (secs !== undefined && effect !== 'NoExecute') throw invalid(t.at('effect'), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set");
  return { key, operator, value, effect, tolerationSeconds: secs === undefined ? null : (secs as number) };
}

function readRequirements(f: Fields, k: string, fields: boolean): NodeSelectorRequirement[] {
  return f.list(k).map((raw, i) => {
    const r = new Fields(raw, index(f.at(k), i), REQUIREMENT, f.warnings);
    const key = r.requiredStr('key');
    const operator = r.oneOf('operator', NODE_OPERATORS);
    if (operator === undefined) throw required(r.at('operator'));
    const values = r.list('values').map((v, j) => {
      if (typeof v !== 'string') throw invalid(index(r.at('values'), j), v, 'expected a string');
      return v;
    });
    if (fields && key !== 'metadata.name') throw notSupported(r.at('key'), key, ['metadata.name']);
    if ((operator === 'In' || operator === 'NotIn') && values.length === 0) throw required(r.at('values'), 'must be specified when `operator` is \'In\' or \'NotIn\'');
    if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) throw forbidden(r.at('values'), 'may not be specified when `operator` is \'Exists\' or \'DoesNotExist\'');
    if ((operator === 'Gt' || operator === 'Lt') && values.length !== 1) throw required(r.at('values'), 'must be specified single value when `operator` is \'Lt\' or \'Gt\'');
    return { key, operator, values };
  });
}

/** Reads the modelled scheduling fields of the pod spec `s` (a Fields view whose spec lists them as modelled). */
export function readPodScheduling(s: Fields): PodScheduling {
  const nodeSelector = s.stringMap('nodeSelector');
  const tolerations = s.list('tolerations').map((raw, i) => readToleration(raw, index(s.at('tolerations'), i), s.warnings));
  let requiredNodeTerms: NodeSelectorTerm[] | null = null;
  const aff = s.object('affinity', AFFINITY);
  const na = aff?.object('nodeAffinity', NODE_AFFINITY);
  const req = na?.object('requiredDuringSchedulingIgnoredDuringExecution', NODE_SELECTOR);
  if (req) {
    const terms = req.list('nodeSelectorTerms');
    if (terms.length === 0) throw required(req.at('nodeSelectorTerms'), 'must have at least one node selector term');
    requiredNodeTerms = terms.map((raw, i) => {
      const t = new Fields(raw, index(req.at('nodeSelectorTerms'), i), TERM, s.warnings);
      return { matchExpressions: readRequirements(t, 'matchExpressions', false), matchFields: readRequirements(t, 'matchFields', true) };
    });
  }
  return { nodeSelector, tolerations, requiredNodeTerms };
}
