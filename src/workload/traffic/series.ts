/**
 * Sampled series (Prometheus matrices, Grafana exports) → one piecewise-constant trace, with every oddity counted
 * and reported instead of dropped silently.
 *
 * Rules, the same for every source:
 * - A sample holds until the series' next sample (the trace is piecewise constant, like `csv`).
 * - `NaN`, `+Inf`, `-Inf` and empty cells are not rates: the series holds its previous value there (0 before its
 *   first finite value). Negative values count as 0. Each kind is counted in a warning.
 * - A gap (consecutive samples more than 1.5 steps apart; the step is given or the most common spacing) holds the
 *   previous value too, and is reported with its length and start.
 * - Several series are summed at every timestamp of any of them. A series contributes from its first sample to its
 *   last; after its last sample it counts as 0 (Prometheus' `sum` forgets a series that stopped), except that the
 *   trace as a whole holds its final value after the last timestamp, as a CSV trace does.
 * - Timestamps are wall-clock (ms since the epoch); t = 0 is `originMs` (default the first sample). Samples before
 *   the origin fold into t = 0 (the value holding at the origin).
 */
import type { CsvTrace } from './types.js';

export interface SampledSeries {
  /** How the series is named in messages (`{pod="api-1"}`, a CSV column name). */
  label: string;
  /** Wall-clock times, ms since the epoch, increasing. */
  timesMs: number[];
  /** The samples; NaN for a missing value. */
  values: number[];
}

export interface MergeOptions {
  /** What the trace is, for warnings (`spec.traffic.api[0].prometheus: traces/api.json`). */
  what: string;
  /** Wall-clock time of t = 0; default the first sample. */
  originMs?: number;
  /** Sample spacing, for gap detection; default the most common spacing. */
  stepMs?: number;
  /** Multiplies every value (default 1). */
  scale?: number;
}

export interface MergedTrace {
  trace: CsvTrace;
  warnings: string[];
  /** Wall-clock time of t = 0, ms. */
  originMs: number;
  /** The step used for gap detection (0 with a single sample). */
  stepMs: number;
}

export function mergeSeries(series: readonly SampledSeries[], file: string, options: MergeOptions): MergedTrace {
  const warnings: string[] = [];
  const scale = options.scale ?? 1;
  let nan = 0;
  let posInf = 0;
  let negInf = 0;
  let negative = 0;
  const cleaned = series.map((s) => {
    const v = new Float64Array(s.values.length);
    let prev = 0;
    for (let i = 0; i < s.values.length; i++) {
      const x = s.values[i]!;
      if (Number.isNaN(x)) nan++;
      else if (x === Infinity) posInf++;
      else if (x === -Infinity) negInf++;
      else {
        if (x < 0) negative++;
        prev = Math.max(0, x) * scale;
      }
      v[i] = prev;
    }
    return { label: s.label, t: s.timesMs, v };
  });
  const stepMs = options.stepMs ?? commonStep(series);

  // gaps
  let gaps = 0;
  let longest = 0;
  let longestAt = 0;
  let longestIn = '';
  if (stepMs > 0) {
    for (const s of cleaned) {
      for (let i = 1; i < s.t.length; i++) {
        const d = s.t[i]! - s.t[i - 1]!;
        if (d > 1.5 * stepMs) {
          gaps++;
          if (d > longest) {
            longest = d;
            longestAt = s.t[i - 1]!;
            longestIn = s.label;
          }
        }
      }
    }
  }

  // union of timestamps, and the sum at each
  const all: number[] = [];
  for (const s of cleaned) for (const t of s.t) all.push(t);
  all.sort((a, b) => a - b);
  const union: number[] = [];
  for (const t of all) if (union.length === 0 || union[union.length - 1] !== t) union.push(t);
  const sums = new Float64Array(union.length);
  let endedEarly = 0;
  const lastOverall = union[union.length - 1] ?? 0;
  for (const s of cleaned) {
    if (s.t.length === 0) continue;
    const first = s.t[0]!;
    const last = s.t[s.t.length - 1]!;
    if (last < lastOverall) endedEarly++;
    let k = 0;
    for (let u = 0; u < union.length; u++) {
      const t = union[u]!;
      if (t < first) continue;
      if (t > last) break;
      while (k + 1 < s.t.length && s.t[k + 1]! <= t) k++;
      sums[u] += s.v[k]!;
    }
  }

  const originMs = options.originMs ?? union[0] ?? 0;
  const times: number[] = [];
  const rps: number[] = [];
  for (let u = 0; u < union.length; u++) {
    const t = Math.max(0, Math.round(union[u]! - originMs));
    if (times.length > 0 && times[times.length - 1] === t) {
      rps[rps.length - 1] = sums[u]!; // an earlier sample folded into t = 0 (or two within one ms): the later holds
      continue;
    }
    times.push(t);
    rps.push(sums[u]!);
  }

  const what = options.what;
  if (series.length > 1) warnings.push(`${what}: ${series.length} series summed (${listLabels(series)})`);
  if (gaps > 0) {
    warnings.push(
      `${what}: ${gaps} gap${gaps === 1 ? '' : 's'} in the samples (step ${formatMs(stepMs)}; longest ${formatMs(longest)} from ${new Date(longestAt).toISOString()}${series.length > 1 ? ` in ${longestIn}` : ''}); the previous value is held across a gap`,
    );
  }
  const bad = [
    nan ? `${nan} NaN or empty` : '',
    posInf ? `${posInf} +Inf` : '',
    negInf ? `${negInf} -Inf` : '',
  ].filter((x) => x !== '');
  if (bad.length > 0) warnings.push(`${what}: ${bad.join(', ')} value${nan + posInf + negInf === 1 ? '' : 's'} replaced by the series' previous value`);
  if (negative > 0) warnings.push(`${what}: ${negative} negative value${negative === 1 ? '' : 's'} counted as 0 requests/second`);
  if (endedEarly > 0 && series.length > 1) warnings.push(`${what}: ${endedEarly} series end before the last sample and count as 0 after their last sample`);
  if (originMs > (union[0] ?? originMs)) {
    warnings.push(`${what}: samples before the start (${new Date(originMs).toISOString()}) are dropped (the value holding at the start is kept)`);
  }
  return { trace: { file, timesMs: Float64Array.from(times), rps: Float64Array.from(rps) }, warnings, originMs, stepMs };
}

/** The most common spacing between consecutive samples of any series (0 if none). */
export function commonStep(series: readonly SampledSeries[]): number {
  const counts = new Map<number, number>();
  for (const s of series) {
    for (let i = 1; i < s.timesMs.length; i++) {
      const d = s.timesMs[i]! - s.timesMs[i - 1]!;
      if (d > 0) counts.set(d, (counts.get(d) ?? 0) + 1);
    }
  }
  let best = 0;
  let bestCount = 0;
  for (const [d, c] of counts) {
    if (c > bestCount || (c === bestCount && d < best)) {
      best = d;
      bestCount = c;
    }
  }
  return best;
}

function listLabels(series: readonly SampledSeries[]): string {
  const names = series.slice(0, 3).map((s) => s.label);
  return series.length > 3 ? `${names.join(', ')}, and ${series.length - 3} more` : names.join(', ');
}

/** 90000 → 1m30s, 15000 → 15s, 500 → 0.5s. */
export function formatMs(ms: number): string {
  if (ms === 0) return '0s';
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
}
