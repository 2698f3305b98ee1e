/**
 * The run's data files, from a `RunResult`, and the atomic writer of the output folder.
 *
 *   summary.json     2-space JSON, keys in a fixed order (the documented order, README "Outputs"; unknown keys after, sorted), numbers:
 *                    integers as they are; seconds (…Seconds, …At) to 3 decimals (ms); latencies (ms) to 3 decimals
 *                    (µs); `availability` to 9 decimals but never shown as 1 unless it is exactly 1; everything
 *                    else (replicas.mean, cost, SLO values) to 6 significant digits; NaN/Infinity as null.
 *   timeseries.csv   header + one row per sample, columns in the result's order; `time` to 3 decimals, other
 *                    numbers to 6 decimals, NaN (nothing measured) as an empty cell. Rows are joined directly
 *                    as bytes (numbers never need quoting): the week's 60k rows × 22 columns in ~0.1 s, not ~1 s.
 *   events.csv       time,object,reason,message,count,last_time (repeats folded as client-go folds them)
 *   conditions.csv   time,object,type,status,reason,message (condition transitions, which are not Events)
 *   hpa.csv          the HPA decision log, one row per sync, columns named as HpaDecisionRow's fields.
 *
 * `writeOutputsAtomically` writes everything into a sibling `<dir>.partial-<pid>` first and then into place,
 * replacing only the files of kubesim's manifest there (output-folder.ts): never a user's other files.
 */
import { stringify } from 'csv-stringify/sync';
import { CsvNumberWriter } from './csv-numbers.js';
import type { ColumnTable, ConditionRow, EventRow, HpaDecisionRow, RunResult, Summary } from '../results/types.js';
import { foldEvents } from '../results/events.js';
import { safeText } from './csv-safe.js';
import { claimOutputFolder, writeOwnedFolder } from './output-folder.js';

// ---- summary.json ----

const KEY_ORDER: Readonly<Record<string, readonly string[]>> = {
  '': ['scenario', 'seed', 'durationSeconds', 'requests', 'availability', 'outageSeconds', 'latency', 'replicas', 'nodes', 'pendingPodSeconds', 'cost', 'scaling', 'rollouts', 'restarts', 'oomKills', 'quota', 'events', 'clients', 'workloads', 'slo'],
  clients: ['originalRequests', 'retries', 'finallyFailed', 'amplification', 'retriesAfterEnd'],
  'quota[]': ['replicaSet', 'refusedCreates', 'firstRefusedAt', 'lastRefusedAt', 'message'],
  'workloads[]': ['namespace', 'name', 'requests', 'availability', 'latency', 'replicas', 'restarts', 'cost', 'rollouts', 'hpa'],
  'workloads[].requests': ['offered', 'served', 'failed'],
  'workloads[].latency': ['p50', 'p95', 'p99'],
  'workloads[].replicas': ['min', 'max', 'mean'],
  'workloads[].cost': ['cpuCoreHours', 'memoryGiBHours', 'total'],
  'workloads[].rollouts': ['started', 'completed'],
  'workloads[].hpa': ['name', 'minReplicas', 'maxReplicas', 'scaleUps', 'scaleDowns', 'secondsAtMaxReplicas'],
  requests: ['offered', 'served', 'failed'],
  latency: ['p50', 'p95', 'p99'],
  replicas: ['min', 'max', 'mean'],
  nodes: ['min', 'max', 'mean', 'nodeHours'],
  cost: ['cpuCoreHours', 'memoryGiBHours', 'total', 'nodes', 'requests'],
  scaling: ['scaleUps', 'scaleDowns'],
  'rollouts[]': ['deployment', 'image', 'startedAt', 'completedAt', 'durationSeconds'],
  slo: ['met', 'checks'],
  'slo.checks[]': ['name', 'target', 'actual', 'met', 'detail'],
};

const roundTo = (x: number, decimals: number): number => {
  const f = 10 ** decimals;
  const r = Math.round(x * f) / f;
  return r === 0 ? 0 : r; // no -0
};
const significant = (x: number, digits: number): number => (x === 0 ? 0 : Number(x.toPrecision(digits)));

type NumberRule = 'seconds' | 'ms' | 'availability' | 'general';

function ruleFor(path: string, key: string, siblingName: unknown): NumberRule {
  if (key === 'availability' || ((key === 'target' || key === 'actual') && siblingName === 'availability')) return 'availability';
  if (/(^|\.)latency\./.test(path) || ((key === 'target' || key === 'actual') && typeof siblingName === 'string' && siblingName.startsWith('latency'))) return 'ms';
  if (/(Seconds|At)$/.test(key) || ((key === 'target' || key === 'actual') && siblingName === 'maxOutageSeconds')) return 'seconds';
  return 'general';
}

export function roundSummaryNumber(x: number, rule: NumberRule): number | null {
  if (!Number.isFinite(x)) return null;
  if (Number.isInteger(x)) return x;
  switch (rule) {
    case 'seconds':
    case 'ms':
      return roundTo(x, 3);
    case 'availability': {
      const r = roundTo(x, 9);
      return r === 1 && x < 1 ? significant(x, 15) : r;
    }
    case 'general':
      return significant(x, 6);
  }
}

function ordered(value: unknown, path: string, key: string, siblingName: unknown): unknown {
  if (typeof value === 'number') return roundSummaryNumber(value, ruleFor(path, key, siblingName));
  if (Array.isArray(value)) return value.map((v) => ordered(v, `${path}[]`, key, undefined));
  if (typeof value !== 'object' || value === null) return value;
  const obj = value as Record<string, unknown>;
  const known = KEY_ORDER[path] ?? [];
  const keys = [...known.filter((k) => k in obj), ...Object.keys(obj).filter((k) => !known.includes(k)).sort()];
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    if (obj[k] === undefined) continue;
    out[k] = ordered(obj[k], path === '' ? k : `${path}.${k}`, k, obj.name);
  }
  return out;
}

export function summaryJson(summary: Summary): string {
  return JSON.stringify(ordered(summary, '', '', undefined), null, 2) + '\n';
}

// ---- CSV ----

/** A CSV number: `time` to 3 decimals (ms), others to 6 decimals; NaN/Infinity (nothing measured) as empty. */
function cell(x: number, column: string): string {
  if (!Number.isFinite(x)) return '';
  if (Number.isInteger(x)) return String(x);
  return String(roundTo(x, column === 'time' ? 3 : 6));
}

/**
 * timeseries.csv: the columns in `names` order (any table of columns with `time`). The header goes through
 * csv-stringify (column names are text and may need quoting); the body is numbers only — digits, `-`, `.`,
 * never a delimiter, quote or line break — which csv-stringify would emit as they are, so they are written as
 * bytes by `CsvNumberWriter` with no string per cell (a test checks the bytes against csv-stringify's).
 */
export function timeseriesCsvBytes(ts: { names: readonly string[]; columns: ColumnTable; length: number }): Buffer {
  const names = ts.names;
  const cols = names.map((n) => ts.columns[n] ?? []);
  const width = names.length;
  const decimals = names.map((n) => (n === 'time' ? 3 : 6));
  const scales = decimals.map((d) => 10 ** d);
  const w = new CsvNumberWriter(ts.length * width * 8 + 4096);
  w.text(stringify([], { header: true, columns: [...names], record_delimiter: 'unix' }));
  for (let i = 0; i < ts.length; i++) {
    for (let j = 0; j < width; j++) {
      if (j > 0) w.byte(COMMA);
      w.cell(cols[j]![i] ?? Number.NaN, decimals[j]!, scales[j]!);
    }
    w.byte(NEWLINE);
  }
  return w.bytes();
}

const COMMA = 44;
const NEWLINE = 10;

/** timeseries.csv as text. */
export function timeseriesCsv(ts: { names: readonly string[]; columns: ColumnTable; length: number }): string {
  return timeseriesCsvBytes(ts).toString('utf8');
}

/** events.csv: the log folded as client-go folds it (src/results/events.ts); `time` is the first occurrence. */
export function eventsCsv(events: readonly EventRow[]): string {
  return stringify(
    foldEvents(events).map((e) => [cell(e.time, 'time'), safeText(e.object), safeText(e.reason), safeText(e.message), String(e.count), cell(e.lastTime, 'time')]),
    { header: true, columns: ['time', 'object', 'reason', 'message', 'count', 'last_time'], record_delimiter: 'unix' },
  );
}

export function conditionsCsv(conditions: readonly ConditionRow[]): string {
  return stringify(
    conditions.map((c) => [cell(c.time, 'time'), safeText(c.object), c.type, c.status, safeText(c.reason), safeText(c.message)]),
    { header: true, columns: ['time', 'object', 'type', 'status', 'reason', 'message'], record_delimiter: 'unix' },
  );
}

/**
 * The report's list: Events, condition transitions (`Progressing=False` …, reason as the condition's) and the
 * scenario's own actions, in time order (stable: Events first at equal times).
 */
export function reportRows(result: Pick<RunResult, 'events' | 'conditions' | 'actions'>): EventRow[] {
  const rows: EventRow[] = [
    ...result.events,
    ...result.conditions.map((c): EventRow => ({ time: c.time, object: c.object, reason: c.reason, message: `${c.type}=${c.status}: ${c.message}`, source: 'condition' })),
    ...result.actions.map((a): EventRow => ({ ...a, source: 'scenario' })),
  ];
  return rows.map((r, i) => ({ r, i })).sort((a, b) => a.r.time - b.r.time || a.i - b.i).map((x) => x.r);
}

export const HPA_COLUMNS = [
  'time', 'hpa', 'currentReplicas', 'metrics', 'recommendation', 'stabilized', 'stabilizedBy', 'limitedBy', 'finalReplicas', 'rescaled', 'reason',
] as const satisfies readonly (keyof HpaDecisionRow)[];

/**
 * hpa.csv (40k rows in the week). Rows are joined here, one string per row, without an array per row: a cell that
 * needs quoting (a delimiter, quote or line break) is quoted by csv-stringify itself, any other cell is exactly
 * what csv-stringify would emit for it — the text unchanged (a test compares the file with csv-stringify's).
 */
export function hpaCsv(rows: readonly HpaDecisionRow[]): string {
  const text = (v: unknown, column: string): string =>
    v === null || v === undefined ? '' : typeof v === 'number' ? cell(v, column) : safeText(String(v));
  const parts: string[] = [stringify([], { header: true, columns: [...HPA_COLUMNS], record_delimiter: 'unix' })];
  let chunk = '';
  for (const r of rows) {
    let line = '';
    for (let j = 0; j < HPA_COLUMNS.length; j++) {
      const c = HPA_COLUMNS[j]!;
      const t = text(r[c], c);
      if (j > 0) line += ',';
      line += NEEDS_QUOTES.test(t) ? stringify([[t]], { record_delimiter: 'unix' }).slice(0, -1) : t;
    }
    chunk += line + '\n';
    if (chunk.length > 1 << 16) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  return parts.join('');
}

/** What makes csv-stringify quote a cell with these options (`,`, `"`, and the record delimiter `\n` only: given a record delimiter, it leaves a lone `\r` unquoted). */
const NEEDS_QUOTES = /[",\n]/;

/** Wraps the building of one output file (the CLI passes a phase timer; the default just calls `build`). */
export type FileTimer = <T>(name: string, build: () => T) => T;

/** The data files of a run, by name (the report layer adds charts and HTML to the same map). */
export function buildOutputFiles(result: RunResult, time: FileTimer = (_name, build) => build()): Map<string, string | Uint8Array> {
  return new Map<string, string | Uint8Array>([
    ['summary.json', time('summary.json', () => summaryJson(result.summary))],
    ['timeseries.csv', time('timeseries.csv', () => timeseriesCsvBytes(result.timeseries))],
    ['events.csv', time('events.csv', () => eventsCsv(result.events))],
    ['conditions.csv', time('conditions.csv', () => conditionsCsv(result.conditions))],
    ['hpa.csv', time('hpa.csv', () => hpaCsv(result.hpaDecisions))],
  ]);
}

// ---- the output folder (output-folder.ts) ----

/**
 * Checks `--out` before any work and takes its lock: a path that cannot be a folder, a folder that is not
 * kubesim's, or one another run is writing into is a UserError now, not after the run.
 */
export function checkOutputFolder(dir: string): void {
  claimOutputFolder(dir);
}

/**
 * Writes `files` (relative names, `/`-separated subfolders allowed) into the folder `dir`, replacing only the files
 * a previous kubesim run wrote there (its manifest); a failure leaves `dir` as it was.
 */
export function writeOutputsAtomically(dir: string, files: ReadonlyMap<string, string | Uint8Array>): void {
  writeOwnedFolder(dir, files);
}
