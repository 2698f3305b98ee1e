/**
 * `scaling`: how wall time grows with the size of the run. The article's service at 1, 2 and 4 weeks, and the
 * `large` Deployment capped at 1,000, 3,000 and 10,000 pods (issue 20: the growth in pods up to the `large`
 * case's size); for each family, the least-squares slope of log(wall) on log(size) — 1 is linear, the target is
 * ≤ 1.1. The larger sizes run once each (the 30 s budget), so the 10,000-pod point costs one `large` run.
 */
import { simulate } from '../../world/simulate.js';
import { check, growthExponent, measure, type BenchCase, type CaseOutput, type Measurement } from '../harness.js';
import { articleScenario, largeScenario, prepare } from './scenarios.js';

export const EXPONENT_TARGET = 1.1;
const WEEKS = [1, 2, 4];
const PODS = [1000, 3000, 10_000];

export const scalingCase: BenchCase = {
  name: 'scaling',
  description: 'growth exponent of wall time: week ×1/×2/×4, large at 1,000/3,000/10,000 pods',
  async run(ctx) {
    const runs = Math.min(ctx.runs, 3);
    const out: CaseOutput = { rows: [], checks: [], metrics: {} };
    const notes: string[] = [];
    const family = async (name: string, sizes: number[], yamlOf: (size: number) => string, label: (size: number) => string): Promise<void> => {
      const done: { size: number; row: Measurement }[] = [];
      for (const size of sizes) {
        try {
          const scenario = await prepare(ctx.tmpDir, `${name}-${size}`, yamlOf(size));
          // the smallest size warms the JIT; the larger ones run long enough not to need it
          const row = await measure(ctx, label(size), () => simulate(scenario).stats, { runs, warmup: done.length === 0 ? 1 : 0 });
          done.push({ size, row });
        } catch (e) {
          notes.push(`${label(size)}: ERROR ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      if (done.length < 2) {
        notes.push(`${name}: fewer than two sizes ran, no exponent`);
        return;
      }
      const exponent = growthExponent(done.map((d) => d.size), done.map((d) => d.row.wall.median));
      const partial = done.length < sizes.length ? ` (${done.length} of ${sizes.length} sizes)` : '';
      out.rows.push(...done.map((d) => d.row));
      out.checks.push(check(`${name} growth exponent${partial}`, exponent, '<=', EXPONENT_TARGET));
      out.metrics![`${name}Exponent`] = exponent;
    };
    await family('week', WEEKS, (w) => articleScenario({ days: 7 * w }), (w) => `article ${w} week${w > 1 ? 's' : ''}`);
    await family('large', PODS, (p) => largeScenario(p), (p) => `large ≤${p} pods`);
    if (out.checks.length === 0) throw new Error(notes.join('; '));
    out.notes = notes;
    return out;
  },
};
