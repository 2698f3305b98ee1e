/**
 * Storage of the time series, with no per-row objects:
 *
 *   SeriesBuilder   the timeseries columns, Float64Array each (declared up front; a column added later reads 0
 *                   before it appeared)
 *   RevisionLog     ready pods per ReplicaSet in long format (RevisionSeries): three growable typed arrays with
 *                   an entry only where a ReplicaSet has ready pods, so nothing is sized per ReplicaSet × run
 */
import { TIMESERIES_COLUMNS, type Column, type RevisionSeries, type Timeseries, type TimeseriesColumn, type TimeseriesColumns } from './types.js';

export class SeriesBuilder {
  private readonly cols = new Map<string, Float64Array>();
  private readonly order: string[] = [];
  private capacity: number;
  length = 0;

  constructor(names: string[], capacity = 1024) {
    this.capacity = Math.max(16, capacity);
    for (const n of names) this.addColumn(n);
  }

  addColumn(name: string): void {
    if (this.cols.has(name)) return;
    this.cols.set(name, new Float64Array(this.capacity));
    this.order.push(name);
  }

  /** A column's current storage, for writing many rows without a lookup per value (re-fetch after newRow). */
  column(name: string): Float64Array {
    let col = this.cols.get(name);
    if (!col) {
      this.addColumn(name);
      col = this.cols.get(name)!;
    }
    return col;
  }

  has(name: string): boolean {
    return this.cols.has(name);
  }

  /** Starts a new row (all zeros) and returns its index. */
  newRow(): number {
    if (this.length === this.capacity) {
      this.capacity *= 2;
      for (const [k, v] of this.cols) {
        const a = new Float64Array(this.capacity);
        a.set(v);
        this.cols.set(k, a);
      }
    }
    return this.length++;
  }

  set(name: string, row: number, value: number): void {
    let col = this.cols.get(name);
    if (!col) {
      this.addColumn(name);
      col = this.cols.get(name)!;
    }
    col[row] = value;
  }

  build(): Timeseries {
    const all: Record<string, Column> = {};
    for (const n of this.order) all[n] = this.cols.get(n)!.subarray(0, this.length);
    // Every fixed column is there: one the run never wrote reads as zeros, like a late ReplicaSet's.
    const fixed = {} as Record<TimeseriesColumn, Column>;
    for (const n of TIMESERIES_COLUMNS) fixed[n] = all[n] ?? new Float64Array(this.length);
    const columns: TimeseriesColumns = { ...all, ...fixed };
    return { names: [...this.order], columns, length: this.length };
  }
}

/** Growable long-format storage of ready pods per ReplicaSet: `add` appends an entry, `build` hands the arrays over. */
export class RevisionLog {
  readonly names: string[] = [];
  private row = new Uint32Array(1024);
  private revision = new Uint32Array(1024);
  private ready = new Uint32Array(1024);
  length = 0;

  /** Registers a ReplicaSet (in first-seen order) and returns its index. */
  addName(name: string): number {
    this.names.push(name);
    return this.names.length - 1;
  }

  /** One entry: `ready` (> 0) pods of ReplicaSet `revision` in sample row `row` (rows ascending). */
  add(row: number, revision: number, ready: number): void {
    if (this.length === this.row.length) {
      const grow = (a: Uint32Array) => {
        const b = new Uint32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.row = grow(this.row);
      this.revision = grow(this.revision);
      this.ready = grow(this.ready);
    }
    const i = this.length++;
    this.row[i] = row;
    this.revision[i] = revision;
    this.ready[i] = ready;
  }

  build(): RevisionSeries {
    const n = this.length;
    return { names: [...this.names], row: this.row.subarray(0, n), revision: this.revision.subarray(0, n), ready: this.ready.subarray(0, n), length: n };
  }
}
