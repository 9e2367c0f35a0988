import type { Instant } from './common.ts';
import type { OrderState } from './lifecycle-state.ts';

// What a folded state says about its lines: read by the transitions, the rules, the checklist and the lists.

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
