/**
 * apps/v1 Deployment: upstream defaults (`pkg/apis/apps/v1/defaults.go`: replicas 1, RollingUpdate 25%/25%,
 * revisionHistoryLimit 10, progressDeadlineSeconds 600; minReadySeconds 0, paused false) and validation
 * (`pkg/apis/apps/validation/validation.go`, messages verbatim):
 * - replicas, minReadySeconds, revisionHistoryLimit, progressDeadlineSeconds ≥ 0; progressDeadlineSeconds >
 *   minReadySeconds ("must be greater than minReadySeconds");
 * - selector required, not empty, matching the template labels ("`selector` does not match template `labels`");
 * - Recreate with rollingUpdate → `Forbidden: may not be specified when strategy \`type\` is 'Recreate'`;
 * - maxSurge/maxUnavailable: non-negative int or "<digits>%"; maxUnavailable ≤ 100%; both raw values 0 →
 *   `spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when \`maxSurge\` is 0`
 *   (the path is maxUnavailable, as upstream reports it).
 */
import { Fields, forbidden, invalid, nonNegative, required, type FieldSpec } from './field.js';
import { isValidIntOrPercent, percentValue, rawNumber, type IntOrString } from './intstr.js';
import { checkLabels } from './manifest-common.js';
import { readPodTemplate } from './manifest-pod.js';
import {
  DEPLOYMENT_STRATEGY_TYPES, SELECTOR_OPERATORS, selectorMatches, type DeploymentSpec, type DeploymentStrategy, type LabelSelector,
  type LabelSelectorRequirement,
} from './types.js';

export const DEPLOYMENT_SPEC: FieldSpec = {
  modelled: ['replicas', 'selector', 'template', 'strategy', 'minReadySeconds', 'revisionHistoryLimit', 'paused', 'progressDeadlineSeconds'],
};

const SELECTOR: FieldSpec = { modelled: ['matchLabels', 'matchExpressions'] };
const REQUIREMENT: FieldSpec = { modelled: ['key', 'operator', 'values'] };
const STRATEGY: FieldSpec = { modelled: ['type', 'rollingUpdate'] };
const ROLLING_UPDATE: FieldSpec = { modelled: ['maxSurge', 'maxUnavailable'] };

const PERCENT_MSG =
  "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

/** A label selector (matchLabels + matchExpressions), validated as upstream `ValidateLabelSelector`. */
export function readLabelSelector(f: Fields): LabelSelector {
  const matchLabels = f.stringMap('matchLabels');
  checkLabels(f.at('matchLabels'), matchLabels);
  const matchExpressions = f.list('matchExpressions').map((raw, i): LabelSelectorRequirement => {
    const r = new Fields(raw, `${f.at('matchExpressions')}[${i}]`, REQUIREMENT, f.warnings);
    const k = r.requiredStr('key');
    const opRaw = r.raw('operator');
    if (typeof opRaw !== 'string' || !(SELECTOR_OPERATORS as readonly string[]).includes(opRaw)) {
      throw invalid(r.at('operator'), opRaw ?? '', 'not a valid selector operator');
    }
    const operator = opRaw as LabelSelectorRequirement['operator'];
    const values = r.list('values').map((v, j) => {
      if (typeof v !== 'string') throw invalid(`${r.at('values')}[${j}]`, v, 'expected a string');
      return v;
    });
    if ((operator === 'In' || operator === 'NotIn') && values.length === 0) {
      throw required(r.at('values'), "must be specified when `operator` is 'In' or 'NotIn'");
    }
    if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) {
      throw forbidden(r.at('values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
    }
    return { key: k, operator, values };
  });
  return { matchLabels, matchExpressions };
}

/** Upstream `ValidatePositiveIntOrPercent` on a raw YAML value; returns the value, or undefined when absent. */
function readIntOrPercent(f: Fields, k: string): IntOrString | undefined {
  const v = f.raw(k);
  if (v === undefined) return undefined;
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw invalid(f.at(k), v, 'expected an integer or a percentage such as 25%');
    nonNegative(f.at(k), v);
    return v;
  }
  if (typeof v === 'string') {
    if (!isValidIntOrPercent(v)) throw invalid(f.at(k), v, PERCENT_MSG);
    return v;
  }
  throw invalid(f.at(k), v, "must be an integer or percentage (e.g '5%')");
}

function readStrategy(spec: Fields): DeploymentStrategy {
  const s = spec.object('strategy', STRATEGY);
  const type = s ? s.oneOf('type', DEPLOYMENT_STRATEGY_TYPES, 'RollingUpdate') : 'RollingUpdate';
  const ru = s?.object('rollingUpdate', ROLLING_UPDATE);
  if (type === 'Recreate') {
    if (ru) throw forbidden(ru.path, "may not be specified when strategy `type` is 'Recreate'");
    return { type, rollingUpdate: null };
  }
  const mu = (ru && readIntOrPercent(ru, 'maxUnavailable')) ?? '25%';
  const ms = (ru && readIntOrPercent(ru, 'maxSurge')) ?? '25%';
  const path = ru?.path ?? 'spec.strategy.rollingUpdate';
  if (rawNumber(mu) === 0 && rawNumber(ms) === 0) {
    throw invalid(`${path}.maxUnavailable`, mu, 'may not be 0 when `maxSurge` is 0');
  }
  const pct = typeof mu === 'string' ? percentValue(mu) : undefined;
  if (pct !== undefined && pct > 100) throw invalid(`${path}.maxUnavailable`, mu, 'must not be greater than 100%');
  return { type, rollingUpdate: { maxSurge: ms, maxUnavailable: mu } };
}

/** `spec` of an apps/v1 Deployment, defaulted and validated. */
export function readDeploymentSpec(top: Fields): DeploymentSpec {
  const spec = top.object('spec', DEPLOYMENT_SPEC);
  if (!spec) throw required('spec.selector');
  const replicas = spec.int('replicas', { default: 1 });
  nonNegative(spec.at('replicas'), replicas);

  const sel = spec.object('selector', SELECTOR);
  if (!sel) throw required(spec.at('selector'));
  const selector = readLabelSelector(sel);
  if (Object.keys(selector.matchLabels).length + selector.matchExpressions.length === 0) {
    throw invalid(sel.path, {}, 'empty selector is invalid for deployment');
  }
  const template = readPodTemplate(spec.raw('template'), spec.at('template'), top.warnings);
  if (!selectorMatches(selector, template.labels)) {
    throw invalid(`${spec.at('template')}.metadata.labels`, template.labels, '`selector` does not match template `labels`');
  }

  const strategy = readStrategy(spec);
  const minReadySeconds = spec.int('minReadySeconds', { default: 0 });
  nonNegative(spec.at('minReadySeconds'), minReadySeconds);
  const revisionHistoryLimit = spec.int('revisionHistoryLimit', { default: 10 });
  nonNegative(spec.at('revisionHistoryLimit'), revisionHistoryLimit);
  const progressDeadlineSeconds = spec.int('progressDeadlineSeconds', { default: 600 });
  nonNegative(spec.at('progressDeadlineSeconds'), progressDeadlineSeconds);
  if (progressDeadlineSeconds <= minReadySeconds) {
    throw invalid(spec.at('progressDeadlineSeconds'), progressDeadlineSeconds, 'must be greater than minReadySeconds');
  }
  const paused = spec.bool('paused', false);
  return { replicas, selector, template, strategy, minReadySeconds, progressDeadlineSeconds, revisionHistoryLimit, paused };
}
