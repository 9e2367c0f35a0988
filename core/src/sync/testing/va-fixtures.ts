// Fixtures shared by the sync tests: a Partner Holding Virtual Account with a few held orders.
import { account, assignment, order, placedEvent, T0, virtualAccount } from '../../testing/builders.ts';
import type { Order } from '../../domain/order.ts';

export const holding = account('sa-hold', 'partner-holding', 'org-partner');
export const vaA = virtualAccount('va-a', 'sa-hold');
export const vaB = virtualAccount('va-b', 'sa-hold');
export const customer = account('sa-cust', 'customer', 'org-acme');

/** An order placed straight into a Virtual Account of the holding account. */
export function heldOrder(salesOrderNumber: string, va = vaA, at = T0): Order {
  return order(salesOrderNumber, [placedEvent(at, assignment(va, 'partner-holding'), { id: `placed:${salesOrderNumber}` })]);
}
