/**
 * The comparison's decisions, as pure functions of numbers:
 *
 *   paretoFrontier   the variants no other variant beats on both mean cost and mean failed requests (both
 *                    minimised). Identical points are all on it. Sorted by cost, then failed requests, then index.
 *   sloShortfall     how far a variant's seeds are from its SLO: for each target, the worst seed's miss relative
 *                    to the target (availability: relative to the error budget 1 − target), summed over targets;
 *                    0 when every seed meets every target.
 *   recommend        the cheapest variant meeting every SLO on every seed (ties: the lower index), with its
 *                    saving against the baseline; when none does, the one with the smallest shortfall (ties:
 *                    cheaper, then lower index).
 *
 * Worked example (cost, failed): a (1, 9), b (2, 4), c (3, 4), d (4, 0), e (2, 4) → frontier a, b, e, d:
 * a is the cheapest, d fails least, b and e are the same point; c is beaten by b (same failures, cheaper).
 */
import type { RunCheck } from './records.js';

export interface FrontierPoint {
  index: number;
  cost: number;
  failed: number;
}

/** Indices of the points on the Pareto frontier (minimising cost and failed requests), cheapest first. */
export function paretoFrontier(points: readonly FrontierPoint[]): number[] {
  const usable = points.filter((p) => Number.isFinite(p.cost) && Number.isFinite(p.failed));
  usable.sort((a, b) => a.cost - b.cost || a.failed - b.failed || a.index - b.index);
  const out: number[] = [];
  let bestFailed = Infinity;
  let bestCost = NaN;
  for (const p of usable) {
    if (p.failed < bestFailed) {
      out.push(p.index);
      bestFailed = p.failed;
      bestCost = p.cost;
    } else if (p.failed === bestFailed && p.cost === bestCost) {
      out.push(p.index); // the same point as the last one: neither beats the other
    }
  }
  return out;
}

/** One SLO target missed on at least one seed. */
export interface Missed {
  name: string;
  /** The worst seed's check. */
  worst: RunCheck;
  /** Seeds that missed it, of `seeds`. */
  missedOn: number;
  seeds: number;
  /** The worst seed's miss relative to the target (see the module comment). */
  relative: number;
}

export interface Shortfall {
  /** null when there is no SLO. */
  met: boolean | null;
  /** Seeds that met every target. */
  metSeeds: number;
  shortfall: number;
  missed: Missed[];
}

const HIGHER_IS_BETTER = new Set(['availability']);

/** How far one check is from its target, relative to it: 0 when met, Infinity when nothing was measured. */
export function relativeMiss(c: RunCheck): number {
  if (c.met) return 0;
  if (!Number.isFinite(c.actual)) return Infinity;
  if (HIGHER_IS_BETTER.has(c.name)) return Math.max(0, c.target - c.actual) / Math.max(1 - c.target, 1e-9);
  return Math.max(0, c.actual - c.target) / Math.max(Math.abs(c.target), 1e-9);
}

/** A variant's SLO standing from its seeds' checks (null checks: the scenario has no SLO). */
export function sloShortfall(seeds: readonly (readonly RunCheck[] | null)[]): Shortfall {
  if (seeds.length === 0 || seeds.some((s) => s === null)) return { met: null, metSeeds: 0, shortfall: 0, missed: [] };
  const checks = seeds as readonly (readonly RunCheck[])[];
  const names = [...new Set(checks.flatMap((s) => s.map((c) => c.name)))];
  const missed: Missed[] = [];
  for (const name of names) {
    const ofName = checks.map((s) => s.find((c) => c.name === name)).filter((c): c is RunCheck => c !== undefined);
    const failing = ofName.filter((c) => !c.met);
    if (failing.length === 0) continue;
    let worst = failing[0]!;
    for (const c of failing) if (relativeMiss(c) > relativeMiss(worst)) worst = c;
    missed.push({ name, worst, missedOn: failing.length, seeds: checks.length, relative: relativeMiss(worst) });
  }
  const metSeeds = checks.filter((s) => s.every((c) => c.met)).length;
  const shortfall = missed.reduce((sum, m) => sum + m.relative, 0);
  return { met: missed.length === 0, metSeeds, shortfall, missed };
}

export interface Candidate {
  index: number;
  /** Mean cost over seeds. */
  cost: number;
  slo: Shortfall;
}

export type Recommendation =
  | {
      status: 'meets-slo';
      index: number;
      cost: number;
      /** The baseline's mean cost and what the recommendation saves against it (negative: it costs more). */
      baselineCost: number | null;
      savings: number | null;
      savingsFraction: number | null;
      baselineMeetsSlo: boolean | null;
    }
  | { status: 'closest'; index: number; cost: number; shortfall: number; missed: Missed[] }
  | { status: 'no-slo' }
  | { status: 'no-variants' };

const byCost = (a: Candidate, b: Candidate): number => finiteOr(a.cost) - finiteOr(b.cost) || a.index - b.index;
/** Non-finite sorts last (and equal to other non-finite values, so the next key decides). */
const finiteOr = (x: number): number => (Number.isFinite(x) ? x : Number.MAX_VALUE);

export function recommend(candidates: readonly Candidate[], baselineIndex: number | null): Recommendation {
  if (candidates.length === 0) return { status: 'no-variants' };
  if (candidates.every((c) => c.slo.met === null)) return { status: 'no-slo' };
  const meeting = candidates.filter((c) => c.slo.met === true).sort(byCost);
  const best = meeting[0];
  if (best) {
    const base = baselineIndex === null ? undefined : candidates.find((c) => c.index === baselineIndex);
    const baselineCost = base && Number.isFinite(base.cost) ? base.cost : null;
    const savings = baselineCost === null ? null : baselineCost - best.cost;
    return {
      status: 'meets-slo',
      index: best.index,
      cost: best.cost,
      baselineCost,
      savings,
      savingsFraction: savings !== null && baselineCost! > 0 ? savings / baselineCost! : null,
      baselineMeetsSlo: base ? base.slo.met : null,
    };
  }
  const closest = candidates
    .filter((c) => c.slo.met === false)
    .sort((a, b) => finiteOr(a.slo.shortfall) - finiteOr(b.slo.shortfall) || byCost(a, b))[0]!;
  return { status: 'closest', index: closest.index, cost: closest.cost, shortfall: closest.slo.shortfall, missed: closest.slo.missed };
}
