/**
 * Downsampling of long timeseries before charting: consecutive rows are grouped into equal buckets so a chart
 * never holds more than `maxPoints` points (a week at 10 s, 60,480 rows, becomes 992 points of 61 rows).
 *
 * Per column (see `aggregateFor`):
 *   - rates, pods, CPU: the mean of the bucket. Means keep totals: Σ mean × count = Σ rows, and the ready
 *     pods of the revisions still add up to `ready_pods` when stacked.
 *   - desired_replicas, hpa_desired, latency_*: the maximum, so peaks and SLO breaches stay visible.
 *   - cost_total (cumulative): the last value, so the final total is exact.
 * Non-finite values are skipped; a bucket with none is NaN. A point's time is its bucket's first sample time.
 */

import type { Column, ColumnTable, RevisionSeries } from './types.js';

export const DEFAULT_MAX_POINTS = 1000;

export type Aggregate = 'mean' | 'max' | 'last';

export function aggregateFor(name: string): Aggregate {
  const column = name.split('@')[0]!; // a workload's column (`<column>@<namespace>/<name>`) as its run-wide one
  if (column === 'cost_total') return 'last';
  if (column === 'desired_replicas' || column === 'hpa_desired' || column.startsWith('latency_')) return 'max';
  return 'mean';
}

export interface Binned {
  /** Input rows per point; 1 when the input was short enough to keep as is. */
  rowsPerPoint: number;
  /** Seconds between two input samples (0 with fewer than two rows). */
  sampleSeconds: number;
  /** The time of each point: its bucket's first sample. */
  time: Float64Array;
  /** Input rows summarised by each point (rowsPerPoint; the last bucket may hold fewer). */
  counts: Uint32Array;
  /** Every column of the input but `time`, aggregated. Absent input columns are absent here. */
  columns: Map<string, Float64Array>;
}

/** Groups `ts` into at most `maxPoints` points, aggregating each column as documented above. */
export function binTimeseries(ts: ColumnTable, maxPoints: number = DEFAULT_MAX_POINTS): Binned {
  const n = ts.time.length;
  const cap = Math.max(1, Math.floor(maxPoints));
  const k = Math.max(1, Math.ceil(n / cap));
  const points = Math.ceil(n / k);
  const time = new Float64Array(points);
  const counts = new Uint32Array(points);
  for (let p = 0; p < points; p++) {
    time[p] = ts.time[p * k] ?? NaN;
    counts[p] = Math.min(k, n - p * k);
  }
  const columns = new Map<string, Float64Array>();
  for (const [name, column] of columnEntries(ts)) {
    columns.set(name, aggregate(column, n, k, points, aggregateFor(name)));
  }
  const sampleSeconds = n >= 2 ? (Number(ts.time[n - 1]) - Number(ts.time[0])) / (n - 1) : 0;
  return { rowsPerPoint: k, sampleSeconds, time, counts, columns };
}

/** The data columns of a timeseries (all but `time`), in the input's order. */
export function columnEntries(ts: ColumnTable): Array<[string, Column]> {
  const out: Array<[string, Column]> = [];
  for (const [name, value] of Object.entries(ts)) {
    if (name === 'time' || value === undefined || value === null) continue;
    if (typeof (value as Column).length !== 'number') continue;
    out.push([name, value as Column]);
  }
  return out;
}

function aggregate(column: Column, n: number, k: number, points: number, how: Aggregate): Float64Array {
  const out = new Float64Array(points);
  for (let p = 0; p < points; p++) {
    const start = p * k;
    const end = Math.min(n, start + k);
    let acc = how === 'max' ? -Infinity : 0;
    let seen = 0;
    let last = NaN;
    for (let i = start; i < end; i++) {
      const v = column[i];
      if (v === undefined || !Number.isFinite(v)) continue;
      seen++;
      last = v;
      if (how === 'max') {
        if (v > acc) acc = v;
      } else if (how === 'mean') {
        acc += v;
      }
    }
    if (seen === 0) out[p] = NaN;
    else if (how === 'mean') out[p] = acc / seen;
    else if (how === 'max') out[p] = acc;
    else out[p] = last;
  }
  return out;
}

/**
 * Ready pods per ReplicaSet (long format) binned exactly as `binTimeseries` bins a `mean` column of the same rows:
 * each point is the bucket's sum over its `rowsPerPoint` rows (an absent entry is 0) over the row count. Only the
 * rows [from, to) are read (a zoomed chart), bucketed from `from`. Every ReplicaSet of `names` gets a series.
 */
export function binRevisions(rev: RevisionSeries, rowsPerPoint: number, from: number, to: number): Map<string, Float64Array> {
  const n = Math.max(0, to - from);
  const k = Math.max(1, rowsPerPoint);
  const points = Math.ceil(n / k);
  const sums = rev.names.map(() => new Float64Array(points));
  // entries are in row order: find the first of the range by bisection
  let lo = 0;
  let hi = rev.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rev.row[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < rev.length; i++) {
    const row = rev.row[i]!;
    if (row >= to) break;
    const col = sums[rev.revision[i]!]!;
    const p = Math.floor((row - from) / k);
    col[p] = col[p]! + rev.ready[i]!;
  }
  const out = new Map<string, Float64Array>();
  rev.names.forEach((name, r) => {
    const col = sums[r]!;
    for (let p = 0; p < points; p++) col[p] = col[p]! / Math.min(k, n - p * k);
    out.set(name, col);
  });
  return out;
}
