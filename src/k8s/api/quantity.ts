/**
 * Kubernetes `resource.Quantity` (apimachinery `api/resource`: quantity.go, suffix.go, amount.go), exactly.
 *
 * A quantity is `<sign?><number><suffix>`: number `12`, `1.5`, `1.` or `.5`; suffix one of the decimal SI letters
 * `n u m "" k M G T P E`, the binary `Ki Mi Gi Ti Pi Ei`, or a decimal exponent `e3` / `E-6`.
 *
 * The value is held exactly as `unscaled × 10^exp` with a BigInt mantissa (upstream holds an int64 or an inf.Dec).
 * Parsing rounds a non-zero magnitude UP to whole nano-units and caps BinarySI magnitudes at 2^63−1; decimal values
 * are never capped. `toString()` is upstream's canonical form (`CanonicalizeBytes`): `1.5` → `1500m`, `1.5Gi` →
 * `1536Mi`, `1000M` → `1G`, `0.5e0` → `500e-3`.
 *
 * Learnt from the source (not in the research notes):
 * - The scanner accepts a lone sign or a lone dot (`"+"`, `"-"`, `"."`) as zero; only `""` is "empty".
 * - `AsInt64()` answers only for the int64 fast path of `ParseQuantity` (at most 18 digits, scale ≥ nano, no
 *   overflow); the exact value is the same either way. `asInt64()` below reproduces that for completeness.
 * - A DecimalSI value whose canonical exponent has no SI suffix (≥ 10^21, or below nano for quantities built from a
 *   value rather than parsed) is written in DecimalExponent form (`1e21`). Older upstream code dropped the
 *   suffix there (`1000E` printed as `1`, kubernetes/kubernetes#141249); the fix in #140459 falls back to the
 *   exponent form, which is what we do, so a value is never misprinted. A BinarySI value beyond `Ei` (not
 *   reachable by parsing, which caps at 2^63−1) falls back to the DecimalSI form for the same reason.
 * - A fork's "fix the first letter's case" fallback in suffix.go (`1ki` → `1Ki`) is not upstream: `0.1mi` is an
 *   upstream test case that must fail.
 */

export const QUANTITY_FORMATS = ['DecimalSI', 'BinarySI', 'DecimalExponent'] as const;
export type QuantityFormat = (typeof QUANTITY_FORMATS)[number];
export function isQuantityFormat(v: unknown): v is QuantityFormat {
  return typeof v === 'string' && (QUANTITY_FORMATS as readonly string[]).includes(v);
}

/** The regular expression upstream names in its format error (it is looser than the real grammar). */
export const QUANTITY_REGEXP = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
/** Upstream's error texts (`ErrFormatWrong`, `ErrNumeric`, `ErrSuffix`). */
export const ERR_FORMAT_WRONG = `quantities must match the regular expression '${QUANTITY_REGEXP}'`;
export const ERR_NUMERIC = 'unable to parse numeric part of quantity';
export const ERR_SUFFIX = "unable to parse quantity's suffix";

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);
const NANO = -9;
/** Beyond this many decimal digits a JS number is ±Infinity anyway; avoids building 10^huge. */
const MAX_NUMBER_DIGITS = 400;

const DECIMAL_SUFFIXES: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_BY_EXP = new Map(Object.entries(DECIMAL_SUFFIXES).map(([s, e]) => [e, s]));
const BINARY_BY_EXP = new Map(Object.entries(BINARY_SUFFIXES).map(([s, e]) => [e, s]));

const pow10 = (n: number): bigint => 10n ** BigInt(n);
const abs = (v: bigint): bigint => (v < 0n ? -v : v);
const digitCount = (v: bigint): number => (v === 0n ? 0 : abs(v).toString().length);

/** `ceil(|u| / 10^k)` with u's sign put back (upstream's RoundUp: away from zero). */
function divRoundAway(u: bigint, k: number): bigint {
  if (k <= 0) return u * pow10(-k);
  if (u === 0n) return 0n;
  const neg = u < 0n;
  const m = abs(u);
  let q: bigint;
  if (digitCount(m) <= k) q = 1n; // 0 < m < 10^k
  else {
    const d = pow10(k);
    q = m / d + (m % d === 0n ? 0n : 1n);
  }
  return neg ? -q : q;
}

/** One quantity; immutable. Build with `parseQuantity` or `Quantity.fromDecimal`. */
export class Quantity {
  private constructor(
    /** value = unscaled × 10^exp */
    private readonly unscaled: bigint,
    private readonly exp: number,
    readonly format: QuantityFormat,
    /** The int64Amount upstream's fast path would hold (for `asInt64`), or null for the inf.Dec path. */
    private readonly int64: { value: bigint; scale: number } | null,
  ) {}

  /** @internal used by the parser */
  static of(unscaled: bigint, exp: number, format: QuantityFormat, int64: { value: bigint; scale: number } | null): Quantity {
    return new Quantity(unscaled, exp, format, int64);
  }

  /**
   * A quantity of an exact decimal value (`"1.08"`, `"-314572800"`) in a given format, without the nano rounding
   * or binary cap of parsing: upstream's `NewDecimalQuantity`.
   */
  static fromDecimal(value: string, format: QuantityFormat): Quantity {
    const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(value);
    if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new Error(`not a decimal number: ${JSON.stringify(value)}`);
    const frac = m[3] ?? '';
    const u = BigInt((m[2] || '0') + frac);
    return new Quantity(m[1] === '-' ? -u : u, -frac.length, format, null);
  }

  sign(): -1 | 0 | 1 {
    return this.unscaled === 0n ? 0 : this.unscaled < 0n ? -1 : 1;
  }

  isZero(): boolean {
    return this.unscaled === 0n;
  }

  /** `ceil(value / 10^scale)`, rounding away from zero, exactly (upstream `ScaledValue`, without int64 overflow). */
  scaledBigInt(scale: number): bigint {
    return divRoundAway(this.unscaled, scale - this.exp);
  }

  /** `ScaledValue(scale)` as a JS number (±Infinity when it has more than ~400 digits). */
  scaledValue(scale: number): number {
    if (this.unscaled === 0n) return 0;
    if (digitCount(this.unscaled) + this.exp - scale > MAX_NUMBER_DIGITS) return this.unscaled < 0n ? -Infinity : Infinity;
    return Number(this.scaledBigInt(scale));
  }

  /** `MilliValue()`: ceil(value × 1000), away from zero. `"100m"` → 100, `"0.5"` → 500, `"1Gi"` → 1073741824000. */
  milliValue(): number {
    return this.scaledValue(-3);
  }

  /** `Value()`: ceil(value), away from zero. `"100m"` → 1, `"128Mi"` → 134217728. */
  value(): number {
    return this.scaledValue(0);
  }

  /** The value as the nearest double (upstream `AsApproximateFloat64`). */
  toNumber(): number {
    if (this.unscaled === 0n) return 0;
    if (digitCount(this.unscaled) + this.exp > MAX_NUMBER_DIGITS) return this.unscaled < 0n ? -Infinity : Infinity;
    if (this.exp >= 0) return Number(this.unscaled * pow10(this.exp));
    return Number(this.toDecimalString());
  }

  /** The exact value in plain decimal notation: `"0.000000124"`, `"-10000000000000000000.1"`, `"0"`. */
  toDecimalString(): string {
    if (this.unscaled === 0n) return '0';
    const neg = this.unscaled < 0n;
    let digits = abs(this.unscaled).toString();
    let out: string;
    if (this.exp >= 0) out = digits + '0'.repeat(this.exp);
    else {
      const k = -this.exp;
      if (digits.length <= k) digits = '0'.repeat(k - digits.length + 1) + digits;
      const int = digits.slice(0, digits.length - k);
      const frac = digits.slice(digits.length - k).replace(/0+$/, '');
      out = frac ? `${int}.${frac}` : int;
    }
    return neg ? `-${out}` : out;
  }

  /**
   * Upstream `AsInt64()`: the value when the parser took its int64 fast path and the value is an integer that fits
   * an int64, else null. An implementation detail of upstream, kept for conformance; use `value()` instead.
   */
  asInt64(): bigint | null {
    if (!this.int64) return null;
    const { value, scale } = this.int64;
    if (scale === 0) return value;
    if (scale < 0) return null;
    if (scale >= 19) return value === 0n ? 0n : null;
    const v = value * pow10(scale);
    return v > INT64_MAX || v < INT64_MIN ? null : v;
  }

  /** -1, 0 or 1 as this is less than, equal to or greater than `other` (exact). */
  cmp(other: Quantity): -1 | 0 | 1 {
    const a = this.sign();
    const b = other.sign();
    if (a !== b) return a < b ? -1 : 1;
    if (a === 0) return 0;
    // same sign: compare magnitudes by order of magnitude first, then exactly
    const ma = digitCount(this.unscaled) + this.exp;
    const mb = digitCount(other.unscaled) + other.exp;
    let c: number;
    if (ma !== mb) c = ma < mb ? -1 : 1;
    else {
      const e = Math.min(this.exp, other.exp);
      const x = abs(this.unscaled) * pow10(this.exp - e);
      const y = abs(other.unscaled) * pow10(other.exp - e);
      c = x === y ? 0 : x < y ? -1 : 1;
    }
    return (a < 0 ? -c : c) as -1 | 0 | 1;
  }

  /** Canonical string, as the API server stores and echoes it (upstream `String()` / `CanonicalizeBytes`). */
  toString(): string {
    if (this.unscaled === 0n) return '0';
    if (this.format === 'BinarySI') {
      const binary = this.binaryCanonical();
      if (binary !== undefined) return binary;
      return this.decimalCanonical('DecimalSI');
    }
    return this.decimalCanonical(this.format);
  }

  /** Mantissa × 10^e with e a multiple of 3 and no other factor of 10 moved out than needed. */
  private base10(): { mantissa: bigint; exponent: number } {
    let u = this.unscaled;
    let e = this.exp;
    while (u % 10n === 0n) {
      u /= 10n;
      e += 1;
    }
    const e3 = Math.floor(e / 3) * 3;
    return { mantissa: u * pow10(e - e3), exponent: e3 };
  }

  private decimalCanonical(format: 'DecimalSI' | 'DecimalExponent'): string {
    const { mantissa, exponent } = this.base10();
    if (format === 'DecimalSI') {
      const suffix = DECIMAL_BY_EXP.get(exponent);
      if (suffix !== undefined) return `${mantissa}${suffix}`;
    }
    return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
  }

  /** BinarySI form, or undefined when upstream would emit DecimalSI instead (|v| < 1024, or not an integer). */
  private binaryCanonical(): string | undefined {
    const { mantissa, exponent } = this.base10();
    if (exponent < 0) return undefined; // canonical mantissa has no factor 10 left, so the value is not an integer
    let v = mantissa * pow10(exponent);
    if (abs(v) < 1024n) return undefined;
    let k = 0;
    while (v % 1024n === 0n) {
      v /= 1024n;
      k += 10;
    }
    const suffix = k === 0 ? '' : BINARY_BY_EXP.get(k);
    return suffix === undefined ? undefined : `${v}${suffix}`;
  }
}

/** Result of upstream's `parseQuantityString` scanner. */
interface Scanned {
  positive: boolean;
  num: string;
  denom: string;
  suffix: string;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** The scanner, step for step as upstream's: sign, leading zeros, integer digits, `.` fraction, suffix. */
function scan(str: string): Scanned {
  const end = str.length;
  let pos = 0;
  let positive = true;
  if (str[0] === '-') {
    positive = false;
    pos++;
  } else if (str[0] === '+') pos++;

  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { positive, num: '0', denom: '', suffix: '' };

  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  const num = str.slice(pos, i) || '0';
  pos = i;
  let denom = '';
  if (pos < end && str[pos] === '.') {
    pos++;
    i = pos;
    while (i < end && isDigit(str[i])) i++;
    denom = str.slice(pos, i);
    pos = i;
  }
  const suffixStart = pos;
  i = pos;
  while (i < end && 'eEinumkKMGTP'.includes(str[i]!)) i++;
  if (i >= end) return { positive, num, denom, suffix: str.slice(suffixStart) };
  pos = i;
  if (str[pos] === '-' || str[pos] === '+') pos++;
  for (i = pos; i < end; i++) if (!isDigit(str[i])) throw new Error(ERR_FORMAT_WRONG);
  return { positive, num, denom, suffix: str.slice(suffixStart) };
}

/** Upstream `suffixer.interpret`: base, exponent and format of a suffix, or undefined. */
function interpret(suffix: string): { base: 2 | 10; exponent: number; format: QuantityFormat } | undefined {
  const d = DECIMAL_SUFFIXES[suffix];
  if (d !== undefined) return { base: 10, exponent: d, format: 'DecimalSI' };
  const b = BINARY_SUFFIXES[suffix];
  if (b !== undefined) return { base: 2, exponent: b, format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E')) {
    // Go strconv.ParseInt(s[1:], 10, 64), then int32(...) truncation
    const rest = suffix.slice(1);
    if (!/^[+-]?\d+$/.test(rest)) return undefined;
    const parsed = BigInt(rest);
    if (parsed > INT64_MAX || parsed < INT64_MIN) return undefined;
    return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)), format: 'DecimalExponent' };
  }
  return undefined;
}

/** Does upstream's int64 fast path take this input? Returns the int64Amount it would hold. */
function fastPath(s: Scanned, exponent: number, format: QuantityFormat): { value: bigint; scale: number } | null {
  let precision: number;
  let scale = 0;
  let mantissa = 1n;
  if (format === 'BinarySI') {
    if (exponent >= 0 && s.denom.length === 0) {
      mantissa = 1n << BigInt(exponent);
      precision = 15 - s.num.length - Math.trunc((exponent * 3) / 10) - 1;
    } else precision = -1;
  } else {
    scale = exponent;
    precision = 18 - (s.num.length + s.denom.length);
  }
  if (precision < 0) return null;
  scale -= s.denom.length;
  if (scale < NANO) return null;
  const result = BigInt(s.num + s.denom) * mantissa;
  if (result > INT64_MAX) return null;
  return { value: s.positive ? result : -result, scale };
}

/**
 * Upstream `ParseQuantity`. Throws a plain `Error` with upstream's message for an invalid string (empty, spaces,
 * unknown suffix such as `mi`, `1.1.M`, `-3.01e-`). Callers decoding a manifest trim surrounding whitespace first,
 * as upstream's JSON decoder does.
 */
export function parseQuantity(str: string): Quantity {
  if (str.length === 0) throw new Error(ERR_FORMAT_WRONG);
  if (str === '0') return Quantity.of(0n, 0, 'DecimalSI', { value: 0n, scale: 0 });
  const s = scan(str);
  const suffix = interpret(s.suffix);
  if (!suffix) throw new Error(ERR_SUFFIX);
  const { base, exponent } = suffix;
  let format = suffix.format;
  const int64 = fastPath(s, exponent, format);

  // exact magnitude: digits × 10^(-len(denom)) × (10^exponent | 2^exponent)
  let unscaled = BigInt(s.num + s.denom);
  let exp = -s.denom.length;
  if (base === 10) exp += exponent;
  else unscaled *= 1n << BigInt(exponent);

  if (unscaled !== 0n && exp < NANO) {
    unscaled = divRoundAway(unscaled, NANO - exp);
    exp = NANO;
  }
  if (format === 'BinarySI') {
    const mag = Quantity.of(unscaled, exp, format, null);
    if (mag.cmp(Quantity.of(INT64_MAX, 0, format, null)) > 0) {
      unscaled = INT64_MAX;
      exp = 0;
    } else if (unscaled !== 0n && mag.cmp(Quantity.of(1n, 0, format, null)) < 0) format = 'DecimalSI';
  }
  return Quantity.of(s.positive ? unscaled : -unscaled, exp, format, int64);
}

/** True when `str` parses as a quantity. */
export function isQuantity(str: string): boolean {
  try {
    parseQuantity(str);
    return true;
  } catch {
    return false;
  }
}
