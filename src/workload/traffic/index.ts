/** Offered traffic: typed generator specs, the `TrafficSource` interface, and the combined source of one Service. */
export * from './types.js';
export { PiecewiseLinear } from './segments.js';
export { ConstantTraffic, constantTraffic } from './constant.js';
export { stepsTraffic } from './steps.js';
export { rampTraffic } from './ramp.js';
export { spikeTraffic } from './spike.js';
export { DiurnalTraffic, diurnalTraffic } from './diurnal.js';
export { csvTraffic, loadCsvTrace, parseCsvTrace } from './csv.js';
export { NoiseDraws, NoisyTraffic } from './noise.js';
export { SumTraffic, createGenerator, createTrafficSource, type TrafficSourceOptions } from './combined.js';
export { mergeSeries, type MergedTrace, type SampledSeries } from './series.js';
export { parsePrometheusResponse, prometheusTrace, mergeResponses, formatLabels, PROMETHEUS_MAX_POINTS, type ParsedResponse } from './prometheus.js';
export { parseGrafanaCsv } from './grafana.js';
export { solveClosedNetwork, evaluateClosedPod, type ClosedNetwork, type ClosedSolution, type KindSolution, type StationKind } from './closed-loop.js';
