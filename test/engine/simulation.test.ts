/** The kernel: ordering by (time, insertion), cancellation, run(until), errors, random streams. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EventQueue, Simulation, SimulationError, createStream } from '../../src/engine/index.js';

test('events run in time order and equal times run in insertion order', () => {
  const sim = new Simulation();
  const log: string[] = [];
  sim.at(20, 'c', (t) => log.push(`c@${t}`));
  sim.at(10, 'a', (t) => log.push(`a@${t}`));
  sim.at(20, 'd', (t) => log.push(`d@${t}`));
  sim.at(10, 'b', (t) => log.push(`b@${t}`));
  sim.run(100);
  assert.equal(log, ['a@10', 'b@10', 'c@20', 'd@20']);
  assert.is(sim.now, 100);
});

test('run(until) stops at the boundary and includes events exactly at it', () => {
  const sim = new Simulation();
  const log: number[] = [];
  for (const t of [5, 10, 11]) sim.at(t, 'e', (now) => log.push(now));
  sim.run(10);
  assert.equal(log, [5, 10]);
  assert.is(sim.now, 10);
  sim.run(20);
  assert.equal(log, [5, 10, 11]);
});

test('a cancelled event never runs, and cancelling a finished event does nothing', () => {
  const sim = new Simulation();
  const log: string[] = [];
  const h = sim.at(10, 'x', () => log.push('x'));
  const done = sim.at(1, 'y', () => log.push('y'));
  sim.cancel(h);
  sim.run(5);
  const z = sim.at(10, 'z', () => log.push('z')); // may reuse y's slot
  sim.cancel(done); // stale handle: must not cancel z
  sim.run(20);
  assert.equal(log, ['y', 'z']);
  assert.ok(z >= 0);
  assert.is(sim.pending, 0);
});

test('handlers can schedule more events, also at the current time', () => {
  const sim = new Simulation();
  const log: string[] = [];
  sim.at(10, 'first', (t) => {
    log.push('first');
    sim.at(t, 'same-time', () => log.push('same'));
    sim.after(5, 'later', () => log.push('later'));
  });
  sim.at(10, 'second', () => log.push('second'));
  sim.run(100);
  assert.equal(log, ['first', 'second', 'same', 'later']);
});

test('run(Infinity) stops when the queue is empty', () => {
  const sim = new Simulation();
  let n = 0;
  sim.at(5, 'only', () => n++);
  sim.run(Infinity);
  assert.is(n, 1);
  assert.is(sim.now, 5);
});

test('scheduling in the past is refused', () => {
  const sim = new Simulation();
  sim.run(50);
  assert.throws(() => sim.at(10, 'past', () => {}), /already at 50/);
});

test('a throwing handler aborts the run naming the time and the event', () => {
  const sim = new Simulation();
  sim.at(1500, 'hpa-sync', () => {
    throw new Error('boom');
  });
  try {
    sim.run(10_000);
    assert.unreachable();
  } catch (e) {
    assert.instance(e, SimulationError);
    assert.match((e as Error).message, 't=1.500s in hpa-sync: boom');
  }
});

test('the queue stays ordered under many random pushes and pops', () => {
  const q = new EventQueue(4);
  const rnd = createStream(7, 'queue-test');
  const times: number[] = [];
  for (let i = 0; i < 5000; i++) {
    const t = rnd.int(1000);
    times.push(t);
    q.push(t, () => {}, 'e');
  }
  const out: number[] = [];
  while (q.peekTime() !== Infinity) {
    out.push(q.peekTime());
    q.release(q.popSlot());
  }
  assert.equal(out, [...times].sort((a, b) => a - b));
});

test('named streams are reproducible and independent of each other', () => {
  const a1 = createStream(42, 'traffic');
  const a2 = createStream(42, 'traffic');
  const b = createStream(42, 'kubelet');
  const seqA1 = [a1.next(), a1.next(), a1.next()];
  assert.equal(seqA1, [a2.next(), a2.next(), a2.next()]);
  assert.not.equal(seqA1, [b.next(), b.next(), b.next()]);
  assert.not.equal(seqA1[0], createStream(43, 'traffic').next());
});

test('poisson draws have the right mean for small and large rates', () => {
  const r = createStream(1, 'poisson');
  for (const lambda of [3, 300]) {
    let sum = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) sum += r.poisson(lambda);
    assert.ok(Math.abs(sum / n - lambda) < lambda * 0.02, `mean ${sum / n} for ${lambda}`);
  }
});

test.run();
