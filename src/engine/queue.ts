/**
 * The event queue: a binary min-heap over typed arrays, keyed by (time, insertion sequence), so events at the
 * same millisecond always run in the order they were scheduled.
 *
 * Each pending event lives in a slot (handler, name, generation). The heap holds slot numbers; a handle is
 * `generation * 2^22 + slot`, so cancelling a handle whose event already ran (and whose slot was reused) does
 * nothing. Cancellation is lazy: the slot is marked empty and skipped when it reaches the top.
 *
 * Measured against a raw typed-array heap in `npm run bench` (case `kernel`).
 */
export type Handler = (now: number) => void;

const SLOT_BITS = 22;
const SLOT_MASK = (1 << SLOT_BITS) - 1;
const GEN_MUL = 1 << SLOT_BITS;

export class EventQueue {
  private times: Float64Array;
  private seqs: Float64Array;
  private heapSlots: Int32Array;
  private size = 0;
  private seq = 0;

  private handlers: (Handler | undefined)[] = [];
  private names: string[] = [];
  private gens: Uint32Array;
  private freeSlots: Int32Array;
  private freeCount = 0;
  private slotCount = 0;
  private live = 0;

  constructor(capacity = 1024) {
    this.times = new Float64Array(capacity);
    this.seqs = new Float64Array(capacity);
    this.heapSlots = new Int32Array(capacity);
    this.gens = new Uint32Array(capacity);
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
    if (this.size === this.times.length) this.growHeap();
    // sift up
    let i = this.size++;
    const s = this.seq++;
    const times = this.times;
    const seqs = this.seqs;
    const slots = this.heapSlots;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p]!;
      if (pt < time || (pt === time && seqs[p]! < s)) break;
      times[i] = pt;
      seqs[i] = seqs[p]!;
      slots[i] = slots[p]!;
      i = p;
    }
    times[i] = time;
    seqs[i] = s;
    slots[i] = slot;
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
    const times = this.times;
    const seqs = this.seqs;
    const slots = this.heapSlots;
    const t = times[n]!;
    const s = seqs[n]!;
    const sl = slots[n]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const r = c + 1;
      if (r < n && (times[r]! < times[c]! || (times[r] === times[c] && seqs[r]! < seqs[c]!))) c = r;
      const ct = times[c]!;
      if (t < ct || (t === ct && s < seqs[c]!)) break;
      times[i] = ct;
      seqs[i] = seqs[c]!;
      slots[i] = slots[c]!;
      i = c;
    }
    times[i] = t;
    seqs[i] = s;
    slots[i] = sl;
  }

  private growHeap(): void {
    const cap = this.times.length * 2;
    const t = new Float64Array(cap);
    t.set(this.times);
    this.times = t;
    const s = new Float64Array(cap);
    s.set(this.seqs);
    this.seqs = s;
    const h = new Int32Array(cap);
    h.set(this.heapSlots);
    this.heapSlots = h;
  }

  private growSlots(): void {
    const cap = this.gens.length * 2;
    const g = new Uint32Array(cap);
    g.set(this.gens);
    this.gens = g;
    const f = new Int32Array(cap);
    f.set(this.freeSlots);
    this.freeSlots = f;
  }
}
