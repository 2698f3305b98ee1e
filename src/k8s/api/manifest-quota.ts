/**
 * v1 ResourceQuota: `spec.hard` (quantities, non-negative, as `pkg/apis/core/validation` ValidateResourceQuota).
 *
 * Enforced by kubesim (at pod creation, `k8s/quota/`): `pods`, `count/pods`, `cpu`, `memory`, `requests.cpu`,
 * `requests.memory`, `limits.cpu`, `limits.memory`. Any other hard limit is read and named in a warning: kubesim
 * creates no objects of the other counted kinds while it runs. `scopes` and `scopeSelector` are warned about too
 * (a scoped quota would count a subset of the pods).
 */
import { Fields, invalid, key, type FieldSpec } from './field.js';
import { describeQuantity, parseQuantityField } from './manifest-common.js';
import type { ResourceQuantity, ResourceQuota } from './types.js';

const QUOTA_SPEC: FieldSpec = { modelled: ['hard'], ignored: ['scopes', 'scopeSelector'] };

/** Resource names whose use kubesim counts (pods created by the ReplicaSet controller). */
export const ENFORCED_QUOTA_RESOURCES = ['cpu', 'count/pods', 'limits.cpu', 'limits.memory', 'memory', 'pods', 'requests.cpu', 'requests.memory'];

export function readResourceQuotaSpec(top: Fields): ResourceQuota['spec'] {
  const spec = top.object('spec', QUOTA_SPEC);
  const hard: Record<string, ResourceQuantity> = {};
  if (!spec) return { hard };
  const raw = spec.raw('hard');
  if (raw === undefined) return { hard };
  if (typeof raw !== 'object' || Array.isArray(raw) || raw === null) throw invalid(spec.at('hard'), raw, 'expected a map of resource quantities');
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    const path = key(spec.at('hard'), name);
    const q = parseQuantityField(value, path);
    if (q.sign() < 0) throw invalid(path, q.toString(), 'must be greater than or equal to 0');
    hard[name] = describeQuantity(value, q);
    if (!ENFORCED_QUOTA_RESOURCES.includes(name)) {
      top.warnings.push(`${path}: not modelled by kubesim (it creates no objects of that kind while it runs); ignored`);
    }
  }
  return { hard };
}
