/**
 * The chart worker thread: imports vega at once (so the import overlaps the caller's loading and simulating),
 * then answers one message of Vega-Lite specs with their SVGs (or the error's message). On a `warm` message it
 * first draws the warm-up charts (warm-up.ts), one at a time, and stops as soon as the real specs arrive: the
 * run's charts then wait for at most the one warm-up chart being drawn.
 */
import { parentPort } from 'node:worker_threads';
import type { TopLevelSpec } from 'vega-lite';
import { renderCharts, renderSvg } from './render.js';
import { warmUpSpecs } from './warm-up.js';

const port = parentPort!;
let queue: Promise<unknown> = Promise.resolve();
let wanted = false;
port.on('message', (message: 'warm' | Record<string, TopLevelSpec>) => {
  if (message === 'warm') {
    const next = () => new Promise((resolve) => setImmediate(resolve));
    queue = queue.then(async () => {
      for (const spec of warmUpSpecs()) {
        await next(); // lets the real specs in between two warm-up charts
        if (wanted) return;
        await renderSvg(spec).catch(() => {});
      }
    });
    return;
  }
  wanted = true;
  const warnings: string[] = [];
  queue = queue.then(() =>
    renderCharts(message, { onWarning: (w) => warnings.push(w) }).then(
      (svgs) => port.postMessage({ ok: true, svgs, warnings }),
      (e: unknown) => port.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e), warnings }),
    ),
  );
});
