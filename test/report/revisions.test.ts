/**
 * revisions.csv (ready pods per ReplicaSet, long format), the timeseries.csv without `ready_<rs>` columns, the
 * streamed writers and the staged output folder — all from real simulate() runs.
 */
import { mkdtempSync, readFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'csv-parse/sync';
import { loadScenario } from '../../src/scenario/index.js';
import { simulate } from '../../src/world/simulate.js';
import { binRevisions, binTimeseries } from '../../src/results/bin.js';
import { buildCharts } from '../../src/report/charts.js';
import { CHUNK_BYTES } from '../../src/report/csv-numbers.js';
import { buildOutputFiles, materialize, outputFiles, revisionsCsv, stageOutputs, timeseriesCsv, writeTimeseriesCsv } from '../../src/report/files.js';
import { reportRows } from '../../src/report/files.js';
import type { RunResult } from '../../src/results/types.js';

const SCENARIO = `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: revisions}
spec:
  duration: 2h
  seed: 3
  apps: {api: {cpuPerRequest: 2ms, startupTime: 8s, serviceTime: 20ms}}
  traffic: {api: [{diurnal: {min: 50, max: 400, period: 1h}}]}
  events:
    - {at: 20m, rollout: {deployment: api, image: "example/api:2"}}
    - {at: 50m, rollout: {deployment: api, image: "example/api:3"}}
    - {at: 80m, undo: {deployment: api}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  replicas: 3
  selector: {matchLabels: {app: api}}
  strategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 0, maxSurge: 1}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: api
          image: example/api:1
          resources: {requests: {cpu: 100m, memory: 128Mi}}
          readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 5}
---
apiVersion: v1
kind: Service
metadata: {name: api}
spec: {selector: {app: api}, ports: [{port: 80}]}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: api}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: 2
  maxReplicas: 20
  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 60}}}]
`;

let cached: RunResult | null = null;
async function run(): Promise<RunResult> {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-revisions-'));
  const file = join(dir, 'revisions.yaml');
  (await import('node:fs')).writeFileSync(file, SCENARIO);
  cached = simulate(await loadScenario(file));
  return cached;
}

const text = (v: string | Uint8Array): string => (typeof v === 'string' ? v : Buffer.from(v).toString('utf8'));

test('timeseries.csv has no per-ReplicaSet columns; revisions.csv has time,replicaset,ready_pods rows only where pods are ready', async () => {
  const r = await run();
  const files = buildOutputFiles(r);
  const ts = parse(text(files.get('timeseries.csv')!), { columns: true }) as Record<string, string>[];
  const header = text(files.get('timeseries.csv')!).split('\n')[0]!.split(',');
  assert.not.ok(header.some((c) => c.startsWith('ready_') && c !== 'ready_pods'), header.join(','));
  const revText = text(files.get('revisions.csv')!);
  assert.is(revText.split('\n')[0], 'time,replicaset,ready_pods');
  const rev = parse(revText, { columns: true }) as { time: string; replicaset: string; ready_pods: string }[];
  assert.ok(rev.length > ts.length, 'an entry per row, more during rollouts');
  // three images and an undo to the second: three ReplicaSets, named as the ScalingReplicaSet events name them
  const names = [...new Set(rev.map((x) => x.replicaset))];
  assert.is(names.length, 3);
  for (const n of names) assert.ok(r.events.some((e) => e.reason === 'ScalingReplicaSet' && e.message.includes(n)), n);
  // every row sums to the run's ready pods (no row of 0 pods, at most one row per ReplicaSet and time)
  const byTime = new Map<string, number>();
  const seen = new Set<string>();
  for (const x of rev) {
    assert.ok(Number(x.ready_pods) > 0);
    assert.not.ok(seen.has(`${x.time}/${x.replicaset}`));
    seen.add(`${x.time}/${x.replicaset}`);
    byTime.set(x.time, (byTime.get(x.time) ?? 0) + Number(x.ready_pods));
  }
  for (const row of ts) assert.is(byTime.get(row['time']!) ?? 0, Number(row['ready_pods']), `at ${row['time']}`);
  // time order, and the revisions' times are timeseries times
  const times = new Set(ts.map((x) => x['time']));
  let last = -1;
  for (const x of rev) {
    assert.ok(times.has(x.time));
    assert.ok(Number(x.time) >= last);
    last = Number(x.time);
  }
});

test('the undo brings the old ReplicaSet back under its own name (one revision, not two)', async () => {
  const r = await run();
  const rev = r.revisions;
  assert.is(new Set(rev.names).size, rev.names.length);
  // the second ReplicaSet has pods before the third rollout and again after the undo
  const second = rev.names[1]!;
  const id = rev.names.indexOf(second);
  const times = [];
  for (let i = 0; i < rev.length; i++) if (rev.revision[i] === id) times.push(Number(r.timeseries.columns.time[rev.row[i]!]));
  assert.ok(times.some((t) => t < 50 * 60) && times.some((t) => t > 85 * 60), `${times[0]}…${times.at(-1)}`);
});

test('binRevisions gives exactly the mean binTimeseries gives a full-length ready column of the same ReplicaSet', async () => {
  const r = await run();
  const n = r.timeseries.length;
  const wide: Record<string, Float64Array> = { time: Float64Array.from(r.timeseries.columns.time) };
  r.revisions.names.forEach((name) => (wide[name] = new Float64Array(n)));
  for (let i = 0; i < r.revisions.length; i++) wide[r.revisions.names[r.revisions.revision[i]!]!]![r.revisions.row[i]!] = r.revisions.ready[i]!;
  for (const points of [50, 97, 1000]) {
    const b = binTimeseries(wide as never, points);
    const long = binRevisions(r.revisions, b.rowsPerPoint, 0, n);
    for (const name of r.revisions.names) assert.equal(Array.from(long.get(name)!), Array.from(b.columns.get(name)!), `${name} at ${points} points`);
  }
  // a window: rows [from, to) bucketed from `from`
  const from = 100;
  const to = 400;
  const slice: Record<string, Float64Array> = {};
  for (const [k, v] of Object.entries(wide)) slice[k] = v.slice(from, to);
  const b = binTimeseries(slice as never, 40);
  const long = binRevisions(r.revisions, b.rowsPerPoint, from, to);
  for (const name of r.revisions.names) assert.equal(Array.from(long.get(name)!), Array.from(b.columns.get(name)!), `${name} in the window`);
});

test('pods chart: a revision area covers only where it has pods, stacked in order of appearance; flat stretches of lines are left out', async () => {
  const r = await run();
  const { specs } = buildCharts({ summary: r.summary, timeseries: r.timeseries.columns, revisions: r.revisions, events: reportRows(r) }, { maxPoints: 240 });
  const area = (specs.pods as { layer: { mark: { type: string }; data: { values: { s: string; v: number | null; t: number }[] } }[] }).layer.find((l) => l.mark.type === 'area')!;
  const names = [...new Set(area.data.values.map((x) => x.s))];
  assert.equal(names, r.revisions.names);
  const first = area.data.values.filter((x) => x.s === names[0]);
  const third = area.data.values.filter((x) => x.s === names[2]);
  // the first revision is replaced at 20 min: its area ends long before the run does (2 h = 120 min on the axis)
  assert.ok(first.at(-1)!.t < 120, `last point of ${names[0]} at ${first.at(-1)!.t}`);
  // the third starts after 50 min and is gone after the undo
  const withPods = third.filter((x) => (x.v ?? 0) > 0);
  assert.ok(withPods.length > 0 && withPods[0]!.t >= 50 && withPods.at(-1)!.t < 100);
  // every point kept inside a stretch is a change or a neighbour of one
  const lines = (specs.pods as { layer: { mark: { type: string }; data: { values: { s: string; v: number | null }[] } }[] }).layer.filter((l) => l.mark.type === 'line');
  const desired = lines.find((l) => l.data.values[0]?.s === 'desired replicas')!.data.values;
  assert.ok(desired.length < 240, `${desired.length} points of desired replicas`);
  for (let i = 1; i < desired.length - 1; i++) assert.not.ok(desired[i - 1]!.v === desired[i]!.v && desired[i]!.v === desired[i + 1]!.v, `point ${i} is flat`);
});

test('streamed CSVs: chunks of about 1 MiB whose bytes are the whole file', async () => {
  const r = await run();
  // a table long enough for several chunks: the run's rows, repeated
  const reps = Math.ceil((3 * CHUNK_BYTES) / text(materialize(outputFiles(r).get('timeseries.csv')!)).length);
  const n = r.timeseries.length * reps;
  const columns: Record<string, Float64Array> = {};
  for (const name of r.timeseries.names) {
    const src = r.timeseries.columns[name]!;
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) col[i] = Number(src[i % r.timeseries.length]) + (name === 'time' ? Math.floor(i / r.timeseries.length) * 7200 : 0);
    columns[name] = col;
  }
  const table = { names: r.timeseries.names, columns: columns as never, length: n };
  const chunks: Buffer[] = [];
  writeTimeseriesCsv(table, (c) => chunks.push(Buffer.from(c)));
  assert.ok(chunks.length >= 3, `${chunks.length} chunks`);
  for (const c of chunks.slice(0, -1)) assert.ok(c.length >= CHUNK_BYTES && c.length < CHUNK_BYTES + 4096 && c[c.length - 1] === 10, 'a chunk ends at a row end');
  assert.is(Buffer.concat(chunks).toString('utf8'), timeseriesCsv(table));
  assert.is(text(materialize(outputFiles(r).get('revisions.csv')!)), revisionsCsv(r.revisions, r.timeseries.columns.time));
});

test('stageOutputs: streamed files land with the others on commit; an abort leaves nothing behind', async () => {
  const r = await run();
  const root = mkdtempSync(join(tmpdir(), 'kubesim-stage-'));
  const dir = join(root, 'out');
  const folder = stageOutputs(dir);
  for (const [name, content] of outputFiles(r)) folder.write(name, content);
  assert.not.ok(existsSync(dir), 'nothing in place before the commit');
  folder.write('charts/x.svg', '<svg/>');
  folder.commit();
  const whole = buildOutputFiles(r);
  for (const [name, content] of whole) assert.is(readFileSync(join(dir, name), 'utf8'), text(content), name);
  assert.equal(JSON.parse(readFileSync(join(dir, '.kubesim-files'), 'utf8')), [...whole.keys(), 'charts/x.svg'].sort());
  // a second run that fails while streaming: the first run's folder is untouched, no partial folder is left
  const again = stageOutputs(dir);
  assert.throws(() =>
    again.write('timeseries.csv', {
      stream: (sink) => {
        sink(Buffer.from('time\n'));
        throw new Error('disk on fire');
      },
    }),
  );
  again.abort();
  assert.is(readFileSync(join(dir, 'timeseries.csv'), 'utf8'), text(whole.get('timeseries.csv')!));
  assert.equal(readdirSync(root).sort(), ['out']);
});

test.run();
