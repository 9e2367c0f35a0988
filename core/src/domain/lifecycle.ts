import { InvalidTransitionError } from './errors.ts';
import type { Instant } from './common.ts';
import { orderEventSchema, type Assignment, type OrderEvent, type OrderEventInput } from './order-event.ts';
import type { Order } from './order.ts';

/**
 * placed ─┬─ on Smart Account hold (no account, or a pending one) ─ assigned ─┐
 *         ├─ in holding ─ reassignment in progress ─ delivered ─ consuming    │
 *         └─ delivered directly (assignment that skips holding) ◄─────────────┘
 */
export const ORDER_STATUSES = ['on-hold', 'in-holding', 'reassignment-in-progress', 'delivered', 'consuming'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  'on-hold': 'On Smart Account hold',
  'in-holding': 'In holding',
  'reassignment-in-progress': 'Reassignment in progress',
  delivered: 'Delivered to customer',
  consuming: 'Consuming',
};

export type LineFulfilment = 'open' | 'booked' | 'shipped' | 'cancelled';

export interface OrderState {
  status: OrderStatus;
  /** The Smart Account and Virtual Account that hold the order now; null while on hold. */
  holder: Assignment | null;
  placedAt: Instant;
  /** When the order entered the Partner Holding Account; null when it never did or has left. */
  heldSince: Instant | null;
  /** "the subscription timer starts once the licenses are delivered to the Customer Smart Account." */
  subscriptionStartedAt: Instant | null;
  lastReviewedAt: Instant | null;
  reassignment: {
    target: Assignment;
    via: 'portal' | 'support-case' | 'asset-transfer';
    startedAt: Instant;
    by: string;
  } | null;
  lines: Record<number, LineFulfilment>;
  /** When each shipped line shipped (fulfilment deposits its licenses in the account it is assigned to). */
  lineShippedAt: Record<number, Instant>;
  notes: { by: string; at: Instant; text: string }[];
  activationAttempts: { by: string; at: Instant; smartAccountId: string; inHoldingAccount: boolean }[];
  agreementAcceptances: { by: string; at: Instant; smartAccountId: string }[];
  /** Events a merged history holds that were not valid where they fell; kept, never applied. */
  rejected: { event: OrderEvent; reason: string }[];
}

const FULFILMENT_RANK: Record<LineFulfilment, number> = { open: 0, booked: 1, shipped: 2, cancelled: 3 };

/** Events are applied in (time, id) order: every replica that holds the same events folds the same state. */
export function compareEvents(a: OrderEvent, b: OrderEvent): number {
  if (a.at !== b.at) return Date.parse(a.at) - Date.parse(b.at) || (a.at < b.at ? -1 : 1);
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const landingStatus = (assignment: Assignment): OrderStatus =>
  assignment.kind === 'partner-holding' ? 'in-holding' : 'delivered';

function expect(state: OrderState, event: OrderEvent, allowed: readonly OrderStatus[]): void {
  if (!allowed.includes(state.status)) {
    throw new InvalidTransitionError(
      `Cannot record "${event.type}" while the order is ${ORDER_STATUS_LABELS[state.status].toLowerCase()}; ` +
        `it is allowed only when the order is ${allowed.map((s) => ORDER_STATUS_LABELS[s].toLowerCase()).join(' or ')}.`,
    );
  }
}

function enter(state: OrderState, status: OrderStatus, holder: Assignment | null, at: Instant): OrderState {
  return {
    ...state,
    status,
    holder,
    heldSince:
      status === 'in-holding'
        ? (state.heldSince ?? at)
        : status === 'reassignment-in-progress'
          ? state.heldSince
          : null,
    subscriptionStartedAt: status === 'delivered' ? at : state.subscriptionStartedAt,
  };
}

function initialState(event: OrderEvent, lineNumbers: readonly number[]): OrderState {
  if (event.type !== 'placed') {
    throw new InvalidTransitionError(`An order history must start with "placed", not "${event.type}".`);
  }
  const base: OrderState = {
    status: 'on-hold',
    holder: null,
    placedAt: event.at,
    heldSince: null,
    subscriptionStartedAt: null,
    lastReviewedAt: null,
    reassignment: null,
    lines: Object.fromEntries(lineNumbers.map((n) => [n, 'open' as const])),
    lineShippedAt: {},
    notes: [],
    activationAttempts: [],
    agreementAcceptances: [],
    rejected: [],
  };
  if (!event.assignment || event.accountPending) return base;
  return enter(base, landingStatus(event.assignment), event.assignment, event.at);
}

/**
 * Since when the order's licenses have sat in the Partner Holding Account: from the first line's
 * shipment when the history says when a line shipped (licenses are deposited on fulfilment), and
 * never before the order entered holding; else from when it entered holding. Null outside holding.
 */
export function inHoldingSince(state: Pick<OrderState, 'heldSince' | 'lineShippedAt'>): Instant | null {
  if (!state.heldSince) return null;
  const shipped = Object.values(state.lineShippedAt).sort((a, b) => Date.parse(a) - Date.parse(b))[0];
  return shipped && Date.parse(shipped) > Date.parse(state.heldSince) ? shipped : state.heldSince;
}

/** Line numbers already booked or shipped: the ordering portal can no longer reassign them. */
export const closedLines = (state: Pick<OrderState, 'lines'>): number[] =>
  Object.entries(state.lines)
    .filter(([, fulfilment]) => fulfilment === 'booked' || fulfilment === 'shipped')
    .map(([lineNumber]) => Number(lineNumber));

/** Whether every line of the order was cancelled: then it needs nothing. */
export const allLinesCancelled = (state: Pick<OrderState, 'lines'>): boolean => {
  const values = Object.values(state.lines);
  return values.length > 0 && values.every((f) => f === 'cancelled');
};

/** Applies one event to a state, or throws {@link InvalidTransitionError} saying what is allowed. */
export function applyOrderEvent(state: OrderState, event: OrderEvent): OrderState {
  switch (event.type) {
    case 'placed':
      throw new InvalidTransitionError('An order is placed once; its history already starts with "placed".');
    case 'assigned':
      expect(state, event, ['on-hold']);
      return enter(state, landingStatus(event.assignment), event.assignment, event.at);
    case 'reassignment-started': {
      expect(state, event, ['in-holding']);
      if (event.target.kind === 'partner-holding') {
        throw new InvalidTransitionError(
          'An order is reassigned out of holding to a Customer or Limited Use Smart Account, not to another holding account.',
        );
      }
      const closed = closedLines(state);
      if (event.via === 'portal' && closed.length > 0) {
        const lineNumber = closed[0]!;
        throw new InvalidTransitionError(
          `Line ${lineNumber} is ${state.lines[lineNumber]}: the ordering portal can no longer reassign it. ` +
            "Open a licensing support case, or request an asset transfer approved by the source account's administrator.",
        );
      }
      return {
        ...enter(state, 'reassignment-in-progress', state.holder, event.at),
        reassignment: { target: event.target, via: event.via, startedAt: event.at, by: event.by },
      };
    }
    case 'reassignment-cancelled':
      expect(state, event, ['reassignment-in-progress']);
      return { ...enter(state, 'in-holding', state.holder, event.at), reassignment: null };
    case 'delivered': {
      expect(state, event, ['reassignment-in-progress']);
      const target = state.reassignment!.target;
      return { ...enter(state, 'delivered', target, event.at), reassignment: null };
    }
    case 'consumption-started':
      expect(state, event, ['delivered']);
      return { ...state, status: 'consuming' };
    case 'line-fulfilment': {
      const current = state.lines[event.lineNumber];
      if (current === undefined) {
        throw new InvalidTransitionError(
          `The order has no line ${event.lineNumber}; its lines are ${Object.keys(state.lines).join(', ')}.`,
        );
      }
      // Booking and shipping only move forward, so a late "booked" after "shipped" changes nothing.
      if (FULFILMENT_RANK[event.fulfilment] <= FULFILMENT_RANK[current]) return state;
      return {
        ...state,
        lines: { ...state.lines, [event.lineNumber]: event.fulfilment },
        lineShippedAt:
          event.fulfilment === 'shipped'
            ? { ...state.lineShippedAt, [event.lineNumber]: event.at }
            : state.lineShippedAt,
      };
    }
    case 'reviewed':
      return { ...state, lastReviewedAt: event.at };
    case 'note-added':
      return { ...state, notes: [...state.notes, { by: event.by, at: event.at, text: event.text }] };
    case 'activation-attempted':
      return {
        ...state,
        activationAttempts: [
          ...state.activationAttempts,
          {
            by: event.by,
            at: event.at,
            smartAccountId: event.smartAccountId,
            inHoldingAccount:
              state.holder?.kind === 'partner-holding' && state.holder.smartAccountId === event.smartAccountId,
          },
        ],
      };
    case 'agreement-accepted':
      return {
        ...state,
        agreementAcceptances: [
          ...state.agreementAcceptances,
          { by: event.by, at: event.at, smartAccountId: event.smartAccountId },
        ],
      };
    default: {
      const unknown: never = event;
      throw new InvalidTransitionError(`Unknown order event ${JSON.stringify(unknown)}.`);
    }
  }
}

/**
 * Folds a history, which may be the merge of edits made offline on several replicas, into one
 * state. Duplicates are dropped by id; an event that is not valid where it falls in (time, id)
 * order is set aside in `rejected` instead of applied, so the result is always a reachable state.
 */
export function foldOrderHistory(history: readonly OrderEvent[], lineNumbers: readonly number[]): OrderState {
  const byId = new Map<string, OrderEvent>();
  for (const event of history) if (!byId.has(event.id)) byId.set(event.id, event);
  const ordered = [...byId.values()].sort(compareEvents);
  const placedIndex = ordered.findIndex((e) => e.type === 'placed');
  if (placedIndex === -1) throw new InvalidTransitionError('An order history must contain its "placed" event.');
  const placed = ordered[placedIndex]!;
  let state = initialState(placed, lineNumbers);
  const rejected: OrderState['rejected'] = [];
  for (const [index, event] of ordered.entries()) {
    if (index === placedIndex) continue;
    try {
      state = applyOrderEvent(state, event);
    } catch (error) {
      if (!(error instanceof InvalidTransitionError)) throw error;
      rejected.push({ event, reason: error.message });
    }
  }
  return { ...state, rejected };
}

export const orderState = (order: Pick<Order, 'history' | 'lines'>): OrderState =>
  foldOrderHistory(
    order.history,
    order.lines.map((l) => l.lineNumber),
  );

/**
 * Records a local edit: validates the event and appends it, or throws a clear
 * {@link InvalidTransitionError} and leaves the order as it was.
 */
export function appendOrderEvent(order: Order, input: OrderEventInput): Order {
  const event = orderEventSchema.parse(input);
  if (order.history.some((e) => e.id === event.id)) {
    throw new InvalidTransitionError(`The order already holds an event with id "${event.id}".`);
  }
  const before = orderState(order);
  const history = [...order.history, event];
  const after = foldOrderHistory(
    history,
    order.lines.map((l) => l.lineNumber),
  );
  const newlyRejected = after.rejected.find((r) => !before.rejected.some((b) => b.event.id === r.event.id));
  if (newlyRejected) throw new InvalidTransitionError(newlyRejected.reason);
  const updatedAt = event.at > order.updatedAt ? event.at : order.updatedAt;
  return { ...order, history, updatedAt };
}
