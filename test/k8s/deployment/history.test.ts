/** revisionHistoryLimit cleanup and `kubectl rollout undo` target selection. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { REVISION_ANNOTATION, cleanupDeployment, rollbackTarget, rolloutUndo, type ReplicaSet } from '../../../src/k8s/deployment/index.js';

const rs = (name: string, revision: number | string | null, replicas = 0, extra: Partial<ReplicaSet> = {}): ReplicaSet => ({
  name, created: Number(name.replace(/\D/g, '')) || 0, replicas, statusReplicas: replicas, availableReplicas: replicas, readyReplicas: replicas,
  annotations: revision === null ? {} : { [REVISION_ANNOTATION]: String(revision) }, ...extra,
});

test('cleanupDeployment: rows named as sentences', () => {
  const rows = [
    { name: 'the oldest revisions beyond the limit are deleted', old: [rs('r3', 3), rs('r1', 1), rs('r2', 2)], limit: 1, want: ['r1', 'r2'] },
    { name: 'an old RS that still has replicas is skipped, not replaced by a later one', old: [rs('r1', 1, 1), rs('r2', 2), rs('r3', 3)], limit: 1, want: ['r2'] },
    { name: 'RSs already being deleted do not count', old: [rs('r1', 1, 0, { deleting: true }), rs('r2', 2)], limit: 1, want: [] },
    { name: 'a missing revision counts as 0', old: [rs('r2', 2), rs('r9', null)], limit: 1, want: ['r9'] },
    { name: 'an unobserved generation is kept', old: [rs('r1', 1, 0, { generation: 2, observedGeneration: 1 }), rs('r2', 2)], limit: 1, want: [] },
    { name: 'no limit (null) keeps everything', old: [rs('r1', 1), rs('r2', 2)], limit: null, want: [] },
    { name: 'MaxInt32 keeps everything', old: [rs('r1', 1), rs('r2', 2)], limit: 2147483647, want: [] },
  ];
  for (const row of rows) assert.equal(cleanupDeployment(row.old, row.limit), row.want, row.name);
});

test('rollout undo: rows named as sentences', () => {
  const all = [rs('r1', 1), rs('r3', 3), rs('r2', 2), rs('bad', 'x')];
  const rows = [
    { name: 'without --to-revision the second-highest revision is the target', run: () => rollbackTarget('api', all), want: { rs: all[2] } },
    { name: '--to-revision picks that revision', run: () => rollbackTarget('api', all, 1), want: { rs: all[0] } },
    { name: 'an unknown revision is an error', run: () => rollbackTarget('api', all, 7), want: { error: 'unable to find specified revision 7 in history' } },
    { name: 'a single revision has no history', run: () => rollbackTarget('api', [rs('r1', 1)]), want: { error: 'no rollout history found for deployment "api"' } },
  ];
  for (const row of rows) assert.equal(row.run(), row.want, row.name);
});

test('rollout undo refuses a paused Deployment, skips a matching template, and copies annotations', () => {
  const rss = [rs('r1', 1, 0, { annotations: { [REVISION_ANNOTATION]: '1', team: 'a' } }), rs('r2', 2)];
  assert.is(rolloutUndo({ name: 'api', paused: true }, rss, () => false).outcome, 'error');
  const skipped = rolloutUndo({ name: 'api' }, rss, () => true);
  assert.is(skipped.message, 'skipped rollback (current template already matches revision 0)');
  const done = rolloutUndo({ name: 'api', annotations: { [REVISION_ANNOTATION]: '2', team: 'b', other: 'x' } }, rss, () => false);
  assert.equal(done.outcome === 'rolled back' && done.annotations, { [REVISION_ANNOTATION]: '2', team: 'a' });
});

test.run();
