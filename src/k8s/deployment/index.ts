/**
 * The Deployment controller's decisions as pure functions. The event-loop controller reads
 * state, calls `rolloutRolling` / `rolloutRecreate` / `scale`, applies the returned ReplicaSet writes and emits
 * their events (`scalingEventMessage`, `createdEventMessage`).
 */
export * from './types.js';
export * from './util.js';
export * from './sync.js';
export * from './rolling.js';
export * from './recreate.js';
export * from './cleanup.js';
export * from './rollback.js';
