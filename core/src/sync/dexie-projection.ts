import * as Y from 'yjs';
import type { ChecklistTick } from '../domain/checklist-tick.ts';
import type { Order } from '../domain/order.ts';
import type { HoldfastDb } from '../store/index.ts';
import {
  deleteDocumentOrders,
  documentOrderNumbers,
  putDocumentOrders,
  replaceChecklistTicks,
  replaceDocumentOrders,
} from '../store/index.ts';
import { LAYOUT_MAPS, orderOfKey, ordersMapOf } from './order-doc-layout.ts';
import { readOrdersFromDoc, readVirtualAccountDoc } from './virtual-account-reads.ts';

/**
 * Keeps the store's `orders` and `checklistTicks` tables a projection of one document of orders
 * (a Virtual Account's or an on-hold one). The projection is the only writer of the rows it makes:
 * each is bound to the document by name (`sourceDoc`); a row bound to another document is never
 * read, merged or overwritten (two documents may hold entries under one sales order number — only
 * the relay decides what a document holds, and one member's entry must not pull in another
 * document's order). Nothing is ever written back into the document. Only orders a transaction
 * touched are re-read and rewritten, in order, one Dexie transaction per batch.
 */
export interface DexieProjection {
  /** Resolves when every change seen so far is in the tables. */
  flush(): Promise<void>;
  /**
   * Projects these orders again: another document released their rows (an order that moved here
   * is written once the document it left has let go of its row, whichever update came first).
   */
  reproject(salesOrderNumbers: readonly string[]): void;
  /** Stops following the doc (pending writes still finish). */
  close(): void;
}

export interface DexieProjectionOptions {
  doc: Y.Doc;
  db: HoldfastDb;
  /** The document's name: what its rows record as their source. */
  docName: string;
  /** A failed write is reported here, never swallowed; the next change retries that order. */
  onError: (error: unknown) => void;
  /** The first rebuild waits for this (the stored doc loaded and local changes adopted). */
  after?: Promise<void>;
  /** Rows this document let go of (its orders that moved on or left): other documents may hold them now. */
  onReleased?: (salesOrderNumbers: string[]) => void;
}

/** Rewrites the document's rows from the whole document: the orders it holds and their ticks. */
export async function rebuildProjection({
  doc,
  db,
  docName,
}: Omit<DexieProjectionOptions, 'onError' | 'after'>): Promise<void> {
  const content = readVirtualAccountDoc(doc);
  await db.transaction('rw', db.orders, db.checklistTicks, async () => {
    const { written, deleted } = await replaceDocumentOrders(db, docName, content.orders);
    await replaceChecklistTicks(db, [...written, ...deleted], ticksOf(content.ticks, written));
  });
}

/**
 * Removes the rows that came from a document and their ticks, for example after its access was
 * revoked (close code 4410) and its local copy cleared. Rows of other documents and rows that
 * exist only here stay.
 */
export async function clearProjection(db: HoldfastDb, docName: string): Promise<void> {
  await db.transaction('rw', db.orders, db.checklistTicks, async () => {
    const held = await documentOrderNumbers(db, docName);
    await deleteDocumentOrders(db, docName, held);
    await replaceChecklistTicks(db, held, []);
  });
}

const ticksOf = (ticks: readonly ChecklistTick[], numbers: readonly string[]) => {
  const mine = new Set(numbers);
  return ticks.filter((t) => mine.has(t.salesOrderNumber));
};

async function projectOrders(db: HoldfastDb, doc: Y.Doc, docName: string, keys: readonly string[]): Promise<string[]> {
  const put: Order[] = [];
  const ticks: ChecklistTick[] = [];
  const gone: string[] = [];
  const reads = readOrdersFromDoc(doc, keys);
  for (const key of keys) {
    const read = reads.get(key);
    if (read?.ok) {
      put.push(read.order);
      ticks.push(...read.ticks);
    } else gone.push(key);
  }
  return db.transaction('rw', db.orders, db.checklistTicks, async () => {
    // An order that left this document (moved on) loses its row only if the row is this document's.
    const deleted = await deleteDocumentOrders(db, docName, gone);
    const { written } = await putDocumentOrders(db, docName, put);
    await replaceChecklistTicks(db, [...written, ...deleted], ticksOf(ticks, written));
    return deleted;
  });
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
    if (keys.length === 0) return;
    chain = chain
      .then(async () => {
        const released = await projectOrders(db, doc, options.docName, keys);
        if (released.length > 0) options.onReleased?.(released);
      })
      .catch(onError);
  };
  const markDirty = (keys: Iterable<string>) => {
    for (const key of keys) dirty.add(key);
    if (!scheduled && dirty.size > 0) {
      scheduled = true;
      chain = chain.then(drain);
    }
  };
  // Every layout map is followed; a changed key names its order (an event or tick key starts with it).
  // Notes texts are not: the store has no column for notes.
  const observers = LAYOUT_MAPS.map((name) => {
    const map = doc.getMap(name);
    const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[]): void => {
      const keys: string[] = [];
      for (const event of events) {
        const changed = event.target === map && event instanceof Y.YMapEvent ? [...event.keysChanged] : [];
        if (event.target !== map && typeof event.path[0] === 'string') changed.push(event.path[0]);
        for (const key of changed) {
          const number = orderOfKey(name, key);
          if (number !== undefined) keys.push(number);
        }
      }
      markDirty(keys);
    };
    map.observeDeep(observer);
    return () => map.unobserveDeep(observer);
  });

  return {
    async flush() {
      let seen: Promise<void> | undefined;
      while (seen !== chain) {
        seen = chain;
        await chain;
      }
    },
    reproject(salesOrderNumbers) {
      if (!closed) markDirty(salesOrderNumbers.filter((number) => orders.has(number)));
    },
    close() {
      if (closed) return;
      closed = true;
      for (const stop of observers) stop();
    },
  };
}
