/**
 * `week`: the article's service for 7 simulated days (diurnal 50–600 rps with Poisson noise, HPA 2–50, one
 * rollout a day). Times `simulate` alone; loading the scenario is timed as a second row.
 */
import { loadScenario } from '../../scenario/index.js';
import { simulate } from '../../world/simulate.js';
import { check, measure, type BenchCase } from '../harness.js';
import { articleScenario, prepare, writeScenario } from './scenarios.js';

export const WEEK_TARGET_SECONDS = 0.5;

export const weekCase: BenchCase = {
  name: 'week',
  description: "the article's service for 7 days (diurnal + poisson noise, HPA 2–50, a rollout a day)",
  async run(ctx) {
    const yaml = articleScenario({ days: 7 });
    const scenario = await prepare(ctx.tmpDir, 'week', yaml);
    const sim = await measure(ctx, 'simulate 7 d', () => simulate(scenario).stats);
    const file = writeScenario(ctx.tmpDir, 'week-load', yaml);
    const load = await measure(ctx, 'loadScenario', async () => {
      await loadScenario(file);
    });
    return {
      rows: [sim, load],
      checks: [check('simulate median wall', sim.wall.median, '<=', WEEK_TARGET_SECONDS, 's')],
    };
  },
};
