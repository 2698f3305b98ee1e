/**
 * A growable column store for the time series: fixed columns declared up front, plus columns that appear
 * during the run (one per ReplicaSet) and read 0 before they appeared. Float64Array storage, no per-row objects.
 */
import { TIMESERIES_COLUMNS, type Column, type Timeseries, type TimeseriesColumn, type TimeseriesColumns } from './types.js';

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
