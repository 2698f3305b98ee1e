/** CSV traces: the format, piecewise-constant playback, errors naming file and line, and a week's trace. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UserError } from '../../../src/engine/errors.js';
import { createGenerator, loadCsvTrace, parseCsvTrace } from '../../../src/workload/traffic/index.js';

const dir = mkdtempSync(join(tmpdir(), 'kubesim-csv-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('header row optional, CRLF and blank lines accepted, fractional seconds and exponents read', () => {
  const a = parseCsvTrace('time,rps\n0,100\n30,200.5\n', 'a.csv');
  const b = parseCsvTrace('\uFEFF0,100\r\n\r\n30,200.5\r\n', 'b.csv');
  for (const t of [a, b]) {
    assert.equal([...t.timesMs], [0, 30_000]);
    assert.equal([...t.rps], [100, 200.5]);
  }
  const c = parseCsvTrace(' Time , RPS \n0.25, 1e2\n1.5,+3\n', 'c.csv');
  assert.equal([...c.timesMs], [250, 1500]);
  assert.equal([...c.rps], [100, 3]);
});

test('decimals parse to the same doubles as Number()', () => {
  const values = ['0.1', '123.45', '0.3', '99999.99999', '7.000001', '1234567890.12345'];
  const t = parseCsvTrace(values.map((v, i) => `${i},${v}`).join('\n'), 'x.csv');
  assert.equal([...t.rps], values.map(Number));
});

test('rows the one-pass reader leaves half-way are read the general way, as Number() reads them', () => {
  const rows = ['1.,2', '2,3.', '3, 4', '4,+5', '5,6e1', '6.5,7', '7,0008', '8,1234567890123456', '9.25,0.5\r', '10,1'];
  const t = parseCsvTrace(rows.join('\n'), 'x.csv');
  const parts = rows.map((r) => r.split(','));
  assert.equal([...t.timesMs], parts.map(([a]) => Math.round(Number(a) * 1000)));
  assert.equal([...t.rps], parts.map(([, b]) => Number(b)));
});

test('rows shorter than the first guess of the row count: the arrays grow, every row is kept', () => {
  const rows = Array.from({ length: 10_000 }, (_, i) => `${i},${i % 10}`);
  const t = parseCsvTrace(rows.join('\n'), 'short.csv');
  assert.is(t.timesMs.length, 10_000);
  assert.is(t.timesMs[9_999], 9_999_000);
  assert.is(t.rps[9_999], 9);
});

test('playback: 0 before the first row, piecewise constant, holding the last value; scale multiplies', () => {
  const trace = parseCsvTrace('time,rps\n60,100\n120,50\n', 't.csv');
  const g = createGenerator({ kind: 'csv', file: 't.csv', scale: 1, trace });
  assert.is(g.rate(59_999), 0);
  assert.is(g.rate(60_000), 100);
  assert.is(g.rate(119_999), 100);
  assert.is(g.rate(1e9), 50);
  assert.is(g.integral(0, 180_000), 100 * 60 + 50 * 60);
  assert.is(g.nextBreak(0), 60_000);
  assert.is(g.nextBreak(60_000), 120_000);
  assert.is(g.nextBreak(120_000), Infinity);
  const doubled = createGenerator({ kind: 'csv', file: 't.csv', scale: 2, trace });
  assert.is(doubled.integral(0, 180_000), 2 * (100 * 60 + 50 * 60));
});

const errorCases: { name: string; text: string; message: RegExp }[] = [
  { name: 'a non-numeric rps', text: 'time,rps\n0,10\n1,abc\n', message: /bad\.csv: line 3: expected rps as a number ≥ 0, got "abc"/ },
  { name: 'a missing rps', text: '0,10\n1,\n', message: /line 2: expected rps/ },
  { name: 'a negative rps', text: '0,10\n1,-5\n', message: /line 2: expected rps as a number ≥ 0, got "-5"/ },
  { name: 'a negative time', text: '-1,10\n', message: /line 1: expected the time in seconds from start/ },
  { name: 'time going backwards', text: '0,1\n10,1\n5,1\n', message: /line 3: time 5s is not after the previous row's/ },
  { name: 'a repeated time', text: '0,1\n0,2\n', message: /line 2: time 0s is not after/ },
  { name: 'three columns', text: '0,1,2\n', message: /line 1: expected two columns "time,rps", got "0,1,2"/ },
  { name: 'one column', text: 'time,rps\n0\n', message: /line 2: expected two columns/ },
  { name: 'a wrong header', text: 'ts,rate\n0,1\n', message: /line 1: expected the header "time,rps" or a row of two numbers, got "ts,rate"/ },
  { name: 'no data rows', text: 'time,rps\n\n', message: /no data rows/ },
];
for (const c of errorCases) {
  test(`a trace with ${c.name} is a UserError naming file and line`, () => {
    try {
      parseCsvTrace(c.text, 'bad.csv');
      assert.unreachable('should have thrown');
    } catch (e) {
      assert.instance(e, UserError);
      assert.is((e as UserError).file, 'bad.csv');
      assert.match((e as Error).message, c.message);
    }
  });
}

test('a missing file is a UserError naming it', () => {
  const file = join(dir, 'nope.csv');
  try {
    loadCsvTrace(file);
    assert.unreachable('should have thrown');
  } catch (e) {
    assert.instance(e, UserError);
    assert.is((e as UserError).file, file);
    assert.match((e as Error).message, /cannot read traffic trace: file not found/);
  }
});

test('a week at 1-second resolution (604,800 rows) loads, every row as written', () => {
  const rows: string[] = ['time,rps'];
  for (let i = 0; i < 604_800; i++) rows.push(`${i},${(300 + 200 * Math.sin(i / 5000)).toFixed(2)}`);
  const file = join(dir, 'week.csv');
  writeFileSync(file, rows.join('\n') + '\n');
  const trace = loadCsvTrace(file); // its speed is measured by the bench (trace case), not here
  assert.is(trace.timesMs.length, 604_800);
  assert.is(trace.timesMs[604_799], 604_799_000);
  assert.is(trace.rps[1], Number((300 + 200 * Math.sin(1 / 5000)).toFixed(2)));
  assert.is(trace.rps[604_799], Number((300 + 200 * Math.sin(604_799 / 5000)).toFixed(2)));
});

test.run();
