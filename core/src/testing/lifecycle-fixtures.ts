// The accounts, order and reassignment the lifecycle tests share.
import type { OrderEventInput } from '../domain/order-event.ts';
import { account, assignment, daysAfter, order, placedEvent, T0, virtualAccount } from './builders.ts';

export const holding = account('hold', 'partner-holding', 'partner');
export const customerVa = virtualAccount('cust/ops', 'cust');
export const inHolding = assignment(holding.defaultVirtualAccount, 'partner-holding');
export const toCustomer = assignment(customerVa, 'customer');

export const at = (days: number) => daysAfter(T0, days);
/** Order 5001, placed into the Partner Holding Account on day 0, with lines 1 and 2. */
export const heldOrder = () => order('5001', [placedEvent(at(0), inHolding)]);
/** A whole-order reassignment to the customer's account, started on day `days`. */
export const start = (
  id: string,
  days: number,
  by = 'rep',
  via: 'portal' | 'support-case' | 'asset-transfer' = 'portal',
): OrderEventInput => ({
  id,
  type: 'reassignment-started',
  at: at(days),
  by,
  target: toCustomer,
  via,
});
