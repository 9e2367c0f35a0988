import { orderState } from '../domain/lifecycle.ts';
import type { Order } from '../domain/order.ts';
import { onHoldBucket } from '../domain/on-hold-bucket.ts';
import type { OrderRow } from './rows.ts';

/** Words of at least two characters, lower-cased: what a prefix search can start from. */
export function searchKeysOf(
  order: Pick<Order, 'salesOrderNumber' | 'webOrderId' | 'poNumber' | 'endCustomer'>,
): string[] {
  const customer = order.endCustomer.name.toLowerCase();
  const keys = new Set([order.salesOrderNumber, order.webOrderId, order.poNumber].map((k) => k.toLowerCase()));
  keys.add(customer);
  for (const word of customer.split(/[^\p{L}\p{N}]+/u)) if (word.length >= 2) keys.add(word);
  return [...keys];
}

/** The stored row of an order: the order itself plus the indexed columns folded from its history. */
export function toOrderRow(order: Order): OrderRow {
  const state = orderState(order);
  const held = state.status === 'in-holding' || state.status === 'reassignment-in-progress';
  // A handed-on order stays filed where the distributor's team kept it: the end of their record,
  // with or without sync (the distributor cannot open the reseller's document).
  const place = state.status === 'handed-on' && state.handedOn ? state.handedOn.from : state.holder;
  const row: OrderRow = {
    salesOrderNumber: order.salesOrderNumber,
    order,
    status: state.status,
    smartAccountId: place?.smartAccountId ?? '',
    virtualAccountId:
      place?.virtualAccountId ?? onHoldBucket(order.reseller?.organizationId ?? order.distributor?.organizationId),
    since: state.heldSince ?? state.placedAt,
    placedAt: state.placedAt,
    updatedAt: order.updatedAt,
    searchKeys: searchKeysOf(order),
  };
  if (held && state.holder?.kind === 'partner-holding')
    row.reviewBase = state.lastReviewedAt ?? state.heldSince ?? state.placedAt;
  return row;
}
