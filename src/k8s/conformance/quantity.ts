/**
 * Conformance checks for the resource.Quantity vector kinds:
 * - `quantityParse`        `{quantity}` → `{value, format}`; `derived` (our own formulas) adds milliValue, value, canonical
 * - `quantityParseInvalid` `{quantity}` → `{error: true}`
 * - `quantityCanonical`    `{quantity}` → `{canonical}` (+ `value`, `asInt64` in the big-number table)
 * - `quantityFormat`       `{value, format}` → `{canonical}` (+ `alternateParsesTo`: that string must emit the same form)
 */
import { isQuantityFormat, parseQuantity, Quantity } from '../api/quantity.js';
import { diffExpected } from './compare.js';
import type { Check, Vector } from './types.js';

function asInt64Number(q: Quantity): number | null {
  const v = q.asInt64();
  return v === null ? null : Number(v);
}

/** Everything a parsed quantity can be asked, in the vectors' field names. */
function describe(q: Quantity): Record<string, unknown> {
  return {
    value: q.toDecimalString(),
    format: q.format,
    canonical: q.toString(),
    asInt64: asInt64Number(q),
  };
}

function parseCheck(v: Vector): string[] {
  const q = parseQuantity(String(v.input.quantity));
  const diffs = diffExpected(v.expected, describe(q));
  if (v.derived) {
    const derived = { milliValue: q.milliValue(), value: q.value(), canonical: q.toString() };
    diffs.push(...diffExpected(v.derived, derived, 'derived'));
  }
  return diffs;
}

function parseInvalidCheck(v: Vector): string[] {
  const input = String(v.input.quantity);
  try {
    const q = parseQuantity(input);
    return v.expected.error ? [`expected an error for ${JSON.stringify(input)}, parsed as ${q.toString()}`] : [];
  } catch (e) {
    return v.expected.error ? [] : [`unexpected error: ${e instanceof Error ? e.message : String(e)}`];
  }
}

function canonicalCheck(v: Vector): string[] {
  return diffExpected(v.expected, describe(parseQuantity(String(v.input.quantity))));
}

function formatCheck(v: Vector): string[] {
  const format: unknown = v.input.format;
  if (!isQuantityFormat(format)) return [`unknown format ${JSON.stringify(format)}`];
  const { alternateParsesTo, ...rest } = v.expected as { alternateParsesTo?: string } & Record<string, unknown>;
  const q = Quantity.fromDecimal(String(v.input.value), format);
  const diffs = diffExpected(rest, { canonical: q.toString() });
  if (alternateParsesTo !== undefined) {
    const alt = parseQuantity(alternateParsesTo).toString();
    if (alt !== rest.canonical) diffs.push(`alternateParsesTo: ${JSON.stringify(alternateParsesTo)} emits ${JSON.stringify(alt)}`);
  }
  return diffs;
}

export const quantityChecks: Record<string, Check> = {
  quantityParse: parseCheck,
  quantityParseInvalid: parseInvalidCheck,
  quantityCanonical: canonicalCheck,
  quantityFormat: formatCheck,
};
