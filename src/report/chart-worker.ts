/**
 * The chart worker thread: imports vega at once (so the import overlaps the caller's loading and simulating),
 * then answers one message of Vega-Lite specs with their SVGs (or the error's message).
 */
import { parentPort } from 'node:worker_threads';
import type { TopLevelSpec } from 'vega-lite';
import { renderCharts } from './render.js';

const port = parentPort!;
port.on('message', (specs: Record<string, TopLevelSpec>) => {
  const warnings: string[] = [];
  renderCharts(specs, { onWarning: (w) => warnings.push(w) }).then(
    (svgs) => port.postMessage({ ok: true, svgs, warnings }),
    (e: unknown) => port.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e), warnings }),
  );
});
