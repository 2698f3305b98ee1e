/**
 * Fixed-size records of float64 numbers packed side by side in shared `Float64Array` blocks: the numbers of
 * thousands of small objects that loops walk one after another, kept together in memory instead of one V8 box
 * per field per object (a number field that holds fractions is stored in a heap box of its own, one more
 * scattered memory read in every loop that reads it).
 *
 * A record is taken for good: blocks are never reused while a record in them lives, so an object that keeps its
 * block and offset can never see another object's numbers. A block is let go of when the last object holding it
 * is. Knows nothing of what the numbers mean.
 */
export class FloatBlocks {
  /** The block the next record is taken from (read it after `take`: a full block is replaced by a fresh one). */
  block: Float64Array;
  private used = 0;

  constructor(
    /** Numbers per record. */
    readonly stride: number,
    /** Records per block. */
    readonly records = 512,
  ) {
    if (!(Number.isInteger(stride) && stride > 0 && Number.isInteger(records) && records > 0)) throw new Error('FloatBlocks: stride and records must be positive integers');
    this.block = new Float64Array(stride * records);
  }

  /** Reserves a record, zero-filled: its offset in `block`. */
  take(): number {
    if (this.used + this.stride > this.block.length) {
      this.block = new Float64Array(this.stride * this.records);
      this.used = 0;
    }
    const at = this.used;
    this.used += this.stride;
    return at;
  }
}
