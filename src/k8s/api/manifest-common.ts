/**
 * Pieces every manifest reader shares: object metadata, the name/label/port checks of upstream's
 * apimachinery `util/validation` (with its messages), quantities and IntOrString ports.
 */
import { Fields, invalid, required, type FieldSpec } from './field.js';
import type { IntOrString } from './intstr.js';
import { parseQuantity, type Quantity } from './quantity.js';
import type { ObjectMeta, ResourceQuantity } from './types.js';

// ---- names and labels (apimachinery util/validation, messages as upstream) ----

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const DNS1035_LABEL = '[a-z]([-a-z0-9]*[a-z0-9])?';
const QUALIFIED_NAME = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE = `(${QUALIFIED_NAME})?`;

const MSG_SUBDOMAIN = `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${DNS1123_SUBDOMAIN}')`;
const MSG_LABEL = `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '${DNS1123_LABEL}')`;
const MSG_DNS1035 = `a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '${DNS1035_LABEL}')`;
const MSG_QUALIFIED = `name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '${QUALIFIED_NAME}')`;
const MSG_LABEL_VALUE = `a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '${LABEL_VALUE}')`;

const full = (re: string): RegExp => new RegExp(`^${re}$`);
const RE_SUBDOMAIN = full(DNS1123_SUBDOMAIN);
const RE_LABEL = full(DNS1123_LABEL);
const RE_DNS1035 = full(DNS1035_LABEL);
const RE_QUALIFIED = full(QUALIFIED_NAME);
const RE_LABEL_VALUE = full(LABEL_VALUE);

export type NameRule = 'subdomain' | 'label' | 'dns1035';

/** Upstream `IsDNS1123Subdomain` / `IsDNS1123Label` / `IsDNS1035Label`: the first failure's message, or undefined. */
export function nameProblem(name: string, rule: NameRule): string | undefined {
  const max = rule === 'subdomain' ? 253 : 63;
  if (name.length > max) return `must be no more than ${max} characters`;
  if (rule === 'subdomain') return RE_SUBDOMAIN.test(name) ? undefined : MSG_SUBDOMAIN;
  if (rule === 'label') return RE_LABEL.test(name) ? undefined : MSG_LABEL;
  return RE_DNS1035.test(name) ? undefined : MSG_DNS1035;
}

export function checkName(path: string, name: string, rule: NameRule): void {
  const problem = nameProblem(name, rule);
  if (problem) throw invalid(path, name, problem);
}

/** Upstream `IsQualifiedName` (label and annotation keys: `[prefix/]name`). */
export function qualifiedNameProblem(k: string): string | undefined {
  const parts = k.split('/');
  if (parts.length > 2) return `a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '${QUALIFIED_NAME}') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`;
  const name = parts[parts.length - 1]!;
  if (parts.length === 2) {
    const prefix = parts[0]!;
    if (prefix === '') return 'prefix part must be non-empty';
    const p = nameProblem(prefix, 'subdomain');
    if (p) return `prefix part ${p}`;
  }
  if (name === '') return 'name part must be non-empty';
  if (name.length > 63) return 'name part must be no more than 63 characters';
  return RE_QUALIFIED.test(name) ? undefined : MSG_QUALIFIED;
}

/** Upstream `ValidateLabels`: errors are reported at the map's own path, as upstream does. */
export function checkLabels(path: string, labels: Readonly<Record<string, string>>): void {
  for (const [k, v] of Object.entries(labels)) {
    const kp = qualifiedNameProblem(k);
    if (kp) throw invalid(path, k, kp);
    if (v.length > 63) throw invalid(path, v, 'must be no more than 63 characters');
    if (!RE_LABEL_VALUE.test(v)) throw invalid(path, v, MSG_LABEL_VALUE);
  }
}

export function checkAnnotationKeys(path: string, annotations: Readonly<Record<string, string>>): void {
  for (const k of Object.keys(annotations)) {
    const problem = qualifiedNameProblem(k.toLowerCase());
    if (problem) throw invalid(path, k, problem);
  }
}

// ---- metadata ----

export const OBJECT_META: FieldSpec = {
  modelled: ['name', 'namespace', 'labels', 'annotations'],
  ignored: [
    'generateName', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp',
    'deletionGracePeriodSeconds', 'ownerReferences', 'finalizers', 'managedFields',
  ],
};

/** `metadata` of a top-level object: name required and valid by `rule`; namespace defaults to `default`. */
export function readObjectMeta(top: Fields, rule: NameRule): ObjectMeta {
  const meta = top.object('metadata', OBJECT_META);
  if (!meta) throw required('metadata.name', 'name or generateName is required');
  const name = meta.str('name');
  if (!name) {
    if (meta.str('generateName')) throw required(meta.at('name'), 'kubesim needs a fixed name; generateName is not supported');
    throw required(meta.at('name'), 'name or generateName is required');
  }
  checkName(meta.at('name'), name, rule);
  const namespace = meta.str('namespace') || 'default';
  checkName(meta.at('namespace'), namespace, 'label');
  const labels = meta.stringMap('labels');
  checkLabels(meta.at('labels'), labels);
  const annotations = meta.stringMap('annotations');
  checkAnnotationKeys(meta.at('annotations'), annotations);
  return { name, namespace, labels, annotations };
}

// ---- quantities ----

/**
 * A quantity field as the API server decodes it: a string (surrounding spaces trimmed, as upstream's JSON decoder
 * does) or a YAML number. Throws `UserError` at `path` with upstream's parse message.
 */
export function parseQuantityField(value: unknown, path: string): Quantity {
  let text: string;
  if (typeof value === 'string') text = value.trim();
  else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
  else if (value === undefined || value === null) throw required(path);
  else throw invalid(path, value, 'expected a quantity such as 100m, 0.5, 128Mi or 1G');
  try {
    return parseQuantity(text);
  } catch (e) {
    throw invalid(path, value, e instanceof Error ? e.message : String(e));
  }
}

/** A resource quantity field (`cpu: 100m`) with its text, canonical form and integer views. */
export function resourceQuantity(value: unknown, path: string): ResourceQuantity {
  return describeQuantity(value, parseQuantityField(value, path));
}

/** The `ResourceQuantity` record of an already parsed quantity field. */
export function describeQuantity(value: unknown, q: Quantity): ResourceQuantity {
  return { text: typeof value === 'string' ? value : String(value), canonical: q.toString(), milli: q.milliValue(), value: q.value() };
}

// ---- ports ----

const PORT_RANGE = 'must be between 1 and 65535, inclusive';

export function checkPortNumber(path: string, port: number): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw invalid(path, port, PORT_RANGE);
}

/** Upstream `IsValidPortName` (IANA_SVC_NAME), first failure. */
export function portNameProblem(name: string): string | undefined {
  if (name.length > 15) return 'must be no more than 15 characters';
  if (!/^[-a-z0-9]+$/.test(name)) return 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)';
  if (name.includes('--')) return 'must not contain consecutive hyphens';
  if (!/[a-z]/.test(name)) return 'must contain at least one letter (a-z)';
  if (name.startsWith('-') || name.endsWith('-')) return 'must not begin or end with a hyphen';
  return undefined;
}

/** A port given as a number or a named port (upstream `ValidatePortNumOrName`). */
export function portNumOrName(value: unknown, path: string): IntOrString {
  if (value === undefined || value === null || value === '') throw required(path);
  if (typeof value === 'number') {
    checkPortNumber(path, value);
    return value;
  }
  if (typeof value === 'string') {
    const problem = portNameProblem(value);
    if (problem) throw invalid(path, value, problem);
    return value;
  }
  throw invalid(path, value, 'expected a port number or name');
}
