import { InvalidTransitionError } from './errors.ts';
import type { Instant } from './common.ts';
import { orderEventSchema, type Assignment, type OrderEvent, type OrderEventInput } from './order-event.ts';
import type { Order } from './order.ts';

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

const FULFILMENT_RANK: Record<LineFulfilment, number> = { open: 0, booked: 1, shipped: 2, cancelled: 3 };
const STATUS_RANK: Record<OrderStatus, number> = {
  'on-hold': 0,
  'in-holding': 1,
  'reassignment-in-progress': 2,
  delivered: 3,
  consuming: 4,
  // The distributor's record ends with the hand-off (whole orders only, so it never mixes with others).
  'handed-on': 3,
};

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

/** Line numbers that still need something: all but the cancelled ones (all of them if every line was cancelled). */
export function activeLines(state: Pick<OrderState, 'lines'>): number[] {
  // A plain loop: every fold of every order runs this, thousands of times on an import.
  const active: number[] = [];
  const all: number[] = [];
  for (const key in state.lines) {
    const n = Number(key);
    all.push(n);
    if (state.lines[n] !== 'cancelled') active.push(n);
  }
  return active.length > 0 ? active : all;
}

const placeKey = (p: LinePlacement) => `${p.status}@${p.holder?.virtualAccountId ?? ''}`;

/**
 * Recomputes the order-wide fields from the lines' placements. Lines moved together share one
 * placement object (see `moveLines`), so an order in one piece is recognised without comparing.
 */
function summarise(state: OrderState, placements: Record<number, LinePlacement>, at: Instant): OrderState {
  // Integer keys enumerate in ascending order: the lead is the lowest-numbered least advanced line.
  const active = activeLines(state);
  let lead = placements[active[0]!]!;
  let same = true;
  let moving: Reassignment | null = null;
  // Held while any line sits in holding: a partly assigned order (other lines still on hold) too.
  let held = false;
  for (const n of active) {
    const placement = placements[n]!;
    if (placement !== lead) same = false;
    if (STATUS_RANK[placement.status] < STATUS_RANK[lead.status]) lead = placement;
    moving ??= placement.reassignment;
    if (placement.status === 'in-holding' || placement.status === 'reassignment-in-progress') held = true;
  }
  const { status, holder } = lead;
  let delivered = state.subscriptionStartedAt !== null;
  if (!delivered)
    for (const key in placements) {
      const s = placements[key]!.status;
      if (s === 'delivered' || s === 'consuming') delivered = true;
    }
  return {
    ...state,
    placements,
    status,
    holder,
    reassignment: lead.reassignment ?? moving,
    partial: !same && active.some((n) => placeKey(placements[n]!) !== placeKey(lead)),
    heldSince: held ? (state.heldSince ?? at) : null,
    subscriptionStartedAt: state.subscriptionStartedAt ?? (delivered ? at : null),
  };
}

/** Applies `change` to the placement of each of `lineNumbers`; lines that shared a placement still share one. */
function moveLines(
  state: OrderState,
  lineNumbers: readonly number[],
  change: (placement: LinePlacement) => LinePlacement,
  at: Instant,
): OrderState {
  const placements = { ...state.placements };
  const changed = new Map<LinePlacement, LinePlacement>();
  for (const n of lineNumbers) {
    const before = placements[n]!;
    let after = changed.get(before);
    if (!after) changed.set(before, (after = change(before)));
    placements[n] = after;
  }
  return summarise(state, placements, at);
}

/**
 * The lines an event names, each checked to exist, to still need something and to be in one of
 * `allowed`; absent, every active line in one of `allowed` (an error when there is none).
 */
function linesFor(
  state: OrderState,
  event: OrderEvent & { lineNumbers?: number[] | undefined },
  allowed: readonly OrderStatus[],
): number[] {
  const words = allowed.map((s) => ORDER_STATUS_LABELS[s].toLowerCase()).join(' or ');
  if (!event.lineNumbers) {
    expectAny(state, event, allowed);
    return activeLines(state).filter((n) => allowed.includes(state.placements[n]!.status));
  }
  for (const n of event.lineNumbers) {
    const placement = state.placements[n];
    if (!placement)
      throw new InvalidTransitionError(
        `The order has no line ${n}; its lines are ${Object.keys(state.lines).join(', ')}.`,
      );
    if (state.lines[n] === 'cancelled')
      throw new InvalidTransitionError(`Line ${n} was cancelled: it needs nothing more.`);
    if (!allowed.includes(placement.status))
      throw new InvalidTransitionError(
        `Cannot record "${event.type}" for line ${n} while it is ${ORDER_STATUS_LABELS[placement.status].toLowerCase()}; ` +
          `it is allowed only for a line that is ${words}.`,
      );
  }
  return [...new Set(event.lineNumbers)];
}

/** A whole-order event needs at least one active line in an allowed status (the order's own status for an order in one piece). */
function expectAny(state: OrderState, event: OrderEvent, allowed: readonly OrderStatus[]): void {
  if (activeLines(state).some((n) => allowed.includes(state.placements[n]!.status))) return;
  expect(state, event, allowed);
}

function initialState(event: OrderEvent, lineNumbers: readonly number[]): OrderState {
  if (event.type !== 'placed') {
    throw new InvalidTransitionError(`An order history must start with "placed", not "${event.type}".`);
  }
  const landing: LinePlacement =
    !event.assignment || event.accountPending
      ? { status: 'on-hold', holder: null, reassignment: null }
      : { status: landingStatus(event.assignment), holder: event.assignment, reassignment: null };
  const base: OrderState = {
    status: 'on-hold',
    holder: null,
    placedAt: event.at,
    heldSince: null,
    subscriptionStartedAt: null,
    lastReviewedAt: null,
    reassignment: null,
    lines: Object.fromEntries(lineNumbers.map((n) => [n, 'open' as const])),
    placements: {},
    partial: false,
    lineShippedAt: {},
    notes: [],
    activationAttempts: [],
    agreementAcceptances: [],
    handedOn: null,
    rejected: [],
  };
  // Every line lands in one place: the order-wide fields are the landing's own.
  const placements: Record<number, LinePlacement> = {};
  for (const n of lineNumbers) placements[n] = landing;
  const held = landing.status === 'in-holding';
  return {
    ...base,
    placements,
    status: landing.status,
    holder: landing.holder,
    heldSince: held ? event.at : null,
    subscriptionStartedAt: landing.status === 'delivered' ? event.at : null,
  };
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

/** Lines still waiting in the Partner Holding Account (not cancelled, not reassigned or being reassigned). */
export const linesInHolding = (state: Pick<OrderState, 'lines' | 'placements'>): number[] =>
  Object.keys(state.lines)
    .map(Number)
    .filter((n) => state.lines[n] !== 'cancelled' && state.placements[n]?.status === 'in-holding');

/** How a partial order is said: part of it assigned out of Smart Account hold, or part reassigned out of holding. */
export const partialWords = (state: Pick<OrderState, 'status' | 'partial'>): string | null =>
  !state.partial ? null : state.status === 'on-hold' ? 'partly assigned' : 'partly reassigned';

/** Lines still on Smart Account hold (not cancelled): the ones an assignment still has to reach. */
export const linesOnHold = (state: Pick<OrderState, 'lines' | 'placements'>): number[] =>
  Object.keys(state.lines)
    .map(Number)
    .filter((n) => state.lines[n] !== 'cancelled' && state.placements[n]?.status === 'on-hold');

/**
 * Lines still in holding that are already booked or shipped: the ordering portal can no longer
 * reassign them. Lines already reassigned, or cancelled, need no way out of holding.
 */
export const closedLines = (state: Pick<OrderState, 'lines'> & Partial<Pick<OrderState, 'placements'>>): number[] =>
  Object.entries(state.lines)
    .filter(([, fulfilment]) => fulfilment === 'booked' || fulfilment === 'shipped')
    .map(([lineNumber]) => Number(lineNumber))
    .filter((n) => !state.placements || state.placements[n]?.status === 'in-holding');

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
    case 'assigned': {
      // Assigned like reassigned, by whole lines (LIC222301): the lines named, else every line
      // still on hold (cancelled ones too, so none is left behind on hold).
      const lines = event.lineNumbers
        ? linesFor(state, event, ['on-hold'])
        : (expectAny(state, event, ['on-hold']),
          Object.keys(state.placements)
            .map(Number)
            .filter((n) => state.placements[n]!.status === 'on-hold'));
      const landing = landingStatus(event.assignment);
      return moveLines(
        state,
        lines,
        () => ({ status: landing, holder: event.assignment, reassignment: null }),
        event.at,
      );
    }
    case 'handed-to-reseller': {
      expect(state, event, ['in-holding']);
      if (state.partial)
        throw new InvalidTransitionError(
          'Part of the order has already left holding: the distributor hands on a whole order still in its holding account.',
        );
      if (event.assignment.kind !== 'partner-holding')
        throw new InvalidTransitionError(
          "A distributor hands an order to its reseller's Partner Holding Account; to reach the customer, reassign it.",
        );
      if (event.assignment.smartAccountId === state.holder?.smartAccountId)
        throw new InvalidTransitionError('The order already sits in that Partner Holding Account.');
      // The licenses sit in the reseller's account now; the distributor's record of the order ends.
      const lines = Object.keys(state.placements).map(Number);
      const handedOn = { from: state.holder!, to: event.assignment, at: event.at, by: event.by };
      return {
        ...moveLines(
          state,
          lines,
          () => ({ status: 'handed-on', holder: event.assignment, reassignment: null }),
          event.at,
        ),
        handedOn,
      };
    }
    case 'reassignment-started': {
      const lines = linesFor(state, event, ['in-holding']);
      if (event.target.kind === 'partner-holding') {
        throw new InvalidTransitionError(
          'An order is reassigned out of holding to a Customer or Limited Use Smart Account, not to another holding account.',
        );
      }
      const closed = closedLines(state).filter((n) => lines.includes(n));
      if (event.via === 'portal' && closed.length > 0) {
        const lineNumber = closed[0]!;
        throw new InvalidTransitionError(
          `Line ${lineNumber} is ${state.lines[lineNumber]}: the ordering portal can no longer reassign it. ` +
            "Open a licensing support case, or request an asset transfer approved by the source account's administrator.",
        );
      }
      const reassignment: Reassignment = { target: event.target, via: event.via, startedAt: event.at, by: event.by };
      return moveLines(state, lines, (p) => ({ ...p, status: 'reassignment-in-progress', reassignment }), event.at);
    }
    case 'reassignment-cancelled': {
      const lines = linesFor(state, event, ['reassignment-in-progress']);
      return moveLines(state, lines, (p) => ({ ...p, status: 'in-holding', reassignment: null }), event.at);
    }
    case 'delivered': {
      const lines = linesFor(state, event, ['reassignment-in-progress']);
      return moveLines(
        state,
        lines,
        (p) => ({ status: 'delivered', holder: p.reassignment!.target, reassignment: null }),
        event.at,
      );
    }
    case 'consumption-started': {
      expect(state, event, ['delivered']);
      const delivered = Object.keys(state.placements)
        .map(Number)
        .filter((n) => state.placements[n]!.status === 'delivered');
      return moveLines(state, delivered, (p) => ({ ...p, status: 'consuming' }), event.at);
    }
    case 'line-fulfilment': {
      const current = state.lines[event.lineNumber];
      if (current === undefined) {
        throw new InvalidTransitionError(
          `The order has no line ${event.lineNumber}; its lines are ${Object.keys(state.lines).join(', ')}.`,
        );
      }
      // Booking and shipping only move forward, so a late "booked" after "shipped" changes nothing.
      if (FULFILMENT_RANK[event.fulfilment] <= FULFILMENT_RANK[current]) return state;
      const next: OrderState = {
        ...state,
        lines: { ...state.lines, [event.lineNumber]: event.fulfilment },
        lineShippedAt:
          event.fulfilment === 'shipped'
            ? { ...state.lineShippedAt, [event.lineNumber]: event.at }
            : state.lineShippedAt,
      };
      // A cancelled line needs nothing: the order's status follows the lines that remain.
      return event.fulfilment === 'cancelled' ? summarise(next, next.placements, event.at) : next;
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
