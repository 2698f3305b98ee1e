/** Which pods a ReplicaSet deletes first, and the logarithmic time buckets. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { deletionCost, logarithmicBucket, podDeletionRankLess, podsToDelete, type RankablePod } from '../../../src/k8s/replicaset/pod-ranking.js';

const NOW = 100 * 86_400_000; // day 100, ms
const pod = (name: string, p: Partial<RankablePod> = {}): RankablePod => ({
  name, uid: name, nodeName: 'n1', phase: 'Running', ready: true, readySince: NOW - 3_600_000, created: NOW - 7_200_000, restartCount: 0, ...p,
});
const names = (ps: RankablePod[]) => ps.map((p) => p.name);

test('podsToDelete: rows named as sentences', () => {
  const rows = [
    {
      name: 'unscheduled, then pending, then not-ready pods go before ready ones',
      pods: [pod('ready'), pod('not-ready', { ready: false, readySince: null }), pod('pending', { phase: 'Pending', ready: false, readySince: null }), pod('unscheduled', { nodeName: '', phase: 'Pending', ready: false, readySince: null })],
      diff: 3,
      want: ['unscheduled', 'pending', 'not-ready'],
    },
    {
      name: 'a lower pod-deletion-cost goes first, before rank is considered',
      pods: [pod('cheap', { deletionCost: '-5', nodeName: 'n2' }), pod('dear', { deletionCost: '10' }), pod('plain')],
      diff: 1,
      want: ['cheap'],
    },
    {
      name: 'the pod on the node with more related pods goes first',
      pods: [pod('alone', { nodeName: 'n2' }), pod('crowded')],
      related: [pod('crowded'), pod('other-1'), pod('other-2'), pod('alone', { nodeName: 'n2' })],
      diff: 1,
      want: ['crowded'],
    },
    {
      name: 'ready for 2 minutes goes before ready for 2 days (different log2 buckets)',
      pods: [pod('old', { readySince: NOW - 2 * 86_400_000 }), pod('young', { readySince: NOW - 120_000 })],
      diff: 1,
      want: ['young'],
    },
    {
      name: 'within one bucket (5 h vs 6 h ready) the smaller UID goes first',
      pods: [pod('b', { uid: 'uid-b', readySince: NOW - 5 * 3_600_000 }), pod('a', { uid: 'uid-a', readySince: NOW - 6 * 3_600_000 })],
      diff: 1,
      want: ['a'],
    },
    {
      name: 'more restarts go first when readiness ties',
      pods: [pod('calm'), pod('crashy', { restartCount: 4 })],
      diff: 1,
      want: ['crashy'],
    },
    {
      name: 'deleting every pod keeps the given order (no sorting)',
      pods: [pod('ready'), pod('not-ready', { ready: false, readySince: null })],
      diff: 2,
      want: ['ready', 'not-ready'],
    },
  ];
  for (const row of rows) assert.equal(names(podsToDelete(row.pods, row.diff, row.related ?? row.pods, NOW)), row.want, row.name);
});

test('rank beats ready time: ready-now with rank 2 goes before ready-long-ago with rank 1', () => {
  const now = pod('now', { readySince: NOW });
  const then = pod('then', { readySince: NOW - 30 * 86_400_000 });
  assert.is(podDeletionRankLess(then, 2, now, 1, NOW), true);
  assert.is(podDeletionRankLess(now, 1, then, 2, NOW), false);
});

test('pod-deletion-cost: only "-…", "0" or 1–9-led int32 values count', () => {
  const rows: [string | null, number][] = [['10', 10], ['-3', -3], ['0', 0], ['+5', 0], ['007', 0], ['2147483648', 0], ['x', 0], [null, 0]];
  for (const [v, want] of rows) assert.is(deletionCost(v), want, String(v));
});

test('log2 buckets of nanosecond ages, exact beyond 2^53 ns (~104 days)', () => {
  const DAY = 86_400_000;
  const rows: [string, number, number, number][] = [
    ['a time not in the past is bucket -1', NOW, NOW, -1],
    ['1 ms ago (10^6 ns) is bucket 19', NOW - 1, NOW, 19],
    ['1 hour ago is bucket 41', NOW - 3_600_000, NOW, 41],
    ['30 days ago is bucket 51', NOW - 30 * DAY, NOW, 51],
    ['exactly 2^50 ns ago is bucket 50', NOW - 2 ** 50 / 1e6, NOW, 50],
    ['200 days ago (past 2^53 ns) is bucket 53', 0, 200 * DAY, 53],
    ['400 days ago is bucket 54', 0, 400 * DAY, 54],
  ];
  for (const [name, t, now, want] of rows) assert.is(logarithmicBucket(t, now), want, name);
});

test.run();
