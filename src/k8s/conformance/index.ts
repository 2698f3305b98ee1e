/**
 * The conformance runner: every vector goes through the real code path chosen by its `kind`.
 * Unknown kinds fail and are named. Used by `kubesim conformance` and by the tests.
 */
import { deploymentChecks } from './deployment.js';
import { hpaChecks } from './hpa.js';
import { quantityChecks } from './quantity.js';
import type { Check, Vector } from './types.js';

export type { Check, Vector } from './types.js';

export const checks: Record<string, Check> = { ...quantityChecks, ...deploymentChecks, ...hpaChecks };

export interface VectorResult {
  id: string;
  kind: string;
  passed: boolean;
  differences: string[];
}

export function runVector(vector: Vector): VectorResult {
  const check = checks[vector.kind];
  if (!check) {
    return { id: vector.id, kind: vector.kind, passed: false, differences: [`unknown kind "${vector.kind}"`] };
  }
  let differences: string[];
  try {
    differences = check(vector);
  } catch (e) {
    differences = [`threw: ${e instanceof Error ? e.message : String(e)}`];
  }
  return { id: vector.id, kind: vector.kind, passed: differences.length === 0, differences };
}

export function runVectors(vectors: Vector[]): { passed: number; failed: number; results: VectorResult[] } {
  const results = vectors.map(runVector);
  const passed = results.filter((r) => r.passed).length;
  return { passed, failed: results.length - passed, results };
}
