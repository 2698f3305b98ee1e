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
 *   prometheus: {file: r.json | [a.json, b.json], select: {pod: x}, start, step, scale}   # saved query_range
 *   prometheus: {url, query, start, end | duration, step, headersFromEnv, select, scale}   # fetched by loadScenario
 *   grafana: {file: panel.csv, column, start, scale}                                      # panel "Export CSV"
 *   clients: {count: 50 | [{at, count}], thinkTime: 100ms}                                # closed loop, one per list
 *
 * Errors are `UserError`s at the field path (`spec.traffic.api[1].steps[0].at`) saying what was expected; a CSV
 * trace is loaded here, so its errors (file and line) surface before the run starts.
 */
import { resolve } from 'node:path';
import { UserError } from '../engine/errors.js';
import { parseDurationField } from '../k8s/api/duration.js';
import { loadCsvTrace } from '../workload/traffic/csv.js';
import { parseGrafanaCsv } from '../workload/traffic/grafana.js';
import { parsePrometheusResponse, prometheusTrace, type ParsedResponse } from '../workload/traffic/prometheus.js';
import { readTrafficFile } from '../workload/traffic/read-file.js';
import type { MergedTrace } from '../workload/traffic/series.js';
import { NOISE_KINDS, TRAFFIC_KINDS, type TrafficComponentSpec } from '../workload/traffic/types.js';
import { childPath, fail, isPlainObject, suggest } from './fields.js';
import { cachedTrace, type InputCache } from './input-cache.js';
import { PROMETHEUS_QUERY_FIELDS, readPrometheusQuery, timestamp } from './prometheus-query.js';

/** What normalising traffic needs beyond the raw value. */
export interface TrafficContext {
  /** Live Prometheus ranges fetched before normalising (fetchLiveTraffic), by component path. */
  fetched?: ReadonlyMap<string, ParsedResponse[]>;
  /** Receives the traces' warnings (gaps, NaN, series summed, …). */
  warnings?: string[];
  /** The run's length: a live query's default range. */
  runMs?: number;
  /** CSV traces loaded by earlier loads (a sweep's), see input-cache.ts. */
  cache?: InputCache;
}

const DAY_MS = 86_400_000;
/** The most requests/second one component may offer: far above any real Service, far below where sums overflow. */
export const RPS_MAX = 1e9;
/**
 * The most closed-loop clients of one component: exact mean-value analysis steps through every population up to
 * the count, so a count of 10^8 would run for hours (a fuzzer found it); 10,000 clients solve in milliseconds.
 */
export const CLIENTS_MAX = 10_000;
const RPS_EXPECTED = `expected requests/second (a number from 0 to ${RPS_MAX.toExponential().replace('e+', 'e')})`;

/** Normalises the whole `spec.traffic` mapping; absent or null means no traffic. */
export function normalizeTraffic(raw: unknown, baseDir: string, path = 'spec.traffic', ctx: TrafficContext = {}): Record<string, TrafficComponentSpec[]> {
  if (raw === undefined || raw === null) return {};
  if (!isPlainObject(raw)) throw fail(path, 'expected a mapping of Service or Deployment name to a list of traffic components', raw);
  const out: Record<string, TrafficComponentSpec[]> = {};
  for (const [name, list] of Object.entries(raw)) out[name] = normalizeTrafficList(list, baseDir, childPath(path, name), ctx);
  return out;
}

/** Normalises one Service's list of components. */
export function normalizeTrafficList(raw: unknown, baseDir: string, path: string, ctx: TrafficContext = {}): TrafficComponentSpec[] {
  if (!Array.isArray(raw)) {
    throw fail(path, `expected a list of traffic components (each one of ${TRAFFIC_KINDS.join(', ')})`, raw);
  }
  const out: TrafficComponentSpec[] = [];
  const noiseSeen = new Set<string>();
  raw.forEach((item, i) => {
    const p = `${path}[${i}]`;
    const spec = normalizeComponent(item, baseDir, p, ctx);
    if (spec.kind === 'clients' && out.some((o) => o.kind === 'clients')) {
      throw new UserError('expected at most one clients component per list (give a count schedule instead)', { path: `${p}.clients` });
    }
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

function normalizeComponent(item: unknown, baseDir: string, path: string, ctx: TrafficContext): TrafficComponentSpec {
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
        trace = cachedTrace(ctx.cache, file, () => loadCsvTrace(file));
      } catch (e) {
        throw e instanceof UserError ? e.under(`${p}.file`) : e;
      }
      const peak = maxRate(trace) * scale;
      if (!(peak <= RPS_MAX)) {
        throw new UserError(`the trace times scale peaks at ${peak.toExponential(3)} requests/second, more than ${RPS_MAX.toExponential().replace('e+', 'e')}; lower the scale`, {
          path: f.scale === undefined ? `${p}.file` : `${p}.scale`,
        });
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
    case 'prometheus':
      return prometheusComponent(value, baseDir, path, p, ctx);
    case 'grafana': {
      const f = fields(value, p, ['file', 'column', 'start', 'scale'], ['file']);
      const file = traceFile(f.file, `${p}.file`, baseDir, 'a Grafana CSV export');
      if (f.column !== undefined && typeof f.column !== 'string') throw fail(`${p}.column`, 'expected the header name of a value column', f.column);
      const merged = located(`${p}.file`, () =>
        parseGrafanaCsv(readTrafficFile(file, 'a CSV file'), file, {
          what: `${p}: ${f.file as string}`,
          column: f.column as string | undefined,
          originMs: f.start === undefined ? undefined : timestamp(f.start, `${p}.start`),
          scale: scaleOf(f.scale, `${p}.scale`),
        }),
      );
      return sampled('grafana', f.file as string, merged, ctx, p);
    }
    case 'clients': {
      const f = fields(value, p, ['count', 'thinkTime'], ['count']);
      const thinkMs = f.thinkTime === undefined ? 0 : duration(f.thinkTime, `${p}.thinkTime`);
      const whole = (v: unknown, at: string) => {
        if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || v > CLIENTS_MAX) throw fail(at, `expected a whole number of clients (0 to ${CLIENTS_MAX.toLocaleString('en-US')})`, v);
        return v;
      };
      let count: { atMs: number; count: number }[];
      if (Array.isArray(f.count)) {
        if (f.count.length === 0) throw fail(`${p}.count`, 'expected a number of clients or a non-empty list of {at, count}', f.count);
        count = f.count.map((c, i) => {
          const g = fields(c, `${p}.count[${i}]`, ['at', 'count'], ['at', 'count']);
          return { atMs: duration(g.at, `${p}.count[${i}].at`), count: whole(g.count, `${p}.count[${i}].count`) };
        });
        for (let i = 1; i < count.length; i++) {
          if (count[i]!.atMs <= count[i - 1]!.atMs) throw fail(`${p}.count[${i}].at`, "expected a time after the previous entry's", (f.count[i] as Record<string, unknown>).at);
        }
      } else count = [{ atMs: 0, count: whole(f.count, `${p}.count`) }];
      return { kind, count, thinkMs };
    }
  }
}

/** `prometheus: {file …}` (one or more saved responses) or `prometheus: {url …}` (fetched before normalising). */
function prometheusComponent(value: unknown, baseDir: string, path: string, p: string, ctx: TrafficContext): TrafficComponentSpec {
  const live = isPlainObject(value) && value.url !== undefined && value.url !== null;
  if (live) {
    const f = fields(value, p, PROMETHEUS_QUERY_FIELDS, ['url', 'query']);
    if (isPlainObject(value) && value.file !== undefined) throw new UserError('give file or url, not both', { path: `${p}.file` });
    const q = readPrometheusQuery(f, p, ctx.runMs);
    const responses = ctx.fetched?.get(path);
    if (!responses) throw new UserError('a live Prometheus query is fetched while the scenario loads (loadScenario); it was not fetched here', { path: `${p}.url` });
    const merged = located(`${p}.query`, () =>
      prometheusTrace(responses, q.url, { what: `${p}: ${q.query}`, select: selectOf(f.select, `${p}.select`), originMs: q.startMs, stepMs: q.stepMs, scale: scaleOf(f.scale, `${p}.scale`) }),
    );
    return sampled('prometheus', `${q.url} ${q.query}`, merged, ctx, p);
  }
  const f = fields(value, p, ['file', 'select', 'start', 'step', 'scale'], ['file']);
  const names = Array.isArray(f.file) ? f.file : [f.file];
  if (names.length === 0) throw fail(`${p}.file`, 'expected a file or a non-empty list of files (saved /api/v1/query_range responses)', f.file);
  const responses = names.map((n, i) => {
    const at = Array.isArray(f.file) ? `${p}.file[${i}]` : `${p}.file`;
    const file = traceFile(n, at, baseDir, 'a saved Prometheus response (JSON)');
    return located(at, () => parsePrometheusResponse(readTrafficFile(file, 'a JSON file'), file));
  });
  const shown = names.join(', ');
  const merged = located(`${p}.file`, () =>
    prometheusTrace(responses, resolve(baseDir, names[0] as string), {
      what: `${p}: ${shown}`,
      select: selectOf(f.select, `${p}.select`),
      originMs: f.start === undefined ? undefined : timestamp(f.start, `${p}.start`),
      stepMs: f.step === undefined ? undefined : positiveDuration(f.step, `${p}.step`),
      scale: scaleOf(f.scale, `${p}.scale`),
    }),
  );
  return sampled('prometheus', shown, merged, ctx, p);
}

function sampled(kind: 'prometheus' | 'grafana', source: string, merged: MergedTrace, ctx: TrafficContext, p: string): TrafficComponentSpec {
  const peak = maxRate(merged.trace);
  if (!(peak <= RPS_MAX)) {
    throw new UserError(`the series (times scale) peaks at ${peak.toExponential(3)} requests/second, more than ${RPS_MAX.toExponential().replace('e+', 'e')}; is it the right query, or lower the scale`, { path: p });
  }
  ctx.warnings?.push(...merged.warnings);
  return { kind, source, trace: merged.trace };
}

function traceFile(v: unknown, path: string, baseDir: string, what: string): string {
  if (typeof v !== 'string' || v === '') throw fail(path, `expected the path of ${what} (relative to the scenario file)`, v);
  return resolve(baseDir, v);
}

/** Runs `f`; a UserError it throws is put under `path` (a trace file's own errors keep their file). */
function located<T>(path: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    // a trace file's own location (its field or line) stays in the message; the scenario field leads
    if (e.file !== undefined && e.path !== undefined) throw new UserError(`${e.path}: ${e.detail}`, { file: e.file, path });
    throw e.under(path);
  }
}

function selectOf(v: unknown, path: string): Record<string, string> | undefined {
  if (v === undefined) return undefined;
  if (!isPlainObject(v)) throw fail(path, 'expected a mapping of label name to value, e.g. {app: api}', v);
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'string' && typeof x !== 'number') throw fail(childPath(path, k), 'expected a label value', x);
    out[k] = String(x);
  }
  return out;
}

function scaleOf(v: unknown, path: string): number {
  return v === undefined ? 1 : nonNegative(v, path, 'expected a scale factor (a number of 0 or more)');
}

function positiveDuration(v: unknown, path: string): number {
  const ms = duration(v, path);
  if (!(ms > 0)) throw fail(path, 'expected a duration greater than 0', v);
  return ms;
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
  const v = nonNegative(value, path, RPS_EXPECTED);
  if (v > RPS_MAX) throw fail(path, RPS_EXPECTED, value);
  return v;
}

function duration(value: unknown, path: string): number {
  const ms = parseDurationField(value, path);
  if (ms < 0) throw fail(path, 'expected a duration of 0 or more', value);
  return ms;
}

function maxRate(trace: { rps: ArrayLike<number> }): number {
  let m = 0;
  for (let i = 0; i < trace.rps.length; i++) m = Math.max(m, trace.rps[i]!);
  return m;
}
