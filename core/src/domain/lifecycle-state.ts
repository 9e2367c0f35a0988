import type { Instant } from './common.ts';
import type { Assignment, OrderEvent } from './order-event.ts';

/**
 * placed ─┬─ on Smart Account hold (no account, or a pending one) ─ assigned ─┐
 *         ├─ in holding ─ reassignment in progress ─ delivered ─ consuming    │
 *         │      └─ handed to the reseller (the distributor's record ends)    │
 *         └─ delivered directly (assignment that skips holding) ◄─────────────┘
 */
export const ORDER_STATUSES = [
  'on-hold',
  'in-holding',
  'reassignment-in-progress',
  'delivered',
  'consuming',
  'handed-on',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  'on-hold': 'On Smart Account hold',
  'in-holding': 'In holding',
  'reassignment-in-progress': 'Reassignment in progress',
  delivered: 'Delivered to customer',
  consuming: 'Consuming',
  'handed-on': 'Handed to the reseller',
};

export type LineFulfilment = 'open' | 'booked' | 'shipped' | 'cancelled';

export interface Reassignment {
  target: Assignment;
  via: 'portal' | 'support-case' | 'asset-transfer';
  startedAt: Instant;
  by: string;
}

/**
 * Where one order line sits and how far it got. "Smart Account Assignment and Reassignment are
 * always applied to the entire order line." (LIC222301): each line moves whole, so the lines of
 * one order may sit in different accounts.
 */
export interface LinePlacement {
  status: OrderStatus;
  holder: Assignment | null;
  reassignment: Reassignment | null;
}

export interface OrderState {
  /**
   * The order's status: that of its least advanced line that still needs something (cancelled
   * lines need nothing), so an order with one line still in holding is in holding.
   */
  status: OrderStatus;
  /** The Smart Account and Virtual Account that hold those lines now; null while on hold. */
  holder: Assignment | null;
  placedAt: Instant;
  /** When the order entered the Partner Holding Account; null when it never did or has left. */
  heldSince: Instant | null;
  /** "the subscription timer starts once the licenses are delivered to the Customer Smart Account." (the first delivered line's) */
  subscriptionStartedAt: Instant | null;
  lastReviewedAt: Instant | null;
  /** The reassignment under way for the order (for its least advanced lines, else for any line). */
  reassignment: Reassignment | null;
  lines: Record<number, LineFulfilment>;
  /** Each line's own place, status and reassignment. */
  placements: Record<number, LinePlacement>;
  /**
   * Partial reassignment: the lines that still need something do not all sit in the same place
   * and status (some reassigned or being reassigned, others still in holding).
   */
  partial: boolean;
  /** When each shipped line shipped (fulfilment deposits its licenses in the account it is assigned to). */
  lineShippedAt: Record<number, Instant>;
  notes: { by: string; at: Instant; text: string }[];
  activationAttempts: { by: string; at: Instant; smartAccountId: string; inHoldingAccount: boolean }[];
  agreementAcceptances: { by: string; at: Instant; smartAccountId: string }[];
  /**
   * The distributor's hand-off to its reseller's Partner Holding Account: the end of the
   * distributor's record. `from` is where the distributor's team kept the order (and keeps its
   * record: docs/sync-design.md, "The distributor's hand-off"); `to` where the reseller's team takes
   * it up from its own export.
   */
  handedOn: { from: Assignment; to: Assignment; at: Instant; by: string } | null;
  /** Events a merged history holds that were not valid where they fell; kept, never applied. */
  rejected: { event: OrderEvent; reason: string }[];
}
