/**
 * hpa.csv's `metrics` text is formatted only when a sync's metrics read differently from the previous sync's of
 * the same HPA: `sameText` must be true only for lists whose texts are equal, and every row must carry the text
 * its own metrics give.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import type { HpaDecision } from '../../src/k8s/hpa/controller.js';
import type { MetricDecision } from '../../src/k8s/hpa/index.js';
import { DecisionRows, metricsText, sameText } from '../../src/results/summary.js';

const cpu = (utilization: number, replicas: number): MetricDecision => ({
  type: 'Resource',
  name: 'cpu',
  description: 'cpu resource utilization (percentage of request)',
  replicas,
  current: { averageUtilization: utilization, averageValue: utilization },
  error: null,
});

const rows: { name: string; a: MetricDecision[]; b: MetricDecision[]; same: boolean }[] = [
  { name: 'equal lists', a: [cpu(61, 3)], b: [cpu(61, 3)], same: true },
  { name: 'another utilisation', a: [cpu(61, 3)], b: [cpu(62, 3)], same: false },
  { name: 'another proposal', a: [cpu(61, 3)], b: [cpu(61, 4)], same: false },
  { name: 'another length', a: [cpu(61, 3)], b: [cpu(61, 3), cpu(61, 3)], same: false },
  { name: 'an error', a: [cpu(61, 3)], b: [{ ...cpu(61, 3), replicas: null, current: {}, error: 'failed' }], same: false },
  { name: 'another error', a: [{ ...cpu(0, 0), error: 'x' }], b: [{ ...cpu(0, 0), error: 'y' }], same: false },
  { name: 'a value instead of an average', a: [{ ...cpu(0, 2), current: { value: 1500 } }], b: [{ ...cpu(0, 2), current: { averageValue: 2500 } }], same: false },
  { name: 'another name', a: [cpu(61, 3)], b: [{ ...cpu(61, 3), name: 'memory' }], same: false },
  { name: 'no name: the type labels it', a: [{ ...cpu(61, 3), name: null }], b: [{ ...cpu(61, 3), name: null, type: 'Pods' }], same: false },
];

for (const r of rows) {
  test(`sameText: ${r.name}`, () => {
    assert.is(sameText(r.a, r.b), r.same);
    assert.is(metricsText(r.a) === metricsText(r.b), r.same);
  });
}

const metricArb = fc.record({
  type: fc.constantFrom('Resource', 'Pods', 'External'),
  name: fc.constantFrom('cpu', 'rps', null),
  description: fc.constant(null),
  replicas: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
  current: fc.oneof(
    fc.record({ averageUtilization: fc.integer({ min: 0, max: 3 }), averageValue: fc.integer({ min: 0, max: 3 }) }),
    fc.record({ averageValue: fc.integer({ min: 0, max: 3 }) }),
    fc.record({ value: fc.integer({ min: 0, max: 3 }) }),
    fc.constant({}),
  ),
  error: fc.constantFrom(null, 'e1', 'e2'),
}) as fc.Arbitrary<MetricDecision>;

test('every row carries its own metrics text, whatever the previous rows were', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.constantFrom('a', 'b'), fc.array(metricArb, { maxLength: 2 })), { maxLength: 30 }), (syncs) => {
      const out = new DecisionRows([]);
      const decisions = syncs.map(([hpa, metrics], i): HpaDecision => ({
        timeMs: i * 15_000,
        hpa,
        currentReplicas: 1,
        result: { metrics, event: null, conditions: [], branch: 'metrics', replicas: 1, rescaled: false, recommendation: 1, stabilized: 1, stabilizationWindow: 'none', limitedBy: null } as unknown as HpaDecision['result'],
      }));
      for (const d of decisions) out.add(d);
      assert.equal(
        out.rows.map((r) => r.metrics),
        decisions.map((d) => metricsText(d.result.metrics)),
      );
    }),
    { numRuns: 500, seed: 7 },
  );
});

test.run();
