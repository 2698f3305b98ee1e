/** Stabilisation windows, legacy clamp, behavior policies (rounding, selectPolicy) and scale-event bookkeeping. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  legacyClamp,
  rateLimitWithBehavior,
  replicasChangePerPeriod,
  scaleDownLimit,
  scaleUpLimit,
  stabilizeLegacy,
  stabilizeWithBehavior,
  storeScaleEvent,
  withBehaviorDefaults,
  type Recommendation,
  type ScalingPolicy,
  type ScalingRules,
} from '../../../src/k8s/hpa/index.js';
import { rules } from './fixtures.js';

const NOW = 1000;

// Legacy window: a record counts when timestamp ≥ now − W.
const legacyRows: Array<[string, Recommendation[], number, number, number]> = [
  ['a legacy record exactly W old still counts', [{ replicas: 10, timestamp: NOW - 300 }], 3, 10, 2],
  ['a legacy record one second older than W no longer counts and is overwritten', [{ replicas: 10, timestamp: NOW - 301 }], 3, 3, 1],
  ['the legacy window never delays a scale-up', [{ replicas: 4, timestamp: NOW - 10 }], 7, 7, 2],
  ['the legacy window can raise the result above the proposal', [{ replicas: 9, timestamp: NOW - 10 }, { replicas: 2, timestamp: NOW - 20 }], 5, 9, 3],
];
for (const [name, recs, desired, replicas, count] of legacyRows) {
  test(name, () => {
    const r = stabilizeLegacy(recs, desired, 300, NOW);
    assert.is(r.replicas, replicas);
    assert.is(r.recommendations.length, count);
    assert.ok(r.recommendations.some((x) => x.replicas === desired && x.timestamp === NOW));
  });
}

test('the legacy store overwrites the last stale record, not the first', () => {
  const recs = [
    { replicas: 8, timestamp: NOW - 900 },
    { replicas: 6, timestamp: NOW - 10 },
    { replicas: 7, timestamp: NOW - 800 },
  ];
  const r = stabilizeLegacy(recs, 2, 300, NOW);
  assert.equal(r.recommendations.map((x) => x.replicas), [8, 6, 2]);
  assert.is(recs[2]!.replicas, 7, 'the input list is not changed');
});

// Behavior windows: a record counts only when timestamp > now − W.
const behaviorRows: Array<[string, number, number, number, number, Recommendation[], number]> = [
  ['a behavior record exactly at the down-window edge does not count', 10, 3, 0, 300, [{ replicas: 10, timestamp: NOW - 300 }], 3],
  ['a behavior record one second inside the down window holds the scale-down', 10, 3, 0, 300, [{ replicas: 10, timestamp: NOW - 299 }], 10],
  ['a behavior record exactly at the up-window edge does not count', 1, 7, 60, 0, [{ replicas: 4, timestamp: NOW - 60 }], 7],
  ['a behavior record one second inside the up window caps the scale-up', 1, 7, 60, 0, [{ replicas: 4, timestamp: NOW - 59 }], 4],
  ['recent proposals on both sides of current hold the count', 5, 8, 300, 300, [{ replicas: 3, timestamp: NOW - 30 }], 5],
];
for (const [name, current, desired, upW, downW, recs, replicas] of behaviorRows) {
  test(name, () => {
    const r = stabilizeWithBehavior(
      { currentReplicas: current, desiredReplicas: desired, scaleUpWindowSeconds: upW, scaleDownWindowSeconds: downW, recommendations: recs },
      NOW,
    );
    assert.is(r.replicas, replicas);
  });
}

test('a behavior record exactly at a cutoff is not stale, so the proposal is appended', () => {
  const r = stabilizeWithBehavior(
    { currentReplicas: 10, desiredReplicas: 3, scaleUpWindowSeconds: 0, scaleDownWindowSeconds: 300, recommendations: [{ replicas: 10, timestamp: NOW - 300 }] },
    NOW,
  );
  assert.is(r.recommendations.length, 2);
  const older = stabilizeWithBehavior(
    { currentReplicas: 10, desiredReplicas: 3, scaleUpWindowSeconds: 0, scaleDownWindowSeconds: 300, recommendations: [{ replicas: 10, timestamp: NOW - 301 }] },
    NOW,
  );
  assert.equal(older.recommendations, [{ replicas: 3, timestamp: NOW }]);
});

const pct = (value: number, periodSeconds = 60): ScalingPolicy => ({ type: 'Percent', value, periodSeconds });
const pods = (value: number, periodSeconds = 60): ScalingPolicy => ({ type: 'Pods', value, periodSeconds });

const roundingRows: Array<[string, 'up' | 'down', number, ScalingPolicy, number]> = [
  ['Percent 10 up from 3 rounds 3.3 up to 4', 'up', 3, pct(10), 4],
  ['Percent 1 up from 3 rounds 3.03 up to 4', 'up', 3, pct(1), 4],
  ['Percent 100 up from 0 stays 0', 'up', 0, pct(100), 0],
  ['Percent 10 down from 15 truncates 13.5 to 13', 'down', 15, pct(10), 13],
  ['Percent 50 down from 3 truncates 1.5 to 1', 'down', 3, pct(50), 1],
  ['Percent 1 down from 100 gives exactly 99', 'down', 100, pct(1), 99],
  ['Pods 4 up from 10 allows 14', 'up', 10, pods(4), 14],
  ['Pods 4 down from 3 allows -1 (min replicas cuts it later)', 'down', 3, pods(4), -1],
];
for (const [name, dir, current, policy, limit] of roundingRows) {
  test(name, () => {
    const r = rules({ policies: [policy] });
    assert.is(dir === 'up' ? scaleUpLimit(current, [], [], r, NOW) : scaleDownLimit(current, [], [], r, NOW), limit);
  });
}

const two = [pods(2), pct(50)];
const selectRows: Array<[string, 'up' | 'down', ScalingRules['selectPolicy'], number]> = [
  ['scale-up Max takes the policy allowing the most pods', 'up', 'Max', 15],
  ['scale-up Min takes the policy allowing the fewest pods', 'up', 'Min', 12],
  ['scale-up Disabled allows no scale-up', 'up', 'Disabled', 10],
  ['scale-down Max takes the policy removing the most pods', 'down', 'Max', 5],
  ['scale-down Min takes the policy removing the fewest pods', 'down', 'Min', 8],
  ['scale-down Disabled allows no scale-down', 'down', 'Disabled', 10],
];
for (const [name, dir, selectPolicy, limit] of selectRows) {
  test(name, () => {
    const r = rules({ selectPolicy, policies: two });
    assert.is(dir === 'up' ? scaleUpLimit(10, [], [], r, NOW) : scaleDownLimit(10, [], [], r, NOW), limit);
  });
}

test('a policy period starts from the count before recent events (strictly inside the period)', () => {
  const up = [{ replicaChange: 3, timestamp: NOW - 59, outdated: false }, { replicaChange: 100, timestamp: NOW - 60, outdated: false }];
  assert.is(replicasChangePerPeriod(60, up, NOW), 3);
  // start = 10 − 3 = 7, Percent 100 → 14.
  assert.is(scaleUpLimit(10, up, [], rules({ policies: [pct(100)] }), NOW), 14);
});

const rateRows: Array<[string, number, number, ScalingRules, ScalingRules, { replicas: number; reason: string }]> = [
  ['a disabled scale-up keeps the current count and reports ScaleUpLimit', 10, 20, rules({ selectPolicy: 'Disabled' }), rules(), { replicas: 10, reason: 'ScaleUpLimit' }],
  ['maxReplicas below the policy limit reports TooManyReplicas', 10, 200, rules({ policies: [pct(1000)] }), rules(), { replicas: 50, reason: 'TooManyReplicas' }],
  ['minReplicas above the policy floor reports TooFewReplicas', 10, 0, rules(), rules({ policies: [pct(100)] }), { replicas: 2, reason: 'TooFewReplicas' }],
  ['a scale-down faster than policy reports ScaleDownLimit', 10, 2, rules(), rules({ policies: [pods(1)] }), { replicas: 9, reason: 'ScaleDownLimit' }],
  ['an unchanged count is never limited', 10, 10, rules(), rules(), { replicas: 10, reason: 'DesiredWithinRange' }],
];
for (const [name, current, desired, up, down, expected] of rateRows) {
  test(name, () => {
    const r = rateLimitWithBehavior(
      { currentReplicas: current, desiredReplicas: desired, minReplicas: 2, maxReplicas: 50, scaleUp: up, scaleDown: down, scaleUpEvents: [], scaleDownEvents: [] },
      NOW,
    );
    assert.equal({ replicas: r.replicas, reason: r.reason }, expected);
  });
}

const clampRows: Array<[string, number, number, number, number, { replicas: number; reason: string }]> = [
  ['the production legacy limit doubles the count', 3, 1000, 1, 2000, { replicas: 6, reason: 'ScaleUpLimit' }],
  ['the legacy limit is at least 4', 1, 1000, 1, 2000, { replicas: 4, reason: 'ScaleUpLimit' }],
  ['maxReplicas below the legacy limit reports TooManyReplicas', 20, 1000, 1, 10, { replicas: 10, reason: 'TooManyReplicas' }],
  ['a proposal below minReplicas is raised to it', 5, 1, 3, 10, { replicas: 3, reason: 'TooFewReplicas' }],
];
for (const [name, current, desired, min, max, expected] of clampRows) {
  test(name, () => {
    const r = legacyClamp(current, desired, min, max);
    assert.equal({ replicas: r.replicas, reason: r.reason }, expected);
  });
}

test('an event exactly one longest period old is not outdated; one second older is replaced', () => {
  const behavior = withBehaviorDefaults({ scaleUp: { policies: [pods(4, 60)] } });
  const at = (t: number) => ({ scaleUpEvents: [{ replicaChange: 2, timestamp: t, outdated: false }], scaleDownEvents: [] });
  const kept = storeScaleEvent(behavior, at(NOW - 60), 4, 6, NOW);
  assert.equal(kept.scaleUpEvents.map((e) => [e.replicaChange, e.outdated]), [[2, false], [2, false]]);
  const replaced = storeScaleEvent(behavior, at(NOW - 61), 4, 7, NOW);
  assert.equal(replaced.scaleUpEvents, [{ replicaChange: 3, timestamp: NOW, outdated: false }]);
});

test('without behavior no scale event is stored', () => {
  const r = storeScaleEvent(null, { scaleUpEvents: [], scaleDownEvents: [] }, 4, 6, NOW);
  assert.equal(r, { scaleUpEvents: [], scaleDownEvents: [] });
});

test('API defaulting fills each missing field and replaces policies as a whole', () => {
  const b = withBehaviorDefaults({ scaleUp: { policies: [pods(1, 30)] }, scaleDown: null });
  assert.equal(b.scaleUp, { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [pods(1, 30)], tolerance: null });
  assert.equal(b.scaleDown, { stabilizationWindowSeconds: null, selectPolicy: 'Max', policies: [pct(100, 15)], tolerance: null });
});

test.run();
