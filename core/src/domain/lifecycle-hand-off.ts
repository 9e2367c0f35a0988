import { InvalidTransitionError } from './errors.ts';
import { expectStatus, moveLines } from './lifecycle-placements.ts';
import type { OrderState } from './lifecycle-state.ts';
import type { OrderEvent } from './order-event.ts';

/**
 * A distributor that parked the order in its own Partner Holding Account hands it to its
 * reseller's: the licenses sit in the reseller's account now, and the distributor's record of the
 * order ends (docs/sync-design.md, "The distributor's hand-off"). Only a whole order still in
 * holding is handed on, and only to another Partner Holding Account.
 */
export function handToReseller(
  state: OrderState,
  event: Extract<OrderEvent, { type: 'handed-to-reseller' }>,
): OrderState {
  expectStatus(state, event, ['in-holding']);
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
  const lines = Object.keys(state.placements).map(Number);
  const handedOn = { from: state.holder!, to: event.assignment, at: event.at, by: event.by };
  return {
    ...moveLines(state, lines, () => ({ status: 'handed-on', holder: event.assignment, reassignment: null }), event.at),
    handedOn,
  };
}
