/**
 * The one pricing formula: requested resources × time, priced per core-hour and per GiB-hour
 * (`spec.pricing`; defaults in the README). The sampler's running `cost_total` and the summary's `cost` both
 * come from here, so they always agree.
 */
import type { PricingSpec } from '../scenario/types.js';

export interface Cost {
  cpuCoreHours: number;
  memoryGiBHours: number;
  total: number;
}

const MS_PER_HOUR = 3_600_000;

/** `cpuMilliMs`: requested millicores × ms; `memoryByteMs`: requested bytes × ms. */
export function costOf(pricing: PricingSpec, cpuMilliMs: number, memoryByteMs: number): Cost {
  const cpuCoreHours = cpuMilliMs / 1000 / MS_PER_HOUR;
  const memoryGiBHours = memoryByteMs / 2 ** 30 / MS_PER_HOUR;
  return { cpuCoreHours, memoryGiBHours, total: cpuCoreHours * pricing.cpuCoreHour + memoryGiBHours * pricing.memoryGiBHour };
}
