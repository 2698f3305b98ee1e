/**
 * engine/shapes.ts: values never change, wrong keys are refused, and — checked with V8's own map comparison in a
 * child process — a settled object keeps its hidden class when a fraction or another object arrives later.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { optionalFields, settleShape, shapeSettler } from '../../src/engine/shapes.js';

const SHAPES = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'engine', 'shapes.ts')).href;

test('settleShape leaves every value as it was, -0, NaN, Infinity, null and objects included', () => {
  const inner = { a: 1 };
  const o = { i: 3, z: 0, nz: -0, nan: Number.NaN, inf: Infinity, f: 2.5, n: null as number | null, u: undefined as number | undefined, obj: inner as object | null };
  const r = settleShape(o, ['i', 'z', 'nz', 'nan', 'inf', 'f', 'n', 'u', 'obj']);
  assert.is(r, o);
  assert.is(o.i, 3);
  assert.ok(Object.is(o.z, 0));
  assert.ok(Object.is(o.nz, -0));
  assert.ok(Number.isNaN(o.nan));
  assert.is(o.inf, Infinity);
  assert.is(o.f, 2.5);
  assert.is(o.n, null);
  assert.is(o.u, undefined);
  assert.is(o.obj, inner);
  assert.equal(Object.keys(o), ['i', 'z', 'nz', 'nan', 'inf', 'f', 'n', 'u', 'obj']);
});

test('settleShape refuses a key the object lacks, rather than adding it', () => {
  const o = { a: 1 };
  assert.throws(() => settleShape(o, ['a', 'b']), /no field b/);
  assert.not.ok('b' in o);
});

test('optionalFields declares the missing keys as undefined, in order, and leaves present ones alone', () => {
  const o: { a: number; b?: number; c?: object } = { a: 1, b: 7 };
  optionalFields(o, ['b', 'c']);
  assert.equal(Object.keys(o), ['a', 'b', 'c']);
  assert.is(o.b, 7);
  assert.is(o.c, undefined);
});

/** Runs `body` in a child Node with V8's natives syntax; `same(a, b)` compares two objects' hidden classes. */
function inV8(body: string): string {
  const script = `import { settleShape, optionalFields, shapeSettler } from ${JSON.stringify(SHAPES)};
const same = new Function('a', 'b', 'return %HaveSameMap(a, b)');
const out = [];
${body}
console.log(out.join(' '));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--allow-natives-syntax', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  return r.stdout.trim();
}

test('a settled object keeps its hidden class when fractions and other objects arrive; an unsettled one does not', () => {
  const out = inV8(`
function make(settle) {
  const o = { count: 0, total: 0, owner: null };
  return settle ? settleShape(o, ['total', 'owner']) : o;
}
for (const settle of [false, true]) {
  const a = make(settle);
  const b = make(settle);
  b.total += 0.25;
  b.owner = { name: 'x' };
  out.push(String(same(a, b)));
}`);
  assert.is(out, 'false true');
});

test('optional fields declared up front give one hidden class whatever order they are set in', () => {
  const out = inV8(`
for (const declare of [false, true]) {
  const a = { id: 1 };
  const b = { id: 2 };
  if (declare) { optionalFields(a, ['x', 'y']); optionalFields(b, ['x', 'y']); }
  a.x = 1; a.y = { k: 1 };
  b.y = null; b.x = 2.5;
  out.push(String(same(a, b)));
}`);
  assert.is(out, 'false true');
});

test('nullable fields keep their values too, and a missing one is refused', () => {
  const o = { at: 1.5 as number | null, none: null as number | null, n: 3 };
  settleShape(o, ['n'], ['at', 'none']);
  assert.equal(o, { at: 1.5, none: null, n: 3 });
  assert.throws(() => settleShape(o, [], ['gone']), /no field gone/);
});

test('shapeSettler settles the first objects it is given, then hands objects back untouched', () => {
  const settle = shapeSettler(['a'], [], 2);
  const seen: unknown[] = [];
  for (let i = 0; i < 4; i++) {
    const o = { a: i };
    seen.push(settle(o) === o && o.a === i);
  }
  assert.equal(seen, [true, true, true, true]);
  assert.throws(() => shapeSettler(['b'])({ a: 1 }), /no field b/);
  const late = shapeSettler(['b'], [], 1);
  late({ b: 1 });
  late({ a: 1 }); // past its count: not even checked
});

test('objects a literal makes after its settler stopped take fractions without a new hidden class', () => {
  const out = inV8(`
// the unsettled site first: objects of the same fields share one hidden-class tree, so once the second site has
// settled total, every later literal of these fields would find it settled
const plain = shapeSettler(['total'], [], 0);
const settled = shapeSettler(['total'], [], 1);
const makers = [() => plain({ total: 0 }), () => settled({ total: 0 })];
for (const make of makers) {
  make(); // the first object (settled by the second maker's settler)
  const a = make(); // both past the settler's count
  const b = make();
  b.total += 0.25;
  out.push(String(same(a, b)));
}`);
  assert.is(out, 'false true');
});

test.run();
