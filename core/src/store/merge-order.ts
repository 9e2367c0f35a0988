import { foldOrderHistory, orderState } from '../domain/lifecycle.ts';
import { isFilePlaceEvent, lineMovesToPlaces } from '../domain/line-moves.ts';
import { mergeHistories, missingEvents } from '../domain/merge-histories.ts';
import type { Assignment, OrderEvent } from '../domain/order-event.ts';
import type { Order } from '../domain/order.ts';

export type MergeOutcome = 'added' | 'updated' | 'unchanged';

const canonical = (order: Order): string =>
  JSON.stringify({ ...order, history: [...order.history].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) });

/**
 * Folds an imported copy of an order into the stored one. The file's facts (numbers, customer,
 * lines) win; histories are merged by `mergeHistories` (the one union of event logs), so the local
 * history is never lost and a re-import of the same file changes nothing. Where the file puts a
 * line (its Smart Account and Virtual Account) is compared with where the store has it, line by
 * line: a line the file shows further along (assigned out of hold, or in the customer's account)
 * gets the events that take it there, at `now` (`lineMovesToPlaces`); the file's own such events
 * are not copied, as they describe its history, not the store's.
 */
export function mergeImportedOrder(
  existing: Order | undefined,
  incoming: Order,
  now: string,
): { order: Order; outcome: MergeOutcome } {
  if (!existing) return { order: incoming, outcome: 'added' };
  const so = incoming.salesOrderNumber;
  const facts: OrderEvent[] = missingEvents(existing.history, incoming.history).filter((e) => !isFilePlaceEvent(so, e));
  const lineNumbers = incoming.lines.map((l) => l.lineNumber);
  const before = foldOrderHistory(mergeHistories(existing.history, facts), lineNumbers);
  const places: Record<number, Assignment | null> = {};
  for (const [n, placement] of Object.entries(orderState(incoming).placements)) places[Number(n)] = placement.holder;
  const moves = lineMovesToPlaces(before, places, {
    salesOrderNumber: so,
    at: now > before.placedAt ? now : before.placedAt,
    by: 'import',
  });
  const added = [...facts, ...moves];
  const history = mergeHistories(existing.history, added);
  const updatedAt = [existing.updatedAt, ...added.map((e) => e.at)].reduce((max, at) => (at > max ? at : max));
  const order: Order = {
    ...existing,
    webOrderId: incoming.webOrderId,
    poNumber: incoming.poNumber,
    endCustomer: incoming.endCustomer,
    distributor: incoming.distributor,
    reseller: incoming.reseller,
    lines: incoming.lines,
    history,
    updatedAt,
  };
  return { order, outcome: canonical(order) === canonical(existing) ? 'unchanged' : 'updated' };
}
