import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { aggregateFor, binRevisions, binTimeseries } from '../../src/results/bin.js';
import { makeFixture, sum } from '../report/fixture.js';

const fixture = makeFixture({ hours: 168 });
const week = fixture.timeseries; // 60,480 rows at 10 s
const revisions = fixture.revisions!;

function weighted(values: Float64Array, counts: Uint32Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) s += values[i]! * counts[i]!;
  return s;
}

test('a week at 10 s is binned to at most 1000 points of equal buckets', () => {
  assert.is(week.time.length, 60480);
  const b = binTimeseries(week, 1000);
  assert.ok(b.time.length <= 1000, `${b.time.length} points`);
  assert.is(b.rowsPerPoint, 61);
  assert.is(b.time.length, Math.ceil(60480 / 61));
  assert.is(b.sampleSeconds, 10);
  assert.is(sum(b.counts), 60480);
  assert.is(b.time[1], 610, 'a point sits at its bucket’s first sample');
});

test('means keep totals: Σ mean × rows equals the sum of the rows, for rates and pods', () => {
  const b = binTimeseries(week, 1000);
  for (const name of ['offered_rps', 'served_rps', 'failed_rps', 'ready_pods', 'cpu_utilization']) {
    const original = sum(week[name as 'offered_rps']);
    const kept = weighted(b.columns.get(name)!, b.counts);
    assert.ok(Math.abs(kept - original) <= 1e-9 * Math.max(1, Math.abs(original)), `${name}: ${kept} vs ${original}`);
  }
  const byRevision = binRevisions(revisions, b.rowsPerPoint, 0, week.time.length);
  const old = byRevision.get('api-6f7c9d8b4')!;
  let original = 0;
  for (let i = 0; i < revisions.length; i++) if (revisions.revision[i] === 0) original += revisions.ready[i]!;
  assert.ok(Math.abs(weighted(old, b.counts) - original) <= 1e-9 * original);
});

test('the stacked revisions still add up to ready_pods after binning', () => {
  const b = binTimeseries(week, 1000);
  const byRevision = binRevisions(revisions, b.rowsPerPoint, 0, week.time.length);
  const a = byRevision.get('api-6f7c9d8b4')!;
  const c = byRevision.get('api-84d5c7f9b')!;
  const all = b.columns.get('ready_pods')!;
  for (let i = 0; i < all.length; i++) assert.ok(Math.abs(a[i]! + c[i]! - all[i]!) < 1e-9, `point ${i}`);
});

test('latency and desired replicas keep their peaks; cumulative cost keeps its final value', () => {
  const b = binTimeseries(week, 1000);
  const p99 = Array.from(week.latency_p99_ms).filter(Number.isFinite);
  assert.is(Math.max(...b.columns.get('latency_p99_ms')!), Math.max(...p99));
  assert.is(Math.max(...b.columns.get('desired_replicas')!), Math.max(...Array.from(week.desired_replicas)));
  const cost = b.columns.get('cost_total')!;
  assert.is(cost[cost.length - 1], week.cost_total[week.cost_total.length - 1]);
});

test('aggregates by column', () => {
  const rows: Array<[string, string]> = [
    ['offered_rps', 'mean'], ['ready_pods', 'mean'], ['ready_api-1', 'mean'], ['cpu_utilization', 'mean'],
    ['desired_replicas', 'max'], ['hpa_desired', 'max'], ['latency_p99_ms', 'max'], ['cost_total', 'last'],
  ];
  for (const [column, expected] of rows) assert.is(aggregateFor(column), expected, column);
});

test('non-finite values are skipped, and a bucket with none is NaN', () => {
  const ts = {
    time: [0, 10, 20, 30], offered_rps: [1, NaN, 3, 5], served_rps: [1, 1, 1, 1], failed_rps: [0, 0, 0, 0],
    ready_pods: [1, 1, 1, 1], total_pods: [1, 1, 1, 1], desired_replicas: [1, 1, 1, 1], cpu_utilization: [1, 1, 1, 1],
    latency_p50_ms: [NaN, NaN, 1, 2], latency_p95_ms: [1, 1, 1, 1], latency_p99_ms: [1, 1, 1, 1], cost_total: [1, 2, 3, NaN],
  };
  const b = binTimeseries(ts, 2);
  assert.equal(Array.from(b.columns.get('offered_rps')!), [1, 4]);
  assert.ok(Number.isNaN(b.columns.get('latency_p50_ms')![0]));
  assert.equal(Array.from(b.columns.get('cost_total')!), [2, 3]);
  assert.not.ok(b.columns.has('hpa_desired'), 'absent columns stay absent');
});

test('short series are kept as they are; an empty one gives no points', () => {
  const day = makeFixture({ hours: 1 }).timeseries; // 360 rows
  const b = binTimeseries(day, 1000);
  assert.is(b.rowsPerPoint, 1);
  assert.equal(Array.from(b.columns.get('offered_rps')!), Array.from(day.offered_rps));
  const empty = binTimeseries({ ...day, time: [] }, 1000);
  assert.is(empty.time.length, 0);
});

test.run();
