// Valid orders for relay tests: the relay refuses anything that is not a Holdfast order document.
import type * as Y from 'yjs';
import { orderSchema, type Order } from '@holdfast/core';
import { heldOrderNumbers, LOCAL_EDIT, writeOrder } from '@holdfast/core/sync';
import { T, TEAM } from './team.ts';

/** An order placed into a Virtual Account of the team's holding account (EMEA unless told). */
export function orderIn(salesOrderNumber: string, virtualAccountId: string = TEAM.emea): Order {
  return orderSchema.parse({
    salesOrderNumber,
    webOrderId: `W-${salesOrderNumber}`,
    poNumber: `PO-${salesOrderNumber}`,
    endCustomer: { name: 'Acme', emailDomain: 'acme.example.com' },
    reseller: { name: 'Bluewave', organizationId: 'partner' },
    lines: [{ lineNumber: 1, sku: 'C9300-DNA-E-24-3Y', quantity: 1, termMonths: 36 }],
    history: [
      {
        id: `placed:${salesOrderNumber}`,
        type: 'placed',
        at: T,
        by: 'import',
        assignment: virtualAccountId
          ? { smartAccountId: TEAM.holding, virtualAccountId, kind: 'partner-holding' }
          : null,
        accountPending: !virtualAccountId,
      },
    ],
    createdAt: T,
    updatedAt: T,
  });
}

/** An order of the partner on Smart Account hold (in no Virtual Account yet). */
export const onHoldOrderIn = (salesOrderNumber: string): Order => orderIn(salesOrderNumber, '');

/** Imports orders into a replica (the writer must be allowed to manage them). */
export function importOrders(doc: Y.Doc, ...orders: Order[]): void {
  doc.transact(() => orders.forEach((order) => writeOrder(doc, order, LOCAL_EDIT)), LOCAL_EDIT);
}

export const heldNumbers = (doc: Y.Doc): string[] => heldOrderNumbers(doc);
