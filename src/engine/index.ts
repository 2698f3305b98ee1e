/** The discrete-event kernel: clock, queue, random streams, errors. Knows nothing of Kubernetes. */
export { Simulation, type Handler } from './simulation.js';
export { EventQueue } from './queue.js';
export { RandomStreams, createStream, type RandomStream } from './random.js';
export { UserError, SimulationError, isUserError, formatUserError } from './errors.js';
