import { InvalidTransitionError } from './errors.ts';
import { closedLines } from './lifecycle-lines.ts';
import { expectStatus, expectAny, landingStatus, linesFor, moveLines } from './lifecycle-placements.ts';
import type { OrderState, Reassignment } from './lifecycle-state.ts';
import type { OrderEvent } from './order-event.ts';

// Assignment and reassignment, by whole lines: "Smart Account Assignment and Reassignment are
// always applied to the entire order line." (LIC222301). Each event names its lines, or takes
// every line it can apply to.

type EventOf<T extends OrderEvent['type']> = Extract<OrderEvent, { type: T }>;

/**
 * An order on Smart Account hold gets its account: the lines named, else every line still on hold
 * (cancelled ones too, so none is left behind on hold).
 */
export function assignLines(state: OrderState, event: EventOf<'assigned'>): OrderState {
  const lines = event.lineNumbers
    ? linesFor(state, event, ['on-hold'])
    : (expectAny(state, event, ['on-hold']),
      Object.keys(state.placements)
        .map(Number)
        .filter((n) => state.placements[n]!.status === 'on-hold'));
  const landing = landingStatus(event.assignment);
  return moveLines(state, lines, () => ({ status: landing, holder: event.assignment, reassignment: null }), event.at);
}

/** Lines in holding start their way to a customer's account, by the portal only while none of them is booked or shipped. */
export function startReassignment(state: OrderState, event: EventOf<'reassignment-started'>): OrderState {
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

/** Lines being reassigned go back to holding; their holding age runs on. */
export function cancelReassignment(state: OrderState, event: EventOf<'reassignment-cancelled'>): OrderState {
  const lines = linesFor(state, event, ['reassignment-in-progress']);
  return moveLines(state, lines, (p) => ({ ...p, status: 'in-holding', reassignment: null }), event.at);
}

/** Lines being reassigned reach the account they were reassigned to. */
export function deliverLines(state: OrderState, event: EventOf<'delivered'>): OrderState {
  const lines = linesFor(state, event, ['reassignment-in-progress']);
  return moveLines(
    state,
    lines,
    (p) => ({ status: 'delivered', holder: p.reassignment!.target, reassignment: null }),
    event.at,
  );
}

/** The customer starts consuming what was delivered: every delivered line. */
export function startConsumption(state: OrderState, event: EventOf<'consumption-started'>): OrderState {
  expectStatus(state, event, ['delivered']);
  const delivered = Object.keys(state.placements)
    .map(Number)
    .filter((n) => state.placements[n]!.status === 'delivered');
  return moveLines(state, delivered, (p) => ({ ...p, status: 'consuming' }), event.at);
}
