/**
 * The world end to end, against hand-computed numbers: load → CPU, overload, rollouts (RollingUpdate with
 * zero failures, Recreate's outage), a bad release and undo, crash-loop back-off, HPA convergence and the
 * scale-down stabilisation window.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseManifest } from '../../src/k8s/api/manifests.js';
import type { HorizontalPodAutoscaler } from '../../src/k8s/api/types.js';
import { simulate } from '../../src/world/simulate.js';
import { deployment, hpa, scenario } from './world-fixture.js';

const col = (r: ReturnType<typeof simulate>, name: string) => Array.from(r.timeseries.columns[name] ?? []);
const startedAt = (r: ReturnType<typeof simulate>, podPrefix = 'pod/') =>
  r.events.filter((e) => e.reason === 'Started' && e.object.startsWith(podPrefix)).map((e) => e.time);

test('a pod below its limit uses idle + rps × cpuPerRequest, and utilisation = CPU / request', () => {
  // 3 pods share 60 rps: 20 rps × 2 ms = 40m, + 5m idle = 45m per pod; request 100m → 45 %.
  const r = simulate(scenario({ traffic: [{ kind: 'constant', rps: 60 }], app: { cpuPerRequestMs: 2, idleMilli: 5 } }));
  for (const v of col(r, 'cpu_millicores_per_pod')) assert.is(Math.round(v * 1000) / 1000, 45);
  for (const v of col(r, 'cpu_utilization')) assert.is(v, 45);
  assert.is(r.summary.requests.failed, 0);
});

test('traffic beyond capacity fails and slows down, and offered = served + failed exactly', () => {
  // 3 pods, limit 500m, 5 ms/request → capacity 100 rps each (300 total); offer 450.
  const r = simulate(scenario({ traffic: [{ kind: 'constant', rps: 450 }], app: { cpuPerRequestMs: 5, idleMilli: 0, timeoutMs: 2000 } }));
  const q = r.summary.requests;
  assert.is(q.offered, 450 * 600);
  assert.is(q.offered, q.served + q.failed);
  assert.ok(q.failed > 0.3 * q.offered, `failed ${q.failed}`);
  assert.ok(r.summary.latency.p99 > 1000, `p99 ${r.summary.latency.p99}`);
  const low = simulate(scenario({ traffic: [{ kind: 'constant', rps: 30 }], app: { cpuPerRequestMs: 5, timeoutMs: 2000 } }));
  assert.ok(low.summary.latency.p99 < r.summary.latency.p99);
  assert.is(low.summary.requests.failed, 0);
});

test("the article's rolling update (maxUnavailable 0, maxSurge 1) fails no request and has no outage", () => {
  const r = simulate(scenario({ durationMs: 300_000, traffic: [{ kind: 'constant', rps: 60 }], app: { cpuPerRequestMs: 2, startupMs: 8000 }, events: [{ atMs: 60_000, kind: 'rollout', deployment: 'api', image: 'myrepo/api:1.3.0' }] }));
  assert.is(r.summary.requests.failed, 0);
  assert.is(r.summary.outageSeconds, 0);
  // each new pod: started at t, first probe at t+10 (initialDelay 5, period 10), ready; then the next one.
  assert.equal(r.summary.rollouts, [{ deployment: 'api', image: 'myrepo/api:1.3.0', startedAt: 60, completedAt: 90, durationSeconds: 30 }]);
  assert.ok(col(r, 'ready_pods').every((n) => n >= 3));
});

test('Recreate: the outage lasts from the old pods’ removal until the first new pod passes readiness', () => {
  const r = simulate(scenario({ durationMs: 300_000, deployments: [deployment({ strategy: { type: 'Recreate' } })], traffic: [{ kind: 'constant', rps: 60 }], app: { cpuPerRequestMs: 2 }, events: [{ atMs: 60_000, kind: 'rollout', deployment: 'api', image: 'myrepo/api:1.3.0' }] }));
  // old pods deleted at 60 s (they exit at once: no preStop, no shutdown time), new pods start at 60 s,
  // readiness first probes at 70 s → 10 s with no endpoint.
  assert.is(r.summary.outageSeconds, 10);
  assert.is(r.summary.requests.failed, 60 * 10);
});

test('a release that never becomes ready stalls: old pods keep serving, the deadline fires, undo recovers', () => {
  const r = simulate(
    scenario({
      durationMs: 1_200_000,
      traffic: [{ kind: 'constant', rps: 60 }],
      app: { cpuPerRequestMs: 2, versions: { 'myrepo/api:bad': { neverReady: true } } },
      events: [
        { atMs: 60_000, kind: 'rollout', deployment: 'api', image: 'myrepo/api:bad' },
        { atMs: 900_000, kind: 'undo', deployment: 'api' },
      ],
    }),
  );
  assert.is(r.summary.requests.failed, 0);
  assert.ok(col(r, 'ready_pods').every((n) => n >= 3), 'never below replicas − maxUnavailable');
  // a condition (progress.go), not an Event
  assert.not.ok(r.events.some((e) => e.reason === 'ProgressDeadlineExceeded'));
  const deadline = r.conditions.find((c) => c.type === 'Progressing' && c.status === 'False' && c.reason === 'ProgressDeadlineExceeded');
  assert.ok(deadline, 'Progressing=False ProgressDeadlineExceeded recorded');
  assert.match(deadline!.message, /^ReplicaSet "api-[a-z0-9]+" has timed out progressing\.$/);
  // progressDeadlineSeconds 600 after the last progress (the new RS created at 60 s) → about 661 s
  assert.ok(deadline!.time > 660 && deadline!.time < 680, `deadline at ${deadline!.time}`);
  // kubectl rollout undo patches the Deployment: no Event, a scenario action
  assert.not.ok(r.events.some((e) => e.reason === 'DeploymentRollback'));
  assert.ok(r.actions.some((e) => e.reason === 'undo' && /^deployment\.apps\/api rolled back/.test(e.message)));
  const [bad, back] = r.summary.rollouts;
  assert.is(bad!.completedAt, null);
  assert.is(back!.image, 'myrepo/api:1.2.3');
  assert.ok(back!.completedAt !== null && back!.completedAt <= 900);
});

test('a container that keeps crashing restarts after 0, 10, 20, 40, 80, 160, 300, 300 s', () => {
  const r = simulate(scenario({ durationMs: 1_500_000, deployments: [deployment({ replicas: 1, probe: null })], app: { crashAfterMs: 0 } }));
  assert.equal(startedAt(r).slice(0, 9), [0, 10, 30, 70, 150, 310, 610, 910, 1210]);
  assert.ok(r.events.some((e) => e.reason === 'BackOff'));
});

test('the back-off resets after 10 minutes of running', () => {
  // crashes every 700 s: each run exceeds 600 s, so every restart is immediate
  const r = simulate(scenario({ durationMs: 2_200_000, deployments: [deployment({ replicas: 1, probe: null })], app: { crashAfterMs: 700_000 } }));
  // warm pod started at −3600 s crashes at 0; restarts at 0, 700, 1400, 2100 — never held back
  assert.equal(startedAt(r), [0, 700, 1400, 2100]);
  assert.not.ok(r.events.some((e) => e.reason === 'BackOff'));
});

test('the HPA converges to ceil(L·c / (request × target)) and each sync is logged', () => {
  // 300 rps × 2 ms + 3 × 5m idle: 3 pods at 205 % → ceil(2.05/0.7 × 3) = 9; legacy limit max(2×3, 4) = 6 first.
  const r = simulate(scenario({ durationMs: 600_000, hpas: [hpa()], traffic: [{ kind: 'constant', rps: 300 }], app: { cpuPerRequestMs: 2, idleMilli: 5 } }));
  const path = r.hpaDecisions.map((d) => d.finalReplicas);
  assert.equal(path.slice(0, 4), [6, 9, 9, 9]);
  assert.is(r.hpaDecisions[0]!.limitedBy, 'ScaleUpLimit');
  assert.is(r.hpaDecisions[0]!.time, 15);
  assert.is(r.summary.scaling.scaleUps, 2);
  // every rescale in events.csv has its decision row
  const rescales = r.events.filter((e) => e.reason === 'SuccessfulRescale');
  assert.is(rescales.length, r.hpaDecisions.filter((d) => d.rescaled).length);
});

test('after the load drops, no scale-down happens before the stabilisation window has passed', () => {
  const r = simulate(
    scenario({
      durationMs: 1_800_000,
      hpas: [hpa()],
      traffic: [{ kind: 'steps', steps: [{ atMs: 0, rps: 300 }, { atMs: 300_000, rps: 30 }] }],
      app: { cpuPerRequestMs: 2, idleMilli: 5 },
    }),
  );
  const downs = r.hpaDecisions.filter((d) => d.rescaled && d.finalReplicas < d.currentReplicas);
  assert.ok(downs.length > 0, 'it scales down eventually');
  // the last recommendation of 9 comes from metrics up to the first scrape after the drop (≤ 360 s)
  const lastHigh = Math.max(...r.hpaDecisions.filter((d) => (d.recommendation ?? 0) >= 9).map((d) => d.time));
  assert.ok(downs[0]!.time >= lastHigh + 300, `first scale-down at ${downs[0]!.time}, last high at ${lastHigh}`);
});

test('an HPA on the built-in requests_per_second Pods metric scales to ceil(rps / target per pod)', () => {
  const rpsHpa = parseManifest({
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'api-rps' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
      minReplicas: 2,
      maxReplicas: 20,
      metrics: [{ type: 'Pods', pods: { metric: { name: 'requests_per_second' }, target: { type: 'AverageValue', averageValue: '50' } } }],
    },
  }).object as HorizontalPodAutoscaler;
  // 400 rps over pods that should each take 50 → 8 replicas (the first rate needs two scrapes: 60 s)
  const r = simulate(scenario({ durationMs: 900_000, hpas: [rpsHpa], traffic: [{ kind: 'constant', rps: 400 }], app: { cpuPerRequestMs: 1 } }));
  const last = r.hpaDecisions[r.hpaDecisions.length - 1]!;
  assert.is(last.finalReplicas, 8);
  assert.match(last.metrics, /^requests_per_second=50->8$/);
});

test('an overloaded pod fails its liveness probe and is restarted (Unhealthy, Killing, then a new container)', () => {
  const r = simulate(
    scenario({
      durationMs: 600_000,
      deployments: [deployment({ replicas: 1, probe: null, liveness: { httpGet: { path: '/live', port: 8000 }, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3 } })],
      traffic: [{ kind: 'steps', steps: [{ atMs: 0, rps: 20 }, { atMs: 120_000, rps: 200 }] }],
      app: { cpuPerRequestMs: 5, timeoutMs: 30_000 },
    }),
  );
  const unhealthy = r.events.find((e) => e.reason === 'Unhealthy' && e.message.startsWith('Liveness probe failed'));
  const killing = r.events.find((e) => e.reason === 'Killing' && e.message.includes('failed liveness probe'));
  assert.ok(unhealthy && killing, 'liveness failure recorded');
  // the overload starts at 120 s; three failing attempts 10 s apart, each recorded after its 1 s timeout
  assert.ok(unhealthy!.time >= 140 && unhealthy!.time <= 152, `unhealthy at ${unhealthy!.time}`);
  assert.ok(r.summary.restarts >= 1);
});

/** A day of diurnal, noisy traffic with a rollout and two pods killed: an HPA that rescales often. */
function busyDay() {
  return scenario({
    durationMs: 86_400_000,
    hpas: [hpa({ min: 2, max: 30 })],
    deployments: [deployment({ liveness: { httpGet: { path: '/live', port: 8000 }, periodSeconds: 10 } })],
    traffic: [{ kind: 'diurnal', min: 20, max: 500, periodMs: 86_400_000, peakAtMs: 43_200_000 }, { kind: 'noise', noise: 'poisson' }],
    app: { cpuPerRequestMs: 2, idleMilli: 5, startupMs: 8000 },
    events: [
      { atMs: 36_000_000, kind: 'rollout', deployment: 'api', image: 'myrepo/api:1.3.0' },
      { atMs: 50_000_000, kind: 'killPods', deployment: 'api', count: 2 },
    ],
  });
}

test('reusing the HPA metric step between metric changes changes no decision', () => {
  const s = busyDay();
  const cached = simulate(s);
  const fresh = simulate(s, { reuseHpaMetricSteps: false });
  assert.ok(cached.hpaDecisions.filter((d) => d.rescaled).length > 10);
  assert.equal(cached.hpaDecisions, fresh.hpaDecisions);
  assert.equal(JSON.stringify(cached.summary), JSON.stringify(fresh.summary));
});

test('summing the pods of a cpu HPA without their views changes no decision', () => {
  const s = busyDay();
  const tallied = simulate(s);
  const viewed = simulate(s, { tallyHpaPods: false });
  assert.ok(tallied.hpaDecisions.filter((d) => d.rescaled).length > 10);
  assert.equal(tallied.hpaDecisions, viewed.hpaDecisions);
  for (const name of ['hpa_desired', 'hpa_metric', 'desired_replicas', 'ready_pods'] as const) {
    assert.equal(Array.from(tallied.timeseries.columns[name]), Array.from(viewed.timeseries.columns[name]), name);
  }
});

test('the same scenario and seed give identical results; another seed changes only random parts', () => {
  const s = () => scenario({ hpas: [hpa()], traffic: [{ kind: 'constant', rps: 200 }, { kind: 'noise', noise: 'poisson' }] });
  const a = simulate(s());
  const b = simulate(s());
  assert.equal(JSON.stringify(a.summary), JSON.stringify(b.summary));
  assert.equal(a.events, b.events);
  const c = simulate({ ...s(), seed: 2 });
  assert.not.equal(JSON.stringify(a.summary), JSON.stringify(c.summary));
});

test.run();
