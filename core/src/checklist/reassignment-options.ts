import type { HoldfastSnapshot } from '../domain/holdfast-snapshot.ts';
import { closedLines, orderState } from '../domain/lifecycle.ts';
import type { Assignment, OrderEvent } from '../domain/order-event.ts';
import type { Order } from '../domain/order.ts';
import { isCustomerOwned } from '../domain/smart-account.ts';
import { CITATIONS, type Citation } from '../rules/citation.ts';

/** How the licenses are moved: the portal while it still can, else a support case or an asset transfer. */
export type ReassignmentWay = Extract<OrderEvent, { type: 'reassignment-started' }>['via'];

export interface ReassignmentTarget {
  assignment: Assignment;
  /** "Smart Account / Virtual Account", as the portal lists it. */
  label: string;
}

export interface ReassignmentOptions {
  /**
   * Where the order may go: the Virtual Accounts of its customer's Smart Account when the directory
   * knows it, else of every customer-owned account in the directory; each account's Default first.
   */
  targets: ReassignmentTarget[];
  /** Whether `targets` are the order's own customer's account. */
  customerKnown: boolean;
  ways: ReassignmentWay[];
  /** Why the portal is not among `ways`, and the sentence that says so; null while it is. */
  portalClosed: { reason: string; citation: Citation } | null;
}

/**
 * Where and how an order in holding can be reassigned, from what the directory knows. Orders leave
 * holding for a Customer or Limited Use Smart Account only ("they must eventually be transferred to
 * the Customer Smart Account"); the lifecycle refuses any other target.
 */
export function reassignmentOptions(
  order: Order,
  directory: Pick<HoldfastSnapshot, 'smartAccounts' | 'virtualAccounts'>,
): ReassignmentOptions {
  const customerId = order.endCustomer.smartAccountId;
  const ownAccount = directory.smartAccounts.find((sa) => sa.id === customerId && isCustomerOwned(sa));
  const accounts = ownAccount
    ? [ownAccount]
    : directory.smartAccounts.filter(isCustomerOwned).sort((a, b) => a.name.localeCompare(b.name));
  const targets = accounts.flatMap((account) =>
    directory.virtualAccounts
      .filter((va) => va.smartAccountId === account.id)
      .sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.name.localeCompare(b.name))
      .map((va) => ({
        assignment: { smartAccountId: account.id, virtualAccountId: va.id, kind: account.kind },
        label: `${account.name} / ${va.name}`,
      })),
  );
  const closed = closedLines(orderState(order));
  const portalClosed =
    closed.length === 0
      ? null
      : {
          reason: `Line${closed.length > 1 ? 's' : ''} ${closed.join(', ')} already booked or shipped: the ordering portal can no longer reassign ${closed.length > 1 ? 'them' : 'it'}.`,
          citation: CITATIONS.portalReassignmentEnds,
        };
  return {
    targets,
    customerKnown: ownAccount !== undefined,
    ways: portalClosed ? ['support-case', 'asset-transfer'] : ['portal', 'support-case', 'asset-transfer'],
    portalClosed,
  };
}
