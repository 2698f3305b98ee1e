/**
 * Probe timing end to end (kubelet/prober `worker.go`, `prober_manager.go`): a cold-started pod, image already
 * present, so the pod and its container start at t = 0. Times of the first Killing / ready transition by hand.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { simulate } from '../../src/world/simulate.js';
import { deployment, scenario } from './world-fixture.js';

const http = { httpGet: { path: '/health', port: 8000 } };
const firstTime = (r: ReturnType<typeof simulate>, reason: string, text = '') =>
  r.events.find((e) => e.reason === reason && e.message.includes(text))?.time ?? null;

const rows: { name: string; over: Parameters<typeof deployment>[0]; app: Record<string, unknown>; reason: string; text?: string; expected: number }[] = [
  {
    name: 'a startup probe of period 10 s × failureThreshold 30 kills a never-starting app at 300 s',
    over: { probe: null, startup: { ...http, periodSeconds: 10, failureThreshold: 30 } },
    app: { startupMs: 10_000_000 },
    reason: 'Killing', text: 'startup probe',
    expected: 300,
  },
  {
    name: 'a never-answering app with liveness period 10 s × 3 lives 30 s',
    over: { probe: null, liveness: { ...http, periodSeconds: 10, failureThreshold: 3 } },
    app: { startupMs: 10_000_000 },
    reason: 'Killing', text: 'liveness probe',
    expected: 30,
  },
  {
    name: 'after a 7 s image pull liveness (10 s × 3) still kills on the pod-start grid, at 30 s',
    over: { probe: null, liveness: { ...http, periodSeconds: 10, failureThreshold: 3 } },
    app: { startupMs: 10_000_000, imagePullMs: 7000 },
    reason: 'Killing', text: 'liveness probe',
    expected: 30,
  },
];

for (const r of rows) {
  test(r.name, () => {
    const res = simulate(scenario({ durationMs: 400_000, warmStart: false, deployments: [deployment({ replicas: 1, ...r.over })], traffic: [{ kind: 'constant', rps: 0 }], app: r.app }));
    assert.is(firstTime(res, r.reason, r.text), r.expected);
  });
}

/** Ready at T (whole seconds) ⇔ rows of 1 s: the interval ending at T serves nothing, the one ending at T+1 all of it. */
const readyAt = (r: ReturnType<typeof simulate>) => {
  const t = Array.from(r.timeseries.columns['time'] ?? []);
  const served = Array.from(r.timeseries.columns['served_rps'] ?? []);
  const i = served.findIndex((v) => v > 0);
  if (i < 0) return null;
  assert.is(Math.round(served[i]! * 1e6) / 1e6, 10, 'a whole interval served: ready on a whole second');
  return t[i]! - 1;
};

test('readiness runs at once on a startup success (3 s, startup period 3 s), not on the 10 s tick', () => {
  // app up at 2 s; startup probe (period 3) ticks at 3 s → started; the status update triggers readiness at 3 s
  const res = simulate(scenario({ durationMs: 30_000, sampleIntervalMs: 1000, warmStart: false, deployments: [deployment({ replicas: 1, probe: { ...http, periodSeconds: 10 }, startup: { ...http, periodSeconds: 3, failureThreshold: 30 } })], traffic: [{ kind: 'constant', rps: 10 }], app: { startupMs: 2000 } }));
  assert.is(readyAt(res), 3);
});

test('readiness with initialDelay 5 s after a 7 s image pull is ready on the 17 s tick of the trigger grid', () => {
  const res = simulate(scenario({ durationMs: 30_000, sampleIntervalMs: 1000, warmStart: false, deployments: [deployment({ replicas: 1, probe: { ...http, periodSeconds: 10, initialDelaySeconds: 5 } })], traffic: [{ kind: 'constant', rps: 10 }], app: { imagePullMs: 7000 } }));
  assert.is(readyAt(res), 17);
});

test.run();
