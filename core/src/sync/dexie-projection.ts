import * as Y from 'yjs';
import type { ChecklistTick } from '../domain/checklist-tick.ts';
import type { Order } from '../domain/order.ts';
import type { HoldfastDb } from '../store/holdfast-db.ts';
import { deleteOrders, putOrders, replaceChecklistTicks, replaceVirtualAccountOrders } from '../store/write-api.ts';
import {
  adoptLocalChanges,
  heldOrderNumbers,
  ordersMapOf,
  readOrderFromDoc,
  readVirtualAccountDoc,
} from './virtual-account-doc.ts';

/** The origin of store events written back into the doc by the projection. */
const KEEP_LOCAL_ORIGIN = 'holdfast:keep-local-events';

/**
 * Keeps the store's `orders` and `checklistTicks` tables a projection of one Virtual Account
 * document. Local edits go into the doc first; the tables follow. Only orders a transaction
 * touched are re-read and rewritten, in order, one Dexie transaction per batch. A stored order
 * with events the doc lacks keeps them, and they are written into the doc (histories only grow).
 */
export interface DexieProjection {
  /** Resolves when every change seen so far is in the tables. */
  flush(): Promise<void>;
  /** Stops following the doc (pending writes still finish). */
  close(): void;
}

export interface DexieProjectionOptions {
  doc: Y.Doc;
  db: HoldfastDb;
  virtualAccountId: string;
  /** A failed write is reported here, never swallowed; the next change retries that order. */
  onError: (error: unknown) => void;
  /** The first rebuild waits for this (the stored doc loaded and local changes adopted). */
  after?: Promise<void>;
}

/**
 * The doc's orders, each with the events the store's copy has and the doc lacks, and those store
 * copies. Events are never removed, so a doc lacking some is behind: an import made while sync was
 * off, or one that moved the order out of this Virtual Account (delivered to the customer). The
 * store must not go back to the older history; the doc must catch up.
 */
async function withLocalEvents(db: HoldfastDb, orders: readonly Order[]): Promise<{ orders: Order[]; ahead: Order[] }> {
  const rows = await db.orders.bulkGet(orders.map((o) => o.salesOrderNumber));
  const ahead: Order[] = [];
  const merged = orders.map((order, i) => {
    const local = rows[i]?.order;
    if (!local) return order;
    const known = new Set(order.history.map((e) => e.id));
    const missing = local.history.filter((e) => !known.has(e.id));
    if (missing.length === 0) return order;
    ahead.push(local);
    return { ...order, history: [...order.history, ...missing] };
  });
  return { orders: merged, ahead };
}

/** Writes the store's newer events into the doc; the doc's observer then projects the result. */
function catchUp(doc: Y.Doc, ahead: readonly Order[]): void {
  if (ahead.length > 0) adoptLocalChanges(doc, { orders: ahead, ticks: [] }, KEEP_LOCAL_ORIGIN);
}

/** Rewrites the tables from the whole document: the orders of the Virtual Account and their ticks. */
export async function rebuildProjection({
  doc,
  db,
  virtualAccountId,
}: Omit<DexieProjectionOptions, 'onError' | 'after'>): Promise<void> {
  const content = readVirtualAccountDoc(doc);
  const { ahead } = await db.transaction('rw', db.orders, db.checklistTicks, async () => {
    const current = await withLocalEvents(db, content.orders);
    await replaceVirtualAccountOrders(db, virtualAccountId, current.orders);
    await replaceChecklistTicks(db, heldOrderNumbers(doc), content.ticks);
    return current;
  });
  catchUp(doc, ahead);
}

/**
 * Removes a Virtual Account's projected orders and their ticks, for example after its access was
 * revoked (close code 4410) and its local doc cleared.
 */
export async function clearProjection(db: HoldfastDb, virtualAccountId: string): Promise<void> {
  await db.transaction('rw', db.orders, db.checklistTicks, async () => {
    const held = await db.orders.where('virtualAccountId').equals(virtualAccountId).primaryKeys();
    await replaceVirtualAccountOrders(db, virtualAccountId, []);
    await replaceChecklistTicks(db, held, []);
  });
}

async function projectOrders(
  db: HoldfastDb,
  doc: Y.Doc,
  virtualAccountId: string,
  keys: readonly string[],
): Promise<void> {
  const put: Order[] = [];
  const ticks: ChecklistTick[] = [];
  const gone: string[] = [];
  for (const key of keys) {
    const read = readOrderFromDoc(doc, key);
    if (read?.ok) {
      put.push(read.order);
      ticks.push(...read.ticks);
    } else gone.push(key);
  }
  const { ahead } = await db.transaction('rw', db.orders, db.checklistTicks, async () => {
    // An order that left the doc because it moved to another Virtual Account's doc keeps the row
    // (and ticks) that doc projects, whichever of the two changes arrives first.
    const rows = await db.orders.bulkGet(gone);
    const deleted = gone.filter((_, i) => rows[i] === undefined || rows[i]!.virtualAccountId === virtualAccountId);
    if (deleted.length > 0) await deleteOrders(db, deleted);
    const current = await withLocalEvents(db, put);
    if (put.length > 0) await putOrders(db, current.orders);
    await replaceChecklistTicks(db, [...put.map((o) => o.salesOrderNumber), ...deleted], ticks);
    return current;
  });
  catchUp(doc, ahead);
}

/** Rebuilds once (after `after`), then follows the document. */
export function createDexieProjection(options: DexieProjectionOptions): DexieProjection {
  const { doc, db, onError } = options;
  const orders = ordersMapOf(doc);
  const dirty = new Set<string>();
  let chain: Promise<void> = (options.after ?? Promise.resolve()).then(() => rebuildProjection(options)).catch(onError);
  let scheduled = false;
  let closed = false;

  const drain = (): void => {
    scheduled = false;
    const keys = [...dirty];
    dirty.clear();
    if (keys.length > 0)
      chain = chain.then(() => projectOrders(db, doc, options.virtualAccountId, keys)).catch(onError);
  };
  const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[]): void => {
    for (const event of events) {
      if (event.target === orders && event instanceof Y.YMapEvent) for (const key of event.keysChanged) dirty.add(key);
      else if (typeof event.path[0] === 'string') dirty.add(event.path[0]);
    }
    if (!scheduled && dirty.size > 0) {
      scheduled = true;
      chain = chain.then(drain);
    }
  };
  orders.observeDeep(observer);

  return {
    async flush() {
      let seen: Promise<void> | undefined;
      while (seen !== chain) {
        seen = chain;
        await chain;
      }
    },
    close() {
      if (closed) return;
      closed = true;
      orders.unobserveDeep(observer);
    },
  };
}
