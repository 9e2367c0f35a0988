import type * as Y from 'yjs';
import { checklistTickSchema, type ChecklistTick } from '../domain/checklist-tick.ts';
import { HoldfastError } from '../domain/errors.ts';
import { appendOrderEvent, orderState } from '../domain/lifecycle.ts';
import { mergeHistories } from '../domain/merge-histories.ts';
import { orderEventSchema, type OrderEvent, type OrderEventInput } from '../domain/order-event.ts';
import { orderSchema, type Order } from '../domain/order.ts';
import { eventsMapOf, movedToMapOf, ordersMapOf, partKey, partsByOrder, ticksMapOf } from './order-doc-layout.ts';
import {
  heldOrderNumbers,
  isHeld,
  movedTo,
  readOrderFromDoc,
  storedTickSchema,
  type StoredTick,
} from './virtual-account-reads.ts';
import type { SyncOrigin } from './origins.ts';

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

function mustHold(doc: Y.Doc, salesOrderNumber: string): void {
  if (!isHeld(doc, salesOrderNumber)) throw new UnknownOrderError(salesOrderNumber, heldOrderNumbers(doc));
}

/** Sets the events the document lacks for an order (by id: one key per event); returns whether any was. */
function setMissingEvents(doc: Y.Doc, salesOrderNumber: string, events: readonly OrderEvent[]): boolean {
  const map = eventsMapOf(doc);
  let added = false;
  for (const event of events) {
    const key = partKey(salesOrderNumber, event.id);
    if (map.has(key)) continue;
    map.set(key, event);
    added = true;
  }
  return added;
}

/** Sets a step's tick unless the document's is as new or newer; returns whether it did. */
function adoptTick(doc: Y.Doc, salesOrderNumber: string, stepId: string, tick: StoredTick): boolean {
  const key = partKey(salesOrderNumber, stepId);
  const current = storedTickSchema.safeParse(ticksMapOf(doc).get(key));
  if (current.success && current.data.at >= tick.at) return false;
  ticksMapOf(doc).set(key, { ticked: tick.ticked, by: tick.by, at: tick.at });
  return true;
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Writes an order (an import, a re-import): the events the document lacks are added (never removed)
 * and the facts set when they are new or differ. Two replicas importing the same new order write the
 * same keys, so their documents merge with every event of both.
 */
export function writeOrder(doc: Y.Doc, input: Order, origin: SyncOrigin): void {
  const { history, ...facts } = orderSchema.parse(input);
  doc.transact(() => {
    const number = facts.salesOrderNumber;
    const current = ordersMapOf(doc).get(number);
    const appended = setMissingEvents(doc, number, history);
    // A forwarding entry keeps its facts; new events become late writes that follow the order.
    if (current !== undefined && movedTo(doc, number) !== undefined) return;
    // An import states the facts it brings whenever it adds to an order: that is what tells the
    // relay the events are the file's history (recorded by whoever the file names), not the writer's.
    if (current === undefined || appended || !sameJson(current, facts)) ordersMapOf(doc).set(number, facts);
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
  origin: SyncOrigin,
): OrderEvent {
  mustHold(doc, salesOrderNumber);
  const current = readOrderFromDoc(doc, salesOrderNumber);
  if (!current?.ok) throw new UnknownOrderError(salesOrderNumber, []);
  const next = appendOrderEvent(current.order, input);
  const event = next.history[next.history.length - 1]!;
  doc.transact(() => eventsMapOf(doc).set(partKey(salesOrderNumber, event.id), event), origin);
  return event;
}

/** Ticks or unticks one checklist step; the latest write per step wins and keeps who and when. */
export function tickChecklistStep(
  doc: Y.Doc,
  salesOrderNumber: string,
  tick: ChecklistTick,
  origin: SyncOrigin,
): ChecklistTick {
  const parsed = checklistTickSchema.parse({ ...tick, salesOrderNumber });
  mustHold(doc, salesOrderNumber);
  doc.transact(
    () =>
      ticksMapOf(doc).set(partKey(salesOrderNumber, parsed.stepId), {
        ticked: parsed.ticked,
        by: parsed.by,
        at: parsed.at,
      }),
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
  origin: SyncOrigin,
): number {
  const changed = new Set<string>();
  doc.transact(() => {
    const orders = ordersMapOf(doc);
    for (const order of local.orders) {
      if (!orders.has(order.salesOrderNumber)) {
        writeOrder(doc, order, origin);
        changed.add(order.salesOrderNumber);
      } else if (setMissingEvents(doc, order.salesOrderNumber, order.history)) changed.add(order.salesOrderNumber);
    }
    for (const tick of local.ticks) {
      if (orders.has(tick.salesOrderNumber) && adoptTick(doc, tick.salesOrderNumber, tick.stepId, tick))
        changed.add(tick.salesOrderNumber);
    }
    // What the store held is an import made here (events and ticks by whoever the file names): the
    // document's own facts are stated again, which is how the relay tells an import from a forgery.
    for (const number of changed) if (isHeld(doc, number)) orders.set(number, orders.get(number));
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
 * Account (assigned from hold). `order` is the order as the import sees it: the events the document
 * lacks (the assignment among them) are added first, so the document itself proves the move to
 * anyone who reads it, the relay included; then `movedTo` names where it went. Nothing is deleted:
 * every member's events stay where they were written, and readers skip the forwarding entry. A
 * replica that had not seen the move may still write there; `forwardMovedWrites` lets each member
 * carry their own late writes to the order's new document.
 */
export function markOrderMoved(doc: Y.Doc, order: Order, origin: SyncOrigin): string {
  mustHold(doc, order.salesOrderNumber);
  const current = readOrderFromDoc(doc, order.salesOrderNumber);
  if (!current?.ok) throw new UnprovenMoveError(order.salesOrderNumber);
  const history = mergeHistories(current.order.history, order.history);
  const to = orderState({ ...current.order, history }).holder?.virtualAccountId;
  if (to === undefined) throw new UnprovenMoveError(order.salesOrderNumber);
  doc.transact(() => {
    setMissingEvents(doc, order.salesOrderNumber, order.history);
    movedToMapOf(doc).set(order.salesOrderNumber, to);
  }, origin);
  return to;
}

/**
 * Carries the writes `memberId` made to orders `from` forwards (on a replica that had not seen the
 * move yet) into the documents that hold those orders now (`documentOf` a Virtual Account id,
 * undefined when not open here): events the new document lacks and ticks newer than its own. Only
 * the member's own writes: the relay accepts no one's entries in another member's name, so each
 * member forwards theirs. Idempotent. Returns how many orders changed.
 */
export function forwardMovedWrites(
  from: Y.Doc,
  documentOf: (virtualAccountId: string) => Y.Doc | undefined,
  memberId: string,
  origin: SyncOrigin,
): number {
  const moved = new Map<string, Y.Doc>();
  for (const [salesOrderNumber, virtualAccountId] of movedToMapOf(from).entries()) {
    const to = typeof virtualAccountId === 'string' ? documentOf(virtualAccountId) : undefined;
    if (to && isHeld(to, salesOrderNumber)) moved.set(salesOrderNumber, to);
  }
  if (moved.size === 0) return 0;
  const only = new Set(moved.keys());
  const events = partsByOrder(eventsMapOf(from), only);
  const ticks = partsByOrder(ticksMapOf(from), only);
  let changed = 0;
  for (const [salesOrderNumber, to] of moved) {
    const mine = (events.get(salesOrderNumber) ?? []).flatMap(({ value }) => {
      const event = orderEventSchema.safeParse(value);
      return event.success && event.data.by === memberId ? [event.data] : [];
    });
    const myTicks = (ticks.get(salesOrderNumber) ?? []).flatMap(({ id, value }) => {
      const tick = storedTickSchema.safeParse(value);
      return tick.success && tick.data.by === memberId ? [[id, tick.data] as const] : [];
    });
    if (mine.length === 0 && myTicks.length === 0) continue;
    to.transact(() => {
      const appended = setMissingEvents(to, salesOrderNumber, mine);
      const ticked = myTicks.map(([stepId, tick]) => adoptTick(to, salesOrderNumber, stepId, tick)).some(Boolean);
      if (appended || ticked) changed++;
    }, origin);
  }
  return changed;
}
