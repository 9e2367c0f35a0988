import { InvalidTransitionError } from './errors.ts';
import type { Instant } from './common.ts';
import { activeLines } from './lifecycle-lines.ts';
import {
  ORDER_STATUS_LABELS,
  type LinePlacement,
  type OrderState,
  type OrderStatus,
  type Reassignment,
} from './lifecycle-state.ts';
import type { Assignment, OrderEvent } from './order-event.ts';

// How the transitions move lines and check that they may: shared by the line events and the hand-off.

const STATUS_RANK: Record<OrderStatus, number> = {
  'on-hold': 0,
  'in-holding': 1,
  'reassignment-in-progress': 2,
  delivered: 3,
  consuming: 4,
  // The distributor's record ends with the hand-off (whole orders only, so it never mixes with others).
  'handed-on': 3,
};

/** Where licenses assigned to an account land: in holding for a Partner Holding Account, else with the customer. */
export const landingStatus = (assignment: Assignment): OrderStatus =>
  assignment.kind === 'partner-holding' ? 'in-holding' : 'delivered';

/** Throws unless the order's status is one of `allowed`, saying which are. */
export function expectStatus(state: OrderState, event: OrderEvent, allowed: readonly OrderStatus[]): void {
  if (!allowed.includes(state.status)) {
    throw new InvalidTransitionError(
      `Cannot record "${event.type}" while the order is ${ORDER_STATUS_LABELS[state.status].toLowerCase()}; ` +
        `it is allowed only when the order is ${allowed.map((s) => ORDER_STATUS_LABELS[s].toLowerCase()).join(' or ')}.`,
    );
  }
}

/** A whole-order event needs at least one active line in an allowed status (the order's own status for an order in one piece). */
export function expectAny(state: OrderState, event: OrderEvent, allowed: readonly OrderStatus[]): void {
  if (activeLines(state).some((n) => allowed.includes(state.placements[n]!.status))) return;
  expectStatus(state, event, allowed);
}

/**
 * The lines an event names, each checked to exist, to still need something and to be in one of
 * `allowed`; absent, every active line in one of `allowed` (an error when there is none).
 */
export function linesFor(
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

const placeKey = (p: LinePlacement) => `${p.status}@${p.holder?.virtualAccountId ?? ''}`;

/**
 * Recomputes the order-wide fields from the lines' placements. Lines moved together share one
 * placement object (see `moveLines`), so an order in one piece is recognised without comparing.
 */
export function summarise(state: OrderState, placements: Record<number, LinePlacement>, at: Instant): OrderState {
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
export function moveLines(
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
