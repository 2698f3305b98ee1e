/**
 * API-server style field errors and a strict reader for manifest objects.
 *
 * Errors read like upstream's `field.Error` (apimachinery `util/validation/field/errors.go`): the `UserError`'s
 * `path` is the field path (`spec.strategy.rollingUpdate.maxUnavailable`) and its detail is the error body:
 * `Invalid value: 0: may not be 0 when \`maxSurge\` is 0`, `Required value`, `Unsupported value: "Foo": supported
 * values: "Disabled", "Max", "Min"`, `Forbidden: …`. Bad values print as upstream prints them: strings quoted (%q),
 * numbers and booleans bare, string maps as `map[string]string{"app":"web"}`. (Upstream prints an IntOrString
 * struct with %#v in older releases; newer ones print the value itself, which is what we do.)
 *
 * `Fields` reads one JSON/YAML object: every key must be a field kubesim models, a Kubernetes field it does not
 * model (one warning, `…env: not modelled by kubesim; ignored`), or else it is an error, in the words of upstream's
 * strict decoding: `unknown field "spec.replica"` (with a "did you mean" hint). A `null` value means "absent", as
 * in Kubernetes' JSON decoding; empty objects/lists of unmodelled fields carry nothing and are not warned about.
 */
import { UserError } from '../../engine/errors.js';

// ---- paths (upstream field.Path) ----

export function child(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}
export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}
/** A map entry, as upstream writes it: `resources.requests[cpu]`. */
export function key(path: string, k: string): string {
  return `${path}[${k}]`;
}

// ---- error bodies (upstream Error.ErrorBody) ----

/** A bad value as upstream's error body prints it. */
export function formatBadValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string')) {
    const entries = Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${JSON.stringify((v as Record<string, string>)[k])}`);
    return `map[string]string{${entries.join(', ')}}`;
  }
  return JSON.stringify(v);
}

const withDetail = (body: string, detail?: string): string => (detail ? `${body}: ${detail}` : body);

export function invalid(path: string, value: unknown, detail: string): UserError {
  return new UserError(withDetail(`Invalid value: ${formatBadValue(value)}`, detail), { path });
}
export function required(path: string, detail?: string): UserError {
  return new UserError(withDetail('Required value', detail), { path });
}
export function forbidden(path: string, detail: string): UserError {
  return new UserError(withDetail('Forbidden', detail), { path });
}
export function duplicate(path: string, value: unknown): UserError {
  return new UserError(`Duplicate value: ${formatBadValue(value)}`, { path });
}
/** `Unsupported value: "Foo": supported values: "Max", "Min"` (values listed in the order given). */
export function notSupported(path: string, value: unknown, supported: readonly string[]): UserError {
  const list = supported.map((s) => JSON.stringify(s)).join(', ');
  return new UserError(withDetail(`Unsupported value: ${formatBadValue(value)}`, list ? `supported values: ${list}` : ''), { path });
}
/** Upstream `ValidateNonnegativeField`. */
export function nonNegative(path: string, value: number): void {
  if (value < 0) throw invalid(path, value, 'must be greater than or equal to 0');
}

/** Upstream strict decoding: `unknown field "spec.replica"`, plus a hint when a known name is close. */
export function unknownField(path: string, known: readonly string[] = []): UserError {
  const name = path.slice(Math.max(path.lastIndexOf('.'), path.lastIndexOf(']')) + 1);
  const hint = suggest(name, known);
  return new UserError(`unknown field ${JSON.stringify(path)}${hint ? ` (did you mean "${hint}"?)` : ''}`, { path });
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** The known name closest to a misspelt one (case-insensitive match or a small edit distance), if any. */
export function suggest(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(name.toLowerCase(), k.toLowerCase());
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return bestD <= Math.max(1, Math.min(2, Math.floor(name.length / 3))) ? best : undefined;
}

// ---- the reader ----

export const NOT_MODELLED = 'not modelled by kubesim; ignored';

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || (Array.isArray(v) && v.length === 0) || (isPlainObject(v) && Object.keys(v).length === 0);
}

/** Which keys of an object kubesim reads, and which Kubernetes keys it knowingly ignores. */
export interface FieldSpec {
  readonly modelled: readonly string[];
  readonly ignored?: readonly string[];
}

export interface IntOptions {
  /** the value when the field is absent (or 0 when `zeroMeansDefault`) */
  default?: number;
  /** upstream defaulters that fill a field "when 0" (probe thresholds) */
  zeroMeansDefault?: boolean;
}

/** A strict view of one manifest object at `path`; collects warnings into the shared list. */
export class Fields {
  readonly obj: Readonly<Record<string, unknown>>;

  constructor(value: unknown, readonly path: string, spec: FieldSpec, readonly warnings: string[]) {
    if (!isPlainObject(value)) throw invalid(path || '(document)', value, 'expected an object');
    this.obj = value;
    const ignored = spec.ignored ?? [];
    for (const [k, v] of Object.entries(value)) {
      if (spec.modelled.includes(k)) continue;
      if (ignored.includes(k)) {
        if (!isEmpty(v)) warnings.push(`${child(path, k)}: ${NOT_MODELLED}`);
        continue;
      }
      throw unknownField(child(path, k), [...spec.modelled, ...ignored]);
    }
  }

  at(k: string): string {
    return child(this.path, k);
  }

  has(k: string): boolean {
    const v = this.obj[k];
    return v !== undefined && v !== null;
  }

  raw(k: string): unknown {
    const v = this.obj[k];
    return v === null ? undefined : v;
  }

  str(k: string): string | undefined {
    const v = this.raw(k);
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw invalid(this.at(k), v, 'expected a string');
    return v;
  }

  requiredStr(k: string, detail?: string): string {
    const v = this.str(k);
    if (v === undefined || v === '') throw required(this.at(k), detail);
    return v;
  }

  /** An int32 field. Absent → `opts.default` (or undefined). */
  int(k: string, opts: IntOptions & { default: number }): number;
  int(k: string, opts?: IntOptions): number | undefined;
  int(k: string, opts: IntOptions = {}): number | undefined {
    const v = this.raw(k);
    if (v === undefined) return opts.default;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw invalid(this.at(k), v, 'expected an integer');
    if (v < -2147483648 || v > 2147483647) throw invalid(this.at(k), v, 'must fit in a 32-bit integer');
    if (v === 0 && opts.zeroMeansDefault && opts.default !== undefined) return opts.default;
    return v;
  }

  bool(k: string, dflt: boolean): boolean {
    const v = this.raw(k);
    if (v === undefined) return dflt;
    if (typeof v !== 'boolean') throw invalid(this.at(k), v, 'expected true or false');
    return v;
  }

  /** A nested object, read with its own spec; undefined when absent. */
  object(k: string, spec: FieldSpec): Fields | undefined {
    const v = this.raw(k);
    return v === undefined ? undefined : new Fields(v, this.at(k), spec, this.warnings);
  }

  list(k: string): unknown[] {
    const v = this.raw(k);
    if (v === undefined) return [];
    if (!Array.isArray(v)) throw invalid(this.at(k), v, 'expected a list');
    return v;
  }

  /** A `map[string]string` (labels, annotations, selectors). */
  stringMap(k: string): Record<string, string> {
    const v = this.raw(k);
    if (v === undefined) return {};
    if (!isPlainObject(v)) throw invalid(this.at(k), v, 'expected a map of strings');
    const out: Record<string, string> = {};
    for (const [name, val] of Object.entries(v)) {
      if (typeof val !== 'string') throw invalid(key(this.at(k), name), val, 'expected a string (quote numbers and booleans)');
      out[name] = val;
    }
    return out;
  }

  /** A string that must be one of `allowed`; `dflt` when absent. */
  oneOf<T extends string>(k: string, allowed: readonly T[], dflt: T): T;
  oneOf<T extends string>(k: string, allowed: readonly T[]): T | undefined;
  oneOf<T extends string>(k: string, allowed: readonly T[], dflt?: T): T | undefined {
    const v = this.raw(k);
    if (v === undefined || v === '') return dflt;
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) throw notSupported(this.at(k), v, allowed);
    return v as T;
  }
}
