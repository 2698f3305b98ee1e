/** foldEvents against client-go's EventCorrelator rules (tools/record/events_cache.go), row by row. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { foldEvents } from '../../src/results/events.js';
import type { EventRow } from '../../src/results/types.js';

const ev = (time: number, message: string, object = 'pod/a', reason = 'Unhealthy'): EventRow => ({ time, object, reason, message });

const CASES: Array<{ name: string; events: EventRow[]; rows: Array<[number, number, number, string]> }> = [
  { name: 'an identical repeat adds to the count and moves the last time', events: [ev(1, 'm'), ev(5, 'm')], rows: [[1, 5, 2, 'm']] },
  { name: 'another object is another event', events: [ev(1, 'm'), ev(2, 'm', 'pod/b')], rows: [[1, 1, 1, 'm'], [2, 2, 1, 'm']] },
  {
    name: 'the tenth distinct message within 10 minutes starts a combined event',
    events: Array.from({ length: 11 }, (_, i) => ev(i, `m${i}`)),
    rows: [...Array.from({ length: 9 }, (_, i): [number, number, number, string] => [i, i, 1, `m${i}`]), [9, 10, 2, '(combined from similar events): m10']],
  },
  {
    name: 'a gap over 600 s since the last similar event starts the count of distinct messages afresh',
    events: [...Array.from({ length: 9 }, (_, i) => ev(i, `m${i}`)), ev(700, 'm9')],
    rows: [...Array.from({ length: 9 }, (_, i): [number, number, number, string] => [i, i, 1, `m${i}`]), [700, 700, 1, 'm9']],
  },
];

for (const c of CASES) {
  test(c.name, () => {
    assert.equal(foldEvents(c.events).map((e) => [e.time, e.lastTime, e.count, e.message]), c.rows);
  });
}

test.run();
