/**
 * The one pricing formula: requested resources × time, priced per core-hour and per GiB-hour
 * (`spec.pricing`; defaults in the README). The sampler's running `cost_total` and the summary's `cost` both
 * come from here, so they always agree.
 */
import type { NodeState } from '../k8s/cluster/types.js';
import type { PricingSpec } from '../scenario/types.js';

export interface Cost {
  cpuCoreHours: number;
  memoryGiBHours: number;
  total: number;
}

const MS_PER_HOUR = 3_600_000;

/**
 * The node bill: node-hours × the pool's price per hour for every node of the pools, up to `now` (a node bills
 * from its creation — t=0 for the initial nodes — until it is removed, Ready or not).
 */
export function nodeCostOf(nodes: readonly NodeState[], now: number): { nodeHours: number; total: number } {
  let nodeHours = 0;
  let total = 0;
  for (const n of nodes) {
    const hours = Math.max(0, Math.min(now, n.deletedMs ?? now) - Math.max(0, n.createdMs)) / MS_PER_HOUR;
    nodeHours += hours;
    total += hours * n.pool.pricePerHour;
  }
  return { nodeHours, total };
}

/** `cpuMilliMs`: requested millicores × ms; `memoryByteMs`: requested bytes × ms. */
export function costOf(pricing: PricingSpec, cpuMilliMs: number, memoryByteMs: number): Cost {
  const cpuCoreHours = cpuMilliMs / 1000 / MS_PER_HOUR;
  const memoryGiBHours = memoryByteMs / 2 ** 30 / MS_PER_HOUR;
  return { cpuCoreHours, memoryGiBHours, total: cpuCoreHours * pricing.cpuCoreHour + memoryGiBHours * pricing.memoryGiBHour };
}
