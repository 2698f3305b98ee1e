/**
 * What the run report and the comparison report share: the self-contained HTML page around their sections
 * (no scripts, no network: a Content-Security-Policy that allows only inline styles and data images), and the
 * key numbers of a run's summary.
 */
import { escapeHtml as h, formatDuration, formatInt, formatMs, formatNumber, formatAvailability } from '../results/format.js';
import { SUMMARY_LABELS } from './messages.js';
import type { Summary } from './types.js';

export function htmlPage(title: string, css: string, sections: readonly string[]): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${h(title)}</title>`,
    `<style>${css}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...sections,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The run's key numbers as (label, value) pairs, cost excluded (each report shows cost its own way). */
export function keyNumberPairs(s: Summary): Array<[string, string]> {
  const L = SUMMARY_LABELS;
  return [
    [L.offered, formatInt(s.requests.offered)],
    [L.served, formatInt(s.requests.served)],
    [L.failed, formatInt(s.requests.failed)],
    [L.availability, formatAvailability(s.availability)],
    [L.outage, formatDuration(s.outageSeconds)],
    [L.latency, `${formatMs(s.latency.p50)} / ${formatMs(s.latency.p95)} / ${formatMs(s.latency.p99)}`],
    [L.replicas, `${formatInt(s.replicas.min)} / ${formatNumber(s.replicas.mean, 1)} / ${formatInt(s.replicas.max)}`],
    [L.scaling, `${formatInt(s.scaling.scaleUps)} / ${formatInt(s.scaling.scaleDowns)}`],
    ...(s.clients
      ? ([
          [L.clients, `${formatInt(s.clients.originalRequests)} / ${formatInt(s.clients.retries)} / ${formatInt(s.clients.finallyFailed)}`],
          [L.amplification, `×${formatNumber(s.clients.amplification, 2)}`],
        ] as Array<[string, string]>)
      : []),
  ];
}
