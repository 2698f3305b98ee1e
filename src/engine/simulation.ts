/**
 * The simulation kernel: an integer-millisecond clock, `schedule` / `cancel` / `run(until)`, and the named
 * random streams. It knows nothing of what it simulates.
 *
 * A handler that throws aborts the run with a `SimulationError` naming the sim time and the event
 * (failures are never swallowed inside the loop).
 */
import { SimulationError } from './errors.js';
import { EventQueue, type Handler } from './queue.js';
import { RandomStreams } from './random.js';

export type { Handler } from './queue.js';

export class Simulation {
  private readonly queue = new EventQueue(4096);
  private clock = 0;
  private executed = 0;
  readonly random: RandomStreams;

  constructor(seed: number | string = 1) {
    this.random = new RandomStreams(seed);
  }

  /** Current simulation time in milliseconds. */
  get now(): number {
    return this.clock;
  }

  /** Events executed so far. */
  get eventCount(): number {
    return this.executed;
  }

  get pending(): number {
    return this.queue.pending;
  }

  /** Schedules `handler` at absolute time `atMs` (integer ms, not in the past). Returns a handle for `cancel`. */
  at(atMs: number, name: string, handler: Handler): number {
    if (!(atMs >= this.clock)) {
      throw new Error(`cannot schedule "${name}" at ${atMs} ms: the clock is already at ${this.clock} ms`);
    }
    return this.queue.push(Number.isInteger(atMs) ? atMs : Math.ceil(atMs), handler, name);
  }

  /** Schedules `handler` `delayMs` from now. */
  after(delayMs: number, name: string, handler: Handler): number {
    return this.at(this.clock + delayMs, name, handler);
  }

  cancel(handle: number | undefined): void {
    if (handle !== undefined) this.queue.cancel(handle);
  }

  /**
   * Runs every event with time ≤ `untilMs`, then leaves the clock at `untilMs`.
   * `onProgress`, if given, is called between events at most every `progressEvery` events (for a progress line).
   */
  run(untilMs: number, onProgress?: (now: number) => void, progressEvery = 65536): void {
    const q = this.queue;
    let countdown = progressEvery;
    for (;;) {
      const t = q.peekTime();
      if (t > untilMs || t === Infinity) break;
      // The event stays at the root while it runs: its first `at` replaces it there (see queue.ts).
      const slot = q.takeTop();
      const handler = q.handlerOf(slot)!;
      this.clock = t;
      this.executed++;
      // The slot is released after the handler ran, so its name is still there if the handler throws.
      try {
        handler(t);
      } catch (e) {
        if (e instanceof SimulationError) throw e;
        throw new SimulationError(t, q.nameOf(slot), e);
      } finally {
        q.finishTop();
        q.release(slot);
      }
      if (onProgress !== undefined && --countdown === 0) {
        countdown = progressEvery;
        onProgress(t);
      }
    }
    if (untilMs > this.clock && untilMs !== Infinity) this.clock = untilMs;
  }
}
