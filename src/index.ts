/**
 * kubesim's public API: load a scenario, simulate it, read the result.
 *
 *   const result = simulate(await loadScenario('scenarios/seed-api.yaml'));
 */
export { loadScenario, type LoadScenarioOptions } from './scenario/index.js';
export { NoiseDraws, simulate, type SimulateOptions } from './world/simulate.js';
export { version } from './version.js';
export type { Scenario } from './scenario/types.js';
export type { RunResult, Summary, Timeseries, TimeseriesColumns, RevisionSeries, EventRow, HpaDecisionRow, SloResult, SloCheck } from './results/types.js';
