import { activeLines, closedLines } from './lifecycle-lines.ts';
import type { OrderState } from './lifecycle-state.ts';
import type { Assignment, OrderEvent } from './order-event.ts';

/** Where a file says each line sits: its Smart Account and Virtual Account, or null on Smart Account hold. */
export type LinePlaces = Readonly<Record<number, Assignment | null>>;

export interface LineMoveOptions {
  salesOrderNumber: string;
  at: string;
  by: string;
}

/**
 * The id prefix of the events a file's line places are turned into. A merge recognises them by it:
 * they are recomputed against what the store knows (so a re-import adds none), never copied.
 */
export const filePlaceIdPrefix = (salesOrderNumber: string): string => `${salesOrderNumber}:import:to:`;

/** Whether an event is one a file's line places were turned into (the older whole-order `assigned` id too). */
export const isFilePlaceEvent = (salesOrderNumber: string, event: Pick<OrderEvent, 'id'>): boolean =>
  event.id.startsWith(filePlaceIdPrefix(salesOrderNumber)) ||
  event.id.startsWith(`${salesOrderNumber}:import:assigned:`);

/**
 * The events that bring each line from where `state` has it to where a file says it sits, each
 * line whole and lines bound for the same Virtual Account in one event (the same `lineNumbers`
 * events members record). Only forward, and only what the file proves: a line on hold the file
 * shows in an account was assigned there; a line in holding the file shows in a customer's account
 * was reassigned and delivered there (in the ordering portal while every one of its lines was still
 * open, else by a licensing support case: the lifecycle's own rule, as the file does not say how);
 * a line being reassigned to that account was delivered. A file showing a line less far along than
 * the store, or in another holding account, changes nothing: the store knows more.
 */
export function lineMovesToPlaces(state: OrderState, places: LinePlaces, options: LineMoveOptions): OrderEvent[] {
  const groups = new Map<string, { kind: 'assign' | 'reassign' | 'deliver'; to: Assignment; lines: number[] }>();
  for (const n of activeLines(state)) {
    const to = places[n];
    const placement = state.placements[n];
    if (!to || !placement || state.lines[n] === 'cancelled') continue;
    const kind =
      placement.status === 'on-hold'
        ? 'assign'
        : placement.status === 'in-holding' && to.kind !== 'partner-holding'
          ? 'reassign'
          : placement.status === 'reassignment-in-progress' &&
              placement.reassignment?.target.virtualAccountId === to.virtualAccountId
            ? 'deliver'
            : null;
    if (!kind) continue;
    const key = `${kind}|${to.virtualAccountId}`;
    const group = groups.get(key) ?? { kind, to, lines: [] };
    group.lines.push(n);
    groups.set(key, group);
  }
  const { salesOrderNumber, at, by } = options;
  const closed = new Set(closedLines(state));
  return [...groups.values()].flatMap(({ kind, to, lines }): OrderEvent[] => {
    // Ordinals keep started before delivered: events at one instant apply in id order.
    const id = `${filePlaceIdPrefix(salesOrderNumber)}${to.virtualAccountId}:lines-${lines.join('-')}`;
    const base = { at, by, lineNumbers: lines };
    if (kind === 'assign') return [{ ...base, id: `${id}:1-assigned`, type: 'assigned', assignment: to }];
    const delivered: OrderEvent = { ...base, id: `${id}:2-delivered`, type: 'delivered' };
    if (kind === 'deliver') return [delivered];
    const via = lines.some((n) => closed.has(n)) ? 'support-case' : 'portal';
    return [{ ...base, id: `${id}:1-started`, type: 'reassignment-started', target: to, via }, delivered];
  });
}
