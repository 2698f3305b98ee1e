/**
 * Chart rendering off the main thread. `startChartRenderer()` starts a worker thread that loads vega while the
 * caller loads and simulates (vega's import alone is ~0.25 s); `render(specs)` hands it the specs and resolves
 * with the SVGs, while the caller writes its CSV files. The SVGs are the same bytes as `renderCharts` on the
 * calling thread (ids are renamed per chart, so nothing depends on what a thread rendered before).
 *
 * On one core, or when the worker cannot start or fails, the charts are rendered on the calling thread (vega is
 * then imported only when the first chart is drawn). Under tsx (tests) the worker starts from a bootstrap that
 * registers tsx, as the sweep's workers do.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TopLevelSpec } from 'vega-lite';

/** Specs by key; each chart's ids are prefixed with its key. */
export type Specs = Readonly<Record<string, TopLevelSpec>>;
export type Svgs = Record<string, string>;

export interface ChartRenderer {
  /** Renders every chart (once per renderer); warnings go to `onWarning`. */
  render(specs: Specs, onWarning?: (message: string) => void): Promise<Svgs>;
  /** Asks the worker to draw its warm-up charts while it waits (warm-up.ts; nothing on this thread). */
  warm(): void;
  /** Stops the worker (idempotent; call it on every path, error paths included). */
  close(): Promise<void>;
}

type Reply = { ok: true; svgs: Svgs; warnings: string[] } | { ok: false; message: string; warnings: string[] };

/** Renders on the calling thread, importing vega on first use. */
export const inThreadRenderer = (): ChartRenderer => ({
  render: async (specs, onWarning) => (await import('./render.js')).renderCharts(specs, { onWarning }),
  warm: () => {},
  close: async () => {},
});

export function startChartRenderer(options: { thread?: boolean } = {}): ChartRenderer {
  if (options.thread === false || availableParallelism() < 2) return inThreadRenderer();
  let worker: Worker | null;
  try {
    worker = startWorker();
  } catch {
    return inThreadRenderer();
  }
  worker.unref(); // never keeps the process alive by itself
  let failed: Error | null = null;
  worker.on('error', (e) => (failed = e));
  return {
    render: (specs, onWarning) => {
      const w = worker;
      if (w === null || failed !== null) return inThreadRenderer().render(specs, onWarning);
      return new Promise<Reply>((resolve, reject) => {
        w.once('message', resolve);
        w.once('error', reject);
        w.once('exit', (code) => reject(new Error(`the chart worker stopped (exit code ${code})`)));
        w.postMessage(specs);
      }).then(
        (reply) => {
          for (const m of reply.warnings) onWarning?.(m);
          if (!reply.ok) throw new Error(reply.message);
          return reply.svgs;
        },
        () => inThreadRenderer().render(specs, onWarning), // the worker died: draw here instead
      );
    },
    warm: () => {
      if (worker !== null && failed === null) worker.postMessage('warm');
    },
    close: async () => {
      const w = worker;
      worker = null;
      if (w !== null) await w.terminate();
    },
  };
}

function startWorker(): Worker {
  const self = import.meta.url;
  if (!self.endsWith('.ts')) return new Worker(new URL('./chart-worker.js', self));
  const tsx = pathToFileURL(createRequire(self).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const script = new URL('./chart-worker.ts', self).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(script)}); });`;
  return new Worker(bootstrap, { eval: true });
}
