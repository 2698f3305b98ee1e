/**
 * Which series an External metric reads (the external metrics API's `GetExternalMetric(name, namespace,
 * selector)`): every series of that metric name whose labels the metric's `selector` matches (no selector: all).
 */
import { selectorMatches, type LabelSelector } from '../api/types.js';

export function externalSeriesFor<T extends { name: string; labels: Readonly<Record<string, string>> }>(
  m: { name: string; selector?: LabelSelector },
  series: readonly T[],
): T[] {
  return series.filter((s) => s.name === m.name && (!m.selector || selectorMatches(m.selector, s.labels)));
}
