/**
 * IntOrString, as apimachinery's `intstr` package has it: an int, or a string "N%".
 *
 * `scaledValue` is `GetScaledValueFromIntOrPercent`: an int is used as is; a percentage is taken of `total` and
 * rounded up (ceil) or down (floor). Upstream computes in float64; for realistic sizes that equals exact rational
 * arithmetic, which is what integer maths below does.
 */
export type IntOrString = number | string;

/** Parses the percentage part as Go's `strconv.Atoi` would (optional sign, base-10 digits). */
export function percentValue(s: string): number | undefined {
  if (!s.endsWith('%')) return undefined;
  const body = s.slice(0, -1);
  if (!/^[+-]?\d+$/.test(body)) return undefined;
  return Number.parseInt(body, 10);
}

export function scaledValue(v: IntOrString | null | undefined, total: number, roundUp: boolean): number {
  if (v === null || v === undefined) throw new Error('nil value for IntOrString');
  if (typeof v === 'number') return v;
  const p = percentValue(v);
  if (p === undefined) throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage`);
  const num = p * total;
  // exact integer ceil/floor of num/100 (num may be negative)
  const q = Math.trunc(num / 100);
  const r = num - q * 100;
  if (r === 0) return q;
  if (roundUp) return r > 0 ? q + 1 : q;
  return r < 0 ? q - 1 : q;
}

/** Upstream validation: a non-negative int, or a string of digits followed by '%'. */
export function isValidIntOrPercent(v: unknown): v is IntOrString {
  if (typeof v === 'number') return Number.isInteger(v);
  return typeof v === 'string' && /^[0-9]+%$/.test(v);
}

/** The number an IntOrString names (the int, or the percentage number), for checks such as "both are 0". */
export function rawNumber(v: IntOrString): number {
  return typeof v === 'number' ? v : (percentValue(v) ?? Number.NaN);
}
