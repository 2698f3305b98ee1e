/**
 * Object shapes for the JIT. V8 keeps a number field that has only ever held small integers as a tagged integer,
 * and an object field that has only ever held one class of object as that class; the first fraction (or the
 * first other class, or null) stored there moves the object to a more general hidden class and retires the old
 * one, and every optimised function that had assumed the old one is thrown away and compiled again later. In a
 * simulation the first fraction of many accumulators arrives hours into simulated time (the first partial
 * request, the first rollout), so a fresh process kept recompiling its hottest functions well into the run: a
 * week's run made ~65 such deoptimisations, and half of the background compiler's ~2.9 s of work was
 * recompiling.
 *
 * `settleShape(o, keys)` generalises the named fields when the object is made, before any code is optimised
 * against it, by storing 0.5 and then the field's own value back: a number field can then take fractions, an
 * object field any object or null, without a new hidden class. Values never change (an integer read back is the
 * same number); only the storage V8 picks for the field does. It needs to run once per creation site and class —
 * later objects of the same shape follow the same transition — but running it on every object is harmless and
 * keeps the call beside the fields it names. (Numbers stay numbers: a field that once held a number and then an
 * object is beyond it, and none of ours does.)
 *
 * `optionalFields(o, keys)` declares optional fields the object lacks.
 */

/**
 * `nullable` names the fields that hold a number or null (`startTimeMs: number | null`), whichever comes first:
 * they are made able to hold both (a small integer, a fraction and null are stored before the value). A number
 * field that may never be null is better named in `keys`, where it stays a plain double.
 *
 * Throws on a key the object does not have (a misspelt or renamed field: adding one would change the very shape
 * it is meant to settle). The keys are strings so that a class can name its private fields too.
 */
export function settleShape<T extends object>(o: T, keys: readonly string[], nullable: readonly string[] = []): T {
  const r = o as unknown as Record<string, unknown>;
  for (const k of keys) {
    if (!(k in r)) throw new Error(`settleShape: the object has no field ${k}`);
    const v = r[k];
    r[k] = 0.5;
    r[k] = v;
  }
  for (const k of nullable) {
    if (!(k in r)) throw new Error(`settleShape: the object has no field ${k}`);
    const v = r[k];
    r[k] = 1;
    r[k] = 0.5;
    r[k] = null;
    r[k] = v;
  }
  return o;
}

/**
 * Declares optional fields the object lacks (as undefined), in the order given and able to hold any value, so
 * that setting them later — a number, an object, a flag, whichever comes first — neither adds a field (a new
 * hidden class per object, in whatever order events set them) nor narrows one. Reading a declared field gives
 * undefined, as reading a missing one does; only `in` and key listings could tell, and nothing reads the objects
 * this is used on that way. Keys the object has already are left alone.
 */
export function optionalFields<T extends object>(o: T, keys: readonly string[]): T {
  const r = o as unknown as Record<string, unknown>;
  for (const k of keys) {
    if (k in r) continue;
    r[k] = 0.5;
    r[k] = undefined;
  }
  return o;
}

/**
 * `settleShape` for a hot creation site (one object literal, made at every HPA sync): it settles the first few
 * objects the site makes and then hands objects back untouched. That is enough: later objects of a literal are
 * copies of its first, whose hidden class V8 brings up to date once it has been generalised.
 */
export function shapeSettler(keys: readonly string[], nullable: readonly string[] = [], times = 4): <T extends object>(o: T) => T {
  let left = times;
  return <T extends object>(o: T): T => {
    if (left === 0) return o;
    left--;
    return settleShape(o, keys, nullable);
  };
}
