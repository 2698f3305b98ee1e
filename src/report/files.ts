/**
 * The run's data files, from a `RunResult`, and the atomic writer of the output folder.
 *
 *   summary.json     2-space JSON, keys in a fixed order (the documented order, README "Outputs"; unknown keys after, sorted), numbers:
 *                    integers as they are; seconds (…Seconds, …At) to 3 decimals (ms); latencies (ms) to 3 decimals
 *                    (µs); `availability` to 9 decimals but never shown as 1 unless it is exactly 1; everything
 *                    else (replicas.mean, cost, SLO values) to 6 significant digits; NaN/Infinity as null.
 *   timeseries.csv   header + one row per sample, columns in the result's order; `time` to 3 decimals, other
 *                    numbers to 6 decimals, NaN (nothing measured) as an empty cell.
 *   revisions.csv    time,replicaset,ready_pods: ready pods per ReplicaSet, long format (a row only where it has some)
 *   events.csv       time,object,reason,message,count,last_time (repeats folded as client-go folds them)
 *   conditions.csv   time,object,type,status,reason,message (condition transitions, which are not Events)
 *   hpa.csv          the HPA decision log, one row per sync, columns named as HpaDecisionRow's fields.
 *
 * Every CSV is written as bytes (csv-numbers.ts: digits straight into a buffer, text cells copied as csv-stringify
 * would write them; only headers go through csv-stringify) and, through `outputFiles`, streamed to the file in
 * chunks of ~1 MiB, so no CSV is ever whole in memory, however long the run.
 *
 * `writeOutputsAtomically` / `stageOutputs` write everything into a sibling `<dir>.partial-<pid>` first and then
 * into place, replacing only the files of kubesim's manifest there (output-folder.ts): never a user's other files.
 */
import { stringify } from 'csv-stringify/sync';
import { CsvNumberWriter, type ChunkSink } from './csv-numbers.js';
import type { Column, ColumnTable, ConditionRow, EventRow, HpaDecisionRow, RevisionSeries, RunResult, Summary } from '../results/types.js';
import { foldEvents } from '../results/events.js';
import { safeText } from './csv-safe.js';
import { claimOutputFolder, stageOwnedFolder, writeOwnedFolder, type StagedFolder } from './output-folder.js';

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

/** A table of columns with `time`, as timeseries.csv writes it. */
type ColumnsIn = { names: readonly string[]; columns: ColumnTable; length: number };

/** The first `n` cells of a column as a Float64Array (itself when it is one that long; NaN where it has none). */
function asFloat64(column: ArrayLike<number> | undefined, n: number): Float64Array {
  if (column instanceof Float64Array && column.length >= n) return column;
  const out = new Float64Array(n).fill(Number.NaN);
  if (column) for (let i = 0; i < Math.min(n, column.length); i++) out[i] = column[i] ?? Number.NaN;
  return out;
}

/**
 * timeseries.csv: the columns in `names` order (any table of columns with `time`). The header goes through
 * csv-stringify (column names are text and may need quoting); the body is numbers only — digits, `-`, `.`,
 * never a delimiter, quote or line break — which csv-stringify would emit as they are, so they are written as
 * bytes by `CsvNumberWriter` with no string per cell (a test checks the bytes against csv-stringify's). With a
 * sink the file is streamed in chunks of about 1 MiB.
 */
export function writeTimeseriesCsv(ts: ColumnsIn, sink?: ChunkSink): CsvNumberWriter {
  const names = ts.names;
  const n = ts.length;
  // one kind of column for the loop (the sampler's are Float64Arrays already): reads stay monomorphic, and a
  // missing column or cell is NaN, an empty cell
  const cols = names.map((name) => asFloat64(ts.columns[name], n));
  const width = names.length;
  const decimals = names.map((name) => (name === 'time' ? 3 : 6));
  const scales = decimals.map((d) => 10 ** d);
  const w = new CsvNumberWriter(n * width * 8 + 4096, sink);
  w.text(stringify([], { header: true, columns: [...names], record_delimiter: 'unix' }));
  if (width > 0) {
    for (let i = 0; i < n; i++) {
      w.cell(cols[0]![i]!, decimals[0]!, scales[0]!);
      for (let j = 1; j < width; j++) {
        w.byte(COMMA);
        w.cell(cols[j]![i]!, decimals[j]!, scales[j]!);
      }
      w.endRow();
    }
  }
  w.end();
  return w;
}

export function timeseriesCsvBytes(ts: ColumnsIn): Buffer {
  return writeTimeseriesCsv(ts).bytes();
}

const COMMA = 44;

/** timeseries.csv as text. */
export function timeseriesCsv(ts: ColumnsIn): string {
  return timeseriesCsvBytes(ts).toString('utf8');
}

export const REVISION_COLUMNS = ['time', 'replicaset', 'ready_pods'] as const;

/**
 * revisions.csv: `time,replicaset,ready_pods`, one row per sample and ReplicaSet with ready pods in it (long
 * format), in time order; at one time, in the sampler's order (Deployments in manifest order, each one's
 * ReplicaSets as it lists them). A ReplicaSet missing at a time had no ready pod then.
 */
export function writeRevisionsCsv(revisions: RevisionSeries, time: Column, sink?: ChunkSink): CsvNumberWriter {
  const w = new CsvNumberWriter(revisions.length * 24 + 4096, sink);
  w.text(stringify([], { header: true, columns: [...REVISION_COLUMNS], record_delimiter: 'unix' }));
  const names = revisions.names.map(safeText);
  for (let i = 0; i < revisions.length; i++) {
    w.cell(time[revisions.row[i]!] ?? Number.NaN, 3, 1000);
    w.byte(COMMA);
    w.textCell(names[revisions.revision[i]!]!);
    w.byte(COMMA);
    w.cell(revisions.ready[i]!, 6, 1e6);
    w.endRow();
  }
  w.end();
  return w;
}

export function revisionsCsv(revisions: RevisionSeries, time: Column): string {
  return writeRevisionsCsv(revisions, time).bytes().toString('utf8');
}

/** events.csv: the log folded as client-go folds it (src/results/events.ts); `time` is the first occurrence. */
export function writeEventsCsv(events: readonly EventRow[], sink?: ChunkSink): CsvNumberWriter {
  const folded = foldEvents(events);
  const w = new CsvNumberWriter(folded.length * 120 + 4096, sink);
  w.text(stringify([], { header: true, columns: ['time', 'object', 'reason', 'message', 'count', 'last_time'], record_delimiter: 'unix' }));
  for (const e of folded) {
    w.cell(e.time, 3, 1000);
    w.byte(COMMA);
    w.textCell(safeText(e.object));
    w.byte(COMMA);
    w.textCell(safeText(e.reason));
    w.byte(COMMA);
    w.textCell(safeText(e.message));
    w.byte(COMMA);
    w.textCell(String(e.count));
    w.byte(COMMA);
    w.cell(e.lastTime, 3, 1000);
    w.endRow();
  }
  w.end();
  return w;
}

export function eventsCsv(events: readonly EventRow[]): string {
  return writeEventsCsv(events).bytes().toString('utf8');
}

/** conditions.csv: time,object,type,status,reason,message. */
export function writeConditionsCsv(conditions: readonly ConditionRow[], sink?: ChunkSink): CsvNumberWriter {
  const w = new CsvNumberWriter(conditions.length * 120 + 4096, sink);
  w.text(stringify([], { header: true, columns: ['time', 'object', 'type', 'status', 'reason', 'message'], record_delimiter: 'unix' }));
  for (const c of conditions) {
    w.cell(c.time, 3, 1000);
    w.byte(COMMA);
    w.textCell(safeText(c.object));
    w.byte(COMMA);
    w.textCell(c.type);
    w.byte(COMMA);
    w.textCell(c.status);
    w.byte(COMMA);
    w.textCell(safeText(c.reason));
    w.byte(COMMA);
    w.textCell(safeText(c.message));
    w.endRow();
  }
  w.end();
  return w;
}

export function conditionsCsv(conditions: readonly ConditionRow[]): string {
  return writeConditionsCsv(conditions).bytes().toString('utf8');
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
 * hpa.csv (40k rows in the week), written as bytes like the other files: numbers digit by digit (`time` to 3
 * decimals, others to 6), text cells as csv-stringify would write them (`textCell`; a test compares the file with
 * csv-stringify's), null as an empty cell. With a sink it is streamed.
 */
export function writeHpaCsv(rows: readonly HpaDecisionRow[], sink?: ChunkSink): CsvNumberWriter {
  const w = new CsvNumberWriter(rows.length * 80 + 4096, sink);
  w.text(stringify([], { header: true, columns: [...HPA_COLUMNS], record_delimiter: 'unix' }));
  const num = (x: number | null, decimals = 6, scale = 1e6) => {
    if (x !== null) w.cell(x, decimals, scale);
  };
  // the same text cells repeat row after row (names, metric texts, reasons): their safe form is kept from the last row
  let hpa = '';
  let hpaSafe = '';
  let metrics = '';
  let metricsSafe = '';
  let reason = '';
  let reasonSafe = '';
  for (const r of rows) {
    if (r.hpa !== hpa) hpaSafe = safeText((hpa = r.hpa));
    if (r.metrics !== metrics) metricsSafe = safeText((metrics = r.metrics));
    if (r.reason !== reason) reasonSafe = safeText((reason = r.reason));
    num(r.time, 3, 1000);
    w.byte(COMMA);
    w.textCell(hpaSafe);
    w.byte(COMMA);
    num(r.currentReplicas);
    w.byte(COMMA);
    w.textCell(metricsSafe);
    w.byte(COMMA);
    num(r.recommendation);
    w.byte(COMMA);
    num(r.stabilized);
    w.byte(COMMA);
    w.textCell(safeText(r.stabilizedBy));
    w.byte(COMMA);
    w.textCell(safeText(r.limitedBy));
    w.byte(COMMA);
    num(r.finalReplicas);
    w.byte(COMMA);
    w.textCell(r.rescaled ? 'true' : 'false');
    w.byte(COMMA);
    w.textCell(reasonSafe);
    w.endRow();
  }
  w.end();
  return w;
}

export function hpaCsv(rows: readonly HpaDecisionRow[]): string {
  return writeHpaCsv(rows).bytes().toString('utf8');
}

/** Wraps the writing of one output file (the CLI passes a phase timer; the default just calls `build`). */
export type FileTimer = <T>(name: string, build: () => T) => T;

/** A file written in chunks as it is produced (`write` calls `sink` once per chunk), never whole in memory. */
export interface StreamedFile {
  stream(sink: ChunkSink): void;
}
export type OutputContent = string | Uint8Array | StreamedFile;

/** The data files of a run, by name, large ones streamed (the report layer adds charts and HTML). */
export function outputFiles(result: RunResult): Map<string, OutputContent> {
  return new Map<string, OutputContent>([
    ['summary.json', summaryJson(result.summary)],
    ['timeseries.csv', { stream: (sink) => void writeTimeseriesCsv(result.timeseries, sink) }],
    ['revisions.csv', { stream: (sink) => void writeRevisionsCsv(result.revisions, result.timeseries.columns.time, sink) }],
    ['events.csv', { stream: (sink) => void writeEventsCsv(result.events, sink) }],
    ['conditions.csv', { stream: (sink) => void writeConditionsCsv(result.conditions, sink) }],
    ['hpa.csv', { stream: (sink) => void writeHpaCsv(result.hpaDecisions, sink) }],
  ]);
}

/** A file's whole contents (a streamed file collected). */
export function materialize(content: OutputContent): string | Uint8Array {
  if (typeof content === 'string' || content instanceof Uint8Array) return content;
  const chunks: Buffer[] = [];
  content.stream((c) => chunks.push(Buffer.from(c)));
  return Buffer.concat(chunks);
}

/** The data files of a run, by name, each whole in memory (tests, small runs). */
export function buildOutputFiles(result: RunResult, time: FileTimer = (_name, build) => build()): Map<string, string | Uint8Array> {
  return new Map([...outputFiles(result)].map(([name, content]) => [name, time(name, () => materialize(content))]));
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
export function writeOutputsAtomically(dir: string, files: ReadonlyMap<string, OutputContent>): void {
  writeOwnedFolder(dir, files);
}

/** Starts writing the folder `dir` file by file (output-folder.ts): `write` each file, then `commit`. */
export function stageOutputs(dir: string): StagedFolder {
  return stageOwnedFolder(dir);
}
