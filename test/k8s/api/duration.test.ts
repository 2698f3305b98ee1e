/** Go time.ParseDuration semantics, in milliseconds, and the scenario-field wrapper. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UserError } from '../../../src/engine/errors.js';
import { parseDuration, parseDurationField, parseDurationNanos } from '../../../src/k8s/api/duration.js';

const valid: { name: string; input: string; ms: number }[] = [
  { name: 'milliseconds are taken as they are', input: '300ms', ms: 300 },
  { name: 'seconds become thousands of milliseconds', input: '90s', ms: 90_000 },
  { name: 'a fractional hour is exact', input: '1.5h', ms: 5_400_000 },
  { name: 'terms add up', input: '2h45m', ms: 9_900_000 },
  { name: 'a leading minus negates the whole duration', input: '-1.5h', ms: -5_400_000 },
  { name: 'a leading plus is allowed', input: '+15m', ms: 900_000 },
  { name: 'a bare zero needs no unit', input: '0', ms: 0 },
  { name: 'a signed bare zero needs no unit either', input: '-0', ms: 0 },
  { name: 'microseconds round to the nearest millisecond', input: '1500us', ms: 2 },
  { name: 'both micro signs are accepted', input: '1000µs1000μs', ms: 2 },
  { name: 'nanoseconds below half a millisecond round to zero', input: '400000ns', ms: 0 },
  { name: 'a number may start with a dot', input: '.5s', ms: 500 },
  { name: 'a number may end with a dot', input: '5.s', ms: 5000 },
  { name: 'halves round away from zero when negative', input: '-1.5ms', ms: -2 },
  { name: 'the same unit may repeat', input: '1s1s', ms: 2000 },
];

for (const c of valid) {
  test(`valid: ${c.name}`, () => {
    assert.is(parseDuration(c.input), c.ms);
  });
}

const invalid: { name: string; input: string; message: string }[] = [
  { name: 'an empty string is an invalid duration', input: '', message: 'time: invalid duration ""' },
  { name: 'a number without a unit is missing its unit', input: '1', message: 'time: missing unit in duration "1"' },
  { name: 'a trailing number without a unit is missing its unit', input: '1h30', message: 'time: missing unit in duration "1h30"' },
  { name: 'an unknown unit is named', input: '5x', message: 'time: unknown unit "x" in duration "5x"' },
  { name: 'days are not a Go unit', input: '1d', message: 'time: unknown unit "d" in duration "1d"' },
  { name: 'a unit without a number is invalid', input: 's', message: 'time: invalid duration "s"' },
  { name: 'a dot alone is not a number', input: '.s', message: 'time: invalid duration ".s"' },
  { name: 'a space is part of the unit, so it is unknown', input: '5 s', message: 'time: unknown unit " s" in duration "5 s"' },
  { name: 'more than 2^63-1 nanoseconds overflows', input: '9223372036854775808ns', message: 'time: invalid duration "9223372036854775808ns"' },
];

for (const c of invalid) {
  test(`invalid: ${c.name}`, () => {
    assert.throws(() => parseDuration(c.input), (e: unknown) => e instanceof Error && e.message === c.message);
  });
}

test('the most negative duration is allowed, as in Go', () => {
  assert.is(parseDurationNanos('-9223372036854775808ns'), -(2n ** 63n));
});

test('a fraction truncates below one nanosecond, as Go does', () => {
  assert.is(parseDurationNanos('1.0000000009s'), 1_000_000_000n);
});

const fieldErrors: { name: string; value: unknown; detail: string }[] = [
  {
    name: 'an unknown unit is reported with an example of the syntax',
    value: '5x',
    detail: 'Invalid value: "5x": expected a Go duration such as 500ms, 90s, 15m, 2h, 1h30m',
  },
  {
    name: 'a bare number other than zero is not guessed at',
    value: 90,
    detail: 'Invalid value: 90: expected a Go duration such as 500ms, 90s, 15m, 2h, 1h30m',
  },
  {
    name: 'a missing value is required',
    value: undefined,
    detail: 'Required value: expected a Go duration such as 500ms, 90s, 15m, 2h, 1h30m',
  },
];

for (const c of fieldErrors) {
  test(`field: ${c.name}`, () => {
    try {
      parseDurationField(c.value, 'spec.duration');
      assert.unreachable('should have thrown');
    } catch (e) {
      assert.instance(e, UserError);
      assert.is((e as UserError).path, 'spec.duration');
      assert.is((e as UserError).detail, c.detail);
    }
  });
}

test('field: a Go duration string and a bare YAML zero are read', () => {
  assert.is(parseDurationField('1h30m', 'spec.duration'), 5_400_000);
  assert.is(parseDurationField(0, 'spec.duration'), 0);
});

test.run();
