/**
 * ResourceQuota admission of a pod create (plugin/pkg/admission/resourcequota/controller.go `checkRequest`, the
 * pod evaluator pkg/quota/v1/evaluator/core/pods.go): the pod's usage is added to what the namespace already uses;
 * a quota whose hard limits the sum would pass refuses the create with
 *
 *   pods "NAME" is forbidden: exceeded quota: QUOTA, requested: R, used: U, limited: L
 *
 * where R, U and L list only the exceeded resources, `key=quantity` sorted by key and joined by "," (prettyPrint).
 * A quota that tracks `requests.cpu`/`cpu` (or memory, or limits.*) refuses a pod whose containers do not all set
 * that resource (`failed quota: QUOTA: must specify requests.cpu`). Used = the pods of the namespace that are
 * not terminal (terminating pods still count until they are gone, as within their grace period upstream).
 */
import { containerRequest, podLimits, podRequests, runningContainers } from '../api/resources.js';
import type { PodSpec, ResourceQuota } from '../api/types.js';
import { parseQuantity } from '../api/quantity.js';

/** A pod's usage of every resource a quota can track (cpu in millicores, memory in bytes, counts in pods). */
export function podQuotaUsage(spec: PodSpec): Record<string, number> {
  const req = podRequests(spec);
  const lim = podLimits(spec);
  const u: Record<string, number> = { pods: 1, 'count/pods': 1 };
  for (const r of ['cpu', 'memory']) {
    if (req[r] !== undefined) u[r] = u[`requests.${r}`] = req[r];
    if (lim[r] !== undefined) u[`limits.${r}`] = lim[r];
  }
  return u;
}

/** Which compute resources of `hard` every container must set (pods.go: requests.* / limits.* constraints). */
function missingConstraint(spec: PodSpec, hard: Readonly<Record<string, unknown>>): string[] {
  const missing = new Set<string>();
  const containers = [...runningContainers(spec), ...(spec.initContainers ?? []).filter((c) => c.restartPolicy !== 'Always')];
  for (const r of ['cpu', 'memory']) {
    const needRequest = `requests.${r}` in hard || r in hard;
    const needLimit = `limits.${r}` in hard;
    for (const c of containers) {
      if (needRequest && !containerRequest(c, r)) missing.add(`requests.${r}`);
      if (needLimit && !c.resources.limits[r]) missing.add(`limits.${r}`);
    }
  }
  return [...missing].sort();
}

/** A quantity as upstream prints it (canonical form): cpu from millicores, memory in binary units when exact. */
function amount(resource: string, v: number): string {
  if (resource === 'cpu' || resource.endsWith('.cpu')) return parseQuantity(`${v}m`).toString();
  if (resource === 'memory' || resource.endsWith('.memory')) {
    for (const [suffix, f] of [['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) {
      if (v > 0 && v % f === 0) return parseQuantity(`${v / f}${suffix}`).toString();
    }
  }
  return parseQuantity(String(v)).toString();
}

function prettyPrint(list: Readonly<Record<string, number>>, keys: readonly string[]): string {
  return keys.map((k) => `${k}=${amount(k, list[k] ?? 0)}`).join(',');
}

/** Upstream's hard limits in kubesim's units (cpu milli, others `Value()`). */
export function hardOf(q: ResourceQuota): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(q.spec.hard)) out[k] = k === 'cpu' || k.endsWith('.cpu') ? v.milli : v.value;
  return out;
}

/**
 * null = admitted; otherwise the error text after `pods "NAME" is forbidden: `. `used` is each quota's current
 * usage (by quota name), computed by the caller from the namespace's live pods.
 */
export function admitPod(
  spec: PodSpec,
  quotas: readonly ResourceQuota[],
  used: (q: ResourceQuota) => Readonly<Record<string, number>>,
): string | null {
  const delta = podQuotaUsage(spec);
  for (const q of [...quotas].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))) {
    const hard = hardOf(q);
    const missing = missingConstraint(spec, hard);
    if (missing.length > 0) return `failed quota: ${q.metadata.name}: must specify ${missing.join(',')}`;
    const u = used(q);
    const exceeded = Object.keys(hard)
      .filter((k) => delta[k] !== undefined && (u[k] ?? 0) + delta[k]! > hard[k]!)
      .sort();
    if (exceeded.length > 0) {
      return `exceeded quota: ${q.metadata.name}, requested: ${prettyPrint(delta, exceeded)}, used: ${prettyPrint(u, exceeded)}, limited: ${prettyPrint(hard, exceeded)}`;
    }
  }
  return null;
}

/** The usage of `pods` (each a pod spec) against one quota's tracked resources. */
export function usageOf(pods: readonly PodSpec[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const p of pods) for (const [k, v] of Object.entries(podQuotaUsage(p))) total[k] = (total[k] ?? 0) + v;
  return total;
}
