/** spec.cluster.nodeAutoscaler: field table, defaults agreeing with the code, normalisation, errors. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CLUSTER_AUTOSCALER_DEFAULTS } from '../../src/k8s/autoscaler/cluster-autoscaler.js';
import { KARPENTER_DEFAULTS, NODEPOOL_DEFAULTS } from '../../src/k8s/autoscaler/karpenter.js';
import { readField } from '../../src/scenario/fields.js';
import { NODE_AUTOSCALER_FIELDS, normalizeNodeAutoscaler } from '../../src/scenario/node-autoscaler.js';

const P = 'spec.cluster.nodeAutoscaler';
const norm = (doc: Record<string, unknown>) => normalizeNodeAutoscaler(readField(doc, NODE_AUTOSCALER_FIELDS, P, []) as Record<string, unknown>, P);
const message = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

test('ClusterAutoscaler with nothing set has every upstream default', () => {
  assert.equal(norm({ kind: 'ClusterAutoscaler' }), { kind: 'ClusterAutoscaler', options: CLUSTER_AUTOSCALER_DEFAULTS });
});

test('the documented defaults, read as a user would write them, are the defaults the code uses', () => {
  const written = Object.fromEntries(
    Object.entries(NODE_AUTOSCALER_FIELDS.fields).filter(([k, f]) => k !== 'kind' && f.default !== undefined && !['batchIdleDuration', 'batchMaxDuration', 'consolidationPolicy', 'consolidateAfter', 'expireAfter'].includes(k)).map(([k, f]) => [k, f.default]),
  );
  assert.equal(norm({ kind: 'ClusterAutoscaler', ...written }), { kind: 'ClusterAutoscaler', options: CLUSTER_AUTOSCALER_DEFAULTS });
  const k = norm({ kind: 'Karpenter', batchIdleDuration: '1s', batchMaxDuration: '10s', consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '0s', expireAfter: '720h' });
  assert.equal(k, norm({ kind: 'Karpenter' }));
});

test('flags are read in their units: scaleDownUnneededTime 2m is 120 000 ms; priorities by number', () => {
  const c = norm({ kind: 'ClusterAutoscaler', scaleDownUnneededTime: '2m', expander: 'priority', priorities: { '50': ['spot'], '10': ['.*'] } });
  if (c.kind !== 'ClusterAutoscaler') throw new Error('kind');
  assert.is(c.options.scaleDownUnneededTimeMs, 120_000);
  assert.equal(c.options.priorities, { 10: ['.*'], 50: ['spot'] });
});

test('Karpenter: batch windows and the implicit NodePool', () => {
  const k = norm({ kind: 'Karpenter', batchIdleDuration: '2s', consolidateAfter: '5m', expireAfter: 'Never' });
  assert.equal(k, {
    kind: 'Karpenter', batchIdleDurationMs: 2000, batchMaxDurationMs: KARPENTER_DEFAULTS.batchMaxDurationMs,
    implicitNodePool: { name: 'default', ...NODEPOOL_DEFAULTS, consolidateAfterMs: 300_000, expireAfterMs: null },
  });
});

const errors: [string, Record<string, unknown>, string][] = [
  ['kind is required', { scanInterval: '10s' }, 'kind'],
  ['an unknown kind', { kind: 'Autopilot' }, 'expected one of ClusterAutoscaler, Karpenter'],
  ['a Karpenter field with kind ClusterAutoscaler', { kind: 'ClusterAutoscaler', consolidateAfter: '1m' }, 'consolidateAfter is a Karpenter setting, but kind is ClusterAutoscaler'],
  ['a CA field with kind Karpenter', { kind: 'Karpenter', scaleDownUnneededTime: '1m' }, 'scaleDownUnneededTime is a ClusterAutoscaler setting, but kind is Karpenter'],
  ['a misspelt flag suggests the right one', { kind: 'ClusterAutoscaler', scaleDownUneededTime: '1m' }, 'scaleDownUnneededTime'],
  ['an unknown expander', { kind: 'ClusterAutoscaler', expander: 'most-pods' }, 'expected one of least-waste, random, priority'],
  ['a bad regexp in priorities', { kind: 'ClusterAutoscaler', priorities: { '10': ['('] } }, "Can't compile regexp rule for priority 10 and rule ("],
  ['consolidateAfter in ms', { kind: 'Karpenter', consolidateAfter: '500ms' }, 'expected a duration in s/m/h'],
];
for (const [name, doc, want] of errors) test(`error: ${name}`, () => assert.ok(message(() => norm(doc)).includes(want), message(() => norm(doc))));

test.run();
