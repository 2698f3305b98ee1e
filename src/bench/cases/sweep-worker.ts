/**
 * A worker of the `sweep` case: loads and simulates its share of the variants, one after another, and posts
 * back what each simulated.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadScenario } from '../../scenario/index.js';
import { simulate } from '../../world/simulate.js';

export interface SweepVariant {
  seed: number;
  sets: string[];
}
export interface SweepJob {
  file: string;
  variants: SweepVariant[];
}
export interface SweepReply {
  runs: number;
  events: number;
  simulatedSeconds: number;
}

const job = workerData as SweepJob;
let events = 0;
let simulatedSeconds = 0;
for (const v of job.variants) {
  const r = simulate(await loadScenario(job.file, { seed: v.seed, sets: v.sets }));
  events += r.stats.events;
  simulatedSeconds += r.stats.simulatedSeconds;
}
const reply: SweepReply = { runs: job.variants.length, events, simulatedSeconds };
parentPort!.postMessage(reply);
