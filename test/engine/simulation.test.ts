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

test('handlers that schedule, cancel or schedule nothing: events run in strictly increasing (time, insertion)', () => {
  // Every event gets an id in scheduling order. Handlers schedule 0–3 events (some at the current time), cancel
  // pending ones and sometimes themselves, so the running event's root entry is replaced by a push, removed after
  // the handler, or cancelled while it runs. Each event run is the minimum (time, id) pending, and anything
  // scheduled later has a larger id at a time ≥ now: the executed keys must strictly increase, and exactly the
  // events never cancelled must run.
  for (const seed of [1, 2, 3]) {
    const rnd = createStream(seed, 'queue-model');
    const sim = new Simulation();
    const pending = new Map<number, { time: number; handle: number }>();
    const cancelled = new Set<number>();
    const ran: { id: number; time: number }[] = [];
    let nextId = 0;
    const schedule = (time: number): void => {
      const id = nextId++;
      const handle = sim.at(time, `e${id}`, (now) => {
        assert.ok(pending.has(id), `event ${id} ran after it was cancelled`);
        pending.delete(id);
        ran.push({ id, time: now });
        if (nextId > 5000) return;
        const r = rnd.next();
        if (r < 0.15 && pending.size > 0) {
          const ids = [...pending.keys()];
          const victim = ids[rnd.int(ids.length)]!;
          sim.cancel(pending.get(victim)!.handle);
          pending.delete(victim);
          cancelled.add(victim);
        }
        const children = r < 0.25 ? 0 : r < 0.6 ? 1 : r < 0.9 ? 2 : 3; // 1.3 on average: the run grows to the cap
        for (let c = 0; c < children; c++) schedule(now + (rnd.next() < 0.2 ? 0 : rnd.int(50)));
        if (rnd.next() < 0.05) sim.cancel(handle); // the running event itself: changes nothing
      });
      pending.set(id, { time, handle });
    };
    for (let i = 0; i < 200; i++) schedule(rnd.int(100));
    sim.run(Infinity);
    assert.is(sim.pending, 0);
    assert.is(pending.size, 0);
    for (let k = 1; k < ran.length; k++) {
      const a = ran[k - 1]!;
      const b = ran[k]!;
      assert.ok(a.time < b.time || (a.time === b.time && a.id < b.id), `event ${b.id}@${b.time} ran after ${a.id}@${a.time}`);
    }
    assert.is(ran.length + cancelled.size, nextId);
    assert.ok(ran.length > 2000, `${ran.length} events ran`);
  }
});

test('after a throwing handler the queue is intact: the next run goes on in order', () => {
  const sim = new Simulation();
  const log: number[] = [];
  sim.at(10, 'boom', () => {
    sim.at(15, 'scheduled-before-throw', (t) => log.push(t));
    throw new Error('boom');
  });
  for (const t of [20, 12, 30]) sim.at(t, 'later', (now) => log.push(now));
  assert.throws(() => sim.run(100), /boom/);
  assert.is(sim.pending, 4);
  sim.run(100);
  assert.equal(log, [12, 15, 20, 30]);
  assert.is(sim.pending, 0);
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
