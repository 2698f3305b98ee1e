/**
 * What a pod asks for, summed over its containers as upstream sums it. Three readers, three rules:
 *
 * - **scheduler, kubelet admission, ResourceQuota** (`k8s.io/component-helpers/resource/helpers.go` `PodRequests`
 *   and `PodLimits`, used by `pkg/quota/v1/evaluator/core/pods.go`): the containers' sum plus every sidecar
 *   (restartable init container), or the largest init-container step if that is more — an ordinary init
 *   container runs alone after the sidecars declared before it have started, so its step is its own request plus
 *   those sidecars'.
 * - **HPA** (`pkg/controller/podautoscaler/replica_calculator.go` `calculatePodRequests`): containers plus
 *   sidecars, summed; a single container without a request for the resource fails the whole metric
 *   ("missing request for cpu in container X of Pod P"). A ContainerResource metric reads only the named container.
 * - **defaulting** (`pkg/apis/core/v1/defaults.go` `SetDefaults_Pod`): a container with a limit and no request
 *   for a resource gets request = limit, before any of the above reads it.
 *
 * Units: `cpu` in millicores (`MilliValue`), every other resource in whole units (`Value`: bytes for memory);
 * `pods`-like counts are not resources of a container.
 */
import type { Container, PodSpec, ResourceQuantity } from './types.js';

/** The amount of one resource in kubesim's unit for it: millicores for cpu, `Value()` otherwise. */
export function amountOf(resource: string, q: ResourceQuantity): number {
  return resource === 'cpu' ? q.milli : q.value;
}

/** A container's request after API defaulting (request = limit when only the limit is set); undefined = none. */
export function containerRequest(c: Container, resource: string): ResourceQuantity | undefined {
  return c.resources.requests[resource] ?? c.resources.limits[resource];
}

/** Containers the HPA and the running pod count: the app containers, then the sidecars in declaration order. */
export function runningContainers(spec: PodSpec): Container[] {
  return [...spec.containers, ...(spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')];
}

/** Every resource name any container of the pod requests or limits. */
function resourceNames(spec: PodSpec, which: 'requests' | 'limits'): string[] {
  const names = new Set<string>();
  for (const c of [...spec.containers, ...(spec.initContainers ?? [])]) {
    for (const k of Object.keys(c.resources[which])) names.add(k);
    if (which === 'requests') for (const k of Object.keys(c.resources.limits)) names.add(k);
  }
  return [...names].sort();
}

/** Upstream `PodRequests` / `PodLimits` for one resource (0 when nothing asks for it). */
function podAmount(spec: PodSpec, resource: string, read: (c: Container) => ResourceQuantity | undefined): number {
  const of = (c: Container): number => {
    const q = read(c);
    return q ? amountOf(resource, q) : 0;
  };
  let total = 0;
  for (const c of spec.containers) total += of(c);
  let sidecars = 0;
  let initMax = 0;
  for (const c of spec.initContainers ?? []) {
    let step: number;
    if (c.restartPolicy === 'Always') {
      total += of(c);
      sidecars += of(c);
      step = sidecars;
    } else {
      step = of(c) + sidecars;
    }
    initMax = Math.max(initMax, step);
  }
  return Math.max(total, initMax);
}

/** The pod's effective requests by resource, as the scheduler and ResourceQuota count them. */
export function podRequests(spec: PodSpec): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of resourceNames(spec, 'requests')) out[r] = podAmount(spec, r, (c) => containerRequest(c, r));
  return out;
}

/** The pod's effective limits by resource (PodLimits: same shape; a container without a limit adds nothing). */
export function podLimits(spec: PodSpec): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of resourceNames(spec, 'limits')) out[r] = podAmount(spec, r, (c) => c.resources.limits[r]);
  return out;
}

/**
 * The HPA's pod request for `resource` (cpu in millicores, others in milli-units as the HPA compares them:
 * `MilliValue()`), or the upstream error when a counted container has none.
 */
export function hpaPodRequest(spec: PodSpec, podName: string, resource: string, container?: string): { milli: number } | { error: string } {
  let milli = 0;
  let found = container === undefined;
  for (const c of runningContainers(spec)) {
    if (container !== undefined && c.name !== container) continue;
    found = true;
    const q = containerRequest(c, resource);
    if (!q) return { error: `missing request for ${resource} in container ${c.name} of Pod ${podName}` };
    milli += q.milli;
  }
  if (!found) return { error: `container ${container} not found in Pod ${podName}` };
  return { milli };
}
