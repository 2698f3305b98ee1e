/**
 * The event queue: a binary min-heap over typed arrays, keyed by (time, insertion sequence), so events at the
 * same millisecond always run in the order they were scheduled.
 *
 * Each pending event lives in a slot (handler, name, generation, insertion sequence). The heap holds times and
 * slot numbers only: a sift step moves two arrays, and the sequence is read through the slot only when two times
 * are equal (rare). A handle is `generation * 2^22 + slot`, so cancelling a handle whose event already ran (and
 * whose slot was reused) does nothing. Cancellation is lazy: the slot is marked empty and skipped when it reaches
 * the top.
 *
 * Running an event (`takeTop` … `finishTop`) leaves its entry at the root while its handler runs: most handlers
 * schedule a successor, and the first `push` then replaces the root (one sift-down) instead of removing it and
 * adding the new event (a sift-down and a sift-up). The pop order is the same either way: it is fixed by the
 * (time, sequence) keys alone.
 *
 * Measured against a raw typed-array heap in `npm run bench` (case `kernel`).
 */
export type Handler = (now: number) => void;

const SLOT_BITS = 22;
const SLOT_MASK = (1 << SLOT_BITS) - 1;
const GEN_MUL = 1 << SLOT_BITS;

export class EventQueue {
  private times: Float64Array;
  private heapSlots: Int32Array;
  private size = 0;
  private seq = 0;
  /** The root is an event taken by `takeTop` whose handler is running: the next push replaces it. */
  private rootTaken = false;

  private handlers: (Handler | undefined)[] = [];
  private names: string[] = [];
  private gens: Uint32Array;
  /** Insertion sequence of the event in each slot (the tie-break of equal times). */
  private slotSeqs: Float64Array;
  private freeSlots: Int32Array;
  private freeCount = 0;
  private slotCount = 0;
  private live = 0;

  constructor(capacity = 1024) {
    this.times = new Float64Array(capacity);
    this.heapSlots = new Int32Array(capacity);
    this.gens = new Uint32Array(capacity);
    this.slotSeqs = new Float64Array(capacity);
    this.freeSlots = new Int32Array(capacity);
  }

  /** Number of pending (not cancelled) events. */
  get pending(): number {
    return this.live;
  }

  push(time: number, handler: Handler, name: string): number {
    let slot: number;
    if (this.freeCount > 0) slot = this.freeSlots[--this.freeCount]!;
    else {
      slot = this.slotCount++;
      if (slot >= this.gens.length) this.growSlots();
      if (slot > SLOT_MASK) throw new Error('too many pending events');
    }
    this.handlers[slot] = handler;
    this.names[slot] = name;
    this.live++;
    const seq = this.seq++;
    this.slotSeqs[slot] = seq;
    if (this.rootTaken) {
      // the running event's entry is still at the root: put this one there instead
      this.rootTaken = false;
      this.siftDown(time, seq, slot, this.size);
    } else {
      if (this.size === this.times.length) this.growHeap();
      this.siftUp(time, seq, slot, this.size++);
    }
    return this.gens[slot]! * GEN_MUL + slot;
  }

  cancel(handle: number): boolean {
    const slot = handle & SLOT_MASK;
    const gen = Math.floor(handle / GEN_MUL);
    if (slot >= this.slotCount || this.gens[slot] !== gen || this.handlers[slot] === undefined) return false;
    this.handlers[slot] = undefined;
    this.live--;
    return true;
  }

  /** Time of the earliest pending event, or Infinity. Drops cancelled events found at the top. */
  peekTime(): number {
    while (this.size > 0) {
      const slot = this.heapSlots[0]!;
      if (this.handlers[slot] !== undefined) return this.times[0]!;
      this.popTop();
      this.release(slot);
    }
    return Infinity;
  }

  /** Removes the earliest event; returns its slot (read it with `handlerOf`/`nameOf`, then `release`). */
  popSlot(): number {
    const slot = this.heapSlots[0]!;
    this.popTop();
    return slot;
  }

  /**
   * Starts running the earliest event (call `peekTime` first): returns its slot and leaves its entry at the root
   * until `finishTop`, or until the next `push` takes its place. Nothing but `push`, `cancel` and the slot
   * accessors may be called in between.
   */
  takeTop(): number {
    this.rootTaken = true;
    return this.heapSlots[0]!;
  }

  /** Ends what `takeTop` started: removes the taken entry unless a push already replaced it. */
  finishTop(): void {
    if (this.rootTaken) {
      this.rootTaken = false;
      this.popTop();
    }
  }

  handlerOf(slot: number): Handler | undefined {
    return this.handlers[slot];
  }

  nameOf(slot: number): string {
    return this.names[slot]!;
  }

  release(slot: number): void {
    if (this.handlers[slot] !== undefined) this.live--;
    this.handlers[slot] = undefined;
    this.gens[slot] = (this.gens[slot]! + 1) >>> 0;
    this.freeSlots[this.freeCount++] = slot;
  }

  private popTop(): void {
    const n = --this.size;
    if (n === 0) return;
    const slot = this.heapSlots[n]!;
    this.siftDown(this.times[n]!, this.slotSeqs[slot]!, slot, n);
  }

  /** Places (time, seq, slot) at heap index `i` (a free leaf) and moves it up to where it belongs. */
  private siftUp(time: number, seq: number, slot: number, i: number): void {
    const times = this.times;
    const slots = this.heapSlots;
    const seqs = this.slotSeqs;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p]!;
      if (pt < time || (pt === time && seqs[slots[p]!]! < seq)) break;
      times[i] = pt;
      slots[i] = slots[p]!;
      i = p;
    }
    times[i] = time;
    slots[i] = slot;
  }

  /** Places (time, seq, slot) at the root of a heap of `n` entries and moves it down to where it belongs. */
  private siftDown(time: number, seq: number, slot: number, n: number): void {
    const times = this.times;
    const slots = this.heapSlots;
    const seqs = this.slotSeqs;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const r = c + 1;
      if (r < n) {
        const rt = times[r]!;
        const ct = times[c]!;
        if (rt < ct || (rt === ct && seqs[slots[r]!]! < seqs[slots[c]!]!)) c = r;
      }
      const ct = times[c]!;
      if (time < ct || (time === ct && seq < seqs[slots[c]!]!)) break;
      times[i] = ct;
      slots[i] = slots[c]!;
      i = c;
    }
    times[i] = time;
    slots[i] = slot;
  }

  private growHeap(): void {
    const cap = this.times.length * 2;
    const t = new Float64Array(cap);
    t.set(this.times);
    this.times = t;
    const h = new Int32Array(cap);
    h.set(this.heapSlots);
    this.heapSlots = h;
  }

  private growSlots(): void {
    const cap = this.gens.length * 2;
    const g = new Uint32Array(cap);
    g.set(this.gens);
    this.gens = g;
    const q = new Float64Array(cap);
    q.set(this.slotSeqs);
    this.slotSeqs = q;
    const f = new Int32Array(cap);
    f.set(this.freeSlots);
    this.freeSlots = f;
  }
}
