/**
 * CPU rate → the HPA's integer: metrics-server truncates to nanocores (`pkg/storage/types.go`), the HPA sums
 * `Quantity.MilliValue()` per container, which rounds up (`pkg/controller/podautoscaler/metrics/client.go`).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { containerCpuMilliValue, podCpuMilliValue } from '../../../src/k8s/hpa/metric-value.js';
import { resourceUtilizationRatio } from '../../../src/k8s/hpa/usage.js';

const containers: { name: string; cpuMilli: number; expected: number }[] = [
  { name: '55.4m rounds up to 56m, not to the nearest 55m', cpuMilli: 55.4, expected: 56 },
  { name: 'a whole millicore stays as it is', cpuMilli: 56, expected: 56 },
  { name: 'float noise just above a whole millicore is truncated away at the nanocore', cpuMilli: 56 + 1e-12, expected: 56 },
  { name: 'one nanocore above a millicore counts the next millicore', cpuMilli: 56.000001, expected: 57 },
  { name: 'under a nanocore is nothing', cpuMilli: 0.0000004, expected: 0 },
  { name: 'a tenth of a millicore counts 1m', cpuMilli: 0.1, expected: 1 },
  { name: 'an idle container is 0', cpuMilli: 0, expected: 0 },
];
for (const r of containers) test(r.name, () => assert.is(containerCpuMilliValue(r.cpuMilli), r.expected));

const pods: { name: string; containers: number[]; expected: number }[] = [
  { name: 'a pod sums its containers after rounding each: 0.1m + 0.1m = 2m', containers: [0.1, 0.1], expected: 2 },
  { name: 'a pod of 10.5m and 20.2m is 11m + 21m = 32m', containers: [10.5, 20.2], expected: 32 },
];
for (const r of pods) test(r.name, () => assert.is(podCpuMilliValue(r.containers), r.expected));

test('at the tolerance edge the round-up flips a decision: 4 pods at 71.4m of 100m at target 65 %', () => {
  // nearest: 71m → 71 %, ratio 71/65 = 1.0923, within tolerance 0.1 → stays at 4 replicas
  // upstream: 72m → 72 %, ratio 72/65 = 1.1077 > 1.1 → ceil(1.1077 × 4) = ceil(4.43) = 5 replicas
  const names = ['a', 'b', 'c', 'd'];
  const requests = new Map(names.map((p) => [p, 100]));
  const at = (v: number) => {
    const r = resourceUtilizationRatio(new Map(names.map((p) => [p, v])), requests, 65);
    if (!r.ok) throw new Error('no ratio');
    return r.value;
  };
  const nearest = at(Math.round(71.4));
  const upstream = at(containerCpuMilliValue(71.4));
  assert.is(nearest.utilization, 71);
  assert.is(upstream.utilization, 72);
  assert.ok(Math.abs(1 - nearest.ratio) <= 0.1);
  assert.ok(Math.abs(1 - upstream.ratio) > 0.1);
  assert.is(Math.ceil(upstream.ratio * 4), 5);
});

test.run();
