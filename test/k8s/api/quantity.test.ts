/** resource.Quantity: parsing, rounding, integer views, canonical form (beyond the upstream vectors). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ERR_FORMAT_WRONG, ERR_SUFFIX, parseQuantity, Quantity } from '../../../src/k8s/api/quantity.js';

const parses: { name: string; input: string; decimal: string; format: string; canonical: string; milli: number; value: number }[] = [
  { name: 'a CPU request in millicores keeps its suffix', input: '100m', decimal: '0.1', format: 'DecimalSI', canonical: '100m', milli: 100, value: 1 },
  { name: 'half a core is written as 500m', input: '0.5', decimal: '0.5', format: 'DecimalSI', canonical: '500m', milli: 500, value: 1 },
  { name: 'a binary memory size stays binary', input: '128Mi', decimal: '134217728', format: 'BinarySI', canonical: '128Mi', milli: 134217728000, value: 134217728 },
  { name: '1.5Gi is re-expressed in whole Mi', input: '1.5Gi', decimal: '1610612736', format: 'BinarySI', canonical: '1536Mi', milli: 1610612736000, value: 1610612736 },
  { name: 'a decimal memory size stays decimal', input: '500M', decimal: '500000000', format: 'DecimalSI', canonical: '500M', milli: 500000000000, value: 500000000 },
  { name: 'an exponent keeps the exponent format', input: '1e3', decimal: '1000', format: 'DecimalExponent', canonical: '1e3', milli: 1000000, value: 1000 },
  { name: 'a fraction of a nano-unit rounds up to 1n', input: '0.1n', decimal: '0.000000001', format: 'DecimalSI', canonical: '1n', milli: 1, value: 1 },
  { name: 'a negative value rounds away from zero', input: '-1.5', decimal: '-1.5', format: 'DecimalSI', canonical: '-1500m', milli: -1500, value: -2 },
  { name: 'a binary value below one becomes DecimalSI', input: '0.000000000001Ki', decimal: '0.000000002', format: 'DecimalSI', canonical: '2n', milli: 1, value: 1 },
  { name: 'binary values are capped at 2^63-1', input: '9Ei', decimal: '9223372036854775807', format: 'BinarySI', canonical: '9223372036854775807', milli: 9223372036854775807000, value: 9223372036854775807 },
  { name: 'decimal values are not capped', input: '12E', decimal: '12000000000000000000', format: 'DecimalSI', canonical: '12E', milli: 12e21, value: 12e18 },
  { name: 'a value beyond the E suffix is written with an exponent', input: '1000E', decimal: '1000000000000000000000', format: 'DecimalSI', canonical: '1e21', milli: 1e24, value: 1e21 },
  { name: 'a lone sign or dot is zero, as upstream scans it', input: '+', decimal: '0', format: 'DecimalSI', canonical: '0', milli: 0, value: 0 },
  { name: 'zero with a binary suffix keeps BinarySI', input: '0Ki', decimal: '0', format: 'BinarySI', canonical: '0', milli: 0, value: 0 },
  { name: 'a trailing dot is allowed', input: '1.G', decimal: '1000000000', format: 'DecimalSI', canonical: '1G', milli: 1e12, value: 1e9 },
];

for (const c of parses) {
  test(`parse: ${c.name}`, () => {
    const q = parseQuantity(c.input);
    assert.is(q.toDecimalString(), c.decimal);
    assert.is(q.format, c.format);
    assert.is(q.toString(), c.canonical);
    assert.is(q.milliValue(), c.milli);
    assert.is(q.value(), c.value);
  });
}

const invalid: { name: string; input: string; message: string }[] = [
  { name: 'an empty string is rejected', input: '', message: ERR_FORMAT_WRONG },
  { name: 'leading whitespace is rejected', input: ' 1', message: ERR_FORMAT_WRONG },
  { name: 'two decimal points are rejected', input: '1.1.M', message: ERR_FORMAT_WRONG },
  { name: 'an unknown unit is rejected', input: '5x', message: ERR_FORMAT_WRONG },
  { name: 'a lower-case k with i is not Ki', input: '1ki', message: ERR_SUFFIX },
  { name: 'milli-i is not a suffix', input: '0.1mi', message: ERR_SUFFIX },
  { name: 'an exponent needs digits', input: '-3.01e-', message: ERR_SUFFIX },
  { name: 'a bare e is not an exponent', input: '1e', message: ERR_SUFFIX },
];

for (const c of invalid) {
  test(`invalid: ${c.name}`, () => {
    assert.throws(() => parseQuantity(c.input), (e: unknown) => e instanceof Error && e.message === c.message);
  });
}

test('the format error names the regular expression as upstream does', () => {
  assert.is(ERR_FORMAT_WRONG, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
});

const fromValue: { name: string; value: string; format: 'DecimalSI' | 'BinarySI' | 'DecimalExponent'; canonical: string }[] = [
  { name: '300Mi worth of bytes prints as 300Mi', value: '314572800', format: 'BinarySI', canonical: '300Mi' },
  { name: 'a small binary value prints as a plain number', value: '5', format: 'BinarySI', canonical: '5' },
  { name: 'a fractional binary value prints in DecimalSI', value: '1234.567', format: 'BinarySI', canonical: '1234567m' },
  { name: 'a thousand millions prints as 1G', value: '1000000000', format: 'DecimalSI', canonical: '1G' },
  { name: 'exponents are lowered to a multiple of three', value: '0.08', format: 'DecimalExponent', canonical: '80e-3' },
  { name: 'below nano a DecimalSI value falls back to an exponent', value: '0.000000000001', format: 'DecimalSI', canonical: '1e-12' },
];

for (const c of fromValue) {
  test(`fromDecimal: ${c.name}`, () => {
    assert.is(Quantity.fromDecimal(c.value, c.format).toString(), c.canonical);
  });
}

test('cmp orders quantities exactly across suffixes', () => {
  assert.is(parseQuantity('1Gi').cmp(parseQuantity('1G')), 1);
  assert.is(parseQuantity('1000m').cmp(parseQuantity('1')), 0);
  assert.is(parseQuantity('-2').cmp(parseQuantity('1n')), -1);
  assert.is(parseQuantity('600m').cmp(parseQuantity('500m')), 1);
});

test('asInt64 answers only where upstream takes its int64 fast path', () => {
  assert.is(parseQuantity('1E').asInt64(), 10n ** 18n);
  assert.is(parseQuantity('-999999999999999999').asInt64(), -999999999999999999n);
  assert.is(parseQuantity('1000000000000000000').asInt64(), null);
  assert.is(parseQuantity('100m').asInt64(), null);
  assert.is(parseQuantity('0').asInt64(), 0n);
});

test('a huge exponent parses without building the whole number', () => {
  const q = parseQuantity('1e-1000000000');
  assert.is(q.toString(), '1e-9');
  assert.is(parseQuantity('2e999999999').value(), Infinity);
});

test.run();
