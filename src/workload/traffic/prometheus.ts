/**
 * Prometheus range-query responses (`GET /api/v1/query_range`) as traffic.
 *
 * The response shape (prometheus/prometheus docs/querying/api.md, "Range queries" and "Range vectors"):
 *   {"status": "success", "data": {"resultType": "matrix",
 *     "result": [{"metric": {<label>: <value>, …}, "values": [[<unix seconds>, "<value>"], …]}, …]},
 *    "warnings": […], "infos": […]}
 * Values are strings (`"NaN"`, `"+Inf"`, `"-Inf"` included); timestamps are Unix seconds (float). A failed query is
 * `{"status": "error", "errorType": …, "error": …}`. One response holds at most 11,000 points per series (the check
 * in web/api/v1/api.go), so a long range arrives as several responses: `parsePrometheusResponses` merges them,
 * series by series (same label set), dropping a timestamp seen twice at a chunk boundary.
 *
 * Several series are summed unless `select` keeps only those whose labels equal the given values.
 */
import { UserError } from '../../engine/errors.js';
import { mergeSeries, type MergedTrace, type SampledSeries } from './series.js';

/** The largest number of points Prometheus returns per series in one range query. */
export const PROMETHEUS_MAX_POINTS = 11_000;

export interface PrometheusSeries {
  metric: Record<string, string>;
  /** Unix ms, increasing. */
  timesMs: number[];
  values: number[];
}

export interface ParsedResponse {
  series: PrometheusSeries[];
  /** The response's own `warnings` and `infos`. */
  notes: string[];
}

/** Parses one response body; `file` names it in errors (a file name, or the query's URL). */
export function parsePrometheusResponse(content: string | Uint8Array, file: string): ParsedResponse {
  const text = typeof content === 'string' ? content : Buffer.from(content).toString('utf8');
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new UserError(`expected a Prometheus query_range response (JSON): ${(e as Error).message}`, { file });
  }
  if (!isObject(doc)) throw new UserError('expected a Prometheus query_range response (a JSON object with status and data)', { file });
  if (doc.status === 'error') {
    throw new UserError(`Prometheus answered with an error: ${String(doc.errorType ?? 'error')}: ${String(doc.error ?? '(no message)')}`, { file });
  }
  if (doc.status !== 'success') throw new UserError(`expected "status": "success", got ${JSON.stringify(doc.status ?? null)}`, { file });
  const data = doc.data;
  if (!isObject(data)) throw new UserError('expected "data" with "resultType" and "result"', { file });
  if (data.resultType !== 'matrix') {
    const hint = data.resultType === 'vector' || data.resultType === 'scalar' ? ' (an instant query\'s result: save /api/v1/query_range, not /api/v1/query)' : '';
    throw new UserError(`expected "resultType": "matrix"${hint}, got ${JSON.stringify(data.resultType ?? null)}`, { file });
  }
  if (!Array.isArray(data.result)) throw new UserError('expected "data.result" to be a list of series', { file });
  const series = data.result.map((r, i): PrometheusSeries => {
    const where = `data.result[${i}]`;
    if (!isObject(r)) throw new UserError('expected a series {metric, values}', { file, path: where });
    const metric: Record<string, string> = {};
    if (r.metric !== undefined) {
      if (!isObject(r.metric)) throw new UserError('expected the label set (a mapping)', { file, path: `${where}.metric` });
      for (const [k, v] of Object.entries(r.metric)) metric[k] = String(v);
    }
    if (r.histograms !== undefined && r.values === undefined) {
      throw new UserError('native histogram samples are not read; query a rate or a sum of buckets instead', { file, path: `${where}.histograms` });
    }
    if (!Array.isArray(r.values)) throw new UserError('expected "values": a list of [time, "value"]', { file, path: `${where}.values` });
    const timesMs: number[] = [];
    const values: number[] = [];
    let prev = -Infinity;
    r.values.forEach((pair, j) => {
      const p = `${where}.values[${j}]`;
      if (!Array.isArray(pair) || pair.length !== 2) throw new UserError('expected [unix seconds, "value"]', { file, path: p });
      const [t, v] = pair as [unknown, unknown];
      const sec = typeof t === 'number' ? t : typeof t === 'string' ? Number(t) : NaN;
      if (!Number.isFinite(sec)) throw new UserError(`expected a Unix time in seconds, got ${JSON.stringify(t)}`, { file, path: `${p}[0]` });
      const ms = Math.round(sec * 1000);
      if (ms <= prev) throw new UserError(`time ${sec} is not after the previous sample's`, { file, path: `${p}[0]` });
      prev = ms;
      timesMs.push(ms);
      values.push(sampleValue(v, file, `${p}[1]`));
    });
    return { metric, timesMs, values };
  });
  const notes: string[] = [];
  for (const key of ['warnings', 'infos'] as const) {
    const list = doc[key];
    if (Array.isArray(list)) for (const w of list) notes.push(`Prometheus ${key === 'warnings' ? 'warning' : 'info'}: ${String(w)}`);
  }
  return { series, notes };
}

/** A sample value: a string as Prometheus writes it (`"12.5"`, `"NaN"`, `"+Inf"`), or a plain number. */
function sampleValue(v: unknown, file: string, path: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const s = v.trim();
    if (s === 'NaN') return NaN;
    if (s === '+Inf' || s === 'Inf') return Infinity;
    if (s === '-Inf') return -Infinity;
    const x = Number(s);
    if (s !== '' && !Number.isNaN(x)) return x;
  }
  throw new UserError(`expected a sample value (a number as a string, "NaN" or "+Inf"), got ${JSON.stringify(v)}`, { file, path });
}

/** `{__name__="x", app="api"}`, as Prometheus prints a label set. */
export function formatLabels(metric: Record<string, string>): string {
  const keys = Object.keys(metric).sort((a, b) => (a === '__name__' ? -1 : b === '__name__' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  if (keys.length === 0) return '{}';
  return `{${keys.map((k) => `${k}=${JSON.stringify(metric[k])}`).join(', ')}}`;
}

/** Merges responses for consecutive (or overlapping) ranges: one series per label set, timestamps deduplicated. */
export function mergeResponses(responses: readonly ParsedResponse[]): ParsedResponse {
  const byKey = new Map<string, PrometheusSeries>();
  const notes: string[] = [];
  for (const r of responses) {
    for (const n of r.notes) if (!notes.includes(n)) notes.push(n);
    for (const s of r.series) {
      const key = formatLabels(s.metric);
      const have = byKey.get(key);
      if (!have) {
        byKey.set(key, { metric: s.metric, timesMs: [...s.timesMs], values: [...s.values] });
        continue;
      }
      const seen = new Set(have.timesMs);
      for (let i = 0; i < s.timesMs.length; i++) {
        if (seen.has(s.timesMs[i]!)) continue;
        have.timesMs.push(s.timesMs[i]!);
        have.values.push(s.values[i]!);
      }
    }
  }
  // chunks may arrive in any order: sort each series by time
  for (const s of byKey.values()) {
    const order = s.timesMs.map((_, i) => i).sort((a, b) => s.timesMs[a]! - s.timesMs[b]!);
    s.timesMs = order.map((i) => s.timesMs[i]!);
    s.values = order.map((i) => s.values[i]!);
  }
  return { series: [...byKey.values()], notes };
}

export interface PrometheusTraceOptions {
  /** Messages' prefix: the scenario field. */
  what: string;
  /** Keep only series whose labels equal these values. */
  select?: Record<string, string>;
  originMs?: number;
  stepMs?: number;
  scale?: number;
}

/** One trace from one or more parsed responses: chunks merged, series selected, summed. */
export function prometheusTrace(responses: readonly ParsedResponse[], file: string, options: PrometheusTraceOptions): MergedTrace {
  const merged = mergeResponses(responses);
  let series = merged.series.filter((s) => s.timesMs.length > 0);
  if (series.length === 0) throw new UserError('the response holds no samples (an empty matrix: the query matched no series in this range)', { file });
  const select = options.select;
  if (select && Object.keys(select).length > 0) {
    const all = series;
    series = series.filter((s) => Object.entries(select).every(([k, v]) => s.metric[k] === v));
    if (series.length === 0) {
      const shown = all.slice(0, 5).map((s) => formatLabels(s.metric));
      throw new UserError(
        `select ${formatLabels(select)} matches none of the ${all.length} series (${shown.join(', ')}${all.length > 5 ? ', …' : ''})`,
        { file },
      );
    }
  }
  const sampled: SampledSeries[] = series.map((s) => ({ label: formatLabels(s.metric), timesMs: s.timesMs, values: s.values }));
  const out = mergeSeries(sampled, file, options);
  out.warnings.unshift(...merged.notes.map((n) => `${options.what}: ${n}`));
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
