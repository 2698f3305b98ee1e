/**
 * Statistics over a variant's seeds: the mean and a two-sided 95 % confidence interval for it from Student's t
 * distribution (mean ± t(0.975, n−1) · s / √n, s the sample standard deviation). One seed gives no interval.
 *
 * t quantiles: exact table for 1–30 degrees of freedom; beyond, the Cornish–Fisher expansion around the
 * normal quantile (error < 1e-6 from 30 on): t(40) = 2.02108, t(60) = 2.00030, t(120) = 1.97993.
 */

/** t(0.975, df) for df = 1 … 30. */
const T975 = [
  12.7062047, 4.3026527, 3.1824463, 2.7764451, 2.5705818, 2.4469119, 2.3646243, 2.3060041, 2.2621572, 2.2281389,
  2.2009852, 2.1788128, 2.1603687, 2.1447867, 2.1314495, 2.1199053, 2.1098156, 2.100922, 2.0930241, 2.0859634,
  2.0796138, 2.0738731, 2.0686576, 2.0638986, 2.0595386, 2.0555294, 2.0518305, 2.0484071, 2.0452296, 2.0422725,
];
const Z975 = 1.959963984540054;

/** The 97.5 % quantile of Student's t with `df` degrees of freedom (df ≥ 1). */
export function tQuantile975(df: number): number {
  if (!(df >= 1)) return NaN;
  if (df <= T975.length && Number.isInteger(df)) return T975[df - 1]!;
  const z = Z975;
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * (5 * z2 * z2 + 16 * z2 + 3)) / 96;
  const g3 = (z * (3 * z2 ** 3 + 19 * z2 * z2 + 17 * z2 - 15)) / 384;
  const g4 = (z * (79 * z2 ** 4 + 776 * z2 ** 3 + 1482 * z2 * z2 - 1920 * z2 - 945)) / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}

export interface MeanCi {
  mean: number;
  /** The interval's ends; null with fewer than two finite values. */
  low: number | null;
  high: number | null;
}

/**
 * Mean and 95 % interval of the finite values (a run where nothing was measured is left out; when none was,
 * the mean is NaN). Values are summed in the order given, so the same seeds always give the same bits.
 */
export function meanCi(values: readonly number[]): MeanCi {
  const xs = values.filter((v) => Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { mean: NaN, low: null, high: null };
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / n;
  if (n === 1) return { mean, low: null, high: null };
  let ss = 0;
  for (const x of xs) ss += (x - mean) ** 2;
  const half = (tQuantile975(n - 1) * Math.sqrt(ss / (n - 1))) / Math.sqrt(n);
  return { mean, low: mean - half, high: mean + half };
}
