/**
 * A sweep worker thread: `workerData` is the sweep's config; each message is one variant to run, answered with
 * its results (or its error, serialised: a `UserError` stays one on the other side).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runVariant, serializeError, type SweepConfig, type WorkerReply, type WorkerRequest } from './sweep-pool.js';

const config = workerData as SweepConfig;
const port = parentPort!;

port.on('message', (m: WorkerRequest) => {
  runVariant(config, m.task).then(
    (run) => port.postMessage({ ok: true, slot: m.slot, run } satisfies WorkerReply),
    (e: unknown) => port.postMessage({ ok: false, slot: m.slot, error: serializeError(e) } satisfies WorkerReply),
  );
});
