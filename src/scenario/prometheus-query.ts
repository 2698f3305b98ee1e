/**
 * Live Prometheus traffic: `prometheus: {url, query, start, end | duration, step, headersFromEnv}`, fetched once
 * while the scenario loads (before `simulate`, which stays synchronous and offline).
 *
 * The range is asked for with `GET <url>/api/v1/query_range?query=…&start=…&end=…&step=…` in chunks of at most
 * 11,000 points (Prometheus refuses more per series: web/api/v1/api.go, "exceeded maximum resolution of 11,000
 * points per timeseries"); the chunks share no timestamp and are merged series by series. Errors are UserErrors
 * at the field: an unreachable server (the network error's code), a query Prometheus rejects (its own errorType and
 * message), an empty result. `headersFromEnv: {Authorization: PROM_AUTH}` sends the environment variable's value
 * as that header; values are read at fetch time and never stored in the Scenario, outputs or messages.
 */
import { UserError } from '../engine/errors.js';
import { parseDurationField } from '../k8s/api/duration.js';
import { mergeResponses, parsePrometheusResponse, PROMETHEUS_MAX_POINTS, type ParsedResponse } from '../workload/traffic/prometheus.js';
import { childPath, fail, isPlainObject } from './fields.js';

export interface PrometheusQuery {
  url: string;
  query: string;
  startMs: number;
  endMs: number;
  stepMs: number;
  /** Header name → environment variable holding its value. */
  headersFromEnv: Record<string, string>;
}

export const PROMETHEUS_QUERY_FIELDS = ['url', 'query', 'start', 'end', 'duration', 'step', 'headersFromEnv', 'select', 'scale'] as const;

/** Reads the live form's fields at `path` (`spec.traffic.api[0].prometheus`); `runMs` is the default range length. */
export function readPrometheusQuery(f: Record<string, unknown>, path: string, runMs: number | undefined): PrometheusQuery {
  const at = (k: string) => childPath(path, k);
  if (typeof f.url !== 'string' || !/^https?:\/\/[^/]/.test(f.url)) throw fail(at('url'), 'expected the Prometheus base URL (http://host:9090)', f.url);
  if (typeof f.query !== 'string' || f.query.trim() === '') throw fail(at('query'), 'expected a PromQL expression', f.query);
  if (f.start === undefined) throw new UserError('required field is missing: expected the range start (RFC 3339, e.g. 2026-11-02T00:00:00Z, or Unix seconds)', { path: at('start') });
  const startMs = timestamp(f.start, at('start'));
  if (f.step === undefined) throw new UserError('required field is missing: expected the query resolution step (a duration, e.g. 15s)', { path: at('step') });
  const stepMs = parseDurationField(f.step, at('step'));
  if (!(stepMs > 0)) throw fail(at('step'), 'expected a duration greater than 0', f.step);
  if (f.end !== undefined && f.duration !== undefined) throw new UserError('give end or duration, not both', { path: at('duration') });
  let endMs: number;
  if (f.end !== undefined) endMs = timestamp(f.end, at('end'));
  else if (f.duration !== undefined) endMs = startMs + parseDurationField(f.duration, at('duration'));
  else if (runMs !== undefined) endMs = startMs + runMs;
  else throw new UserError('required field is missing: expected end or duration', { path: at('end') });
  if (!(endMs > startMs)) throw fail(f.end !== undefined ? at('end') : at('duration'), 'expected the range to end after its start', f.end ?? f.duration);
  const headersFromEnv: Record<string, string> = {};
  if (f.headersFromEnv !== undefined) {
    if (!isPlainObject(f.headersFromEnv)) throw fail(at('headersFromEnv'), 'expected a mapping of header name to environment variable name', f.headersFromEnv);
    for (const [h, v] of Object.entries(f.headersFromEnv)) {
      if (!/^[A-Za-z0-9-]+$/.test(h)) throw fail(childPath(at('headersFromEnv'), h), 'expected an HTTP header name', h);
      if (typeof v !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(v)) throw fail(childPath(at('headersFromEnv'), h), 'expected the name of an environment variable', v);
      headersFromEnv[h] = v;
    }
  }
  return { url: f.url, query: f.query, startMs, endMs, stepMs, headersFromEnv };
}

/** RFC 3339 / ISO 8601 with a zone, or Unix seconds (a number or a numeric string) → ms since the epoch. */
export function timestamp(v: unknown, path: string): number {
  if (typeof v === 'number' && Number.isFinite(v)) return Math.round(v * 1000);
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.getTime();
  if (typeof v === 'string') {
    const s = v.trim();
    if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(s)) {
      const t = Date.parse(s);
      if (!Number.isNaN(t)) return t;
    }
  }
  throw fail(path, 'expected a time: RFC 3339 with a zone (2026-11-02T00:00:00Z) or Unix seconds', v);
}

/** The query_range endpoint of a base URL (a URL already naming it is kept). */
export function queryRangeUrl(base: string): string {
  const u = base.replace(/\/+$/, '');
  return u.endsWith('/api/v1/query_range') ? u : `${u}/api/v1/query_range`;
}

/** [start, end] ranges of at most `PROMETHEUS_MAX_POINTS` points each, covering start, start+step, … ≤ end. */
export function chunkRange(startMs: number, endMs: number, stepMs: number, maxPoints = PROMETHEUS_MAX_POINTS): [number, number][] {
  const steps = Math.floor((endMs - startMs) / stepMs);
  const out: [number, number][] = [];
  for (let k = 0; k <= steps; k += maxPoints) out.push([startMs + k * stepMs, startMs + Math.min(steps, k + maxPoints - 1) * stepMs]);
  return out;
}

export interface FetchOptions {
  env?: Record<string, string | undefined>;
  /** Per request; default 60 s. */
  timeoutMs?: number;
}

const cache = new Map<string, ParsedResponse[]>();

/** Fetches the whole range (every chunk). Errors are UserErrors without a location; the caller adds it. */
export async function fetchPrometheusRange(q: PrometheusQuery, options: FetchOptions = {}): Promise<ParsedResponse[]> {
  const env = options.env ?? process.env;
  const headers: Record<string, string> = { Accept: 'application/json' };
  for (const [h, name] of Object.entries(q.headersFromEnv)) {
    const v = env[name];
    if (v === undefined || v === '') throw new UserError(`environment variable ${name} (for the ${h} header) is not set`, { path: 'headersFromEnv' });
    headers[h] = v;
  }
  const key = JSON.stringify([q.url, q.query, q.startMs, q.endMs, q.stepMs, Object.keys(q.headersFromEnv).sort()]);
  const hit = cache.get(key);
  if (hit) return hit;
  const endpoint = queryRangeUrl(q.url);
  const out: ParsedResponse[] = [];
  for (const [s, e] of chunkRange(q.startMs, q.endMs, q.stepMs)) {
    const params = new URLSearchParams({ query: q.query, start: String(s / 1000), end: String(e / 1000), step: String(q.stepMs / 1000) });
    const url = `${endpoint}?${params}`;
    let res: Response;
    try {
      res = await fetch(url, { headers, signal: AbortSignal.timeout(options.timeoutMs ?? 60_000) });
    } catch (err) {
      throw new UserError(`cannot reach Prometheus at ${q.url}: ${networkReason(err)}`, { path: 'url' });
    }
    const body = await res.text();
    if (!res.ok) throw new UserError(`Prometheus rejected the query (HTTP ${res.status}): ${errorOf(body)}`, { path: 'query' });
    let parsed: ParsedResponse;
    try {
      parsed = parsePrometheusResponse(body, endpoint);
    } catch (err) {
      if (err instanceof UserError) throw new UserError(`${q.url} answered, but not as Prometheus: ${err.detail}`, { path: 'url' });
      throw err;
    }
    out.push(parsed);
  }
  if (out.every((r) => r.series.every((s) => s.timesMs.length === 0))) {
    throw new UserError(
      `the query returned no series from ${new Date(q.startMs).toISOString()} to ${new Date(q.endMs).toISOString()} (check the metric name and labels, and that Prometheus still holds that range)`,
      { path: 'query' },
    );
  }
  cache.set(key, out);
  return out;
}

function networkReason(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError') return 'no answer in time';
  const code = e.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused (ECONNREFUSED)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `host not found (${code})`;
  return code ?? e.cause?.message ?? e.message ?? String(err);
}

/** Prometheus' own `errorType: error` from an error body, else the start of the body. */
function errorOf(body: string): string {
  try {
    const doc = JSON.parse(body) as { errorType?: string; error?: string };
    if (typeof doc.error === 'string') return doc.errorType ? `${doc.errorType}: ${doc.error}` : doc.error;
  } catch {
    // not JSON
  }
  const s = body.trim().replace(/\s+/g, ' ');
  return s.length > 200 ? `${s.slice(0, 200)}…` : s || '(empty body)';
}

/** Every live query of a raw `spec.traffic` mapping, fetched; keyed by the component's path (`spec.traffic.api[0]`). */
export async function fetchLiveTraffic(spec: unknown, file: string, options: FetchOptions = {}): Promise<Map<string, ParsedResponse[]>> {
  const out = new Map<string, ParsedResponse[]>();
  if (!isPlainObject(spec) || !isPlainObject(spec.traffic)) return out;
  let runMs: number | undefined;
  try {
    runMs = spec.duration === undefined ? undefined : parseDurationField(spec.duration, 'spec.duration');
  } catch {
    runMs = undefined; // normalize reports it
  }
  for (const [name, list] of Object.entries(spec.traffic)) {
    if (!Array.isArray(list)) continue;
    for (let i = 0; i < list.length; i++) {
      const item = list[i];
      if (!isPlainObject(item) || !isPlainObject(item.prometheus) || item.prometheus.url === undefined) continue;
      const path = `${childPath('spec.traffic', name)}[${i}]`;
      const p = `${path}.prometheus`;
      const fields = Object.fromEntries(Object.entries(item.prometheus).filter(([, v]) => v !== null));
      let q: PrometheusQuery;
      try {
        q = readPrometheusQuery(fields, p, runMs);
        out.set(path, await fetchPrometheusRange(q, options));
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        const at = e.path && !e.path.startsWith('spec.') ? childPath(p, e.path) : (e.path ?? p);
        throw new UserError(e.detail, { file, path: at });
      }
    }
  }
  return out;
}

export interface SavedRange {
  /** A query_range response body holding the whole range (chunks merged), as Prometheus writes one. */
  body: { status: 'success'; data: { resultType: 'matrix'; result: { metric: Record<string, string>; values: [number, string][] }[] }; warnings?: string[] };
  series: number;
  points: number;
  requests: number;
  notes: string[];
}

/** Fetches the range and merges its chunks into one response (for `kubesim traffic fetch`). */
export async function fetchSavedRange(q: PrometheusQuery, options: FetchOptions = {}): Promise<SavedRange> {
  const responses = await fetchPrometheusRange(q, options);
  const merged = mergeResponses(responses);
  const result = merged.series.map((s) => ({ metric: s.metric, values: s.timesMs.map((t, i): [number, string] => [t / 1000, promValue(s.values[i]!)]) }));
  return {
    body: { status: 'success', data: { resultType: 'matrix', result }, ...(merged.notes.length > 0 ? { warnings: merged.notes } : {}) },
    series: result.length,
    points: result.reduce((n, s) => n + s.values.length, 0),
    requests: responses.length,
    notes: merged.notes,
  };
}

/** A sample value as Prometheus writes it. */
function promValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}
