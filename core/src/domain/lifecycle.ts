import { InvalidTransitionError } from './errors.ts';
import { landingStatus } from './lifecycle-placements.ts';
import type { LinePlacement, OrderState } from './lifecycle-state.ts';
import { applyOrderEvent } from './lifecycle-transitions.ts';
import { orderEventSchema, type OrderEvent, type OrderEventInput } from './order-event.ts';
import type { Order } from './order.ts';

// The order's lifecycle is the fold of its history. The lifecycle is this file and its
// `lifecycle-*.ts` siblings: the state and its statuses (lifecycle-state), what a state says about
// its lines (lifecycle-lines), the transitions (lifecycle-transitions) with the line moves they share
// (lifecycle-placements), assignment and reassignment by line (lifecycle-reassignment) and the
// distributor's hand-off (lifecycle-hand-off).

/** Events are applied in (time, id) order: every replica that holds the same events folds the same state. */
export function compareEvents(a: OrderEvent, b: OrderEvent): number {
  if (a.at !== b.at) return Date.parse(a.at) - Date.parse(b.at) || (a.at < b.at ? -1 : 1);
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
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
