/**
 * Go `time.ParseDuration`, the duration syntax the scenario format promises ("500ms", "90s", "1.5h", "2h45m",
 * "-1.5h"): an optional sign, then one or more `<decimal number><unit>` terms with units ns, us, µs (U+00B5 or
 * U+03BC), ms, s, m, h. `"0"` alone (with an optional sign) is zero; an empty string, a term without a unit, an
 * unknown unit, a number without digits (`".s"`) or a total beyond ±2^63−1 ns are errors, with Go's messages
 * (`time: missing unit in duration "1"`).
 *
 * The result is in **integer milliseconds**: the exact number of nanoseconds (Go truncates a term's settleShape
 * nanoseconds, e.g. "1.0000000005s" is 1000000000 ns) is rounded to the nearest millisecond, halves away from
 * zero ("1.5ms" → 2, "-1.5ms" → -2, "400us" → 0). Go computes a fraction with float64; here it is exact, which
 * differs only below one nanosecond.
 */
import { UserError } from '../../engine/errors.js';
import { invalid } from './field.js';

const NS_PER: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5 micro sign
  'μs': 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const MAX_NS = 1n << 63n; // Go accepts up to 2^63 in magnitude while summing, 2^63−1 for a positive total

const quote = (s: string): string => JSON.stringify(s);
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** Go `time.ParseDuration`, returning exact nanoseconds as a BigInt. Throws `Error` with Go's message. */
export function parseDurationNanos(input: string): bigint {
  const invalidDuration = (): Error => new Error(`time: invalid duration ${quote(input)}`);
  let s = input;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw invalidDuration();
  let total = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s[0]))) throw invalidDuration();
    let i = 0;
    while (isDigit(s[i])) i++;
    const intDigits = s.slice(0, i);
    s = s.slice(i);
    let fracDigits = '';
    let post = false;
    if (s[0] === '.') {
      s = s.slice(1);
      let j = 0;
      while (isDigit(s[j])) j++;
      fracDigits = s.slice(0, j);
      post = j > 0;
      s = s.slice(j);
    }
    if (intDigits === '' && !post) throw invalidDuration(); // ".s", "-.s"
    let u = 0;
    while (u < s.length && s[u] !== '.' && !isDigit(s[u])) u++;
    if (u === 0) throw new Error(`time: missing unit in duration ${quote(input)}`);
    const unitName = s.slice(0, u);
    s = s.slice(u);
    const unit = NS_PER[unitName];
    if (unit === undefined) throw new Error(`time: unknown unit ${quote(unitName)} in duration ${quote(input)}`);
    const whole = BigInt(intDigits || '0');
    if (whole > MAX_NS / unit) throw invalidDuration();
    let v = whole * unit;
    if (fracDigits !== '') v += (BigInt(fracDigits) * unit) / 10n ** BigInt(fracDigits.length);
    if (v > MAX_NS) throw invalidDuration();
    total += v;
    if (total > MAX_NS) throw invalidDuration();
  }
  if (!neg && total > MAX_NS - 1n) throw invalidDuration();
  return neg ? -total : total;
}

/** Go `time.ParseDuration`, in integer milliseconds (nearest, halves away from zero). Throws `Error`. */
export function parseDuration(input: string): number {
  const ns = parseDurationNanos(input);
  const mag = ns < 0n ? -ns : ns;
  const ms = (mag + 500_000n) / 1_000_000n;
  return Number(ns < 0n ? -ms : ms);
}

export const DURATION_EXPECTED = 'expected a Go duration such as 500ms, 90s, 15m, 2h, 1h30m';

/**
 * A scenario field holding a Go duration string, in milliseconds. A bare YAML `0` is accepted (Go accepts "0");
 * any other number is rejected, since the unit would be a guess. Throws `UserError` at `path`.
 */
export function parseDurationField(value: unknown, path: string): number {
  if (value === 0) return 0;
  if (typeof value !== 'string') {
    if (value === undefined || value === null) throw new UserError(`Required value: ${DURATION_EXPECTED}`, { path });
    throw invalid(path, value, DURATION_EXPECTED);
  }
  try {
    return parseDuration(value);
  } catch {
    throw invalid(path, value, DURATION_EXPECTED);
  }
}
