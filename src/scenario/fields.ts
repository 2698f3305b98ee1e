/**
 * The field-table language: how one field of the Scenario document is described, once, for three readers —
 * `normalize.ts` (type checks, unknown fields with "did you mean"), `schema.ts` (the JSON Schema editors use)
 * and the docs (every field has a description and, where it has one, its default as the user would write it).
 *
 * `readField` checks a raw YAML value against a field and converts it: durations to ms, quantities to
 * milli-units, availability to a fraction. Absent optional fields stay `undefined` — defaults are applied in
 * `normalize.ts`, exactly once. Errors are `UserError`s at the field's path (the file is added by the caller).
 */
import { UserError } from '../engine/errors.js';
import { DURATION_EXPECTED, parseDuration, parseDurationNanos } from '../k8s/api/duration.js';
import { isPlainObject, suggest } from '../k8s/api/field.js';
import { ERR_FORMAT_WRONG, parseQuantity } from '../k8s/api/quantity.js';

interface Common {
  description: string;
  /** The default as a user would write it (docs and schema only; the value itself lives in types.ts). */
  default?: unknown;
}

export type FieldSpec = Common &
  (
    | { type: 'string'; pattern?: string; expected?: string; enum?: readonly string[] }
    | { type: 'duration'; min: 'positive' | 'nonNegative'; settleShape?: boolean }
    | { type: 'quantity' }
    | { type: 'integer'; minimum?: number }
    | { type: 'number'; minimum?: number }
    | { type: 'boolean' }
    | { type: 'availability' }
    | { type: 'object'; fields: Record<string, FieldSpec>; required?: readonly string[]; exactlyOne?: readonly string[] }
    | { type: 'map'; key: string; values: FieldSpec }
    | { type: 'list'; items: FieldSpec }
    /** Checked and converted elsewhere (by the named module); only the schema fragment is given here. */
    | { type: 'delegated'; by: string; schema: Record<string, unknown> }
  );

export type ObjectSpec = Extract<FieldSpec, { type: 'object' }>;

/** Go durations as the duration parser accepts them (plus a bare 0). */
export const DURATION_PATTERN = '^[-+]?(0|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$';
/** Kubernetes quantities (the real grammar, tighter than upstream's error-message regexp). */
export const QUANTITY_PATTERN = '^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(([KMGTPE]i)|[numkMGTPE]|[eE][-+]?[0-9]+)?$';
export const PERCENT_PATTERN = '^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)%$';

/** Notes collected while reading (e.g. a duration that rounds to 0 ms); normalize.ts turns them into warnings. */
export type Notes = string[];

const describe = (v: unknown): string => {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return JSON.stringify(v);
  return `${typeof v} ${String(v)}`;
};

export function fail(path: string, expected: string, value: unknown): UserError {
  return new UserError(`${expected}, got ${describe(value)}`, { path });
}

export function childPath(path: string, key: string): string {
  const plain = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key);
  const seg = plain ? key : `[${JSON.stringify(key)}]`;
  if (path === '') return plain ? key : seg;
  return plain ? `${path}.${key}` : `${path}${seg}`;
}

// One "did you mean" and one plain-object test for scenario, traffic and manifests: the API layer's.
export { isPlainObject, suggest };

/** `unknown field "foo"` with a hint: the close match, or the list of known fields. */
export function unknownName(what: string, name: string, known: readonly string[]): string {
  const near = suggest(name, known);
  if (near) return `unknown ${what} ${JSON.stringify(name)} (did you mean "${near}"?)`;
  if (known.length === 0) return `unknown ${what} ${JSON.stringify(name)}`;
  return `unknown ${what} ${JSON.stringify(name)} (expected one of: ${known.join(', ')})`;
}

/** A duration field in ms (integer unless `settleShape`), checked against its minimum. */
function readDuration(value: unknown, spec: Extract<FieldSpec, { type: 'duration' }>, path: string, notes: Notes): number {
  if (value === 0) return checkMin(0);
  if (typeof value !== 'string') throw fail(path, DURATION_EXPECTED, value);
  let ns: bigint;
  try {
    ns = parseDurationNanos(value);
  } catch {
    throw fail(path, DURATION_EXPECTED, value);
  }
  const ms = spec.settleShape ? Number(ns) / 1e6 : parseDuration(value);
  if (ms === 0 && ns !== 0n) notes.push(`${path}: ${value} rounds to 0ms (durations here are whole milliseconds)`);
  return checkMin(ms);

  function checkMin(v: number): number {
    if (spec.min === 'positive' && !(v > 0)) throw fail(path, 'expected a duration greater than 0', value);
    if (spec.min === 'nonNegative' && v < 0) throw fail(path, 'expected a duration of 0 or more', value);
    return v;
  }
}

/** A quantity field (string or number) in milli-units; negative quantities are rejected. */
export function readQuantityMilli(value: unknown, path: string): number {
  const expected = 'expected a quantity such as 250m, 0.5, 2 or 1Gi';
  let text: string;
  if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
  else if (typeof value === 'string') text = value.trim();
  else throw fail(path, expected, value);
  let milli: number;
  try {
    milli = parseQuantity(text).milliValue();
  } catch (e) {
    const why = e instanceof Error && e.message !== ERR_FORMAT_WRONG ? ` (${e.message})` : '';
    throw fail(path, `${expected}${why}`, value);
  }
  if (milli < 0) throw fail(path, 'expected a quantity of 0 or more', value);
  if (!Number.isFinite(milli)) throw fail(path, expected, value);
  return milli;
}

function readAvailability(value: unknown, path: string): number {
  const expected = 'expected a percentage such as 99.9% or a fraction such as 0.999 (above 0, at most 1)';
  let f: number;
  if (typeof value === 'string' && new RegExp(PERCENT_PATTERN).test(value.trim())) f = Number(`${value.trim().slice(0, -1)}e-2`); // exact decimal: 99.9% → 0.999
  else if (typeof value === 'number') f = value;
  else throw fail(path, expected, value);
  if (!(f > 0 && f <= 1)) throw fail(path, expected, value);
  return f;
}

/**
 * Checks `value` against `spec` and converts it (see the module comment). `undefined` stays `undefined`; a
 * required field that is absent is reported by the enclosing object.
 */
export function readField(value: unknown, spec: FieldSpec, path: string, notes: Notes): unknown {
  if (value === undefined) return undefined;
  switch (spec.type) {
    case 'string': {
      if (typeof value !== 'string') throw fail(path, spec.expected ?? 'expected a string', value);
      if (spec.enum && !spec.enum.includes(value)) throw fail(path, `expected one of ${spec.enum.join(', ')}`, value);
      if (spec.pattern && !new RegExp(spec.pattern).test(value)) throw fail(path, spec.expected ?? `expected a string matching ${spec.pattern}`, value);
      return value;
    }
    case 'duration':
      return readDuration(value, spec, path, notes);
    case 'quantity':
      return readQuantityMilli(value, path);
    case 'integer': {
      const min = spec.minimum ?? -Infinity;
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
        throw fail(path, min === -Infinity ? 'expected an integer' : `expected an integer of at least ${min}`, value);
      }
      return value;
    }
    case 'number': {
      const min = spec.minimum ?? -Infinity;
      if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
        throw fail(path, min === -Infinity ? 'expected a number' : `expected a number of at least ${min}`, value);
      }
      return value;
    }
    case 'boolean':
      if (typeof value !== 'boolean') throw fail(path, 'expected true or false', value);
      return value;
    case 'availability':
      return readAvailability(value, path);
    case 'object':
      return readObject(value, spec, path, notes);
    case 'map': {
      if (!isPlainObject(value)) throw fail(path, `expected a mapping of ${spec.key} to values`, value);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        const p = childPath(path, k);
        if (v === undefined || v === null) throw fail(p, 'expected a value', v);
        out[k] = readField(v, spec.values, p, notes);
      }
      return out;
    }
    case 'list': {
      if (!Array.isArray(value)) throw fail(path, 'expected a list', value);
      return value.map((v, i) => readField(v, spec.items, `${path}[${i}]`, notes));
    }
    case 'delegated':
      return value;
  }
}

function readObject(value: unknown, spec: ObjectSpec, path: string, notes: Notes): Record<string, unknown> {
  if (!isPlainObject(value)) throw fail(path, 'expected a mapping', value);
  const known = Object.keys(spec.fields);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const field = spec.fields[k];
    if (!field) {
      const p = childPath(path, k);
      const near = suggest(k, known);
      throw new UserError(`unknown field ${JSON.stringify(p)}${near ? ` (did you mean "${near}"?)` : ''}`, { path: p });
    }
    // YAML `key:` with no value is null: treat as absent only for optional fields, like Kubernetes does.
    if (v === null) continue;
    out[k] = readField(v, field, childPath(path, k), notes);
  }
  for (const r of spec.required ?? []) {
    if (out[r] === undefined) throw new UserError(`required field is missing`, { path: childPath(path, r) });
  }
  if (spec.exactlyOne) {
    const present = spec.exactlyOne.filter((k) => out[k] !== undefined);
    if (present.length !== 1) {
      const which = present.length === 0 ? 'none is given' : `${present.join(' and ')} are both given`;
      throw new UserError(`expected exactly one of ${spec.exactlyOne.join(', ')}; ${which}`, { path: path || '(document)' });
    }
  }
  return out;
}
