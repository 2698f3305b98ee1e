/**
 * `sweep`: 200 variants of the article's service × 1 simulated day (seed, HPA target utilisation and maximum
 * varied with `--set` expressions), spread over one worker thread per core (kubesim has no sweep API to call
 * yet). Timed from starting the workers to the last reply: worker start-up and scenario loading are included.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { check, measure, type BenchCase } from '../harness.js';
import { articleScenario, writeScenario } from './scenarios.js';
import type { SweepJob, SweepReply, SweepVariant } from './sweep-worker.js';

export const SWEEP_TARGET_SECONDS = 30;
const VARIANTS = 200;
const UTILIZATION = [50, 60, 70, 80];
const MAX_REPLICAS = [20, 50];

export function sweepVariants(): SweepVariant[] {
  const out: SweepVariant[] = [];
  for (let i = 0; i < VARIANTS; i++) {
    out.push({
      seed: i + 1,
      sets: [
        `hpa/api.spec.metrics[0].resource.target.averageUtilization=${UTILIZATION[i % UTILIZATION.length]}`,
        `hpa/api.spec.maxReplicas=${MAX_REPLICAS[Math.floor(i / UTILIZATION.length) % MAX_REPLICAS.length]}`,
      ],
    });
  }
  return out;
}

/**
 * A worker running sweep-worker: the built `.js` file directly; under tsx (this file is `.ts`), a worker thread
 * does not inherit tsx's loader, so a small bootstrap registers it first.
 */
function startWorker(job: SweepJob): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./sweep-worker.js', import.meta.url), { workerData: job });
  // tsx's ESM API (`tsx/esm/api`, the .mjs beside the .cjs that require.resolve finds)
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const script = new URL('./sweep-worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(script)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: job });
}

function runWorker(job: SweepJob): Promise<SweepReply> {
  return new Promise((resolve, reject) => {
    const w = startWorker(job);
    let reply: SweepReply | undefined;
    w.on('message', (m: SweepReply) => (reply = m));
    w.on('error', reject);
    w.on('exit', (code) => (reply && code === 0 ? resolve(reply) : reject(new Error(`sweep worker exited with code ${code} before replying`))));
  });
}

export const sweepCase: BenchCase = {
  name: 'sweep',
  description: `${VARIANTS} variants × 1 simulated day over ${availableParallelism()} worker threads`,
  async run(ctx) {
    const file = writeScenario(ctx.tmpDir, 'sweep', articleScenario({ days: 1, name: 'bench-sweep' }));
    const workers = availableParallelism();
    const variants = sweepVariants();
    const m = await measure(
      ctx,
      `${VARIANTS} × 1 d, ${workers} workers`,
      async () => {
        const shares: SweepVariant[][] = Array.from({ length: workers }, () => []);
        variants.forEach((v, i) => shares[i % workers]!.push(v));
        const replies = await Promise.all(shares.map((variants) => runWorker({ file, variants })));
        const runs = replies.reduce((n, r) => n + r.runs, 0);
        if (runs !== VARIANTS) throw new Error(`the workers ran ${runs} variants, expected ${VARIANTS}`);
        return {
          events: replies.reduce((n, r) => n + r.events, 0),
          simulatedSeconds: replies.reduce((n, r) => n + r.simulatedSeconds, 0),
        };
      },
      { warmup: 0, runs: ctx.quick ? 1 : Math.min(ctx.runs, 3), budgetSeconds: 60 },
    );
    return {
      rows: [m],
      checks: [check('median wall', m.wall.median, '<=', SWEEP_TARGET_SECONDS, 's')],
      metrics: { variants: VARIANTS, workers, variantsPerSecond: VARIANTS / m.wall.median },
    };
  },
};
