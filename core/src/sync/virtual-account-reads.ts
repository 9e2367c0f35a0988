import type * as Y from 'yjs';
import type { z } from 'zod';
import { checklistTickSchema, type ChecklistTick } from '../domain/checklist-tick.ts';
import { mergeHistories } from '../domain/merge-histories.ts';
import { orderEventSchema } from '../domain/order-event.ts';
import { orderSchema, type Order } from '../domain/order.ts';
import {
  eventsMapOf,
  existingNotesText,
  movedToMapOf,
  ordersMapOf,
  partsByOrder,
  ticksMapOf,
} from './order-doc-layout.ts';

// Reading a Virtual Account document: which orders it holds, and each order from its facts, its
// events, its checklist ticks and its notes (order-doc-layout.ts). Writing is virtual-account-doc.ts.

export const storedTickSchema = checklistTickSchema.pick({ ticked: true, by: true, at: true });
export type StoredTick = z.infer<typeof storedTickSchema>;

/** Facts are the order without its history; `updatedAt` is recomputed on read from the events. */
export type OrderFacts = Omit<Order, 'history'>;

export const movedTo = (doc: Y.Doc, salesOrderNumber: string): string | undefined => {
  const to = movedToMapOf(doc).get(salesOrderNumber);
  return typeof to === 'string' ? to : undefined;
};
export const isHeld = (doc: Y.Doc, salesOrderNumber: string): boolean =>
  ordersMapOf(doc).has(salesOrderNumber) && movedTo(doc, salesOrderNumber) === undefined;

/** Whether the document holds the order (a forwarding entry left by a move does not count). */
export function holdsOrder(doc: Y.Doc, salesOrderNumber: string): boolean {
  return isHeld(doc, salesOrderNumber);
}

/** The sales order numbers the document holds, sorted. */
export function heldOrderNumbers(doc: Y.Doc): string[] {
  return [...ordersMapOf(doc).keys()].filter((number) => isHeld(doc, number)).sort();
}

export type ReadOrderResult =
  { ok: true; order: Order; ticks: ChecklistTick[]; notes: string } | { ok: false; reason: string };

type Parts = { id: string; value: unknown }[];

/**
 * Reads one order from its facts and its parts (`partsByOrder`). Events that fail
 * `orderEventSchema` or whose id is not their key's are ignored; the rest are one history
 * (`mergeHistories`), so every replica holding the same events reads the same order.
 */
export function readOrderParts(
  salesOrderNumber: string,
  rawFacts: unknown,
  events: Parts,
  ticks: Parts,
  notes: string,
): ReadOrderResult {
  if (!rawFacts || typeof rawFacts !== 'object') return { ok: false, reason: 'the entry has no facts' };
  const facts = rawFacts as OrderFacts;
  const valid = events.flatMap(({ id, value }) => {
    const parsed = orderEventSchema.safeParse(value);
    return parsed.success && parsed.data.id === id ? [parsed.data] : [];
  });
  const history = mergeHistories(valid);
  const lastAt = history.reduce((latest, e) => (e.at > latest ? e.at : latest), facts.updatedAt);
  const parsed = orderSchema.safeParse({ ...facts, history, updatedAt: lastAt });
  if (!parsed.success)
    return { ok: false, reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  if (parsed.data.salesOrderNumber !== salesOrderNumber)
    return { ok: false, reason: `the facts name order ${parsed.data.salesOrderNumber}` };
  const order = parsed.data;
  const read: ChecklistTick[] = ticks.flatMap(({ id, value }) => {
    const tick = storedTickSchema.safeParse(value);
    return tick.success ? [{ salesOrderNumber, stepId: id, ...tick.data }] : [];
  });
  read.sort((a, b) => (a.stepId < b.stepId ? -1 : a.stepId > b.stepId ? 1 : 0));
  return { ok: true, order, ticks: read, notes };
}

/** Reads some orders the document holds (one walk of its events and ticks), by number; moved or absent ones are missing. */
export function readOrdersFromDoc(doc: Y.Doc, salesOrderNumbers: Iterable<string>): Map<string, ReadOrderResult> {
  const only = new Set([...salesOrderNumbers].filter((number) => isHeld(doc, number)));
  const read = new Map<string, ReadOrderResult>();
  if (only.size === 0) return read;
  const events = partsByOrder(eventsMapOf(doc), only);
  const ticks = partsByOrder(ticksMapOf(doc), only);
  for (const number of only)
    read.set(
      number,
      readOrderParts(
        number,
        ordersMapOf(doc).get(number),
        events.get(number) ?? [],
        ticks.get(number) ?? [],
        // Found by the order's name rather than by walking `doc.share` for the notes prefix: the
        // projection reads the few orders a change touched, and a lookup per order read costs that
        // many lookups, where a walk costs every root of the document (one per order with notes)
        // on every change. For a whole-document read both are one pass; the lookup decodes no names.
        existingNotesText(doc, number)?.toString() ?? '',
      ),
    );
  return read;
}

/** Reads one order the document holds; undefined when it holds none by that number (or it moved on). */
export function readOrderFromDoc(doc: Y.Doc, salesOrderNumber: string): ReadOrderResult | undefined {
  return readOrdersFromDoc(doc, [salesOrderNumber]).get(salesOrderNumber);
}

export interface VirtualAccountContent {
  orders: Order[];
  ticks: ChecklistTick[];
  /** Notes text per sales order number. */
  notes: Record<string, string>;
  /** Entries that could not be read as an order (for example no valid "placed" event), with why. */
  ignored: { salesOrderNumber: string; reason: string }[];
}

/** Reads the orders the document holds, sorted by sales order number (forwarding entries are skipped). */
export function readVirtualAccountDoc(doc: Y.Doc): VirtualAccountContent {
  const content: VirtualAccountContent = { orders: [], ticks: [], notes: {}, ignored: [] };
  const read = readOrdersFromDoc(doc, ordersMapOf(doc).keys());
  for (const salesOrderNumber of [...read.keys()].sort()) {
    const result = read.get(salesOrderNumber)!;
    if (!result.ok) {
      content.ignored.push({ salesOrderNumber, reason: result.reason });
      continue;
    }
    content.orders.push(result.order);
    content.ticks.push(...result.ticks);
    content.notes[salesOrderNumber] = result.notes;
  }
  return content;
}
