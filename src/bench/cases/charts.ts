/**
 * `charts`: the report (`buildReport`: five Vega-Lite charts rendered to SVG, report.html, summary.md) of the
 * `week` run. The run itself is made once, untimed.
 */
import type { RunResult } from '../../results/types.js';
import { buildReport } from '../../report/index.js';
import type { ReportInput } from '../../report/types.js';
import { simulate } from '../../world/simulate.js';
import { check, measure, type BenchCase } from '../harness.js';
import { articleScenario, prepare } from './scenarios.js';

export const CHARTS_TARGET_SECONDS = 1;

/** A run's outputs as the report layer reads them (its timeseries as named columns). */
export function reportInputOf(result: RunResult): ReportInput {
  return {
    summary: result.summary,
    timeseries: result.timeseries.columns,
    events: result.events,
  };
}

export const chartsCase: BenchCase = {
  name: 'charts',
  description: 'buildReport (charts to SVG, HTML, markdown) of the 7-day week run',
  async run(ctx) {
    const scenario = await prepare(ctx.tmpDir, 'week', articleScenario({ days: 7 }));
    const input = reportInputOf(simulate(scenario));
    let files = 0;
    const m = await measure(ctx, 'buildReport', async () => {
      files = (await buildReport(input)).size;
    });
    return {
      rows: [m],
      checks: [check('median wall', m.wall.median, '<=', CHARTS_TARGET_SECONDS, 's')],
      metrics: { files, timeseriesRows: input.timeseries.time.length },
    };
  },
};
