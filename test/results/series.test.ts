/** The column store: growth, late columns read 0 before they appeared, build keeps declaration order. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RevisionLog, SeriesBuilder } from '../../src/results/series.js';

test('rows grow past the initial capacity and keep their values', () => {
  const s = new SeriesBuilder(['time', 'x'], 2);
  for (let i = 0; i < 100; i++) {
    const r = s.newRow();
    s.set('time', r, i * 10);
    s.set('x', r, i);
  }
  const t = s.build();
  assert.is(t.length, 100);
  assert.is(t.columns['time']![99], 990);
  assert.is(t.columns['x']![42], 42);
});

test('a column that appears later reads 0 in earlier rows and comes after the fixed ones', () => {
  const s = new SeriesBuilder(['time']);
  s.set('time', s.newRow(), 0);
  const r = s.newRow();
  s.set('time', r, 10);
  s.set('ready_api-abc', r, 3);
  const t = s.build();
  assert.equal(t.names, ['time', 'ready_api-abc']);
  assert.equal(Array.from(t.columns['ready_api-abc']!), [0, 3]);
});

test('the revision log grows past its initial size and hands over exactly the entries added', () => {
  const log = new RevisionLog();
  assert.is(log.addName('api-a'), 0);
  assert.is(log.addName('api-b'), 1);
  for (let row = 0; row < 3000; row++) {
    log.add(row, 0, 3);
    if (row % 2 === 0) log.add(row, 1, 1 + (row % 5));
  }
  const r = log.build();
  assert.equal(r.names, ['api-a', 'api-b']);
  assert.is(r.length, 4500);
  assert.is(r.row.length, 4500);
  assert.equal([r.row[4497], r.revision[4497], r.ready[4497]], [2998, 0, 3]);
  assert.equal([r.row[4498], r.revision[4498], r.ready[4498]], [2998, 1, 1 + (2998 % 5)]);
});

test.run();
