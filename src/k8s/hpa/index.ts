/**
 * The HPA decision (autoscaling/v2 horizontal pod autoscaler controller), as pure functions of their inputs
 * and `now`. `reconcile` is one sync of one HPA; the rest is the arithmetic it is built from.
 */
export * from './types.js';
export * from './defaults.js';
export * from './tolerance.js';
export * from './group-pods.js';
export * from './usage.js';
export * from './replica-calculator.js';
export * from './compute-metrics.js';
export * from './normalize-legacy.js';
export * from './normalize-behavior.js';
export * from './scale-events.js';
export * from './conditions.js';
export * from './reconcile.js';
