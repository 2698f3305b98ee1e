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

await drain({ config: data.config, tasks: data.tasks, inputs: data.inputs, queue: new Int32Array(data.queue) }, post);
post({ drained: true });
