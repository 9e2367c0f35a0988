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
 *   notes:   Y.Map<salesOrderNumber, Y.Text>          created on the first edit, merged character-wise
 *   movedTo: Y.Map<salesOrderNumber, Virtual Account id>  a forwarding address, set once (see markOrderMoved)
 */
export const ORDERS_KEY = 'orders';
export const EVENTS_KEY = 'events';
export const TICKS_KEY = 'ticks';
export const NOTES_KEY = 'notes';
export const MOVED_TO_KEY = 'movedTo';
export const LAYOUT_KEYS = [ORDERS_KEY, EVENTS_KEY, TICKS_KEY, NOTES_KEY, MOVED_TO_KEY] as const;

/** The facts of each order, by sales order number: an order is in the document when it has facts. */
export const ordersMapOf = (doc: Y.Doc): Y.Map<unknown> => doc.getMap<unknown>(ORDERS_KEY);
export const eventsMapOf = (doc: Y.Doc): Y.Map<unknown> => doc.getMap<unknown>(EVENTS_KEY);
export const ticksMapOf = (doc: Y.Doc): Y.Map<unknown> => doc.getMap<unknown>(TICKS_KEY);
export const notesMapOf = (doc: Y.Doc): Y.Map<Y.Text> => doc.getMap<Y.Text>(NOTES_KEY);
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

/** The order a key of any layout map belongs to (the number itself for orders, notes and movedTo). */
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

/** The whole document as JSON, map by map (a root type must be asked for by kind before it reads). */
export const orderDocJson = (doc: Y.Doc): Record<string, unknown> =>
  Object.fromEntries(LAYOUT_KEYS.map((name) => [name, doc.getMap(name).toJSON()]));
