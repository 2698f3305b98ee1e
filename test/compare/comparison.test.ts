/**
 * The comparison's pure parts on a hand-checked small grid: the Pareto frontier, SLO shortfall, the
 * recommendation, the t interval, the CSV/JSON layout, HTML escaping, and shard.json round trips (a merge of
 * shards gives the same bytes as the whole).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UserError } from '../../src/engine/errors.js';
import { buildComparison, type ComparedVariant, type ComparisonInput } from '../../src/compare/comparison.js';
import { comparisonColumns, comparisonCsv, comparisonJson, recommendationText } from '../../src/report/comparison-data.js';
import { paretoFrontier, recommend, sloShortfall, type FrontierPoint } from '../../src/compare/frontier.js';
import { mergeShards, readShard, shardFile, type Shard, type SweepIdentity } from '../../src/compare/inputs.js';
import { checkReportFolder, writeReportFolder } from '../../src/report/comparison-files.js';
import { comparisonHtml } from '../../src/report/comparison-html.js';
import type { RunCheck, RunRecord } from '../../src/compare/records.js';
import { METRICS, type MetricKey } from '../../src/results/figures.js';
import { meanCi, tQuantile975 } from '../../src/compare/stats.js';
import { tempDir } from '../cli/helpers.js';

// ---- Pareto frontier ----

const pts = (rows: [number, number][]): FrontierPoint[] => rows.map(([cost, failed], index) => ({ index, cost, failed }));

const frontierRows: { name: string; points: FrontierPoint[]; expected: number[] }[] = [
  { name: 'the worked example: cheapest, fewest failures, and a tie all on it; a costlier equal is not', points: pts([[1, 9], [2, 4], [3, 4], [4, 0], [2, 4]]), expected: [0, 1, 4, 3] },
  { name: 'one variant better on both beats all the others', points: pts([[3, 3], [1, 1], [2, 5], [5, 2]]), expected: [1] },
  { name: 'a strict trade-off keeps every point, cheapest first', points: pts([[4, 0], [1, 30], [2, 10], [3, 5]]), expected: [1, 2, 3, 0] },
  { name: 'equal cost: only the fewer failures', points: pts([[2, 8], [2, 3], [5, 0]]), expected: [1, 2] },
  { name: 'points with no data (NaN) are left out', points: pts([[Number.NaN, 0], [2, 3], [1, Number.NaN]]), expected: [1] },
  { name: 'no points, no frontier', points: [], expected: [] },
];
for (const row of frontierRows) test(`frontier: ${row.name}`, () => assert.equal(paretoFrontier(row.points), row.expected));

// ---- SLO shortfall and recommendation ----

const avail = (actual: number, target = 0.999): RunCheck => ({ name: 'availability', target, actual, met: actual >= target });
const p99 = (actual: number, target = 300): RunCheck => ({ name: 'latencyP99', target, actual, met: actual <= target });

test('shortfall: met on every seed is 0', () => {
  const s = sloShortfall([[avail(0.9995), p99(200)], [avail(0.9991), p99(290)]]);
  assert.equal([s.met, s.metSeeds, s.shortfall, s.missed], [true, 2, 0, []]);
});

test('shortfall: the worst seed per target, relative to the target (availability: to the error budget)', () => {
  // availability 0.998 vs 0.999: 0.001 short of a 0.001 budget → 1.0; p99 360 vs 300 → 0.2
  const s = sloShortfall([[avail(0.9985), p99(360)], [avail(0.998), p99(250)], [avail(0.9995), p99(330)]]);
  assert.is(s.met, false);
  assert.is(s.metSeeds, 0);
  assert.ok(Math.abs(s.shortfall - 1.2) < 1e-9, String(s.shortfall));
  assert.equal(s.missed.map((m) => [m.name, m.worst.actual, m.missedOn]), [['availability', 0.998, 2], ['latencyP99', 360, 2]]);
});

test('shortfall: no SLO is null, not met', () => assert.is(sloShortfall([null, null]).met, null));

/** A variant with fixed numbers on each seed. */
function variant(index: number, name: string, cost: number, failed: number, seeds: RunCheck[][] | null, settings: Record<string, unknown> = {}): ComparedVariant {
  const runs: RunRecord[] = (seeds ?? [null]).map((slo, k) => {
    const values = Object.fromEntries(METRICS.map((m) => [m.key, 1])) as Record<MetricKey, number>;
    values.cost_total = cost + k * 0.01; // seeds differ a little
    values.requests_failed = failed;
    values.latency_p50_ms = Number.NaN; // nothing measured
    return { seed: 42 + k, values, slo };
  });
  return { index, name, settings, runs, series: { time: [0, 10, 20], ready: [2, 3, 2.5] } };
}

// cost (mean of c, c+0.01) and failed; SLO per seed
//   0 baseline  2.005  300  meets on both seeds
//   1 a         1.005  500  misses on one seed (p99 320)
//   2 b         1.505  200  meets on both           ← cheapest that meets
//   3 c         3.005    0  meets on both
//   4 d         1.505  250  meets on both (same cost as b, more failures)
const ok = [avail(0.9995), p99(200)];
const grid: ComparisonInput = {
  name: 'grid',
  source: 'sweep',
  hash: 'abc123',
  settingKeys: ['hpa/api.spec.minReplicas'],
  baseline: 0,
  slo: { availability: 0.999, latencyP99Ms: 300 },
  variants: [
    variant(0, 'baseline', 2, 300, [ok, ok]),
    variant(1, 'a', 1, 500, [ok, [avail(0.9995), p99(320)]], { 'hpa/api.spec.minReplicas': 1 }),
    variant(2, 'b', 1.5, 200, [ok, ok], { 'hpa/api.spec.minReplicas': 2 }),
    variant(3, 'c', 3, 0, [ok, ok], { 'hpa/api.spec.minReplicas': 4 }),
    variant(4, 'd', 1.5, 250, [ok, ok], { 'hpa/api.spec.minReplicas': 3 }),
  ],
};

test('grid: the frontier is a, b, c (baseline and d are beaten by b)', () => {
  assert.equal(buildComparison(grid).frontier, [1, 2, 3]);
});

test('grid: the recommendation is b, the cheapest meeting the SLO on every seed, saving 0.5 of 2.005', () => {
  const c = buildComparison(grid);
  const r = c.recommendation;
  assert.is(r.status, 'meets-slo');
  if (r.status !== 'meets-slo') return;
  assert.is(r.index, 2);
  assert.ok(Math.abs(r.savings! - 0.5) < 1e-12);
  assert.ok(Math.abs(r.savingsFraction! - 0.5 / 2.005) < 1e-12);
  assert.match(recommendationText(c), /variant 2 "b".*saving \$0\.5000 \(24\.9%\) against the scenario as written \(\$2\.00\)/);
});

test('grid: when nothing meets the SLO, the closest (smallest shortfall) and why', () => {
  const miss = (ms: number) => [avail(0.9995), p99(ms)];
  const input: ComparisonInput = {
    ...grid,
    variants: [variant(0, 'baseline', 2, 0, [miss(450), miss(330)]), variant(1, 'a', 1, 0, [miss(330), miss(310)]), variant(2, 'b', 0.5, 0, [miss(600), miss(301)])],
  };
  const c = buildComparison(input);
  assert.equal(c.recommendation.status, 'closest');
  if (c.recommendation.status === 'closest') assert.is(c.recommendation.index, 1);
  assert.match(recommendationText(c), /^No variant meets every SLO on every seed\. Closest: variant 1 "a".*p99 latency 330 ms > 300 ms target.*missed on 2 of 2 seeds/);
});

test('grid: equal shortfall goes to the cheaper variant; no SLO gives no recommendation', () => {
  const miss = [avail(0.9995), p99(330)];
  assert.is((recommend([{ index: 0, cost: 2, slo: sloShortfall([miss]) }, { index: 1, cost: 1, slo: sloShortfall([miss]) }], 0) as { index: number }).index, 1);
  assert.is(recommend([{ index: 0, cost: 2, slo: sloShortfall([null]) }], 0).status, 'no-slo');
});

// ---- statistics ----

test('t quantiles: table values and the expansion beyond 30 degrees of freedom', () => {
  const near = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-5, `${a} vs ${b}`);
  near(tQuantile975(1), 12.7062);
  near(tQuantile975(4), 2.77645);
  near(tQuantile975(40), 2.02108);
  near(tQuantile975(120), 1.97993);
});

test('mean and 95 % interval: [1, 2, 3, 4] → 2.5 ± 3.18245 × 1.29099 / 2; one value has no interval', () => {
  const m = meanCi([1, 2, 3, 4]);
  assert.is(m.mean, 2.5);
  assert.ok(Math.abs(m.high! - 4.554261) < 1e-5 && Math.abs(m.low! - 0.445739) < 1e-5, `${m.low} ${m.high}`);
  assert.equal(meanCi([7]), { mean: 7, low: null, high: null });
  assert.ok(Number.isNaN(meanCi([Number.NaN]).mean));
});

// ---- files ----

test('csv: settings then SLO columns then metrics, headline metrics with their interval; NaN is an empty cell', () => {
  const csv = comparisonCsv(buildComparison(grid)).split('\n');
  const cols = comparisonColumns(grid.settingKeys);
  assert.equal(cols.slice(0, 12), ['index', 'variant', 'hpa/api.spec.minReplicas', 'seeds', 'slo_met', 'slo_met_seeds', 'slo_shortfall', 'pareto', 'availability', 'availability_ci95_low', 'availability_ci95_high', 'requests_failed']);
  assert.is(csv[0], cols.join(','));
  const row2 = csv[3]!.split(',');
  assert.equal(row2.slice(0, 8), ['2', 'b', '2', '2', 'true', '2', '0', 'true']);
  assert.is(row2[cols.indexOf('cost_total')], '1.505');
  assert.is(row2[cols.indexOf('latency_p50_ms')], '');
});

test('json: one object per variant with settings, seeds, SLO standing and metrics; the recommendation with its text', () => {
  const doc = JSON.parse(comparisonJson(buildComparison(grid)));
  assert.is(doc.variants.length, 5);
  assert.equal(doc.variants[1].settings, { 'hpa/api.spec.minReplicas': 1 });
  assert.equal(doc.variants[1].seeds, [42, 43]);
  assert.equal(doc.variants[1].slo.missed, [{ name: 'latencyP99', target: 300, worst: 320, missedOn: 1 }]);
  assert.equal(doc.variants[2].metrics.cost_total.mean, 1.505);
  assert.is(doc.variants[2].metrics.latency_p50_ms, null);
  assert.equal(doc.frontier, [1, 2, 3]);
  assert.equal([doc.recommendation.status, doc.recommendation.variant, doc.recommendation.savings], ['meets-slo', 2, 0.5]);
});

test('html: names and settings from the user are escaped; no scripts', () => {
  const evil = { ...grid, variants: grid.variants.map((v, i) => (i === 2 ? { ...v, name: '<script>alert(1)</script>', settings: { 'hpa/api.spec.minReplicas': '"><img src=x>' } } : v)) };
  const html = comparisonHtml({ comparison: buildComparison(evil), charts: {} });
  assert.not.match(html, /<script/);
  assert.not.match(html, /<img/);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(html, /Content-Security-Policy/);
});

// ---- shards ----

const identity: SweepIdentity = { name: 'grid', hash: 'abc123', variants: 5, seeds: 2, settingKeys: grid.settingKeys, baseline: 0, slo: grid.slo };

function writeShards(dir: string, count: number, hash = 'abc123'): string[] {
  return Array.from({ length: count }, (_, k) => {
    const shard: Shard = { sweep: { ...identity, hash }, shard: { index: k + 1, count }, variants: grid.variants.filter((v) => v.index % count === k) };
    const d = join(dir, `s${k + 1}-${hash}`);
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'shard.json'), shardFile(shard));
    return d;
  });
}

test('shards: merged back, the CSV and JSON are byte-identical to the whole (NaN included)', () => {
  const dirs = writeShards(tempDir(), 3);
  const merged = mergeShards(dirs.reverse().map(readShard));
  const whole = buildComparison(grid);
  assert.is(comparisonCsv(buildComparison(merged)), comparisonCsv(whole));
  assert.is(comparisonJson(buildComparison(merged)), comparisonJson(whole));
});

const mergeErrors: { name: string; dirs: (tmp: string) => string[]; message: RegExp }[] = [
  { name: 'a shard of another sweep', dirs: (t) => [...writeShards(t, 2).slice(0, 1), ...writeShards(t, 2, 'fff999').slice(1)], message: /shard 2\/2 is from a different sweep than .* \(sweep hash fff999… vs abc123…\)/ },
  { name: 'a shard given twice', dirs: (t) => { const d = writeShards(t, 3); return [d[0]!, d[1]!, d[1]!]; }, message: /shard 2\/3 given twice/ },
  { name: 'a missing shard', dirs: (t) => writeShards(t, 4).filter((_, i) => i !== 2), message: /missing shard 3\/4 of sweep grid \(have 1\/4, 2\/4, 4\/4\)/ },
  { name: 'shards of different N', dirs: (t) => [writeShards(t, 2)[0]!, writeShards(join(t, 'x'), 3)[1]!], message: /shard 2\/3 does not match .*1\/2/ },
  { name: 'a folder without shard.json', dirs: (t) => [t], message: /no shard\.json/ },
];
for (const row of mergeErrors) {
  test(`merge refuses ${row.name}`, () => {
    try {
      mergeShards(row.dirs(tempDir()).map(readShard));
      assert.unreachable('merged');
    } catch (e) {
      assert.instance(e, UserError);
      assert.match((e as Error).message, row.message);
    }
  });
}

test('output folder: the files of a previous sweep or shard are replaced, a file the user added is kept; a folder kubesim did not write is refused', () => {
  const dir = join(tempDir(), 'out');
  writeReportFolder(dir, new Map([['shard.json', '{}'], ['old.txt', 'x']]));
  writeFileSync(join(dir, 'my-notes.md'), 'mine');
  writeReportFolder(dir, new Map([['comparison.json', '{"new":1}'], ['charts/a.svg', '<svg/>']]));
  assert.equal(readdirSync(dir).sort(), ['.kubesim-files', 'charts', 'comparison.json', 'my-notes.md']);
  assert.is(readFileSync(join(dir, 'my-notes.md'), 'utf8'), 'mine');
  assert.is(readFileSync(join(dir, 'comparison.json'), 'utf8'), '{"new":1}');
  assert.not.ok(readdirSync(join(dir, '..')).some((n) => n.includes('.previous-') || n.includes('.partial-')));
  const mine = join(tempDir(), 'notes');
  mkdirSync(mine);
  writeFileSync(join(mine, 'todo.txt'), 'keep me');
  assert.throws(() => checkReportFolder(mine), /not a kubesim output folder/);
  assert.throws(() => writeReportFolder(mine, new Map([['comparison.json', '{}']])), /not a kubesim output folder/);
  assert.ok(existsSync(join(mine, 'todo.txt')));
});

test.run();
