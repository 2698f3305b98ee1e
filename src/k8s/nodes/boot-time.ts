/**
 * Node boot time (created → Ready) as a seeded distribution per node pool, so time-to-capacity has a realistic
 * spread. A pool gives a fixed duration (`60s`), a preset name, or `{p50, p90}`; a spread is a lognormal fitted to
 * the two percentiles (μ = ln p50, σ = (ln p90 − ln p50) / z0.9), drawn from the pool's own random stream
 * (`nodes/boot/<pool>`), rounded to whole milliseconds and clamped to [p50 / 4, p50 × 8] so one draw cannot freeze
 * or flood a run.
 *
 * Presets, from public figures (the project's research notes, ../shared/research §2.6, list each source):
 *   aks             P50 53 s, P90 67 s. An AKS team benchmark of manual scale-out by one node
 *                   (D8ds_v4/v5, overlay CNI, October 2024, 537 runs). Where it was published is unverified.
 *   aks-burst       P50 76 s, P90 91 s. The same benchmark scaling 3 → 53 nodes at once (1003 runs).
 *   eks-karpenter   P50 40 s, P90 100 s. A Karpenter maintainer gives "about 30-40s" to Ready
 *                   (aws/karpenter-provider-aws#6165); users report 100 s (#4409) and 45 s – 2 min (#3102); the
 *                   P90 is kubesim's reading of those reports, not a measured percentile.
 *   gke-legacy      P50 180 s, P90 240 s. The cluster autoscaler FAQ: "on GCE it usually takes 3 to 4 minutes
 *                   from CA request to when pods can be scheduled" (kubernetes/autoscaler
 *                   cluster-autoscaler/FAQ.md, an old figure).
 *   eks-asg         P50 180 s, P90 240 s. Vendor blogs comparing the cluster autoscaler on EC2 Auto Scaling groups
 *                   with Karpenter give 3–4 minutes (secondary sources).
 */
import type { RandomStream } from '../../engine/random.js';

export const BOOT_TIME_PRESETS = {
  aks: { p50Ms: 53_000, p90Ms: 67_000 },
  'aks-burst': { p50Ms: 76_000, p90Ms: 91_000 },
  'eks-karpenter': { p50Ms: 40_000, p90Ms: 100_000 },
  'gke-legacy': { p50Ms: 180_000, p90Ms: 240_000 },
  'eks-asg': { p50Ms: 180_000, p90Ms: 240_000 },
} as const satisfies Record<string, { p50Ms: number; p90Ms: number }>;

export type BootTimePreset = keyof typeof BOOT_TIME_PRESETS;
export const BOOT_TIME_PRESET_NAMES = Object.keys(BOOT_TIME_PRESETS) as BootTimePreset[];

export type BootTimeSpec = { kind: 'fixed'; ms: number } | { kind: 'lognormal'; p50Ms: number; p90Ms: number; preset: BootTimePreset | null };

/** z of the standard normal at 0.9. */
const Z90 = 1.2815515655446004;

export function presetSpec(name: BootTimePreset): BootTimeSpec {
  return { kind: 'lognormal', ...BOOT_TIME_PRESETS[name], preset: name };
}

/** Parameters of the lognormal through (p50, p90). */
export function lognormalParams(p50Ms: number, p90Ms: number): { mu: number; sigma: number } {
  return { mu: Math.log(p50Ms), sigma: (Math.log(p90Ms) - Math.log(p50Ms)) / Z90 };
}

/** One boot time, in whole ms. A fixed spec draws nothing from the stream. */
export function drawBootTime(spec: BootTimeSpec, random: RandomStream): number {
  if (spec.kind === 'fixed') return spec.ms;
  const { mu, sigma } = lognormalParams(spec.p50Ms, spec.p90Ms);
  const v = Math.exp(mu + sigma * random.normal());
  return Math.round(Math.min(spec.p50Ms * 8, Math.max(spec.p50Ms / 4, v)));
}

/** The name of a pool's boot-time stream (one per pool, so adding a pool never shifts another's draws). */
export function bootTimeStream(pool: string): string {
  return `nodes/boot/${pool}`;
}
