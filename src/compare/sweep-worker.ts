/**
 * A sweep worker thread: `workerData` holds the sweep (config, every variant, the inputs already read) and the
 * shared queue. It runs variants from the queue until none is left, posting each one's results (or its error,
 * serialised: a `UserError` stays one on the other side), then `drained`, and ends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { drain, type WorkerData, type WorkerMessage } from './sweep-pool.js';

const data = workerData as WorkerData;
const port = parentPort!;
const post = (m: WorkerMessage): void => port.postMessage(m);

// not a top-level await: the bundled command line loads this module as CommonJS (src/build/bundle-cli.ts); a
// rejection is unhandled either way, and ends the thread with an 'error' the pool reports
void drain({ config: data.config, tasks: data.tasks, inputs: data.inputs, queue: new Int32Array(data.queue) }, post).then(() => post({ drained: true }));
