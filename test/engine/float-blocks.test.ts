/** engine/float-blocks.ts: records never overlap, start at zero, and a full block is replaced, not reused. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FloatBlocks } from '../../src/engine/float-blocks.js';

test('records of one block sit side by side, zero-filled, and never overlap', () => {
  const b = new FloatBlocks(3, 4);
  const block = b.block;
  const offsets = [b.take(), b.take(), b.take(), b.take()];
  assert.equal(offsets, [0, 3, 6, 9]);
  assert.is(b.block, block, 'four records of three fit one block of four');
  for (const o of offsets) for (let k = 0; k < 3; k++) block[o + k] = o * 10 + k;
  assert.equal([...block], [0, 1, 2, 30, 31, 32, 60, 61, 62, 90, 91, 92]);
});

test('a full block is replaced by a fresh one; the old one keeps its numbers', () => {
  const b = new FloatBlocks(2, 2);
  const first = b.block;
  b.take();
  const o = b.take();
  first[o] = 7.5;
  const p = b.take();
  assert.is.not(b.block, first);
  assert.is(p, 0);
  assert.is(b.block.length, 4);
  assert.equal([...b.block], [0, 0, 0, 0], 'the fresh block starts at zero');
  b.block[p] = -1;
  assert.is(first[o], 7.5, 'writing the new record leaves the old block alone');
});

test('a stride or size that is not a positive integer is refused', () => {
  for (const [s, r] of [[0, 4], [2.5, 4], [3, 0], [-1, 1]] as const) assert.throws(() => new FloatBlocks(s, r), /positive integers/);
});

test.run();
