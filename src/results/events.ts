/**
 * Events as the cluster keeps them: repeats folded into one Event with a count and its first and last time, the
 * way client-go's event recorder correlates them before they reach the API server
 * (k8s.io/client-go/tools/record/events_cache.go, `EventCorrelator`):
 *
 *   - aggregation (`EventAggregator.EventAggregate`, keyed by `EventAggregatorByReasonFunc`): events of one
 *     object and reason that differ only in their message are "similar"; once 10 distinct messages
 *     (`defaultAggregateMaxEvents`) were seen with no gap over 600 s (`defaultAggregateIntervalInSeconds`) since
 *     the previous similar one, each further one is recorded under the object+reason key with the message
 *     `(combined from similar events): <message>` (`EventAggregatorByReasonMessageFunc`);
 *   - counting (`eventLogger.eventObserve`): an event whose key (object, reason, message — or the aggregate key)
 *     was seen before updates that Event: count + 1, lastTimestamp now, the newest message; firstTimestamp kept.
 *
 * Not modelled: the per-object spam filter (25 events, then one per 5 min: `EventSourceObjectSpamFilter`), which
 * drops events rather than folding them — kubesim counts every occurrence — and the 4096-entry LRU bound. Where
 * upstream drops an arbitrary message from a full aggregate set (`PopAny`), kubesim drops the oldest, so the
 * result does not depend on map order.
 */
import type { EventRow } from './types.js';

export interface FoldedEvent extends EventRow {
  /** Occurrences folded into this row (1 = seen once). */
  count: number;
  /** Seconds from start of the last occurrence (= `time` when count is 1). */
  lastTime: number;
}

const AGGREGATE_MAX_EVENTS = 10;
const AGGREGATE_INTERVAL_SECONDS = 600;
const COMBINED_PREFIX = '(combined from similar events): ';

/** Folds a time-ordered event log; rows in order of first occurrence. */
export function foldEvents(events: readonly EventRow[]): FoldedEvent[] {
  const similar = new Map<string, { messages: Set<string>; last: number }>();
  const byKey = new Map<string, FoldedEvent>();
  const out: FoldedEvent[] = [];
  for (const e of events) {
    const aggregateKey = `${e.object}\u0000${e.reason}`;
    let rec = similar.get(aggregateKey);
    if (!rec || e.time - rec.last > AGGREGATE_INTERVAL_SECONDS) {
      rec = { messages: new Set(), last: e.time };
      similar.set(aggregateKey, rec);
    }
    rec.messages.add(e.message);
    rec.last = e.time;
    let key = `${aggregateKey}\u0000${e.message}`;
    let message = e.message;
    if (rec.messages.size >= AGGREGATE_MAX_EVENTS) {
      const oldest = rec.messages.values().next().value as string;
      rec.messages.delete(oldest);
      key = aggregateKey;
      message = COMBINED_PREFIX + e.message;
    }
    const seen = byKey.get(key);
    if (seen) {
      seen.count++;
      seen.lastTime = e.time;
      seen.message = message;
      continue;
    }
    const row: FoldedEvent = { time: e.time, object: e.object, reason: e.reason, message, count: 1, lastTime: e.time };
    byKey.set(key, row);
    out.push(row);
  }
  return out;
}
