/**
 * Deep comparison for conformance checks: every key of `expected` must match `actual`
 * (keys only in `actual` are ignored: a vector holds only what upstream asserts).
 */
export function diffExpected(expected: unknown, actual: unknown, path = ''): string[] {
  const at = path || '(value)';
  if (expected === null || typeof expected !== 'object') {
    if (typeof expected === 'number' && typeof actual === 'number') {
      return Object.is(expected, actual) || expected === actual ? [] : [`${at}: expected ${expected}, got ${actual}`];
    }
    return expected === actual ? [] : [`${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${at}: expected an array ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
    if (expected.length !== actual.length) {
      return [`${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
    }
    return expected.flatMap((e, i) => diffExpected(e, actual[i], `${path}[${i}]`));
  }
  if (actual === null || typeof actual !== 'object') {
    return [`${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
  }
  const a = actual as Record<string, unknown>;
  return Object.entries(expected as Record<string, unknown>).flatMap(([k, v]) =>
    diffExpected(v, a[k], path ? `${path}.${k}` : k),
  );
}
