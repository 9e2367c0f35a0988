import { InvalidTransitionError } from './errors.ts';
import { handToReseller } from './lifecycle-hand-off.ts';
import { summarise } from './lifecycle-placements.ts';
import {
  assignLines,
  cancelReassignment,
  deliverLines,
  startConsumption,
  startReassignment,
} from './lifecycle-reassignment.ts';
import type { LineFulfilment, OrderState } from './lifecycle-state.ts';
import type { OrderEvent } from './order-event.ts';

const FULFILMENT_RANK: Record<LineFulfilment, number> = { open: 0, booked: 1, shipped: 2, cancelled: 3 };

/** Applies one event to a state, or throws {@link InvalidTransitionError} saying what is allowed. */
export function applyOrderEvent(state: OrderState, event: OrderEvent): OrderState {
  switch (event.type) {
    case 'placed':
      throw new InvalidTransitionError('An order is placed once; its history already starts with "placed".');
    case 'assigned':
      return assignLines(state, event);
    case 'handed-to-reseller':
      return handToReseller(state, event);
    case 'reassignment-started':
      return startReassignment(state, event);
    case 'reassignment-cancelled':
      return cancelReassignment(state, event);
    case 'delivered':
      return deliverLines(state, event);
    case 'consumption-started':
      return startConsumption(state, event);
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
