import * as Y from 'yjs';
import { checklistTickSchema } from '../domain/checklist-tick.ts';
import { orderState } from '../domain/lifecycle.ts';
import { orderEventSchema, type OrderEvent } from '../domain/order-event.ts';
import { orderSchema } from '../domain/order.ts';
import type { Action } from '../permissions/action.ts';
import { ACTION_OF_EVENT } from '../permissions/event-action.ts';
import { mergeHistories } from '../domain/merge-histories.ts';
import {
  EVENTS_KEY,
  LAYOUT_MAPS,
  MOVED_TO_KEY,
  orderOfNotesText,
  ORDERS_KEY,
  splitPartKey,
  TICKS_KEY,
} from './order-doc-layout.ts';
import { readOrderFromDoc } from './virtual-account-reads.ts';
import { decodeUpdateOnce, type DecodedUpdate } from './relay-logic/decoded-update.ts';
import { refuse, Refusal, UpdateStructs } from './update-structs.ts';

/**
 * What the relay checks in a client's update to a document of orders (a Virtual Account's or an
 * on-hold one) before it stores or broadcasts it. Pure over the document as it is now and the
 * update's decoded structs: nothing is applied, so a refused update leaves the document untouched.
 *
 * Accepted, and nothing else:
 * - an import: facts (`orders/<number>`) for a new or an existing order, keeping its number and
 *   creation time, by a member who may reassign orders here; the events an import brings are the
 *   file's history, recorded by whoever the file names (see `order-doc-layout.ts` for the layout);
 * - outside an import, new events recorded `by` the writer, of a type `can()` allows them here;
 * - an event under a key the document holds only when it is the very same event: two replicas that
 *   imported one order offline write it twice, and that merges; another event under a taken id
 *   would rewrite someone's history;
 * - checklist ticks `by` the writer who may tick here (a step's latest tick replaces the previous);
 * - text typed into an order's notes (the root text `notes/<number>`, named as `notesTextName`
 *   names it, of an order the document holds or this update imports) by a member who may annotate,
 *   and removed by one; no other root;
 * - a forwarding address (`movedTo`) set once, when the order's own history says it now sits in
 *   that Virtual Account;
 * - deleting only what the writer's own Yjs client ids wrote (plus notes text and replaced ticks
 *   and facts as above);
 * - Yjs client ids that are the writer's: bound to the first member who wrote with them here.
 */
export interface WriterRights {
  /** The member the relay authenticated (the token's). */
  memberId: string;
  /** Whether the member may do `action` on the orders of this document. */
  may(action: Action): boolean;
  /** The member who first wrote with this Yjs client id in this document, if anyone did. */
  ownerOfClient(clientId: number): string | undefined;
}

export type UpdateVerdict =
  /** `newClients`: client ids first used by this member here, to bind before storing. */
  | { ok: true; newClients: number[] }
  /** `malformed`: not a Yjs update at all (the relay answers that as a malformed message). */
  | { ok: false; reason: string; malformed?: boolean };

const storedTickSchema = checklistTickSchema.pick({ ticked: true, by: true, at: true });
type ItemContent = Y.Item['content'];

/** Checks one client update against the document's current state; never changes the document. */
export function checkOrdersUpdate(doc: Y.Doc, update: Uint8Array, rights: WriterRights): UpdateVerdict {
  try {
    return { ok: true, newClients: inspect(doc, decodeUpdateOnce(update), rights) };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, reason: error.message };
    return { ok: false, reason: 'the update cannot be decoded as a Yjs update', malformed: true };
  }
}

/** The document's maps of orders, looked up once per document rather than per update. */
interface OrderMaps {
  orders: Y.Map<unknown>;
  events: Y.Map<unknown>;
  movedTo: Y.Map<unknown>;
}
const mapsOfDoc = new WeakMap<Y.Doc, OrderMaps>();
function mapsOf(doc: Y.Doc): OrderMaps {
  let maps = mapsOfDoc.get(doc);
  if (!maps) {
    maps = {
      orders: doc.getMap<unknown>(ORDERS_KEY),
      events: doc.getMap<unknown>(EVENTS_KEY),
      movedTo: doc.getMap<unknown>(MOVED_TO_KEY),
    };
    mapsOfDoc.set(doc, maps);
  }
  return maps;
}

function inspect(doc: Y.Doc, decoded: DecodedUpdate, rights: WriterRights): number[] {
  const structs = new UpdateStructs(doc, decoded);
  const newClients = new Set<number>();
  for (const client of structs.fresh.keys()) {
    const owner = rights.ownerOfClient(client);
    if (owner !== undefined && owner !== rights.memberId)
      refuse(`Yjs client id ${client} belongs to another member in this document`);
    if (owner === undefined) newClients.add(client);
  }
  structs.checkNeighbours();
  const maps = mapsOf(doc);
  const { newItems } = structs;

  // Orders this update imports: new facts (a new order, or new facts for one) or a move.
  const imported = new Set<string>();
  for (const item of newItems) {
    const { path, key } = structs.placeOf(item);
    if (path.length === 1 && key !== null && (path[0] === ORDERS_KEY || path[0] === MOVED_TO_KEY)) imported.add(key);
  }
  if (imported.size > 0 && !rights.may('reassign-order'))
    refuse(`only a member who may manage these orders imports them (${[...imported].slice(0, 3).join(', ')})`);
  const context: EntryContext = { maps, rights, imported, newEvents: new Map(), written: new Map() };
  const moves: { number: string; to: unknown }[] = [];

  for (const item of newItems) {
    const { path, key } = structs.placeOf(item);
    const content = item.content;
    const root = path[0]!;
    if (!isLayoutMap(root)) {
      checkNotes(context, root, path.length === 1 && key === null, content);
    } else if (path.length === 1) {
      if (key === null) refuse(`"${root}" holds values by key`);
      if (root === MOVED_TO_KEY && !(content instanceof Y.ContentDeleted)) {
        if (maps.movedTo.has(key!)) refuse(`order ${key} already moved to ${String(maps.movedTo.get(key!))}`);
        moves.push({ number: key!, to: valueOf(content) });
      }
      checkEntry(context, root, key!, item);
    } else {
      refuse(`it writes at ${[...path, key ?? '[]'].join('/')}, which no Holdfast document has`);
    }
  }

  for (const { number, to } of moves) checkMove(doc, number, to, context.newEvents);

  // Deletions: what the writer's own client ids wrote, notes text, and facts or ticks set anew above.
  for (const [client, ranges] of decoded.ds.clients) {
    const owner = client === undefined ? undefined : rights.ownerOfClient(client);
    const own = owner === rights.memberId || (owner === undefined && newClients.has(client));
    for (const { clock, len } of ranges) {
      for (let at = clock; at < clock + len;) {
        const struct = structs.lookup(Y.createID(client, at));
        at = struct.id.clock + struct.length;
        if (own || struct.deleted || !(struct instanceof Y.Item)) continue;
        const { path, key } = structs.placeOf(struct);
        if (orderOfNotesText(path[0]!) !== undefined && rights.may('annotate-order')) continue;
        const mayReplace = path.length === 1 && (path[0] === TICKS_KEY || path[0] === ORDERS_KEY);
        if (mayReplace && key !== null && context.written.has(`${path[0]}/${key}`)) continue;
        refuse(`it deletes ${[...path, key ?? 'an entry'].join('/')} written by another member`);
      }
    }
  }
  return [...newClients];
}

/** What the checks of one update's entries share. */
interface EntryContext {
  maps: OrderMaps;
  rights: WriterRights;
  imported: ReadonlySet<string>;
  /** The events this update adds, per order (a move is proven with them). */
  newEvents: Map<string, OrderEvent[]>;
  /** `${map}/${key}` → the value this update sets there. */
  written: Map<string, unknown>;
}

const isLayoutMap = (root: string): boolean => (LAYOUT_MAPS as readonly string[]).includes(root);

/**
 * Checks a new item of a root that is not one of the layout's maps: it must be text typed into the
 * notes of an order the document holds (or this update imports), by a member who may annotate.
 * `inText` is whether the item sits in the root's text (not under a key, not in a nested type).
 */
function checkNotes(context: EntryContext, root: string, inText: boolean, content: ItemContent): void {
  const number = orderOfNotesText(root);
  if (number === undefined) refuse(`it writes "${root}", which no Holdfast document has`);
  if (!heldHere(context, number!)) refuse(`notes name order ${number}, which this document does not hold`);
  // A deleted item arrives as ContentDeleted: text typed and removed before it was sent.
  if (!inText || !(content instanceof Y.ContentString || content instanceof Y.ContentDeleted))
    refuse(`the notes of order ${number} are plain text`);
  if (!context.rights.may('annotate-order')) refuse(`your roles do not allow editing the notes of order ${number}`);
}

const valueOf = (content: ItemContent): unknown =>
  content instanceof Y.ContentAny && content.arr.length === 1 ? content.arr[0] : undefined;

/** Whether the document holds the order, or this update imports it. */
const heldHere = ({ maps, imported }: EntryContext, number: string): boolean =>
  maps.orders.has(number) || imported.has(number);

/** Checks a new entry of one of the document's maps: only what is new is parsed. */
function checkEntry(context: EntryContext, root: string, key: string, item: Y.Item): void {
  const { maps, rights, imported, newEvents, written } = context;
  const content = item.content;
  const place = `${root}/${key}`;
  const previous = written.get(place);
  const value = valueOf(content);
  written.set(place, value);
  if (content instanceof Y.ContentDeleted) return;
  if (root === ORDERS_KEY) {
    checkFacts(key, content, maps.orders.get(key));
  } else if (root === EVENTS_KEY) {
    const part = splitPartKey(key);
    if (!part) refuse(`an event key names no order: ${key}`);
    const { salesOrderNumber: number, id } = part!;
    if (!heldHere(context, number)) refuse(`an event names order ${number}, which this document does not hold`);
    const parsed = orderEventSchema.safeParse(value);
    if (!parsed.success || parsed.data.id !== id) refuse(`an event of order ${number} is not a valid order event`);
    const event = parsed.data!;
    // The same event written twice (two replicas importing one order offline) is one event;
    // another event under a taken id would rewrite someone's history.
    const existing = maps.events.get(key) ?? previous;
    if (existing !== undefined && !sameJson(existing, event))
      refuse(`order ${number} already holds an event with id ${event.id}`);
    if (!imported.has(number)) {
      if (event.by !== rights.memberId)
        refuse(`an event of order ${number} is recorded by ${event.by}; yours must say by ${rights.memberId}`);
      if (!rights.may(ACTION_OF_EVENT[event.type]))
        refuse(`your roles do not allow recording "${event.type}" on order ${number}`);
    }
    if (existing === undefined) newEvents.set(number, [...(newEvents.get(number) ?? []), event]);
  } else if (root === TICKS_KEY) {
    const part = splitPartKey(key);
    const tick = storedTickSchema.safeParse(value);
    if (!part || !tick.success) refuse(`a checklist tick is not { ticked, by, at } under an order and a step id`);
    const number = part!.salesOrderNumber;
    if (!heldHere(context, number)) refuse(`a tick names order ${number}, which this document does not hold`);
    // An import (an order moving here) brings its checklist as it was; otherwise a tick is the writer's.
    if (!imported.has(number) && tick.data!.by !== rights.memberId)
      refuse(`a tick on order ${number} is recorded by ${tick.data!.by}; yours must say by ${rights.memberId}`);
    if (!rights.may('tick-checklist-step')) refuse(`your roles do not allow ticking steps of order ${number}`);
  }
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function checkFacts(number: string, content: ItemContent, current: unknown): void {
  const facts = content instanceof Y.ContentAny && content.arr.length === 1 ? content.arr[0] : undefined;
  if (!facts || typeof facts !== 'object') refuse(`the facts of order ${number} are not an object`);
  const record = facts as Record<string, unknown>;
  const placeholder = { id: 'check', type: 'placed', at: record.createdAt, by: 'check', assignment: null };
  const parsed = orderSchema.safeParse({ ...record, history: [placeholder] });
  if (!parsed.success || 'history' in record)
    refuse(`the facts of order ${number} are not valid order facts without a history`);
  if (parsed.data!.salesOrderNumber !== number) refuse(`the facts under order ${number} name another order`);
  const before = current as Record<string, unknown> | undefined;
  if (before && before.createdAt !== record.createdAt)
    refuse(`an import keeps the order's identity: order ${number} was created at ${String(before.createdAt)}`);
}

/** A move is proven by the order's own history: folded with this update's events, it sits there now. */
function checkMove(doc: Y.Doc, number: string, to: unknown, newEvents: ReadonlyMap<string, OrderEvent[]>): void {
  if (typeof to !== 'string') refuse(`order ${number} moves to a Virtual Account id`);
  const read = readOrderFromDoc(doc, number);
  if (!read?.ok) refuse(`order ${number} cannot move before it is held here`);
  const order = read!.ok ? read!.order : undefined;
  const history = mergeHistories(order!.history, newEvents.get(number) ?? []);
  const holder = orderState({ ...order!, history }).holder;
  if (holder?.virtualAccountId !== to)
    refuse(`order ${number}'s history does not put it in ${String(to)}, so it cannot move there`);
}
