/**
 * A byte buffer of CSV number cells, for `timeseries.csv` (1.3 M cells in the week): each cell is written as
 * ASCII digits straight into a growing `Buffer`, with no string per cell, row or chunk — strings were most of the
 * file's cost and most of the run's garbage collection.
 *
 * A cell is exactly `String(x)` for an integer and `String(Math.round(x·10^d)/10^d)` otherwise (-0 as `0`),
 * the text `cell()` in files.ts gives; a test compares the two over edge cases and random values. Why the digits
 * match: with n = Math.round(x·10^d) and |n| < 10^15, the decimal n/10^d has at most 15 significant digits, and
 * two different decimals of ≤ 15 significant digits never round to the same double, so the shortest decimal
 * that JavaScript prints for the double n/10^d is that decimal itself; it is in plain (not exponent) notation
 * because 10^-6 ≤ |x| < 10^21. Anything outside these bounds is written through `String()`.
 */
const MINUS = 45;
/** Magnitudes below this take the int32 paths of `cell`. */
const INT32 = 2 ** 31;
const DOT = 46;
const ZERO = 48;

/** Where a streamed file's bytes go, chunk by chunk; a chunk is valid only during the call (the buffer is reused). */
export type ChunkSink = (chunk: Uint8Array) => void;

/** Bytes at which a streaming writer hands its buffer to the sink (at the next row end). */
export const CHUNK_BYTES = 1 << 20;

export class CsvNumberWriter {
  private buf: Buffer;
  private pos = 0;
  private readonly digits = new Uint8Array(24);

  /**
   * With a `sink`, the writer streams: `endRow` hands the buffer over whenever it holds `CHUNK_BYTES`, so a file of
   * any length needs one chunk of memory; `end` hands over the rest. Without one, the bytes accumulate (`bytes`).
   */
  constructor(sizeHint: number, private readonly sink?: ChunkSink) {
    this.buf = Buffer.allocUnsafe(sink ? CHUNK_BYTES + 4096 : Math.max(1024, sizeHint));
  }

  /** A row's end (`\n`); streaming, a full chunk goes to the sink. */
  endRow(): void {
    this.byte(10);
    if (this.sink && this.pos >= CHUNK_BYTES) this.flush();
  }

  /** Streaming: hands what is left to the sink. */
  end(): void {
    if (this.sink && this.pos > 0) this.flush();
  }

  private flush(): void {
    this.sink!(this.buf.subarray(0, this.pos));
    this.pos = 0;
  }

  /**
   * One text cell: exactly what csv-stringify writes for it with a unix record delimiter — the text as it is, or,
   * when it holds a `,`, `"` or `\n`, quoted with `"` doubled. ASCII is copied char by char (no string or Buffer
   * per cell); anything else through `Buffer.write`.
   */
  textCell(s: string): void {
    const n = s.length;
    let ascii = true;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c === 44 || c === 34 || c === 10) return this.quoted(s);
      if (c > 127) ascii = false;
    }
    if (!ascii) return this.text(s);
    this.reserve(n);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  private quoted(s: string): void {
    this.text(`"${s.replace(/"/g, '""')}"`);
  }

  /** Raw text (a header line), UTF-8. */
  text(s: string): void {
    this.reserve(Buffer.byteLength(s));
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  byte(b: number): void {
    if (this.pos >= this.buf.length) this.reserve(1);
    this.buf[this.pos++] = b;
  }

  /** One cell: nothing for NaN/±Infinity; integers as they are; others rounded to `decimals` (3 or 6). */
  cell(x: number, decimals: number, scale: number): void {
    if (!Number.isFinite(x)) return;
    if (Number.isInteger(x)) {
      if (x === 0) return this.byte(ZERO); // -0 too
      if (Math.abs(x) < INT32) return this.smallInteger(x);
      if (Math.abs(x) < 1e15) return this.integer(x);
      return this.text(String(x));
    }
    const n = Math.round(x * scale);
    if (n === 0) return this.byte(ZERO); // no -0
    const a = Math.abs(n);
    if (a < INT32) return this.smallDecimal(n < 0, a, decimals, scale);
    if (a >= 1e15) return this.text(String(n / scale));
    let q = Math.floor(a / scale);
    let rem = a - q * scale;
    if (rem < 0) {
      q--;
      rem += scale;
    } else if (rem >= scale) {
      q++;
      rem -= scale;
    }
    this.reserve(24);
    if (n < 0) this.buf[this.pos++] = MINUS;
    this.unsigned(q);
    if (rem === 0) return;
    this.buf[this.pos++] = DOT;
    let d = decimals;
    while (rem % 10 === 0) {
      rem /= 10;
      d--;
    }
    // rem has at most d digits: leading zeros first
    const end = this.pos + d;
    for (let i = end - 1; i >= this.pos; i--) {
      this.buf[i] = ZERO + (rem % 10);
      rem = Math.floor(rem / 10);
    }
    this.pos = end;
  }

  /**
   * `cell` for |x| < 2^31 whole: the same digits in int32 arithmetic (where the double path's `%` and `Math.floor`
   * are library calls on doubles), written from the last digit back.
   */
  private smallInteger(x: number): void {
    this.reserve(12);
    let v = x | 0;
    if (v < 0) {
      this.buf[this.pos++] = MINUS;
      v = -v;
    }
    this.pos = writeDigits(this.buf, this.pos, v);
  }

  /**
   * `cell` for a rounded value whose scaled magnitude `a` = |round(x·scale)| is below 2^31: a/scale's whole part and
   * its `decimals` digits, trailing zeros dropped, in int32 arithmetic. The truncated quotient is exact: a/scale
   * is a multiple of 1/scale, so when it is not whole it lies at least 1/scale from the next whole number, while
   * the division's rounding moves it by at most half an ulp of a number below 2^31/scale, under 2^-20/scale; so no
   * remainder repair is needed (the double path, for larger magnitudes, keeps one).
   */
  private smallDecimal(negative: boolean, a: number, decimals: number, scale: number): void {
    this.reserve(24);
    const buf = this.buf;
    let p = this.pos;
    if (negative) buf[p++] = MINUS;
    const ai = a | 0;
    const si = scale | 0;
    const q = (ai / si) | 0;
    let rem = ai - q * si;
    p = writeDigits(buf, p, q);
    if (rem !== 0) {
      buf[p++] = DOT;
      let d = decimals;
      let r10 = (rem / 10) | 0;
      while (rem - r10 * 10 === 0) {
        rem = r10;
        r10 = (rem / 10) | 0;
        d--;
      }
      // rem has at most d digits: leading zeros first
      const end = p + d;
      for (let i = end - 1; i >= p; i--) {
        const next = (rem / 10) | 0;
        buf[i] = ZERO + (rem - next * 10);
        rem = next;
      }
      p = end;
    }
    this.pos = p;
  }

  /** The bytes written so far (a view, not a copy). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  private integer(x: number): void {
    this.reserve(24);
    if (x < 0) this.buf[this.pos++] = MINUS;
    this.unsigned(Math.abs(x));
  }

  /** A non-negative safe integer's digits; room is reserved by the caller. */
  private unsigned(v: number): void {
    if (v < 10) {
      this.buf[this.pos++] = ZERO + v;
      return;
    }
    let k = 0;
    while (v > 0) {
      this.digits[k++] = v % 10;
      v = Math.floor(v / 10);
    }
    while (k > 0) this.buf[this.pos++] = ZERO + this.digits[--k]!;
  }

  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
}

/** Writes v's digits (0 ≤ v < 2^31) at buf[p…] and returns the index after them; room is reserved by the caller. */
function writeDigits(buf: Buffer, p: number, v: number): number {
  let k = 1;
  for (let t = v; t >= 10; t = (t / 10) | 0) k++;
  const end = p + k;
  let i = end;
  do {
    const next = (v / 10) | 0;
    buf[--i] = ZERO + (v - next * 10);
    v = next;
  } while (v > 0);
  return end;
}
