import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { phaseTimer } from '../../src/cli/phases.js';

test('with KUBESIM_PHASES=1 every phase is printed once, in order, between start and total', async () => {
  let text = '';
  const p = phaseTimer({ KUBESIM_PHASES: '1' }, (t) => (text += t));
  assert.is(p.time('simulate', () => 42), 42);
  assert.is(await p.timeAsync('load', async () => 'x'), 'x');
  p.print();
  const names = text.trimEnd().split('\n').map((l) => /^kubesim-phase (\S+) \d+\.\d$/.exec(l)?.[1]);
  assert.equal(names, ['start', 'simulate', 'load', 'total']);
});

test('a phase that throws is still recorded, and the error passes through', () => {
  let text = '';
  const p = phaseTimer({ KUBESIM_PHASES: '1' }, (t) => (text += t));
  assert.throws(() => p.time('simulate', () => { throw new Error('boom'); }), /boom/);
  p.print();
  assert.match(text, /kubesim-phase simulate /);
});

test('without the variable nothing is printed and work is only called through', () => {
  let text = '';
  const p = phaseTimer({}, (t) => (text += t));
  assert.is(p.time('simulate', () => 1), 1);
  p.print();
  assert.is(text, '');
});

test.run();
