import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { daysAfter, T0 } from '../testing/builders.ts';
import type { HoldfastDb } from '../store/holdfast-db.ts';
import { clearProjection, createDexieProjection, rebuildProjection } from './dexie-projection.ts';
import { freshDb, projectedTables } from './testing/projection-tables.ts';
import { customer, deliveredOrder, heldOrder, vaA, vaB } from './testing/va-fixtures.ts';
import { appendOrderEventToDoc, tickChecklistStep, writeOrder } from './virtual-account-doc.ts';
import { readOrderFromDoc } from './virtual-account-reads.ts';
import { ordersMapOf } from './order-doc-layout.ts';
import { putDocumentOrders, putOrders } from '../store/write-api.ts';
import { LOCAL_EDIT } from './origins.ts';

const LOCAL = 'local-test';
const opened: HoldfastDb[] = [];
const db = (label: string) => {
  const made = freshDb(label);
  opened.push(made);
  return made;
};
afterEach(() => {
  for (const made of opened.splice(0)) made.close();
});

const fail = (error: unknown) => {
  throw error;
};

describe('the Dexie projection of a Virtual Account document', () => {
  it('follows edits made in the doc and rebuilding from the doc yields the same tables', async () => {
    const doc = new Y.Doc();
    writeOrder(doc, heldOrder('SO-1'), LOCAL_EDIT);
    const live = db('live');
    const projection = createDexieProjection({ doc, db: live, docName: 'doc-a', onError: fail });
    writeOrder(doc, heldOrder('SO-2'), LOCAL_EDIT);
    appendOrderEventToDoc(doc, 'SO-1', { id: 'r1', type: 'reviewed', at: daysAfter(T0, 3), by: 'm1' }, LOCAL_EDIT);
    tickChecklistStep(
      doc,
      'SO-2',
      { salesOrderNumber: 'SO-2', stepId: 'a', ticked: true, by: 'm1', at: daysAfter(T0, 1) },
      LOCAL_EDIT,
    );
    tickChecklistStep(
      doc,
      'SO-2',
      { salesOrderNumber: 'SO-2', stepId: 'a', ticked: false, by: 'm2', at: daysAfter(T0, 2) },
      LOCAL_EDIT,
    );
    await projection.flush();

    const row = await live.orders.get('SO-1');
    expect(row?.order.history.map((e) => e.id)).toEqual(['placed:SO-1', 'r1']);
    expect(await live.checklistTicks.toArray()).toEqual([
      { salesOrderNumber: 'SO-2', stepId: 'a', ticked: false, by: 'm2', at: daysAfter(T0, 2) },
    ]);

    const rebuilt = db('rebuilt');
    await rebuildProjection({ doc, db: rebuilt, docName: 'doc-a' });
    expect(await projectedTables(rebuilt)).toEqual(await projectedTables(live));
    projection.close();
  });

  it('keeps the events of a row that exists only here and binds it, never writing into the document', async () => {
    const doc = new Y.Doc();
    writeOrder(doc, heldOrder('SO-1'), LOCAL_EDIT);
    const before = Y.encodeStateAsUpdate(doc);
    const store = db('local-only');
    // Imported while sync was off: delivered to the customer, so it no longer sits in VA-A.
    await putOrders(store, [deliveredOrder('SO-1')]);
    const projection = createDexieProjection({ doc, db: store, docName: 'doc-a', onError: fail });
    await projection.flush();
    const row = (await store.orders.get('SO-1'))!;
    expect([row.status, row.virtualAccountId, row.sourceDoc]).toEqual([
      'delivered',
      customer.defaultVirtualAccount.id,
      'doc-a',
    ]);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    projection.close();
  });

  it("never reads, merges or overwrites another document's row, whatever entry this one holds under its number", async () => {
    // A member of VA-A planted an entry under the number of an order held only in VA-B.
    const planted = new Y.Doc();
    writeOrder(planted, heldOrder('SO-B1', vaA), LOCAL_EDIT);
    const before = Y.encodeStateAsUpdate(planted);
    const store = db('planted');
    const real = {
      ...heldOrder('SO-B1', vaB),
      history: [
        ...heldOrder('SO-B1', vaB).history,
        { id: 'n1', type: 'note-added' as const, at: daysAfter(T0, 1), by: 'admin', text: 'VA-B only' },
      ],
    };
    await putDocumentOrders(store, 'doc-b', [real]);
    const projection = createDexieProjection({ doc: planted, db: store, docName: 'doc-a', onError: fail });
    await projection.flush();
    tickChecklistStep(
      planted,
      'SO-B1',
      { salesOrderNumber: 'SO-B1', stepId: 's', ticked: true, by: 'm', at: T0 },
      LOCAL_EDIT,
    );
    await projection.flush();
    const row = (await store.orders.get('SO-B1'))!;
    expect([row.sourceDoc, row.order]).toEqual(['doc-b', real]);
    expect(await store.checklistTicks.count()).toBe(0);
    const afterTick = readOrderFromDoc(planted, 'SO-B1');
    expect(afterTick?.ok && afterTick.order.history.map((e) => e.id)).toEqual(['placed:SO-B1']);
    expect(Y.encodeStateAsUpdate(planted)).not.toEqual(before); // only the tick was written, by the test
    projection.close();
  });

  it("revocation deletes every row that came from the document, a delivered order's included", async () => {
    const doc = new Y.Doc();
    writeOrder(doc, deliveredOrder('SO-1'), LOCAL_EDIT);
    const store = db('revoked-delivered');
    await putOrders(store, [heldOrder('SO-LOCAL')]);
    await rebuildProjection({ doc, db: store, docName: 'doc-a' });
    expect((await store.orders.get('SO-1'))?.virtualAccountId).toBe(customer.defaultVirtualAccount.id);
    await clearProjection(store, 'doc-a');
    expect(await store.orders.toCollection().primaryKeys()).toEqual(['SO-LOCAL']);
  });

  it('writes the row of an order that moved here once the document it left lets go of it', async () => {
    const from = new Y.Doc();
    writeOrder(from, heldOrder('SO-1'), LOCAL_EDIT);
    const to = new Y.Doc();
    const store = db('moved');
    const projections: ReturnType<typeof createDexieProjection>[] = [];
    const release = (numbers: string[]) => projections.forEach((p) => p.reproject(numbers));
    projections.push(
      createDexieProjection({ doc: from, db: store, docName: 'doc-a', onError: fail, onReleased: release }),
    );
    projections.push(
      createDexieProjection({ doc: to, db: store, docName: 'doc-b', onError: fail, onReleased: release }),
    );
    await Promise.all(projections.map((p) => p.flush()));
    // The new document's update arrives first: the row is still the old document's.
    writeOrder(to, heldOrder('SO-1', vaB), LOCAL_EDIT);
    await projections[1]!.flush();
    expect((await store.orders.get('SO-1'))?.sourceDoc).toBe('doc-a');
    ordersMapOf(from).delete('SO-1');
    await projections[0]!.flush();
    await projections[1]!.flush();
    const row = (await store.orders.get('SO-1'))!;
    expect([row.sourceDoc, row.virtualAccountId]).toEqual(['doc-b', vaB.id]);
    projections.forEach((p) => p.close());
  });

  it('rewrites only the orders a change touched', async () => {
    const doc = new Y.Doc();
    for (const n of [1, 2, 3]) writeOrder(doc, heldOrder(`SO-${n}`), LOCAL_EDIT);
    const live = db('touched');
    const projection = createDexieProjection({ doc, db: live, docName: 'doc-a', onError: fail });
    await projection.flush();
    const written: string[] = [];
    live.orders.hook('creating', (key) => void written.push(String(key)));
    live.orders.hook('updating', (_changes, key) => void written.push(String(key)));
    appendOrderEventToDoc(doc, 'SO-2', { id: 'r1', type: 'reviewed', at: daysAfter(T0, 3), by: 'm1' }, LOCAL_EDIT);
    await projection.flush();
    expect(written).toEqual(['SO-2']);
    expect((await live.orders.get('SO-2'))?.order.history).toHaveLength(2);
    expect((await live.orders.get('SO-1'))?.order.history).toHaveLength(1);
    projection.close();
  });

  it('deletes the row of an order removed from the doc and applies remote updates', async () => {
    const source = new Y.Doc();
    writeOrder(source, heldOrder('SO-1'), LOCAL_EDIT);
    writeOrder(source, heldOrder('SO-2'), LOCAL_EDIT);
    const doc = new Y.Doc();
    const live = db('remote');
    const projection = createDexieProjection({ doc, db: live, docName: 'doc-a', onError: fail });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(source), 'remote');
    await projection.flush();
    expect(await live.orders.count()).toBe(2);
    source.transact(() => ordersMapOf(source).delete('SO-1'), LOCAL);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(source, Y.encodeStateVector(doc)), 'remote');
    await projection.flush();
    expect(await live.orders.toCollection().primaryKeys()).toEqual(['SO-2']);
    projection.close();
  });

  it('rebuilding replaces rows of the Virtual Account that the doc no longer holds', async () => {
    const doc = new Y.Doc();
    writeOrder(doc, heldOrder('SO-1'), LOCAL_EDIT);
    const target = db('stale');
    await rebuildProjection({
      doc: (() => {
        const other = new Y.Doc();
        writeOrder(other, heldOrder('SO-OLD'), LOCAL_EDIT);
        return other;
      })(),
      db: target,
      docName: 'doc-a',
    });
    await rebuildProjection({ doc, db: target, docName: 'doc-a' });
    expect(await target.orders.toCollection().primaryKeys()).toEqual(['SO-1']);
  });

  it('clears the orders and ticks of a revoked Virtual Account and leaves the others', async () => {
    /** A document holding one order of `va`, with one step ticked. */
    const tickedOrderIn = (salesOrderNumber: string, va: typeof vaA) => {
      const doc = new Y.Doc();
      writeOrder(doc, heldOrder(salesOrderNumber, va), LOCAL_EDIT);
      const tick = { salesOrderNumber, stepId: 's', ticked: true, by: 'm', at: T0 };
      tickChecklistStep(doc, salesOrderNumber, tick, LOCAL_EDIT);
      return doc;
    };
    const docA = tickedOrderIn('SO-A', vaA);
    const docB = tickedOrderIn('SO-B', vaB);
    const target = db('revoked');
    await rebuildProjection({ doc: docA, db: target, docName: 'doc-a' });
    await rebuildProjection({ doc: docB, db: target, docName: 'doc-b' });
    await clearProjection(target, 'doc-a');
    expect(await target.orders.toCollection().primaryKeys()).toEqual(['SO-B']);
    expect((await target.checklistTicks.toArray()).map((t) => t.salesOrderNumber)).toEqual(['SO-B']);
  });
});
