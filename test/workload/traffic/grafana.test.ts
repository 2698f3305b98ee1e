/** Grafana panel "Export CSV": quoted header, epoch-ms or formatted times, `sep=` line, several value columns. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UserError } from '../../../src/engine/errors.js';
import { parseGrafanaCsv, parseValue } from '../../../src/workload/traffic/grafana.js';
import { parsePrometheusResponse, prometheusTrace } from '../../../src/workload/traffic/prometheus.js';
import { knownSeries, promResponse } from '../../support/known-series.js';

const what = 'spec.traffic.api[0].grafana';
const parse = (text: string, o: { column?: string } = {}) => parseGrafanaCsv(text, 'panel.csv', { what, ...o });

test('the export as Grafana writes it: quoted header, epoch ms, CRLF; the same traffic as the saved Prometheus response', () => {
  const { times, values } = knownSeries(40);
  const csv = `"Time","kubesim_known_rps{app=""api""}"\r\n${times.map((t, i) => `${t * 1000},${values[i]}`).join('\r\n')}\r\n`;
  const g = parse(csv);
  const p = prometheusTrace([parsePrometheusResponse(promResponse([{ metric: { app: 'api' }, times, values }]), 'r.json')], 'r.json', { what });
  assert.equal([...g.trace.timesMs], [...p.trace.timesMs]);
  assert.equal([...g.trace.rps], [...p.trace.rps]);
  assert.equal(g.warnings, []);
});

test('"Download for Excel" sep= line, a BOM, semicolons and formatted times', () => {
  const text = '\uFEFFsep=;\n"Time";"Value"\n2026-11-02 00:00:00;12.5\n2026-11-02 00:00:15;13\n';
  const g = parse(text);
  assert.equal([...g.trace.timesMs], [0, 15_000]);
  assert.equal([...g.trace.rps], [12.5, 13]);
  assert.is(g.originMs, Date.UTC(2026, 10, 2));
  const iso = parse('Time,rps\n2026-11-02T00:00:00Z,1\n2026-11-02T01:00:00+01:00,2\n2026-11-02T00:01:00.500Z,3\n'.replace('2026-11-02T01:00:00+01:00', '2026-11-02T00:00:30.000Z'));
  assert.equal([...iso.trace.timesMs], [0, 30_000, 60_500]);
});

test('several value columns are summed unless one is chosen; empty cells hold the previous value; text columns skipped', () => {
  const text = '"Time","A","B","Series"\n1000000000000,1,10,x\n1000000015000,,20,x\n1000000030000,3,30,x\n';
  const sum = parse(text);
  assert.equal([...sum.trace.rps], [11, 21, 33]);
  const w = sum.warnings.join('\n');
  assert.match(w, /column "Series" holds text, not numbers; skipped/);
  assert.match(w, /2 series summed \("A", "B"\)/);
  assert.match(w, /1 NaN or empty value replaced/);
  assert.equal([...parse(text, { column: 'B' }).trace.rps], [10, 20, 30]);
  try {
    parse(text, { column: 'C' });
    assert.unreachable();
  } catch (e) {
    assert.instance(e, UserError);
    assert.match((e as Error).message, /panel\.csv: no value column named "C" \(the header has "Time", "A", "B", "Series"\)/);
  }
});

test('frames separated by a blank line are more series', () => {
  const text = '"Time","A"\n1000000000000,1\n1000000015000,2\n\n"Time","B"\n1000000000000,5\n1000000015000,6\n';
  assert.equal([...parse(text).trace.rps], [6, 8]);
});

const valueRows: [string, string, number | undefined][] = [
  ['a plain number is itself', '12.5', 12.5],
  ['a unit after the number is dropped', '12.5 req/s', 12.5],
  ["Grafana's short scale word K multiplies by 1000", '1.20 K', 1200],
  ['Mil multiplies by a million', '3 Mil', 3e6],
  ['an SI prefix glued to a unit multiplies', '2 kreq/s', 2000],
  ['an empty cell is a missing value', '', NaN],
  ['text is not a value', 'api-1', undefined],
];
for (const [name, cell, want] of valueRows) {
  test(`value cells: ${name}`, () => {
    const got = parseValue(cell);
    if (want === undefined) assert.is(got, undefined);
    else if (Number.isNaN(want)) assert.ok(Number.isNaN(got));
    else assert.is(got, want);
  });
}

test('a row out of time order names its line', () => {
  try {
    parse('Time,A\n1000000015000,1\n1000000000000,2\n');
    assert.unreachable();
  } catch (e) {
    assert.match((e as Error).message, /panel\.csv: line 3: time "1000000000000" is not after the previous row's/);
  }
});

test.run();
