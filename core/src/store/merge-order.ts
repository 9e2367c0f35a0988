import { orderState } from '../domain/lifecycle.ts';
import { mergeHistories, missingEvents } from '../domain/merge-histories.ts';
import type { OrderEvent } from '../domain/order-event.ts';
import type { Order } from '../domain/order.ts';

export type MergeOutcome = 'added' | 'updated' | 'unchanged';

const canonical = (order: Order): string =>
  JSON.stringify({ ...order, history: [...order.history].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) });

/**
 * Folds an imported copy of an order into the stored one. The file's facts (numbers, customer,
 * lines) win; histories are merged by `mergeHistories` (the one union of event logs), so the local
 * history is never lost and a re-import of the same file changes nothing. An order the file now shows assigned while the
 * store still has it on hold gets an `assigned` event at `now`.
 */
export function mergeImportedOrder(
  existing: Order | undefined,
  incoming: Order,
  now: string,
): { order: Order; outcome: MergeOutcome } {
  if (!existing) return { order: incoming, outcome: 'added' };
  const added: OrderEvent[] = missingEvents(existing.history, incoming.history);
  const ids = new Set(existing.history.map((e) => e.id));
  const before = orderState(existing);
  const after = orderState(incoming);
  if (before.status === 'on-hold' && after.holder && after.status !== 'on-hold') {
    const id = `${incoming.salesOrderNumber}:import:assigned:${after.holder.virtualAccountId}`;
    if (!ids.has(id))
      added.push({
        id,
        type: 'assigned',
        at: now > before.placedAt ? now : before.placedAt,
        by: 'import',
        assignment: after.holder,
      });
  }
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
