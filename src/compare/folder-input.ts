/**
 * The folders `kubesim compare` and `kubesim merge` read are input like a scenario: their JSON is checked
 * field by field before anything uses it, and a wrong shape is a `UserError` naming the file, the field path and
 * what was expected (`shard.json: variants[2].runs[0].values.availability: expected a number, got "x"`) —
 * never an internal error on `null`, a number, or a shard of another shape.
 *
 * `checkShardJson` and `checkSummaryJson` only check (they return nothing): the readers in comparison-files.ts
 * then convert, knowing every field is there with its type.
 */
import { UserError } from '../engine/errors.js';
import { readInputText } from '../engine/input-file.js';

type Bad = (path: string, expected: string, value: unknown) => UserError;

const describe = (v: unknown): string => {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return `${typeof v} ${String(v)}`;
};

const badIn =
  (file: string): Bad =>
  (path, expected, value) =>
    new UserError(`${expected}, got ${describe(value)}`, { file, path: path || '(document)' });

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/**
 * How kubesim writes "nothing measured": as "NaN" / "Infinity" / "-Infinity" in a shard.json (kept exactly),
 * as null in a summary.json.
 */
type NonFinite = 'text' | 'null';

const isNum = (v: unknown, nonFinite: NonFinite): boolean =>
  (typeof v === 'number' && Number.isFinite(v)) || (nonFinite === 'text' ? v === 'NaN' || v === 'Infinity' || v === '-Infinity' : v === null);

const at = (path: string, key: string | number): string => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);

class Checker {
  constructor(
    private readonly bad: Bad,
    private readonly nonFinite: NonFinite,
  ) {}

  object(v: unknown, path: string): Record<string, unknown> {
    if (!isObject(v)) throw this.bad(path, 'expected a mapping', v);
    return v;
  }
  list(v: unknown, path: string): unknown[] {
    if (!Array.isArray(v)) throw this.bad(path, 'expected a list', v);
    return v;
  }
  string(v: unknown, path: string): string {
    if (typeof v !== 'string') throw this.bad(path, 'expected a string', v);
    return v;
  }
  number(v: unknown, path: string): void {
    if (!isNum(v, this.nonFinite)) throw this.bad(path, this.nonFinite === 'text' ? 'expected a number (or "NaN")' : 'expected a number (or null)', v);
  }
  integer(v: unknown, path: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) {
      throw this.bad(path, max === Number.MAX_SAFE_INTEGER ? `expected a whole number of at least ${min}` : `expected a whole number from ${min} to ${max}`, v);
    }
    return v;
  }
  boolean(v: unknown, path: string): void {
    if (typeof v !== 'boolean') throw this.bad(path, 'expected true or false', v);
  }
  /** Every value of a mapping is a number. */
  numbers(v: unknown, path: string): void {
    for (const [k, x] of Object.entries(this.object(v, path))) this.number(x, at(path, k));
  }
  optionalNumbers(v: unknown, path: string): void {
    if (v !== undefined) this.numbers(v, path);
  }
  sloChecks(v: unknown, path: string): void {
    this.list(v, path).forEach((c, i) => {
      const p = at(path, i);
      const o = this.object(c, p);
      this.string(o.name, at(p, 'name'));
      this.number(o.target, at(p, 'target'));
      this.number(o.actual, at(p, 'actual'));
      this.boolean(o.met, at(p, 'met'));
    });
  }
}

export const SHARD_KIND = 'kubesim/sweep-shard';

/** Checks a parsed shard.json (see `shardFile`). */
export function checkShardJson(raw: unknown, file: string): void {
  const bad = badIn(file);
  const c = new Checker(bad, 'text');
  const root = c.object(raw, '');
  if (root.kind !== SHARD_KIND) throw bad('kind', `expected ${SHARD_KIND} (the shard.json of kubesim sweep --shard I/N)`, root.kind);
  if (root.version !== 1) throw bad('version', 'expected 1 (a shard written by another kubesim version? run every shard with the same version)', root.version);
  const sweep = c.object(root.sweep, 'sweep');
  c.string(sweep.name, 'sweep.name');
  c.string(sweep.hash, 'sweep.hash');
  const total = c.integer(sweep.variants, 'sweep.variants', 1);
  c.integer(sweep.seeds, 'sweep.seeds', 1);
  c.list(sweep.settingKeys, 'sweep.settingKeys').forEach((k, i) => c.string(k, `sweep.settingKeys[${i}]`));
  c.integer(sweep.baseline, 'sweep.baseline', 0, total - 1);
  if (sweep.slo !== null) c.numbers(sweep.slo, 'sweep.slo');
  const shard = c.object(root.shard, 'shard');
  const count = c.integer(shard.count, 'shard.count', 1);
  c.integer(shard.index, 'shard.index', 1, count);
  c.list(root.variants, 'variants').forEach((v, i) => {
    const p = `variants[${i}]`;
    const o = c.object(v, p);
    c.integer(o.index, `${p}.index`, 0, total - 1);
    c.string(o.name, `${p}.name`);
    c.object(o.settings, `${p}.settings`);
    c.list(o.runs, `${p}.runs`).forEach((r, j) => {
      const rp = `${p}.runs[${j}]`;
      const run = c.object(r, rp);
      c.number(run.seed, `${rp}.seed`);
      c.numbers(run.values, `${rp}.values`);
      if (run.slo !== null) c.sloChecks(run.slo, `${rp}.slo`);
    });
    if (o.series !== null) {
      const s = c.object(o.series, `${p}.series`);
      const time = c.list(s.time, `${p}.series.time`);
      const ready = c.list(s.ready, `${p}.series.ready`);
      if (time.length !== ready.length) throw bad(`${p}.series.ready`, `expected as many values as series.time (${time.length})`, `${ready.length} values`);
      time.forEach((x, k) => c.number(x, `${p}.series.time[${k}]`));
      ready.forEach((x, k) => c.number(x, `${p}.series.ready[${k}]`));
    }
  });
}

/** Checks a parsed summary.json of a `kubesim run` folder (older summaries may lack later sections). */
export function checkSummaryJson(raw: unknown, file: string): void {
  const bad = badIn(file);
  const c = new Checker(bad, 'null');
  const root = c.object(raw, '');
  c.string(root.scenario, 'scenario');
  c.integer(root.seed, 'seed', 0);
  c.numbers(root.requests, 'requests');
  const req = root.requests as Record<string, unknown>;
  for (const k of ['offered', 'served', 'failed']) c.number(req[k], `requests.${k}`);
  for (const k of ['availability', 'outageSeconds', 'durationSeconds', 'restarts', 'events']) if (root[k] !== undefined) c.number(root[k], k);
  for (const k of ['latency', 'replicas', 'cost', 'scaling']) c.optionalNumbers(root[k], k);
  if (root.rollouts !== undefined) c.list(root.rollouts, 'rollouts').forEach((r, i) => c.object(r, `rollouts[${i}]`));
  if (root.slo !== undefined && root.slo !== null) {
    const slo = c.object(root.slo, 'slo');
    c.boolean(slo.met, 'slo.met');
    c.sloChecks(slo.checks, 'slo.checks');
  }
}

/** Reads and parses a JSON file kubesim wrote (bounded like every input). */
export function readJsonFile(file: string, located?: (detail: string) => UserError): unknown {
  const text = readInputText(file, 'json', located);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UserError(`not valid JSON (${e instanceof Error ? e.message : String(e)})`, { file });
  }
}
