// Fixtures shared by the sync tests: a Partner Holding Virtual Account with a few held orders.
import { account, assignment, daysAfter, order, placedEvent, T0, virtualAccount } from '../../testing/builders.ts';
import type { Order } from '../../domain/order.ts';

export const holding = account('sa-hold', 'partner-holding', 'org-partner');
export const vaA = virtualAccount('va-a', 'sa-hold');
export const vaB = virtualAccount('va-b', 'sa-hold');
export const customer = account('sa-cust', 'customer', 'org-acme');

/** An order placed straight into a Virtual Account of the holding account. */
export function heldOrder(salesOrderNumber: string, va = vaA, at = T0): Order {
  return order(salesOrderNumber, [
    placedEvent(at, assignment(va, 'partner-holding'), { id: `placed:${salesOrderNumber}` }),
  ]);
}

/** {@link heldOrder} after it was reassigned to the customer's Default Virtual Account and delivered there. */
export function deliveredOrder(salesOrderNumber: string, va = vaA): Order {
  const held = heldOrder(salesOrderNumber, va);
  return order(salesOrderNumber, [
    ...held.history,
    {
      id: `started:${salesOrderNumber}`,
      type: 'reassignment-started',
      at: daysAfter(T0, 5),
      by: 'rep',
      target: assignment(customer.defaultVirtualAccount, 'customer'),
      via: 'portal',
    },
    { id: `delivered:${salesOrderNumber}`, type: 'delivered', at: daysAfter(T0, 6), by: 'rep' },
  ]);
}

/** An order placed on Smart Account hold by the holding account's organisation (its reseller). */
export function onHoldOrder(salesOrderNumber: string): Order {
  return order(salesOrderNumber, [placedEvent(T0, null, { id: `placed:${salesOrderNumber}`, accountPending: true })], {
    reseller: { name: 'Partner', organizationId: holding.smartAccount.organizationId },
  });
}

/** {@link onHoldOrder} once it got its account: assigned to `va` of the holding account. */
export function assignedFromHold(salesOrderNumber: string, va = vaA): Order {
  const held = onHoldOrder(salesOrderNumber);
  return {
    ...held,
    history: [
      ...held.history,
      {
        id: `assigned:${salesOrderNumber}`,
        type: 'assigned',
        at: daysAfter(T0, 2),
        by: 'rep',
        assignment: assignment(va, 'partner-holding'),
      },
    ],
  };
}
