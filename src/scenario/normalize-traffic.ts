/**
 * `spec.traffic` → typed traffic specs (`src/workload/traffic/types.ts`), every field checked once.
 *
 * The raw value is a mapping of Service (or Deployment) name → list of components; each component is a mapping with
 * exactly one generator key:
 *
 *   constant: 300                                        # rps
 *   steps: [{at: 0s, rps: 300}, {at: 30m, rps: 900}]     # `at` strictly increasing
 *   ramp: {from: 0, to: 600, start: 1h, end: 1h30m}      # end ≥ start
 *   csv: {file: traces/prod.csv, scale: 1}               # relative to the scenario file; scale default 1
 *   spike: {at: 40m, duration: 10m, rps: 500, rise: 1m, fall: 2m}   # rise/fall default 0s, rise + fall ≤ duration
 *   diurnal: {min: 100, max: 900, period: 24h, peakAt: 14h}         # period default 24h, peakAt default 0s
 *   noise: {kind: poisson}  |  noise: {kind: jitter, cv: 0.1}       # at most one of each kind per list
 *
 * Errors are `UserError`s at the field path (`spec.traffic.api[1].steps[0].at`) saying what was expected; a CSV
 * trace is loaded here, so its errors (file and line) surface before the run starts.
 */
import { resolve } from 'node:path';
import { UserError } from '../engine/errors.js';
import { parseDurationField } from '../k8s/api/duration.js';
import { loadCsvTrace } from '../workload/traffic/csv.js';
import { NOISE_KINDS, TRAFFIC_KINDS, type TrafficComponentSpec } from '../workload/traffic/types.js';
import { childPath, fail, isPlainObject, suggest } from './fields.js';

const DAY_MS = 86_400_000;
const RPS_EXPECTED = 'expected requests/second (a number of 0 or more)';

/** Normalises the whole `spec.traffic` mapping; absent or null means no traffic. */
export function normalizeTraffic(raw: unknown, baseDir: string, path = 'spec.traffic'): Record<string, TrafficComponentSpec[]> {
  if (raw === undefined || raw === null) return {};
  if (!isPlainObject(raw)) throw fail(path, 'expected a mapping of Service or Deployment name to a list of traffic components', raw);
  const out: Record<string, TrafficComponentSpec[]> = {};
  for (const [name, list] of Object.entries(raw)) out[name] = normalizeTrafficList(list, baseDir, childPath(path, name));
  return out;
}

/** Normalises one Service's list of components. */
export function normalizeTrafficList(raw: unknown, baseDir: string, path: string): TrafficComponentSpec[] {
  if (!Array.isArray(raw)) {
    throw fail(path, `expected a list of traffic components (each one of ${TRAFFIC_KINDS.join(', ')})`, raw);
  }
  const out: TrafficComponentSpec[] = [];
  const noiseSeen = new Set<string>();
  raw.forEach((item, i) => {
    const p = `${path}[${i}]`;
    const spec = normalizeComponent(item, baseDir, p);
    if (spec.kind === 'noise') {
      if (noiseSeen.has(spec.noise)) {
        throw new UserError(`expected at most one noise of kind ${spec.noise} per list`, { path: `${p}.noise.kind` });
      }
      noiseSeen.add(spec.noise);
    }
    out.push(spec);
  });
  return out;
}

function normalizeComponent(item: unknown, baseDir: string, path: string): TrafficComponentSpec {
  const expected = `expected a mapping with one generator key (${TRAFFIC_KINDS.join(', ')})`;
  if (!isPlainObject(item)) throw fail(path, expected, item);
  const keys = Object.keys(item);
  for (const k of keys) {
    if (!(TRAFFIC_KINDS as readonly string[]).includes(k)) throw unknown(path, k, TRAFFIC_KINDS, 'traffic generator');
  }
  if (keys.length !== 1) {
    throw new UserError(keys.length === 0 ? expected : `expected exactly one generator per list item, got ${keys.join(' and ')}`, {
      path,
    });
  }
  const kind = keys[0] as (typeof TRAFFIC_KINDS)[number];
  const value = item[kind];
  const p = childPath(path, kind);
  switch (kind) {
    case 'constant':
      return { kind, rps: rps(value, p) };
    case 'steps': {
      if (!Array.isArray(value) || value.length === 0) throw fail(p, 'expected a non-empty list of {at, rps}', value);
      const steps = value.map((s, i) => {
        const f = fields(s, `${p}[${i}]`, ['at', 'rps'], ['at', 'rps']);
        return { atMs: duration(f.at, `${p}[${i}].at`), rps: rps(f.rps, `${p}[${i}].rps`) };
      });
      for (let i = 1; i < steps.length; i++) {
        if (steps[i].atMs <= steps[i - 1].atMs) {
          throw fail(`${p}[${i}].at`, `expected a time after the previous step's (steps must be in increasing order of at)`, (value[i] as Record<string, unknown>).at);
        }
      }
      return { kind, steps };
    }
    case 'ramp': {
      const f = fields(value, p, ['from', 'to', 'start', 'end'], ['from', 'to', 'start', 'end']);
      const startMs = duration(f.start, `${p}.start`);
      const endMs = duration(f.end, `${p}.end`);
      if (endMs < startMs) throw fail(`${p}.end`, `expected an end at or after start (${String(f.start)})`, f.end);
      return { kind, from: rps(f.from, `${p}.from`), to: rps(f.to, `${p}.to`), startMs, endMs };
    }
    case 'csv': {
      const f = fields(value, p, ['file', 'scale'], ['file']);
      if (typeof f.file !== 'string' || f.file === '') throw fail(`${p}.file`, 'expected the path of a CSV file (relative to the scenario file)', f.file);
      const scale = f.scale === undefined ? 1 : nonNegative(f.scale, `${p}.scale`, 'expected a scale factor (a number of 0 or more)');
      const file = resolve(baseDir, f.file);
      let trace;
      try {
        trace = loadCsvTrace(file);
      } catch (e) {
        throw e instanceof UserError ? e.under(`${p}.file`) : e;
      }
      return { kind, file, scale, trace };
    }
    case 'spike': {
      const f = fields(value, p, ['at', 'duration', 'rps', 'rise', 'fall'], ['at', 'duration', 'rps']);
      const durationMs = duration(f.duration, `${p}.duration`);
      if (!(durationMs > 0)) throw fail(`${p}.duration`, 'expected a duration greater than 0', f.duration);
      const riseMs = f.rise === undefined ? 0 : duration(f.rise, `${p}.rise`);
      const fallMs = f.fall === undefined ? 0 : duration(f.fall, `${p}.fall`);
      if (riseMs + fallMs > durationMs) {
        throw fail(`${p}.${f.fall === undefined ? 'rise' : 'fall'}`, `expected rise + fall to fit in duration (${String(f.duration)})`, f.fall ?? f.rise);
      }
      return { kind, atMs: duration(f.at, `${p}.at`), durationMs, rps: rps(f.rps, `${p}.rps`), riseMs, fallMs };
    }
    case 'diurnal': {
      const f = fields(value, p, ['min', 'max', 'period', 'peakAt'], ['min', 'max']);
      const min = rps(f.min, `${p}.min`);
      const max = rps(f.max, `${p}.max`);
      if (max < min) throw fail(`${p}.max`, `expected max to be at least min (${min})`, f.max);
      const periodMs = f.period === undefined ? DAY_MS : duration(f.period, `${p}.period`);
      if (!(periodMs > 0)) throw fail(`${p}.period`, 'expected a duration greater than 0', f.period);
      const peakAtMs = f.peakAt === undefined ? 0 : duration(f.peakAt, `${p}.peakAt`);
      return { kind, min, max, periodMs, peakAtMs };
    }
    case 'noise': {
      const f = fields(value, p, ['kind', 'cv'], ['kind']);
      if (f.kind === 'poisson') {
        if (f.cv !== undefined) throw new UserError('cv applies only to noise of kind jitter', { path: `${p}.cv` });
        return { kind, noise: 'poisson' };
      }
      if (f.kind === 'jitter') {
        if (f.cv === undefined) throw new UserError('required field is missing: expected the coefficient of variation, e.g. 0.1', { path: `${p}.cv` });
        return { kind, noise: 'jitter', cv: nonNegative(f.cv, `${p}.cv`, 'expected a coefficient of variation (a number of 0 or more, e.g. 0.1)') };
      }
      throw fail(`${p}.kind`, `expected one of ${NOISE_KINDS.join(', ')}`, f.kind);
    }
  }
}

/** A mapping with only `known` keys, all of `required` present (null counts as absent). */
function fields(value: unknown, path: string, known: readonly string[], required: readonly string[]): Record<string, unknown> {
  if (!isPlainObject(value)) throw fail(path, `expected a mapping with fields ${known.join(', ')}`, value);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (!known.includes(k)) throw unknown(path, k, known, 'field');
    if (v !== null && v !== undefined) out[k] = v;
  }
  for (const r of required) {
    if (out[r] === undefined) throw new UserError(`required field is missing (required: ${required.join(', ')})`, { path: childPath(path, r) });
  }
  return out;
}

function unknown(path: string, key: string, known: readonly string[], what: string): UserError {
  const p = childPath(path, key);
  const near = suggest(key, known);
  const hint = near ? ` (did you mean "${near}"?)` : ` (expected one of ${known.join(', ')})`;
  return new UserError(`unknown ${what} ${JSON.stringify(key)}${hint}`, { path: p });
}

function nonNegative(value: unknown, path: string, expected: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw fail(path, expected, value);
  return value;
}

function rps(value: unknown, path: string): number {
  return nonNegative(value, path, RPS_EXPECTED);
}

function duration(value: unknown, path: string): number {
  const ms = parseDurationField(value, path);
  if (ms < 0) throw fail(path, 'expected a duration of 0 or more', value);
  return ms;
}
