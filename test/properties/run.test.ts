/**
 * Properties of every run, on random valid scenarios (fast-check, seeded, a fixed number of small runs so the time
 * is bounded): requests balance per interval (offered = served + failed), 0 ≤ ready ≤ total pods, the HPA stays
 * within [minReplicas, maxReplicas], no NaN/Infinity/null in any output file, and the same seed gives byte-
 * identical files. A failure is shrunk by fast-check and printed as the scenario file that shows it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildOutputFiles } from '../../src/report/files.js';
import { evaluateSlo } from '../../src/results/slo.js';
import { loadScenario } from '../../src/scenario/index.js';
import { simulate } from '../../src/world/simulate.js';

const SEED = 2112;
const RUNS = 12;

interface Params {
  minutes: number;
  replicas: number;
  min: number;
  span: number;
  target: number;
  rps: number;
  spike: number;
  cpuPerRequestMs: number;
  startupS: number;
  sampleS: number;
  seed: number;
  poisson: boolean;
  rollout: boolean;
  kill: number;
  cold: boolean;
}

const params: fc.Arbitrary<Params> = fc.record({
  minutes: fc.integer({ min: 2, max: 30 }),
  replicas: fc.integer({ min: 0, max: 6 }),
  min: fc.integer({ min: 1, max: 4 }),
  span: fc.integer({ min: 0, max: 8 }),
  target: fc.integer({ min: 20, max: 95 }),
  rps: fc.integer({ min: 0, max: 400 }),
  spike: fc.integer({ min: 0, max: 800 }),
  cpuPerRequestMs: fc.integer({ min: 1, max: 20 }),
  startupS: fc.integer({ min: 0, max: 60 }),
  sampleS: fc.constantFrom(5, 10, 15, 30, 60),
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  poisson: fc.boolean(),
  rollout: fc.boolean(),
  kill: fc.integer({ min: 0, max: 3 }),
  cold: fc.boolean(),
});

export function scenarioYaml(p: Params): string {
  const events: string[] = [];
  if (p.rollout) events.push(`    - {at: ${Math.floor((p.minutes * 60) / 2)}s, rollout: {deployment: api, image: "example/api:2"}}`);
  if (p.kill > 0) events.push(`    - {at: ${Math.floor((p.minutes * 60) / 3)}s, killPods: {deployment: api, count: ${p.kill}}}`);
  return `apiVersion: kubesim/v1alpha1
kind: Scenario
metadata: {name: prop}
spec:
  duration: ${p.minutes}m
  seed: ${p.seed}
  sampleInterval: ${p.sampleS}s
  start: ${p.cold ? 'cold' : 'warm'}
  apps:
    api: {cpuPerRequest: ${p.cpuPerRequestMs}ms, startupTime: ${p.startupS}s}
  traffic:
    api:
      - constant: ${p.rps}
      - spike: {at: 1m, duration: 1m, rps: ${p.spike}}
${p.poisson ? '      - noise: {kind: poisson}\n' : ''}  events:${events.length ? '\n' + events.join('\n') : ' []'}
  slo: {availability: 99%, latencyP99: 500ms}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  replicas: ${p.replicas}
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: api
          image: example/api:1
          resources: {requests: {cpu: 250m, memory: 128Mi}}
          readinessProbe: {httpGet: {path: /, port: 8080}, periodSeconds: 5}
---
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  selector: {app: api}
  ports: [{port: 80}]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: api}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: ${p.min}
  maxReplicas: ${p.min + p.span}
  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: ${p.target}}}}]
`;
}

const dir = mkdtempSync(join(tmpdir(), 'kubesim-props-'));
let n = 0;

async function runFiles(yaml: string): Promise<Map<string, string>> {
  const file = join(dir, `s${n++}.yaml`);
  writeFileSync(file, yaml);
  const scenario = await loadScenario(file);
  const result = simulate(scenario);
  if (scenario.slo) result.summary.slo = evaluateSlo(result.summary, scenario.slo);
  return new Map([...buildOutputFiles(result)].map(([k, v]) => [k, typeof v === 'string' ? v : Buffer.from(v).toString('utf8')]));
}

function table(csv: string): { header: string[]; rows: string[][] } {
  const lines = csv.trim().split('\n');
  return { header: lines[0]!.split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

const near = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b)) + 1e-5;

test(`properties hold on ${RUNS} random valid scenarios (seed ${SEED})`, async () => {
  await fc.assert(
    fc.asyncProperty(params, async (p) => {
      const yaml = scenarioYaml(p);
      const files = await runFiles(yaml);
      const summary = files.get('summary.json')!;
      // no NaN/Infinity/null anywhere (every scenario here has traffic or none at all; latency needs served requests)
      if (!/"served": 0\b/.test(summary)) assert.not.match(summary, /null|NaN|Infinity/, 'summary.json');
      for (const [name, text] of files) if (name.endsWith('.csv')) assert.not.match(text, /NaN|Infinity|null|undefined/, name);
      const ts = table(files.get('timeseries.csv')!);
      const col = (c: string): number => ts.header.indexOf(c);
      for (const row of ts.rows) {
        const [offered, served, failed] = ['offered_rps', 'served_rps', 'failed_rps'].map((c) => Number(row[col(c)]));
        assert.ok(near(offered!, served! + failed!), `offered ${offered} = served ${served} + failed ${failed} at t=${row[0]}`);
        const ready = Number(row[col('ready_pods')]);
        const total = Number(row[col('total_pods')]);
        assert.ok(ready >= 0 && ready <= total, `0 ≤ ready ${ready} ≤ total ${total} at t=${row[0]}`);
      }
      const hpa = table(files.get('hpa.csv')!);
      for (const row of hpa.rows) {
        const final = Number(row[hpa.header.indexOf('finalReplicas')]);
        assert.ok(final >= p.min && final <= p.min + p.span, `HPA ${final} within [${p.min}, ${p.min + p.span}] at t=${row[0]}`);
      }
      // the same scenario and seed: byte-identical files
      const again = await runFiles(yaml);
      for (const [name, text] of files) assert.ok(again.get(name) === text, `${name} differs between two runs of the same seed`);
    }),
    { seed: SEED, numRuns: RUNS, endOnFailure: true, reporter: (out) => {
      if (out.failed) throw new Error(`property failed; the smallest scenario that shows it:\n${out.counterexample ? scenarioYaml(out.counterexample[0] as Params) : '?'}\n${String(out.errorInstance)}`);
    } },
  );
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test.run();
