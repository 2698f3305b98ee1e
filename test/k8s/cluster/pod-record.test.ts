/**
 * k8s/cluster/pod-record.ts: a pod's load numbers, kept in a shared block behind accessors, read back exactly
 * what was written, belong to that pod alone, and start as a pod's fields did (0, and Infinity for the probe's
 * latency); the rest of the fields start as every new pod's.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PodRecord, type PodInit } from '../../../src/k8s/cluster/pod-record.js';
import type { PodState, ReplicaSetState } from '../../../src/k8s/cluster/types.js';
import type { Container } from '../../../src/k8s/api/types.js';

const NUMBERS = ['rps', 'cpuMilli', 'probeLatencyMs', 'cpuCumulative', 'requestsCumulative', 'memoryBytes', 'inFlight', 'cpuAtContainerStart', 'requestsAtContainerStart'] as const;

function init(uid: number): PodInit {
  return {
    uid,
    name: `web-${uid}`,
    rs: { name: 'web-abc' } as unknown as ReplicaSetState,
    labels: { app: 'web' },
    image: 'web:1',
    container: { name: 'web' } as unknown as Container,
    behaviour: { imagePullMs: 0, startupMs: 1000, shutdownMs: 0, crashAfterMs: null, neverReady: false },
    createdMs: 5000,
    scheduling: { nodeSelector: {}, tolerations: [] } as unknown as PodInit['scheduling'],
    priority: undefined,
    sidecars: [],
    requestCpuMilli: 250,
    requestMemoryBytes: 128 * 2 ** 20,
    cpuCapacityMilli: 500,
    hasCpuRequest: true,
    memoryLimitBytes: null,
  };
}

test('a new pod: its numbers at 0 (the probe latency at Infinity), its state that of a pod just created', () => {
  const p: PodState = new PodRecord(init(1));
  for (const k of NUMBERS) assert.is(p[k], k === 'probeLatencyMs' ? Infinity : 0, k);
  assert.is(p.phase, 'Pending');
  assert.is(p.waitingReason, 'ContainerCreating');
  assert.is(p.readyTransitionMs, 5000);
  assert.is(p.startTimeMs, null);
  assert.is(p.ready, false);
  assert.is(p.requestCpuMilli, 250);
  assert.is(p.priority, undefined);
  assert.is(p.name, 'web-1');
});

test('each number reads back bit for bit what was written: fractions, -0, NaN, Infinity, huge and tiny', () => {
  const p = new PodRecord(init(2));
  const values = [0.1 + 0.2, -0, Number.NaN, -Infinity, 1e308, 5e-324, 123456789.123456789, 2 ** 53 + 2, -7.25];
  for (const v of values) {
    for (const k of NUMBERS) {
      p[k] = v;
      assert.ok(Object.is(p[k], v), `${k} = ${v}`);
    }
  }
  p.cpuCumulative = 0.1;
  p.cpuCumulative += 0.2;
  assert.is(p.cpuCumulative, 0.1 + 0.2);
});

test("pods never see each other's numbers, however many are made (across blocks)", () => {
  const pods = Array.from({ length: 1500 }, (_, i) => new PodRecord(init(i)));
  pods.forEach((p, i) => NUMBERS.forEach((k, j) => (p[k] = i * 100 + j + 0.5)));
  pods.forEach((p, i) => NUMBERS.forEach((k, j) => assert.is(p[k], i * 100 + j + 0.5)));
  // a fresh pod after them starts at zero
  const q = new PodRecord(init(9999));
  assert.is(q.cpuCumulative, 0);
  assert.is(q.probeLatencyMs, Infinity);
});

test.run();
