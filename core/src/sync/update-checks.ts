import * as Y from 'yjs';
import { checklistTickSchema } from '../domain/checklist-tick.ts';
import { orderState } from '../domain/lifecycle.ts';
import { orderEventSchema, type OrderEvent } from '../domain/order-event.ts';
import { orderSchema } from '../domain/order.ts';
import type { Action } from '../permissions/action.ts';
import { ACTION_OF_EVENT } from '../permissions/event-action.ts';
import { ORDERS_KEY, readOrderEntry } from './virtual-account-doc.ts';

/**
 * What the relay checks in a client's update to a document of orders (a Virtual Account's or an
 * on-hold one) before it stores or broadcasts it. Pure over the document as it is now and the
 * update's decoded structs: nothing is applied, so a refused update leaves the document untouched.
 *
 * Accepted, and nothing else:
 * - an import: a new order entry (facts, history, ticks, notes), or new facts for an existing one
 *   keeping its number and creation time, by a member who may reassign orders here; the events an
 *   import brings are the file's history, recorded by whoever the file names;
 * - outside an import, new events recorded `by` the writer, of a type `can()` allows them here, with
 *   an id the order does not hold yet (a duplicate id would shadow someone's event on read);
 * - checklist ticks `by` the writer who may tick here (a step's latest tick replaces the previous);
 * - notes text typed or removed by a member who may annotate;
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

class Refusal extends Error {}
const refuse = (reason: string): never => {
  throw new Refusal(reason);
};

const ENTRY_PARTS = ['facts', 'history', 'ticks', 'notes', 'movedTo'] as const;
const storedTickSchema = checklistTickSchema.pick({ ticked: true, by: true, at: true });
type ItemContent = Y.Item['content'];
const idKey = (id: Y.ID) => `${id.client}:${id.clock}`;

/** Where an item sits: the path of map keys from the root down to its parent type, and its own key. */
interface Place {
  path: string[];
  key: string | null;
}

/** Checks one client update against the document's current state; never changes the document. */
export function checkOrdersUpdate(doc: Y.Doc, update: Uint8Array, rights: WriterRights): UpdateVerdict {
  try {
    return { ok: true, newClients: inspect(doc, update, rights) };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, reason: error.message };
    return { ok: false, reason: 'the update cannot be decoded as a Yjs update', malformed: true };
  }
}

function inspect(doc: Y.Doc, update: Uint8Array, rights: WriterRights): number[] {
  const { structs, ds } = Y.decodeUpdate(update);
  const known = (client: number) => Y.getState(doc.store, client);

  // The structs this update adds (what the document has already is skipped, as Yjs skips it).
  const fresh = new Map<number, (Y.Item | Y.GC)[]>();
  const newClients = new Set<number>();
  for (const struct of structs) {
    const { client, clock } = struct.id;
    if (clock + struct.length <= known(client)) continue;
    const list = fresh.get(client) ?? [];
    const expected = list.length ? list.at(-1)!.id.clock + list.at(-1)!.length : known(client);
    if (struct instanceof Y.Skip || clock > expected)
      refuse(`it depends on changes of client ${client} the relay does not have`);
    if (!(struct instanceof Y.Skip)) list.push(struct as Y.Item | Y.GC);
    fresh.set(client, list);
  }
  for (const client of fresh.keys()) {
    const owner = rights.ownerOfClient(client);
    if (owner !== undefined && owner !== rights.memberId)
      refuse(`Yjs client id ${client} belongs to another member in this document`);
    if (owner === undefined) newClients.add(client);
  }

  const freshItem = (id: Y.ID): Y.Item | Y.GC | undefined =>
    fresh.get(id.client)?.find((s) => s.id.clock <= id.clock && id.clock < s.id.clock + s.length);
  const docItem = (id: Y.ID): Y.Item | Y.GC | undefined =>
    id.clock < known(id.client) ? Y.getItem(doc.store, id) : undefined;
  const lookup = (id: Y.ID): Y.Item | Y.GC => {
    const found = freshItem(id) ?? docItem(id);
    if (!found) refuse(`it refers to item ${idKey(id)}, which the relay does not have`);
    return found!;
  };

  // Paths of types already in the document, and places of fresh items, computed once each.
  const typePath = (type: Y.AbstractType<unknown>): string[] => {
    const item = type._item;
    if (item === null) return [Y.findRootTypeKey(type)];
    if (item.parentSub === null) refuse('a shared type sits inside a list, which no Holdfast document has');
    return [...typePath(item.parent as Y.AbstractType<unknown>), item.parentSub!];
  };
  const places = new Map<string, Place>();
  const placeOf = (item: Y.Item): Place => {
    const cached = places.get(idKey(item.id));
    if (cached) return cached;
    let place: Place;
    if (!fresh.get(item.id.client)?.includes(item)) {
      place = { path: typePath(item.parent as Y.AbstractType<unknown>), key: item.parentSub };
    } else if (typeof item.parent === 'string') {
      place = { path: [item.parent], key: item.parentSub };
    } else if (item.parent instanceof Y.ID) {
      const holder = lookup(item.parent);
      if (!(holder instanceof Y.Item) || !(holder.content instanceof Y.ContentType))
        refuse(`item ${idKey(item.id)} names a parent that is not a shared type`);
      const outer = placeOf(holder as Y.Item);
      if (outer.key === null) refuse('a shared type sits inside a list, which no Holdfast document has');
      place = { path: [...outer.path, outer.key!], key: item.parentSub };
    } else {
      // No parent written: it is the parent of the neighbour the item was inserted beside.
      const neighbour = item.origin ?? item.rightOrigin;
      if (!neighbour) refuse(`item ${idKey(item.id)} has no parent`);
      const beside = lookup(neighbour!);
      if (!(beside instanceof Y.Item)) refuse(`item ${idKey(item.id)} was inserted beside a removed one`);
      place = placeOf(beside as Y.Item);
    }
    places.set(idKey(item.id), place);
    return place;
  };

  const orders = doc.getMap<Y.Map<unknown>>(ORDERS_KEY);
  const newItems = [...fresh.values()].flat().filter((s): s is Y.Item => s instanceof Y.Item);
  for (const item of newItems) {
    for (const id of [item.origin, item.rightOrigin]) if (id) lookup(id);
  }

  // Orders this update imports: a new entry, or new facts for one.
  const imported = new Set<string>();
  const factsWritten = new Map<string, Y.Item>();
  const created = new Set<string>();
  for (const item of newItems) {
    const { path, key } = placeOf(item);
    if (path.length === 1 && key !== null) created.add(key);
    if (path.length === 2 && (key === 'facts' || key === 'movedTo')) factsWritten.set(path[1]!, item);
  }
  // A move is written by an import too (the file shows the order assigned elsewhere).
  for (const number of [...created, ...factsWritten.keys()]) imported.add(number);
  if (imported.size > 0 && !rights.may('reassign-order'))
    refuse(`only a member who may manage these orders imports them (${[...imported].slice(0, 3).join(', ')})`);

  const eventIds = new Map<string, Set<string>>();
  const eventIdsOf = (number: string): Set<string> => {
    let ids = eventIds.get(number);
    if (!ids) {
      const history = orders.get(number)?.get('history');
      ids = new Set(history instanceof Y.Array ? history.toArray().map((e) => String((e as { id?: unknown }).id)) : []);
      eventIds.set(number, ids);
    }
    return ids;
  };
  const newEvents = new Map<string, OrderEvent[]>();
  const replaced = new Set<string>(); // `${path}/${key}` of map values this update sets anew
  const moves: (() => void)[] = [];
  // Yjs may resend the start of a struct the relay has: only the part after the known clock is new.
  const newPart = (item: Y.Item, values: readonly unknown[]) =>
    values.slice(Math.max(0, known(item.id.client) - item.id.clock));

  for (const item of newItems) {
    const { path, key } = placeOf(item);
    const content = item.content;
    if (path[0] !== ORDERS_KEY) refuse(`it writes "${path[0]}", which no Holdfast document has`);
    const deletedContent = content instanceof Y.ContentDeleted;
    const number = path[1] ?? key!;
    if (key !== null) replaced.add(`${path.join('/')}/${key}`);

    if (path.length === 1) {
      // A new order entry.
      if (key === null) refuse('the orders map holds entries by sales order number');
      if (orders.has(key!)) refuse(`order ${key} already has an entry; an import adds to it instead of replacing it`);
      if (!deletedContent && !(content instanceof Y.ContentType && content.type instanceof Y.Map))
        refuse(`order ${key} must be an entry of facts, history, ticks and notes`);
    } else if (path.length === 2) {
      const entry = orders.get(number);
      const part = key as (typeof ENTRY_PARTS)[number] | null;
      if (part === null || !ENTRY_PARTS.includes(part))
        refuse(`order ${number} has no part "${String(key)}"; its parts are ${ENTRY_PARTS.join(', ')}`);
      const existing = entry instanceof Y.Map ? entry.get(part!) : undefined;
      if (part === 'facts') {
        if (!deletedContent) checkFacts(number, content, entry?.get('facts'));
      } else if (part === 'movedTo') {
        if (existing !== undefined) refuse(`order ${number} already moved to ${String(existing)}`);
        if (!rights.may('reassign-order')) refuse(`only a member who may reassign order ${number} moves it`);
        if (!deletedContent) moves.push(() => checkMove(number, content, entry, newEvents));
      } else {
        if (existing !== undefined) refuse(`it replaces the ${part} of order ${number}, which would drop entries`);
        const expected = part === 'history' ? Y.Array : part === 'ticks' ? Y.Map : Y.Text;
        if (!deletedContent && !(content instanceof Y.ContentType && content.type instanceof expected))
          refuse(`the ${part} of order ${number} has the wrong shape`);
      }
    } else if (path.length === 3 && path[2] === 'history') {
      if (key !== null) refuse(`the history of order ${number} is a list`);
      if (deletedContent) continue;
      if (!(content instanceof Y.ContentAny)) refuse(`the history of order ${number} holds events only`);
      const ids = eventIdsOf(number);
      for (const raw of newPart(item, (content as Y.ContentAny).arr)) {
        const parsed = orderEventSchema.safeParse(raw);
        if (!parsed.success) refuse(`an event of order ${number} is not a valid order event`);
        const event = parsed.data!;
        if (ids.has(event.id)) refuse(`order ${number} already holds an event with id ${event.id}`);
        ids.add(event.id);
        if (!imported.has(number)) {
          if (event.by !== rights.memberId)
            refuse(`an event of order ${number} is recorded by ${event.by}; yours must say by ${rights.memberId}`);
          if (!rights.may(ACTION_OF_EVENT[event.type]))
            refuse(`your roles do not allow recording "${event.type}" on order ${number}`);
        }
        newEvents.set(number, [...(newEvents.get(number) ?? []), event]);
      }
    } else if (path.length === 3 && path[2] === 'ticks') {
      if (deletedContent) continue;
      const tick = content instanceof Y.ContentAny ? storedTickSchema.safeParse(content.arr[0]) : undefined;
      if (key === null || !tick?.success || (content as Y.ContentAny).arr.length !== 1)
        refuse(`a checklist tick of order ${number} is not { ticked, by, at } under a step id`);
      // An import (an order moving here) brings its checklist as it was; otherwise a tick is the writer's.
      if (!imported.has(number) && tick!.data!.by !== rights.memberId)
        refuse(`a tick on order ${number} is recorded by ${tick!.data!.by}; yours must say by ${rights.memberId}`);
      if (!rights.may('tick-checklist-step')) refuse(`your roles do not allow ticking steps of order ${number}`);
    } else if (path.length === 3 && path[2] === 'notes') {
      if (!deletedContent && !(content instanceof Y.ContentString)) refuse(`the notes of order ${number} are text`);
      if (!rights.may('annotate-order')) refuse(`your roles do not allow editing the notes of order ${number}`);
    } else {
      refuse(`it writes at ${[...path, key ?? '[]'].join('/')}, which no Holdfast document has`);
    }
  }

  for (const check of moves) check();

  // Deletions: what the writer's own client ids wrote, notes text, and map values set anew above.
  for (const [client, ranges] of ds.clients) {
    const owner = client === undefined ? undefined : rights.ownerOfClient(client);
    const own = owner === rights.memberId || (owner === undefined && newClients.has(client));
    for (const { clock, len } of ranges) {
      for (let at = clock; at < clock + len;) {
        const struct = lookup(Y.createID(client, at));
        at = struct.id.clock + struct.length;
        if (own || struct.deleted || !(struct instanceof Y.Item)) continue;
        const { path, key } = placeOf(struct);
        if (path.length === 3 && path[2] === 'notes' && rights.may('annotate-order')) continue;
        const mayReplace = (path.length === 3 && path[2] === 'ticks') || (path.length === 2 && key === 'facts');
        if (mayReplace && key !== null && replaced.has(`${path.join('/')}/${key}`)) continue;
        refuse(`it deletes ${[...path, key ?? 'an entry'].join('/')} written by another member`);
      }
    }
  }
  return [...newClients];
}

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
function checkMove(
  number: string,
  content: ItemContent,
  entry: Y.Map<unknown> | undefined,
  newEvents: ReadonlyMap<string, OrderEvent[]>,
): void {
  const to = content instanceof Y.ContentAny ? content.arr[0] : undefined;
  if (typeof to !== 'string') refuse(`order ${number} moves to a Virtual Account id`);
  const read = entry ? readOrderEntry(entry) : undefined;
  if (!read?.ok) refuse(`order ${number} cannot move before it is held here`);
  const order = read!.ok ? read!.order : undefined;
  const known = new Set(order!.history.map((e) => e.id));
  const history = [...order!.history, ...(newEvents.get(number) ?? []).filter((e) => !known.has(e.id))];
  const holder = orderState({ ...order!, history }).holder;
  if (holder?.virtualAccountId !== to)
    refuse(`order ${number}'s history does not put it in ${String(to)}, so it cannot move there`);
}
