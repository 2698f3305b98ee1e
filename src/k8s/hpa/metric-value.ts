/**
 * How a CPU rate becomes the integer the HPA computes with (pure).
 *
 * metrics-server turns two cumulative CPU points into a rate and stores it as an integer count of nanocores,
 * truncating the float (`uint64(cpuUsage)` with scale −9, metrics-server `pkg/storage/types.go` resourceUsage).
 * The HPA's resource metrics client then sums, per pod, each container's `Quantity.MilliValue()`
 * (`pkg/controller/podautoscaler/metrics/client.go`, getPodMetrics), and `MilliValue`
 * rounds *up* to the next millicore (apimachinery `quantity.go` ScaledValue → infScale rounding away from zero
 * for positive values). So 55.4m becomes 56m, and a pod of two 0.1m containers counts 2m.
 */

/** One container's usage, millicores as a float, → the milli-value the HPA reads. */
export function containerCpuMilliValue(cpuMilli: number): number {
  if (!(cpuMilli > 0)) return 0;
  const nanocores = Math.floor(cpuMilli * 1_000_000);
  return Math.ceil(nanocores / 1_000_000);
}

/** A pod's usage as the HPA sums it: Σ MilliValue over its containers. */
export function podCpuMilliValue(containerCpuMilli: readonly number[]): number {
  let sum = 0;
  for (const c of containerCpuMilli) sum += containerCpuMilliValue(c);
  return sum;
}
