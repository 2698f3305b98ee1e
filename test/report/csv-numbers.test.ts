import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stringify } from 'csv-stringify/sync';
import { createStream } from '../../src/engine/random.js';
import { CsvNumberWriter } from '../../src/report/csv-numbers.js';
import { HPA_COLUMNS, hpaCsv, timeseriesCsv } from '../../src/report/files.js';
import type { HpaDecisionRow } from '../../src/results/types.js';
import { safeText } from '../../src/report/csv-safe.js';

/** The text csv-stringify wrote for a cell before the byte writer: String of the value rounded to `d` decimals. */
function reference(x: number, d: number): string {
  if (!Number.isFinite(x)) return '';
  if (Number.isInteger(x)) return String(x);
  const f = 10 ** d;
  const r = Math.round(x * f) / f;
  return String(r === 0 ? 0 : r);
}

function written(x: number, d: number): string {
  const w = new CsvNumberWriter(16);
  w.cell(x, d, 10 ** d);
  return w.bytes().toString('utf8');
}

const EDGES = [
  0, -0, 1, -1, 9, 10, 99, 100, 0.5, -0.5, 1e-7, -1e-7, 4e-7, 5e-7, 1e-6, 0.0000015, 0.000001499, 1.05, 2.675, 0.1 + 0.2,
  123456.7890125, 999999.9999995, 999999999.9999994, 1e9 + 0.5, 123456789012.3456, 1e14 + 0.25, 1e15, 1e15 + 2, 2 ** 53,
  1e21, 1.5e21, -1e21, 1 / 3, -2 / 3, 100.1, 0.07, 33.333333333, Number.NaN, Infinity, -Infinity, Number.MAX_VALUE,
  Number.MIN_VALUE, -Number.MIN_VALUE,
  // either side of the int32 paths' bound (|x|·10^d < 2^31) and just under whole numbers
  2147.483647, 2147.4836475, 2147.483648, -2147.483647, -2147.4836485, 2147483.647, 2147483.6475, 2147483.648,
  2147483647, 2147483648, -2147483648, 0.9999995, 0.9999994, 999.9995, 999.9994, 1e-3, 5e-4, 4e-4, 1999999.9995,
];

test('a cell is the text of the rounded number, for edge cases at 3 and 6 decimals', () => {
  for (const d of [3, 6]) for (const x of EDGES) assert.is(written(x, d), reference(x, d), `${x} at ${d} decimals`);
});

test('a cell is the text of the rounded number, for 200,000 random values of every magnitude', () => {
  const rng = createStream(3, 'test/csv-numbers');
  for (let i = 0; i < 200_000; i++) {
    const magnitude = 10 ** Math.floor(rng.next() * 26 - 9);
    const sign = rng.next() < 0.3 ? -1 : 1;
    const x = sign * rng.next() * magnitude;
    const d = i % 2 === 0 ? 6 : 3;
    const got = written(x, d);
    if (got !== reference(x, d)) assert.is(got, reference(x, d), `${x} at ${d} decimals`);
  }
});

test('timeseries.csv is byte for byte what csv-stringify makes of the cells, header quoting included', () => {
  const rng = createStream(5, 'test/csv-numbers/table');
  const n = 2000;
  const names = ['time', 'offered_rps', 'ready_pods', 'ready_api-"x",y'];
  const columns = {
    time: Float64Array.from({ length: n }, (_, i) => i * 10 + (i % 7 === 0 ? 0.0004 : 0)),
    offered_rps: Float64Array.from({ length: n }, () => rng.next() * 1000),
    ready_pods: Float64Array.from({ length: n }, (_, i) => i % 5),
    'ready_api-"x",y': Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? Number.NaN : -rng.next())),
  };
  const rows = Array.from({ length: n }, (_, i) => names.map((c) => reference(columns[c as keyof typeof columns][i]!, c === 'time' ? 3 : 6)));
  const expected = stringify(rows, { header: true, columns: names, record_delimiter: 'unix' });
  assert.is(timeseriesCsv({ names, columns, length: n }), expected);
});

test('hpa.csv is byte for byte what csv-stringify makes of its rows: commas, quotes, line breaks, nulls, numbers', () => {
  const rng = createStream(9, 'test/csv-numbers/hpa');
  const pieces = ['cpu=90%->3', 'a,b', 'say "hi"', 'line\nbreak', 'cr\r', '', ' lead', 'ünï', '=1+2', '-3', 'x""y'];
  const pick = () => pieces[Math.floor(rng.next() * pieces.length)]!;
  const rows = Array.from({ length: 500 }, (_, i) => ({
    time: i * 15 + (i % 3) * 0.0004, hpa: pick(), currentReplicas: i % 7, metrics: pick(), recommendation: i % 2 ? null : 3.25,
    stabilized: i % 5 ? 2 : null, stabilizedBy: pick(), limitedBy: pick(), finalReplicas: i, rescaled: i % 4 === 0, reason: pick() + pick(),
  })) as unknown as HpaDecisionRow[];
  const cellText = (v: unknown, c: string): string =>
    v === null || v === undefined ? '' : typeof v === 'number' ? reference(v, c === 'time' ? 3 : 6) : safeText(String(v)); // text cells formula-safe (csv-safe.ts)
  const expected = stringify(rows.map((r) => HPA_COLUMNS.map((c) => cellText(r[c], c))), { header: true, columns: [...HPA_COLUMNS], record_delimiter: 'unix' });
  assert.is(hpaCsv(rows), expected);
});

test.run();
