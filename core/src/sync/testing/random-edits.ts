// Random edits for convergence tests: valid-or-refused event appends, ticks and note text.
import fc from 'fast-check';
import type * as Y from 'yjs';
import { InvalidTransitionError } from '../../domain/errors.ts';
import type { OrderEventInput } from '../../domain/order-event.ts';
import { daysAfter, T0 } from '../../testing/builders.ts';
import { editOrderNotes } from '../order-notes.ts';
import { appendOrderEventToDoc, tickChecklistStep } from '../virtual-account-doc.ts';
import { customer } from './va-fixtures.ts';
import { LOCAL_EDIT } from '../origins.ts';

export const EVENT_TYPES = [
  'reviewed',
  'note-added',
  'reassignment-started',
  'reassignment-cancelled',
  'delivered',
  'consumption-started',
  'line-fulfilment',
] as const;

export type Edit =
  | { kind: 'event'; order: number; type: (typeof EVENT_TYPES)[number]; day: number }
  | { kind: 'tick'; order: number; step: number; ticked: boolean; day: number }
  | { kind: 'note'; order: number; index: number; deleteCount: number; insert: string };

export const editArbitrary = (orders: number): fc.Arbitrary<Edit> =>
  fc.oneof(
    fc.record({
      kind: fc.constant('event' as const),
      order: fc.nat(orders - 1),
      type: fc.constantFrom(...EVENT_TYPES),
      day: fc.integer({ min: 1, max: 60 }),
    }),
    fc.record({
      kind: fc.constant('tick' as const),
      order: fc.nat(orders - 1),
      step: fc.nat(2),
      ticked: fc.boolean(),
      day: fc.integer({ min: 1, max: 60 }),
    }),
    fc.record({
      kind: fc.constant('note' as const),
      order: fc.nat(orders - 1),
      index: fc.nat(20),
      deleteCount: fc.nat(3),
      insert: fc.string({ maxLength: 4 }),
    }),
  );

/** Applies an edit as a member would: an invalid transition is refused and writes nothing. */
export function applyEdit(
  doc: Y.Doc,
  edit: Edit,
  by: string,
  uniqueId: string,
  salesOrderNumbers: readonly string[],
): void {
  const salesOrderNumber = salesOrderNumbers[edit.order]!;
  if (edit.kind === 'note') return editOrderNotes(doc, salesOrderNumber, edit, LOCAL_EDIT);
  const at = daysAfter(T0, edit.day);
  if (edit.kind === 'tick') {
    tickChecklistStep(
      doc,
      salesOrderNumber,
      { salesOrderNumber, stepId: `step-${edit.step}`, ticked: edit.ticked, by, at },
      LOCAL_EDIT,
    );
    return;
  }
  const base = { id: uniqueId, at, by };
  const target = {
    smartAccountId: customer.smartAccount.id,
    virtualAccountId: customer.defaultVirtualAccount.id,
    kind: 'customer' as const,
  };
  const inputs: Record<(typeof EVENT_TYPES)[number], OrderEventInput> = {
    reviewed: { ...base, type: 'reviewed' },
    'note-added': { ...base, type: 'note-added', text: `note by ${by}` },
    'reassignment-started': { ...base, type: 'reassignment-started', target, via: 'portal' },
    'reassignment-cancelled': { ...base, type: 'reassignment-cancelled', reason: 'customer not ready' },
    delivered: { ...base, type: 'delivered' },
    'consumption-started': { ...base, type: 'consumption-started' },
    'line-fulfilment': { ...base, type: 'line-fulfilment', lineNumber: 1, fulfilment: 'booked' },
  };
  try {
    appendOrderEventToDoc(doc, salesOrderNumber, inputs[edit.type], LOCAL_EDIT);
  } catch (error) {
    if (!(error instanceof InvalidTransitionError)) throw error;
  }
}
