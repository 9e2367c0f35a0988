import { compareEvents } from './lifecycle.ts';
import type { OrderEvent } from './order-event.ts';

/**
 * The union of event logs of one order: every event kept once by id (the first copy seen wins, so
 * callers list the log they trust most first), sorted by (at, id). Histories only grow, so this is
 * the one merge every replica, import and projection uses: whatever order logs meet in, the result
 * is the same set, and `orderState` folds it deterministically.
 */
export function mergeHistories(...histories: readonly (readonly OrderEvent[])[]): OrderEvent[] {
  const byId = new Map<string, OrderEvent>();
  for (const history of histories) for (const event of history) if (!byId.has(event.id)) byId.set(event.id, event);
  return [...byId.values()].sort(compareEvents);
}

/** The events of `incoming` that `known` lacks (by id), in `incoming`'s order. */
export function missingEvents(known: readonly OrderEvent[], incoming: readonly OrderEvent[]): OrderEvent[] {
  const ids = new Set(known.map((e) => e.id));
  return incoming.filter((e) => !ids.has(e.id));
}
