import type * as Y from 'yjs';

/**
 * The layout of a document of orders (a Virtual Account's or an on-hold one): flat root maps, one
 * value per key, so two replicas that import the same new order while both offline merge instead of
 * colliding. A nested entry per order (a Y.Map under the order's number) would be created twice, and
 * Yjs keeps one of two concurrent values under a key: the other entry, its events with it, would be
 * dropped. Here every key is deterministic — the order's number, or the number and an event id or
 * step id — so the two creations write the same keys, and identical values under a key lose nothing.
 *
 *   orders:  Y.Map<salesOrderNumber, facts>          the order without its history (last writer wins)
 *   events:  Y.Map<number/eventId, OrderEvent JSON>  set once per key: the history is the set of values
 *   ticks:   Y.Map<number/stepId, { ticked, by, at }> last writer wins per step
 *   movedTo: Y.Map<salesOrderNumber, Virtual Account id>  a forwarding address, set once (see markOrderMoved)
 *   notes/<number>: Y.Text                           one root text per order, merged character-wise
 *
 * The notes follow the same rule: a text stored as a value under a key would be created by each
 * replica that types an order's first notes, and Yjs keeps one of the two, dropping the other's
 * words. A root type is got by name (`doc.getText`), never created as a value, so every replica
 * types into the same text. A root exists on a replica once it is asked for or received.
 */
export const ORDERS_KEY = 'orders';
export const EVENTS_KEY = 'events';
export const TICKS_KEY = 'ticks';
export const MOVED_TO_KEY = 'movedTo';
/** The root maps; every other root of a document of orders is an order's notes text. */
export const LAYOUT_MAPS = [ORDERS_KEY, EVENTS_KEY, TICKS_KEY, MOVED_TO_KEY] as const;
/** How the name of an order's notes text starts (a "/" no map name holds). */
export const NOTES_PREFIX = 'notes/';

/** The facts of each order, by sales order number: an order is in the document when it has facts. */
export const ordersMapOf = (doc: Y.Doc): Y.Map<unknown> => doc.getMap<unknown>(ORDERS_KEY);
export const eventsMapOf = (doc: Y.Doc): Y.Map<unknown> => doc.getMap<unknown>(EVENTS_KEY);
export const ticksMapOf = (doc: Y.Doc): Y.Map<unknown> => doc.getMap<unknown>(TICKS_KEY);
export const movedToMapOf = (doc: Y.Doc): Y.Map<unknown> => doc.getMap<unknown>(MOVED_TO_KEY);

/**
 * The key of an order's event or step: the number URI-encoded (so it holds no "/"), a "/", then the
 * id as it is. Splits unambiguously at the first "/".
 */
export const partKey = (salesOrderNumber: string, id: string): string =>
  `${encodeURIComponent(salesOrderNumber)}/${id}`;

/** The order number and id a part key names; undefined for a key that is not one. */
export function splitPartKey(key: string): { salesOrderNumber: string; id: string } | undefined {
  const slash = key.indexOf('/');
  if (slash <= 0) return undefined;
  try {
    return { salesOrderNumber: decodeURIComponent(key.slice(0, slash)), id: key.slice(slash + 1) };
  } catch {
    return undefined;
  }
}

/** The order a key of any layout map belongs to (the number itself for orders and movedTo). */
export const orderOfKey = (map: string, key: string): string | undefined =>
  map === EVENTS_KEY || map === TICKS_KEY ? splitPartKey(key)?.salesOrderNumber : key;

/**
 * Every value of a part map (events or ticks) grouped by order number, in one pass; with `only`,
 * just those orders. Readers use it so reading many orders costs one walk of the map, not one each.
 */
export function partsByOrder(
  map: Y.Map<unknown>,
  only?: ReadonlySet<string>,
): Map<string, { id: string; value: unknown }[]> {
  const grouped = new Map<string, { id: string; value: unknown }[]>();
  for (const [key, value] of map.entries()) {
    const part = splitPartKey(key);
    if (!part || (only && !only.has(part.salesOrderNumber))) continue;
    const list = grouped.get(part.salesOrderNumber);
    if (list) list.push({ id: part.id, value });
    else grouped.set(part.salesOrderNumber, [{ id: part.id, value }]);
  }
  return grouped;
}

/** The root name of an order's notes text: the prefix, then the number URI-encoded as in part keys. */
export const notesTextName = (salesOrderNumber: string): string => NOTES_PREFIX + encodeURIComponent(salesOrderNumber);

/**
 * The order a root name is the notes text of; undefined for any other name. Only the name
 * `notesTextName` gives is one: an order has one notes text, not one per spelling of its number
 * ("notes/SO%2D1" is not SO-1's).
 */
export function orderOfNotesText(name: string): string | undefined {
  if (!name.startsWith(NOTES_PREFIX) || name.length === NOTES_PREFIX.length) return undefined;
  const encoded = name.slice(NOTES_PREFIX.length);
  try {
    const salesOrderNumber = decodeURIComponent(encoded);
    return encodeURIComponent(salesOrderNumber) === encoded ? salesOrderNumber : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An order's notes text if anyone wrote or asked for it here, else undefined: looked up in
 * `doc.share` first, so reading does not add an empty root per order. A text received from the
 * relay but never asked for sits there as a bare root type; `getText` turns it into the text.
 */
export function existingNotesText(doc: Y.Doc, salesOrderNumber: string): Y.Text | undefined {
  const name = notesTextName(salesOrderNumber);
  return doc.share.has(name) ? doc.getText(name) : undefined;
}

/**
 * The whole document as JSON: each map, then each notes text that holds words, by name (a root must
 * be asked for by kind before it reads). An empty text reads as no text: a replica that asks for an
 * order's notes adds the root without writing anything.
 */
export function orderDocJson(doc: Y.Doc): Record<string, unknown> {
  const json: Record<string, unknown> = Object.fromEntries(
    LAYOUT_MAPS.map((name) => [name, doc.getMap(name).toJSON()]),
  );
  const notes = [...doc.share.keys()].filter((name) => orderOfNotesText(name) !== undefined);
  for (const name of notes) {
    const text = doc.getText(name).toString();
    if (text !== '') json[name] = text;
  }
  return json;
}
