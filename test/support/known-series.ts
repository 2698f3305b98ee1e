/**
 * One known traffic series, written out in every format kubesim reads (a saved Prometheus response, a Grafana
 * CSV export, OpenMetrics for `promtool tsdb create-blocks-from openmetrics`), so tests can check that each gives
 * the same traffic.
 */

/** 2026-11-02T00:00:00Z, Unix seconds. */
export const KNOWN_START_S = Date.UTC(2026, 10, 2) / 1000;
export const KNOWN_STEP_S = 15;
export const KNOWN_METRIC = 'kubesim_known_rps';

/** Values of `app` at sample i: exact decimals (one digit after the point), never negative. */
export function knownValue(app: 'api' | 'web', i: number): number {
  const base = app === 'api' ? 100 : 20;
  return base + ((i * 37) % 50) + (i % 2) * 0.5;
}

/** Sample times (Unix s) and the api series' values; `points` samples from the start. */
export function knownSeries(points: number, app: 'api' | 'web' = 'api'): { times: number[]; values: number[] } {
  const times: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < points; i++) {
    times.push(KNOWN_START_S + i * KNOWN_STEP_S);
    values.push(knownValue(app, i));
  }
  return { times, values };
}

/** A query_range response as Prometheus writes it (values as strings). */
export function promResponse(series: { metric: Record<string, string>; times: number[]; values: (number | string)[] }[]): string {
  return JSON.stringify({
    status: 'success',
    data: {
      resultType: 'matrix',
      result: series.map((s) => ({ metric: s.metric, values: s.times.map((t, i) => [t, String(s.values[i])]) })),
    },
  });
}

/** OpenMetrics text of both series (`# EOF` terminated), timestamps in seconds. */
export function knownOpenMetrics(points: number): string {
  const lines = [`# TYPE ${KNOWN_METRIC} gauge`];
  for (let i = 0; i < points; i++) {
    const t = KNOWN_START_S + i * KNOWN_STEP_S;
    lines.push(`${KNOWN_METRIC}{app="api"} ${knownValue('api', i)} ${t}`);
    lines.push(`${KNOWN_METRIC}{app="web"} ${knownValue('web', i)} ${t}`);
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}
