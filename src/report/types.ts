/**
 * The reporting layer's contract: exactly the data a finished run hands over (summary.json, the timeseries
 * columns, the event rows, the scenario's SLO targets). The types are the run's own (src/results/types.ts):
 * one definition, read here. Nothing here refers to simulation internals.
 */
import type { Column, EventRow, HpaDecisionRow, RevisionSeries, RolloutRecord, SloCheck, SloResult, SloTargets, Summary, TimeseriesColumns } from '../results/types.js';

export type { Column, EventRow, SloCheck, SloResult, SloTargets, Summary };
export type RolloutSummary = RolloutRecord;
/** timeseries.csv as columns (the report reads columns by name). */
export type Timeseries = TimeseriesColumns;

export interface ReportInput {
  summary: Summary;
  timeseries: Timeseries;
  /** Ready pods per ReplicaSet (revisions.csv): the pods chart stacks them; without it, one area of all ready pods. */
  revisions?: RevisionSeries;
  events: readonly EventRow[];
  slo?: SloTargets;
  /** The HPA decision log (hpa.csv): the story reads why an HPA held. */
  hpaDecisions?: readonly HpaDecisionRow[];
  /** Also produce `junit.xml` (one testcase per SLO). */
  junit?: boolean;
}
