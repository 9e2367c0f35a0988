import { closedLines, linesInHolding, linesOnHold } from '../domain/lifecycle-lines.ts';
import type { OrderState } from '../domain/lifecycle-state.ts';
import { lineLabels, type Order } from '../domain/order.ts';
import { possessive } from './possessive.ts';
import type { SnapshotIndex } from './snapshot-index.ts';

const WAY_PHRASES = {
  portal: 'in CCW',
  'support-case': 'through a licensing support case',
  'asset-transfer': 'by an asset transfer',
} as const;

/** The Smart Account an order on hold was placed with while it was still pending, if any. */
export function pendingAccountOf(order: Pick<Order, 'history'>, state: Pick<OrderState, 'status'>): string | null {
  if (state.status !== 'on-hold') return null;
  const placed = order.history.find((e) => e.type === 'placed');
  return placed?.type === 'placed' && placed.accountPending && placed.assignment
    ? placed.assignment.smartAccountId
    : null;
}

/** Whether the order came from a source that never says which Smart Account holds it (the CCW order API). */
export function assignmentUnknown(order: Pick<Order, 'history'>): boolean {
  const placed = order.history.find((e) => e.type === 'placed');
  return placed?.type === 'placed' && placed.assignmentUnknown === true;
}

type LinePlaces = Pick<OrderState, 'lines' | 'placements' | 'partial'>;

/** "lines 2.0, 3.0" when part of the order has already left Smart Account hold (partly assigned); else null. */
export function linesStillOnHold(order: Order, state: LinePlaces): string | null {
  if (!state.partial) return null;
  const waiting = linesOnHold(state);
  return `line${waiting.length > 1 ? 's' : ''} ${lineLabels(order, waiting)}`;
}

/** "order X", or "lines 2.0, 3.0 of order X" when the order is partly assigned. */
export function onHoldText(order: Order, state: LinePlaces): string {
  const lines = linesStillOnHold(order, state);
  return lines ? `${lines} of order ${order.salesOrderNumber}` : `order ${order.salesOrderNumber}`;
}

/**
 * What to do next with an order, following its state: so no finding says "reassign now" while a
 * reassignment is under way, nor "identify the customer's account" when the order names it.
 * Null once the licenses have reached the customer.
 */
export function nextStep(order: Order, state: OrderState, index: SnapshotIndex): string | null {
  const so = order.salesOrderNumber;
  const customer = order.endCustomer;
  const known = customer.smartAccountId ? index.accountName(customer.smartAccountId) : null;
  switch (state.status) {
    case 'on-hold': {
      if (assignmentUnknown(order))
        return `Open order ${so} in CCW ("View or change Smart Account Assignments") and see which Smart Account it is assigned to; import an export that says so.`;
      const pending = pendingAccountOf(order, state);
      // Partly assigned: only the lines still on hold need an account.
      const what = onHoldText(order, state);
      if (pending)
        return `Ask ${customer.name} to activate their pending Smart Account "${index.accountName(pending)}", or assign an active Smart Account to ${what} in CCW: the hold is released once an active account is assigned.`;
      return `Assign an active Smart Account to ${what} in CCW — ${known ? `"${known}"` : `${possessive(customer.name)} if they have one, else your Partner Holding Account`}: the hold is released once an active account is assigned.`;
    }
    case 'in-holding': {
      const closed = closedLines(state);
      const target = known ? `"${known}"` : `${possessive(customer.name)} Smart Account`;
      // Partly reassigned: only the lines still in holding need a way out.
      const waiting = linesInHolding(state);
      const what = state.partial
        ? `line${waiting.length > 1 ? 's' : ''} ${lineLabels(order, waiting)} of order ${so}`
        : `order ${so}`;
      if (closed.length > 0)
        return `Open a licensing support case, or request an asset transfer approved by the holding account's administrator, to move ${what} to ${target}: line${closed.length > 1 ? 's' : ''} ${lineLabels(order, closed)} can no longer be reassigned in CCW.`;
      if (known) return `Reassign ${what} to "${known}" in CCW.`;
      return `Ask ${customer.name} for their Smart Account (CCW finds it by domain${customer.emailDomain ? ` ${customer.emailDomain}` : ''} or name), then reassign ${what} to it.`;
    }
    case 'reassignment-in-progress': {
      const r = state.reassignment!;
      return `Follow up the reassignment of order ${so} to "${index.accountName(r.target.smartAccountId)}" started ${r.startedAt.slice(0, 10)} ${WAY_PHRASES[r.via]}; record it delivered once the licenses are in the customer's account.`;
    }
    default:
      return null;
  }
}
