/**
 * Adapts a column table (`{names, columns}`, the shape the run's collector keeps) to the report's `Timeseries`.
 * Only `time` is required: charts whose columns are absent are drawn empty rather than failing the report.
 */

import type { Column, Timeseries } from './types.js';

export interface ColumnTable {
  /** Column order; defaults to the order of `columns`. */
  names?: readonly string[];
  columns: Readonly<Record<string, Column>>;
}

export function timeseriesFromTable(table: ColumnTable): Timeseries {
  const names = table.names ?? Object.keys(table.columns);
  const out: Record<string, Column> = {};
  for (const name of names) {
    const column = table.columns[name];
    if (column !== undefined) out[name] = column;
  }
  if (out.time === undefined) throw new TypeError('report: the timeseries has no `time` column');
  return out as unknown as Timeseries;
}
