import * as Y from 'yjs';
import type { z } from 'zod';
import { checklistTickSchema, type ChecklistTick } from '../domain/checklist-tick.ts';
import { HoldfastError } from '../domain/errors.ts';
import { appendOrderEvent, compareEvents, orderState } from '../domain/lifecycle.ts';
import { mergeHistories } from '../domain/merge-histories.ts';
import { orderEventSchema, type OrderEvent, type OrderEventInput } from '../domain/order-event.ts';
import { orderSchema, type Order } from '../domain/order.ts';

/**
 * One Y.Doc per Virtual Account (named by `virtualAccountDocName`):
 *
 *   orders: Y.Map<salesOrderNumber, Y.Map>
 *     facts:   plain JSON of the order without `history` (replaced whole; last writer wins)
 *     history: Y.Array<OrderEvent JSON>, append-only; the fold de-duplicates by id and sorts by (at, id)
 *     ticks:   Y.Map<stepId, { ticked, by, at }>, last writer wins per step
 *     notes:   Y.Text, merged character by character
 *     movedTo: set when the order moved to another document (assigned from hold): the Virtual
 *              Account it went to. The entry stays as a forwarding address (see `markOrderMoved`).
 *
 * Every function here is pure over the doc and runs one transaction carrying the caller's origin.
 */
export const ORDERS_KEY = 'orders';
const MOVED_TO_KEY = 'movedTo';

/** A change that refers to an order the document does not hold. */
export class UnknownOrderError extends HoldfastError {
  constructor(salesOrderNumber: string, known: readonly string[]) {
    const list =
      known.length === 0
        ? 'it holds no orders'
        : `it holds ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', …' : ''}`;
    super(
      'unknown-order',
      `The Virtual Account document has no order "${salesOrderNumber}"; ${list}. Write the order with writeOrder first.`,
    );
  }
}

const storedTickSchema = checklistTickSchema.pick({ ticked: true, by: true, at: true });
export type StoredTick = z.infer<typeof storedTickSchema>;

/** Facts are the order without its history; `updatedAt` is recomputed on read from the events. */
type OrderFacts = Omit<Order, 'history'>;
type OrderEntry = Y.Map<unknown>;

export const ordersMapOf = (doc: Y.Doc): Y.Map<OrderEntry> => doc.getMap<OrderEntry>(ORDERS_KEY);

const historyOf = (entry: OrderEntry) => entry.get('history') as Y.Array<unknown>;
const ticksOf = (entry: OrderEntry) => entry.get('ticks') as Y.Map<unknown>;
const movedTo = (entry: unknown): string | undefined =>
  entry instanceof Y.Map ? (entry.get(MOVED_TO_KEY) as string | undefined) : undefined;
const isHeld = (entry: unknown): entry is OrderEntry => entry instanceof Y.Map && movedTo(entry) === undefined;

/** Whether the document holds the order (a forwarding entry left by a move does not count). */
export function holdsOrder(doc: Y.Doc, salesOrderNumber: string): boolean {
  return isHeld(ordersMapOf(doc).get(salesOrderNumber));
}

/** The sales order numbers the document holds, sorted. */
export function heldOrderNumbers(doc: Y.Doc): string[] {
  return [...ordersMapOf(doc).entries()]
    .filter(([, entry]) => isHeld(entry))
    .map(([number]) => number)
    .sort();
}

function entryOf(doc: Y.Doc, salesOrderNumber: string): OrderEntry {
  const entry = ordersMapOf(doc).get(salesOrderNumber);
  if (!isHeld(entry)) throw new UnknownOrderError(salesOrderNumber, heldOrderNumbers(doc));
  return entry;
}

/** Appends the events the entry lacks (by id); returns whether any was. */
function appendMissingEvents(entry: OrderEntry, events: readonly unknown[]): boolean {
  const array = historyOf(entry);
  const known = new Set(array.toArray().map((e) => (e as { id?: unknown }).id));
  const missing = events.filter((e) => !known.has((e as { id?: unknown }).id));
  if (missing.length > 0) array.push(missing);
  return missing.length > 0;
}

/** Sets a step's tick unless the entry's is as new or newer; returns whether it did. */
function adoptTick(entry: OrderEntry, stepId: string, tick: StoredTick): boolean {
  const current = storedTickSchema.safeParse(ticksOf(entry).get(stepId));
  if (current.success && current.data.at >= tick.at) return false;
  ticksOf(entry).set(stepId, { ticked: tick.ticked, by: tick.by, at: tick.at });
  return true;
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Writes an order (an import, a re-import). A new order gets its four parts; an existing one gets
 * its facts replaced when they differ and the events it lacks appended — never removed.
 */
export function writeOrder(doc: Y.Doc, input: Order, origin: unknown): void {
  const { history, ...facts } = orderSchema.parse(input);
  doc.transact(() => {
    const orders = ordersMapOf(doc);
    const existing = orders.get(facts.salesOrderNumber);
    if (!existing) {
      const entry = new Y.Map<unknown>();
      entry.set('facts', facts);
      entry.set('history', Y.Array.from<OrderEvent>(history));
      entry.set('ticks', new Y.Map<unknown>());
      entry.set('notes', new Y.Text());
      orders.set(facts.salesOrderNumber, entry);
      return;
    }
    // A forwarding entry keeps its facts; new events become late writes that follow the order.
    const appended = appendMissingEvents(existing, history);
    // An import states the facts it brings whenever it adds to an order: that is what tells the
    // relay the events are the file's history (recorded by whoever the file names), not the writer's.
    if (movedTo(existing) === undefined && (appended || !sameJson(existing.get('facts'), facts)))
      existing.set('facts', facts);
  }, origin);
}

/**
 * Records a local lifecycle event. It is validated with `appendOrderEvent` against the order as
 * the document folds it now: an invalid transition throws `InvalidTransitionError` and writes nothing.
 */
export function appendOrderEventToDoc(
  doc: Y.Doc,
  salesOrderNumber: string,
  input: OrderEventInput,
  origin: unknown,
): OrderEvent {
  const entry = entryOf(doc, salesOrderNumber);
  const current = readOrderEntry(entry);
  if (!current.ok) throw new UnknownOrderError(salesOrderNumber, []);
  const next = appendOrderEvent(current.order, input);
  const event = next.history[next.history.length - 1]!;
  doc.transact(() => historyOf(entry).push([event]), origin);
  return event;
}

/** Ticks or unticks one checklist step; the latest write per step wins and keeps who and when. */
export function tickChecklistStep(
  doc: Y.Doc,
  salesOrderNumber: string,
  tick: ChecklistTick,
  origin: unknown,
): ChecklistTick {
  const parsed = checklistTickSchema.parse({ ...tick, salesOrderNumber });
  const entry = entryOf(doc, salesOrderNumber);
  doc.transact(
    () => ticksOf(entry).set(parsed.stepId, { ticked: parsed.ticked, by: parsed.by, at: parsed.at }),
    origin,
  );
  return parsed;
}

/**
 * Brings changes the store holds but the document lacks into it — an import or ticks made while
 * sync was off — so projecting the document afterwards loses nothing. Orders the document lacks are
 * written whole; for orders it holds, only missing events are added (its facts win: the store's
 * copy may be an older projection) and a step's tick only when the store's is newer.
 * Returns how many orders changed.
 */
export function adoptLocalChanges(
  doc: Y.Doc,
  local: { orders: readonly Order[]; ticks: readonly ChecklistTick[] },
  origin: unknown,
): number {
  const changed = new Set<string>();
  doc.transact(() => {
    const orders = ordersMapOf(doc);
    for (const order of local.orders) {
      const existing = orders.get(order.salesOrderNumber);
      if (!existing) {
        writeOrder(doc, order, origin);
        changed.add(order.salesOrderNumber);
        continue;
      }
      if (appendMissingEvents(existing, order.history)) changed.add(order.salesOrderNumber);
    }
    for (const tick of local.ticks) {
      const entry = orders.get(tick.salesOrderNumber);
      if (entry && adoptTick(entry, tick.stepId, tick)) changed.add(tick.salesOrderNumber);
    }
    // What the store held is an import made here (events and ticks by whoever the file names): the
    // document's own facts are stated again, which is how the relay tells an import from a forgery.
    for (const number of changed) {
      const entry = orders.get(number);
      if (isHeld(entry) && entry.get('facts') !== undefined) entry.set('facts', entry.get('facts'));
    }
  }, origin);
  return changed.size;
}

/** An order's history does not put it anywhere else, so it cannot move out of a document. */
export class UnprovenMoveError extends HoldfastError {
  constructor(salesOrderNumber: string) {
    super(
      'unproven-move',
      `Order "${salesOrderNumber}" cannot move out of this document: its history does not place it in another Virtual Account. Only an assignment recorded in the order's history moves it.`,
    );
  }
}

/**
 * Leaves a forwarding entry where an order was, once its own history shows it in another Virtual
 * Account (assigned from hold). `order` is the order as the import sees it: the events the entry
 * lacks (the assignment among them) are appended first, so the entry itself proves the move to
 * anyone who reads it, the relay included; then `movedTo` names where it went. Nothing is deleted:
 * every member's events stay where they were written, and readers skip the forwarding entry. A
 * replica that had not seen the move may still write into it; `forwardMovedWrites` lets each
 * member carry their own late writes to the order's new document.
 */
export function markOrderMoved(doc: Y.Doc, order: Order, origin: unknown): string {
  const entry = entryOf(doc, order.salesOrderNumber);
  const current = readOrderEntry(entry);
  if (!current.ok) throw new UnprovenMoveError(order.salesOrderNumber);
  const history = mergeHistories(current.order.history, order.history);
  const to = orderState({ ...current.order, history }).holder?.virtualAccountId;
  if (to === undefined) throw new UnprovenMoveError(order.salesOrderNumber);
  doc.transact(() => {
    appendMissingEvents(entry, order.history);
    entry.set(MOVED_TO_KEY, to);
  }, origin);
  return to;
}

/**
 * Carries the writes `memberId` made into forwarding entries of `from` (on a replica that had not
 * seen the move yet) into the documents that hold those orders now (`documentOf` a Virtual Account
 * id, undefined when not open here): events the new entry lacks and ticks newer than its own. Only
 * the member's own writes: the relay accepts no one's entries in another member's name, so each
 * member forwards theirs. Idempotent. Returns how many orders changed.
 */
export function forwardMovedWrites(
  from: Y.Doc,
  documentOf: (virtualAccountId: string) => Y.Doc | undefined,
  memberId: string,
  origin: unknown,
): number {
  let changed = 0;
  for (const [salesOrderNumber, entry] of ordersMapOf(from).entries()) {
    const virtualAccountId = movedTo(entry);
    if (virtualAccountId === undefined) continue;
    const to = documentOf(virtualAccountId);
    const target = to && ordersMapOf(to).get(salesOrderNumber);
    if (!to || !isHeld(target)) continue;
    const events = historyOf(entry)
      .toArray()
      .filter((e) => {
        const event = orderEventSchema.safeParse(e);
        return event.success && event.data.by === memberId;
      });
    const ticks = [...ticksOf(entry).entries()].flatMap(([stepId, raw]) => {
      const tick = storedTickSchema.safeParse(raw);
      return tick.success && tick.data.by === memberId ? [[stepId, tick.data] as const] : [];
    });
    if (events.length === 0 && ticks.length === 0) continue;
    to.transact(() => {
      const appended = appendMissingEvents(target, events);
      const ticked = ticks.map(([stepId, tick]) => adoptTick(target, stepId, tick)).some(Boolean);
      if (appended || ticked) changed++;
    }, origin);
  }
  return changed;
}

/** The shared notes text of an order, for binding an editor; edit it inside `doc.transact(…, origin)`. */
export function orderNotesText(doc: Y.Doc, salesOrderNumber: string): Y.Text {
  return entryOf(doc, salesOrderNumber).get('notes') as Y.Text;
}

/** Replaces `deleteCount` characters at `index` by `insert` in an order's notes. */
export function editOrderNotes(
  doc: Y.Doc,
  salesOrderNumber: string,
  edit: { index: number; deleteCount: number; insert: string },
  origin: unknown,
): void {
  const text = orderNotesText(doc, salesOrderNumber);
  doc.transact(() => {
    const index = Math.max(0, Math.min(edit.index, text.length));
    const deleteCount = Math.max(0, Math.min(edit.deleteCount, text.length - index));
    if (deleteCount > 0) text.delete(index, deleteCount);
    if (edit.insert.length > 0) text.insert(index, edit.insert);
  }, origin);
}

export type ReadOrderResult =
  { ok: true; order: Order; ticks: ChecklistTick[]; notes: string } | { ok: false; reason: string };

/**
 * Reads one order entry. Events that fail `orderEventSchema` are ignored, duplicates dropped by
 * id and the rest sorted by (at, id), so every replica holding the same events reads the same order.
 */
export function readOrderEntry(entry: OrderEntry): ReadOrderResult {
  const facts = entry.get('facts') as OrderFacts | undefined;
  if (!facts || typeof facts !== 'object') return { ok: false, reason: 'the entry has no facts' };
  const byId = new Map<string, OrderEvent>();
  const history = entry.get('history');
  for (const raw of history instanceof Y.Array ? history.toArray() : []) {
    const parsed = orderEventSchema.safeParse(raw);
    if (parsed.success && !byId.has(parsed.data.id)) byId.set(parsed.data.id, parsed.data);
  }
  const events = [...byId.values()].sort(compareEvents);
  const lastAt = events.reduce((latest, e) => (e.at > latest ? e.at : latest), facts.updatedAt);
  const parsed = orderSchema.safeParse({ ...facts, history: events, updatedAt: lastAt });
  if (!parsed.success)
    return { ok: false, reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  const order = parsed.data;
  const ticks: ChecklistTick[] = [];
  const ticksMap = entry.get('ticks');
  if (ticksMap instanceof Y.Map) {
    for (const [stepId, raw] of ticksMap.entries()) {
      const tick = storedTickSchema.safeParse(raw);
      if (tick.success) ticks.push({ salesOrderNumber: order.salesOrderNumber, stepId, ...tick.data });
    }
  }
  ticks.sort((a, b) => (a.stepId < b.stepId ? -1 : a.stepId > b.stepId ? 1 : 0));
  const notes = entry.get('notes');
  return { ok: true, order, ticks, notes: notes instanceof Y.Text ? notes.toString() : '' };
}

/** Reads one order the document holds; undefined when it holds none by that number (or it moved on). */
export function readOrderFromDoc(doc: Y.Doc, salesOrderNumber: string): ReadOrderResult | undefined {
  const entry = ordersMapOf(doc).get(salesOrderNumber);
  return isHeld(entry) ? readOrderEntry(entry) : undefined;
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
  const orders = ordersMapOf(doc);
  for (const salesOrderNumber of [...orders.keys()].sort()) {
    const entry = orders.get(salesOrderNumber);
    if (movedTo(entry) !== undefined) continue;
    const read =
      entry instanceof Y.Map ? readOrderEntry(entry) : { ok: false as const, reason: 'the entry is not a map' };
    if (!read.ok) {
      content.ignored.push({ salesOrderNumber, reason: read.reason });
      continue;
    }
    content.orders.push(read.order);
    content.ticks.push(...read.ticks);
    content.notes[salesOrderNumber] = read.notes;
  }
  return content;
}
