/**
 * `large`: one Deployment scaled by its HPA up to 10,000 pods over a simulated day (issue 20's target: ≤ 30 s
 * and ≤ 2 GiB). Peak RSS is the case process's `process.resourceUsage().maxRSS` (main.ts runs every case in its
 * own process).
 */
import { simulate } from '../../world/simulate.js';
import { check, measure, MiB, type BenchCase } from '../harness.js';
import { largeScenario, prepare } from './scenarios.js';

export const LARGE_TARGET_SECONDS = 30;
export const LARGE_TARGET_RSS_MIB = 2048;
export const LARGE_PODS = 10_000;
const PODS = LARGE_PODS;

export const largeCase: BenchCase = {
  name: 'large',
  description: `one Deployment, HPA up to ${PODS.toLocaleString('en-US')} pods over a day`,
  async run(ctx) {
    const scenario = await prepare(ctx.tmpDir, 'large', largeScenario(PODS));
    let maxReady = 0;
    const m = await measure(
      ctx,
      `simulate 1 d, ≤${PODS} pods`,
      () => {
        const r = simulate(scenario);
        maxReady = r.summary.replicas.max;
        return r.stats;
      },
      { runs: Math.min(ctx.runs, 3) },
    );
    const maxRss = process.resourceUsage().maxRSS * 1024;
    const notes = maxReady < PODS ? [`the HPA reached ${maxReady} ready pods, not ${PODS}`] : [];
    return {
      rows: [m],
      checks: [
        check('median wall', m.wall.median, '<=', LARGE_TARGET_SECONDS, 's'),
        check('peak RSS (maxRSS)', maxRss / MiB, '<=', LARGE_TARGET_RSS_MIB, 'MiB'),
      ],
      metrics: { maxReadyPods: maxReady, maxRssBytes: maxRss },
      notes,
    };
  },
};
