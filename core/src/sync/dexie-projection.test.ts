import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { daysAfter, T0 } from '../testing/builders.ts';
import type { HoldfastDb } from '../store/holdfast-db.ts';
import { clearProjection, createDexieProjection, rebuildProjection } from './dexie-projection.ts';
import { freshDb, projectedTables } from './testing/projection-tables.ts';
import { customer, deliveredOrder, heldOrder, vaA, vaB } from './testing/va-fixtures.ts';
import {
  appendOrderEventToDoc,
  ordersMapOf,
  readOrderFromDoc,
  tickChecklistStep,
  writeOrder,
} from './virtual-account-doc.ts';
import { putOrders } from '../store/write-api.ts';

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
    writeOrder(doc, heldOrder('SO-1'), LOCAL);
    const live = db('live');
    const projection = createDexieProjection({ doc, db: live, virtualAccountId: vaA.id, onError: fail });
    writeOrder(doc, heldOrder('SO-2'), LOCAL);
    appendOrderEventToDoc(doc, 'SO-1', { id: 'r1', type: 'reviewed', at: daysAfter(T0, 3), by: 'm1' }, LOCAL);
    tickChecklistStep(
      doc,
      'SO-2',
      { salesOrderNumber: 'SO-2', stepId: 'a', ticked: true, by: 'm1', at: daysAfter(T0, 1) },
      LOCAL,
    );
    tickChecklistStep(
      doc,
      'SO-2',
      { salesOrderNumber: 'SO-2', stepId: 'a', ticked: false, by: 'm2', at: daysAfter(T0, 2) },
      LOCAL,
    );
    await projection.flush();

    const row = await live.orders.get('SO-1');
    expect(row?.order.history.map((e) => e.id)).toEqual(['placed:SO-1', 'r1']);
    expect(await live.checklistTicks.toArray()).toEqual([
      { salesOrderNumber: 'SO-2', stepId: 'a', ticked: false, by: 'm2', at: daysAfter(T0, 2) },
    ]);

    const rebuilt = db('rebuilt');
    await rebuildProjection({ doc, db: rebuilt, virtualAccountId: vaA.id });
    expect(await projectedTables(rebuilt)).toEqual(await projectedTables(live));
    projection.close();
  });

  it('never takes the store back to an older history: events only the store has go into the doc', async () => {
    const doc = new Y.Doc();
    writeOrder(doc, heldOrder('SO-1'), LOCAL);
    const store = db('ahead');
    // Imported while sync was off: delivered to the customer, so it no longer sits in VA-A.
    await putOrders(store, [deliveredOrder('SO-1')]);
    const projection = createDexieProjection({ doc, db: store, virtualAccountId: vaA.id, onError: fail });
    await projection.flush();
    const row = (await store.orders.get('SO-1'))!;
    expect([row.status, row.virtualAccountId]).toEqual(['delivered', customer.defaultVirtualAccount.id]);
    const inDoc = readOrderFromDoc(doc, 'SO-1');
    expect(inDoc?.ok && inDoc.order.history.map((e) => e.type).sort()).toEqual([
      'delivered',
      'placed',
      'reassignment-started',
    ]);

    // The same holds for a change that arrives while the projection follows the doc.
    await putOrders(store, [
      { ...row.order, history: [...row.order.history, { id: 'r9', type: 'reviewed', at: daysAfter(T0, 7), by: 'm1' }] },
    ]);
    tickChecklistStep(
      doc,
      'SO-1',
      { salesOrderNumber: 'SO-1', stepId: 'a', ticked: true, by: 'm2', at: daysAfter(T0, 8) },
      LOCAL,
    );
    await projection.flush();
    expect((await store.orders.get('SO-1'))!.order.history.map((e) => e.id)).toContain('r9');
    const caughtUp = readOrderFromDoc(doc, 'SO-1');
    expect(caughtUp?.ok && caughtUp.order.history.map((e) => e.id)).toContain('r9');
    projection.close();
  });

  it('leaves the row and ticks of an order that moved to another Virtual Account when the old doc drops it', async () => {
    const doc = new Y.Doc();
    writeOrder(doc, heldOrder('SO-1'), LOCAL);
    const store = db('moved');
    const projection = createDexieProjection({ doc, db: store, virtualAccountId: vaA.id, onError: fail });
    await projection.flush();
    // The other Virtual Account's projection got there first.
    const tick = { salesOrderNumber: 'SO-1', stepId: 'a', ticked: true, by: 'm1', at: T0 };
    await putOrders(store, [heldOrder('SO-1', vaB)]);
    await store.checklistTicks.put(tick);
    ordersMapOf(doc).delete('SO-1');
    await projection.flush();
    expect((await store.orders.get('SO-1'))?.virtualAccountId).toBe(vaB.id);
    expect(await store.checklistTicks.toArray()).toEqual([tick]);
    projection.close();
  });

  it('rewrites only the orders a change touched', async () => {
    const doc = new Y.Doc();
    for (const n of [1, 2, 3]) writeOrder(doc, heldOrder(`SO-${n}`), LOCAL);
    const live = db('touched');
    const projection = createDexieProjection({ doc, db: live, virtualAccountId: vaA.id, onError: fail });
    await projection.flush();
    const written: string[] = [];
    live.orders.hook('creating', (key) => void written.push(String(key)));
    live.orders.hook('updating', (_changes, key) => void written.push(String(key)));
    appendOrderEventToDoc(doc, 'SO-2', { id: 'r1', type: 'reviewed', at: daysAfter(T0, 3), by: 'm1' }, LOCAL);
    await projection.flush();
    expect(written).toEqual(['SO-2']);
    expect((await live.orders.get('SO-2'))?.order.history).toHaveLength(2);
    expect((await live.orders.get('SO-1'))?.order.history).toHaveLength(1);
    projection.close();
  });

  it('deletes the row of an order removed from the doc and applies remote updates', async () => {
    const source = new Y.Doc();
    writeOrder(source, heldOrder('SO-1'), LOCAL);
    writeOrder(source, heldOrder('SO-2'), LOCAL);
    const doc = new Y.Doc();
    const live = db('remote');
    const projection = createDexieProjection({ doc, db: live, virtualAccountId: vaA.id, onError: fail });
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
    writeOrder(doc, heldOrder('SO-1'), LOCAL);
    const target = db('stale');
    await rebuildProjection({
      doc: (() => {
        const other = new Y.Doc();
        writeOrder(other, heldOrder('SO-OLD'), LOCAL);
        return other;
      })(),
      db: target,
      virtualAccountId: vaA.id,
    });
    await rebuildProjection({ doc, db: target, virtualAccountId: vaA.id });
    expect(await target.orders.toCollection().primaryKeys()).toEqual(['SO-1']);
  });

  it('clears the orders and ticks of a revoked Virtual Account and leaves the others', async () => {
    const docA = new Y.Doc();
    writeOrder(docA, heldOrder('SO-A', vaA), LOCAL);
    tickChecklistStep(docA, 'SO-A', { salesOrderNumber: 'SO-A', stepId: 's', ticked: true, by: 'm', at: T0 }, LOCAL);
    const docB = new Y.Doc();
    writeOrder(docB, heldOrder('SO-B', vaB), LOCAL);
    tickChecklistStep(docB, 'SO-B', { salesOrderNumber: 'SO-B', stepId: 's', ticked: true, by: 'm', at: T0 }, LOCAL);
    const target = db('revoked');
    await rebuildProjection({ doc: docA, db: target, virtualAccountId: vaA.id });
    await rebuildProjection({ doc: docB, db: target, virtualAccountId: vaB.id });
    await clearProjection(target, vaA.id);
    expect(await target.orders.toCollection().primaryKeys()).toEqual(['SO-B']);
    expect((await target.checklistTicks.toArray()).map((t) => t.salesOrderNumber)).toEqual(['SO-B']);
  });
});
