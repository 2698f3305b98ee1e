/**
 * The scenario pipeline, one named call per phase:
 *
 *   readScenarioFile ─▶ applySets(scenario.*) ─▶ addManifestFiles ─▶ applySets(objects) ─▶ parseManifests ─▶ normalizeScenario
 *   (file or stdin)     (may change            (spec.manifests)     (KIND/NAME.PATH)      (typed, defaulted    (defaults, cross-object
 *                        spec.manifests)                                                    Kubernetes objects)  checks, warnings)
 *   … and, just before normalising, `fetchLiveTraffic`: every `prometheus: {url …}` range, fetched once (async).
 *
 * `loadScenario` returns a `Scenario` ready for `simulate` (src/world/simulate.ts). Every bad input is a
 * `UserError` naming the file (or the `--set`/`--seed` flag), the field path and what was expected.
 */
import { isUserError, UserError } from '../engine/errors.js';
import { checkRunSize } from './estimate.js';
import { addManifestFiles, applyNamespace, parseManifests, readScenarioFile, type ReadOptions } from './load.js';
import { normalizeScenario } from './normalize.js';
import { fetchLiveTraffic } from './prometheus-query.js';
import { applySets, blameSet, parseSetExpression, valueAt, type AppliedSet, type SetExpression } from './overrides.js';
import type { Scenario } from './types.js';
import type { InputCache } from './input-cache.js';

export { checkRunSize, describeEstimate, estimateRun, RUN_LIMITS, type RunEstimate } from './estimate.js';
export type { Scenario } from './types.js';
export { parseSetExpression, type SetExpression } from './overrides.js';
export { inputCache, shareTraces, type InputCache } from './input-cache.js';

export interface LoadScenarioOptions extends ReadOptions {
  /** `--set` overrides: expressions (`deploy/api.spec.replicas=3`) or already parsed ones, applied in order. */
  sets?: readonly (string | SetExpression)[];
  /** `--seed`: replaces `spec.seed`. */
  seed?: number;
  /** `-n/--namespace`: the namespace of manifests that name none (kubectl apply -n). */
  namespace?: string;
}

/** The values the scenario as written (after `fixed`) holds at each set's path: a sweep's baseline settings. */
export async function writtenValues(file: string, fixed: readonly SetExpression[], at: readonly SetExpression[], cache?: InputCache): Promise<unknown[]> {
  const loaded = await readScenarioFile(file, cache ? { cache } : {});
  applySets(loaded, fixed.filter((s) => s.target.kind === 'Scenario'));
  addManifestFiles(loaded);
  applySets(loaded, fixed.filter((s) => s.target.kind !== 'Scenario'));
  return at.map((s) => valueAt(loaded, s));
}

export async function loadScenario(file: string, options: LoadScenarioOptions = {}): Promise<Scenario> {
  const sets = (options.sets ?? []).map((s) => (typeof s === 'string' ? parseSetExpression(s) : s));
  if (options.seed !== undefined && !(Number.isSafeInteger(options.seed) && options.seed >= 0)) {
    throw new UserError(`expected an integer of 0 or more, got ${String(options.seed)}`, { file: '--seed' });
  }
  const loaded = await readScenarioFile(file, options);
  const applied: AppliedSet[] = [];
  try {
    applied.push(...applySets(loaded, sets.filter((s) => s.target.kind === 'Scenario')));
    addManifestFiles(loaded);
    applied.push(...applySets(loaded, sets.filter((s) => s.target.kind !== 'Scenario')));
    if (options.namespace !== undefined) applyNamespace(loaded.manifests, options.namespace);
    const { objects, warnings } = parseManifests(loaded.manifests);
    // live Prometheus traffic: fetched once, here, so normalising and simulating stay synchronous and offline
    const fetched = await fetchLiveTraffic(loaded.scenario.doc.spec, loaded.file);
    const scenario = normalizeScenario({ loaded, objects, warnings: [...loaded.warnings, ...warnings], fetched });
    checkRunSize(scenario);
    return options.seed === undefined ? scenario : { ...scenario, seed: options.seed };
  } catch (e) {
    throw isUserError(e) ? blameSet(e, applied) : e;
  }
}
