/**
 * `kubectl rollout undo` for Deployments (`staging/src/k8s.io/kubectl/pkg/polymorphichelpers/rollback.go`).
 * apps/v1 has no server-side rollback: kubectl picks a ReplicaSet and patches the
 * Deployment's template (minus pod-template-hash) and annotations; the controller then treats that as an
 * ordinary template change whose "new RS" is the existing old one.
 *
 * Target: `--to-revision=N` → the RS with revision N ("unable to find specified revision N in history");
 * 0 → the RS with the second-highest revision ("no rollout history found for deployment \"<d>\""). RSs whose
 * revision annotation does not parse are ignored. A paused Deployment is refused; a target whose template
 * already equals the current one is a no-op ("skipped rollback").
 */
import { isSkippedAnnotation } from './sync.js';
import { revisionOf } from './util.js';
import type { ReplicaSet } from './types.js';

type RevisionedRS = Pick<ReplicaSet, 'name' | 'annotations' | 'revision'>;

export type RollbackTarget<T extends RevisionedRS> = { rs: T } | { error: string };

/** deploymentRevision: the RS to roll back to, walking the RSs in the given order as kubectl does. */
export function rollbackTarget<T extends RevisionedRS>(deploymentName: string, rss: readonly T[], toRevision = 0): RollbackTarget<T> {
  let latest: T | null = null;
  let latestRevision = -1;
  let previous: T | null = null;
  let previousRevision = -1;
  for (const rs of rss) {
    const v = revisionOf(rs);
    if (v === undefined) continue;
    if (toRevision === 0) {
      if (latestRevision < v) {
        previous = latest;
        previousRevision = latestRevision;
        latest = rs;
        latestRevision = v;
      } else if (previousRevision < v) {
        previous = rs;
        previousRevision = v;
      }
    } else if (toRevision === v) {
      return { rs };
    }
  }
  if (toRevision > 0) return { error: `unable to find specified revision ${toRevision} in history` };
  if (!previous) return { error: `no rollout history found for deployment "${deploymentName}"` };
  return { rs: previous };
}

export type RollbackResult<T extends RevisionedRS> =
  | { outcome: 'rolled back'; rs: T; annotations: Record<string, string>; message: string }
  | { outcome: 'skipped'; rs: T; message: string }
  | { outcome: 'error'; message: string };

/**
 * The whole `rollout undo`: `matchesCurrentTemplate(rs)` says whether the RS's template equals the Deployment's
 * (ignoring pod-template-hash). On success, `annotations` are the Deployment's new annotations; the caller copies
 * the RS's template into the Deployment.
 */
export function rolloutUndo<T extends RevisionedRS>(
  d: { name: string; paused?: boolean; annotations?: Record<string, string> },
  rss: readonly T[],
  matchesCurrentTemplate: (rs: T) => boolean,
  toRevision = 0,
): RollbackResult<T> {
  if (d.paused) {
    return { outcome: 'error', message: "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again" };
  }
  const target = rollbackTarget(d.name, rss, toRevision);
  if ('error' in target) return { outcome: 'error', message: target.error };
  if (matchesCurrentTemplate(target.rs)) {
    return { outcome: 'skipped', rs: target.rs, message: `skipped rollback (current template already matches revision ${toRevision})` };
  }
  return { outcome: 'rolled back', rs: target.rs, annotations: rollbackAnnotations(d.annotations ?? {}, target.rs.annotations), message: 'rolled back' };
}

/** SetDeploymentAnnotationsTo: the Deployment keeps its own skip-list annotations and takes every other from the RS. */
export function rollbackAnnotations(deployment: Record<string, string>, rs: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(deployment)) if (isSkippedAnnotation(k)) out[k] = v;
  for (const [k, v] of Object.entries(rs)) if (!isSkippedAnnotation(k)) out[k] = v;
  return out;
}
