/**
 * Upstream test vectors (transcribed from upstream unit tests; test/conformance/*.json): `{id, source, kind, input, expected}`.
 * A `Check` runs one vector through the product's real code path and returns the differences from `expected`
 * (an empty list means the vector passed).
 */
export interface Vector {
  id: string;
  source?: string;
  sourceAt?: string;
  kind: string;
  input: any;
  expected: any;
  derived?: any;
  notes?: string;
}

export type Check = (vector: Vector) => string[];
