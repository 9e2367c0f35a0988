import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from './close-codes.ts';
import { virtualAccountDocName } from './doc-names.ts';
import { persistDoc } from './local-persistence.ts';
import { createManualClock } from './testing/manual-clock.ts';
import { createMemoryRelay, type MemoryRelay } from './testing/memory-relay.ts';
import { freshDb } from './testing/projection-tables.ts';
import { heldOrder, vaA } from './testing/va-fixtures.ts';
import { createVirtualAccountSync, type VirtualAccountSyncOptions } from './virtual-account-sync.ts';
import { writeOrder } from './virtual-account-doc.ts';
import { readVirtualAccountDoc } from './virtual-account-reads.ts';
import type { HoldfastDb } from '../store/holdfast-db.ts';
import { putOrders } from '../store/write-api.ts';

// y-indexeddb reads the global indexedDB. The globals are set only after Dexie has loaded:
// `fake-indexeddb/auto` would make Dexie pick `[[]]` as maxKey, and fake-indexeddb 6.2.8 rejects a
// compound key holding that same array twice (it takes the shared reference for a cycle).
beforeAll(() => {
  Object.assign(globalThis, { indexedDB, IDBKeyRange });
});

let relay: MemoryRelay;
const dbs: HoldfastDb[] = [];
afterEach(() => {
  relay?.destroy();
  for (const db of dbs.splice(0)) db.close();
});

function options(db: HoldfastDb, token: string, revoked: string[], errors: unknown[]): VirtualAccountSyncOptions {
  const clock = createManualClock();
  return {
    url: 'ws://relay.test/sync',
    docName: virtualAccountDocName(vaA.smartAccountId, vaA.id),
    db,
    persist: true,
    token,
    WebSocket: relay.WebSocket,
    user: { memberId: token, name: token },
    onStatus: () => undefined,
    onRevoked: (name) => revoked.push(name),
    onError: (error) => errors.push(error),
    random: () => 0.5,
    setTimeout: clock.setTimeout,
    clearTimeout: clock.clearTimeout,
  };
}

describe('syncing one Virtual Account end to end', () => {
  it('brings a remote order into the local doc, the store and local storage', async () => {
    relay = createMemoryRelay();
    relay.write('holdfast:va:sa-hold:va-a', (doc, origin) => writeOrder(doc, heldOrder('SO-1'), origin));
    const db = freshDb('wired');
    dbs.push(db);
    const errors: unknown[] = [];
    const sync = createVirtualAccountSync(options(db, 'alice', [], errors));
    await sync.loaded;
    relay.flush();
    await sync.projection.flush();
    expect((await db.orders.get('SO-1'))?.virtualAccountId).toBe(vaA.id);
    await sync.destroy();

    const reopened = new Y.Doc();
    const stored = persistDoc(reopened, sync.docName);
    await stored.whenSynced;
    expect(readVirtualAccountDoc(reopened).orders.map((o) => o.salesOrderNumber)).toEqual(['SO-1']);
    await stored.destroy();
    expect(errors).toEqual([]);
  });

  it('deletes the local copy and the projected rows when access is revoked', async () => {
    relay = createMemoryRelay();
    relay.write('holdfast:va:sa-hold:va-a', (doc, origin) => writeOrder(doc, heldOrder('SO-1'), origin));
    const db = freshDb('revoked');
    dbs.push(db);
    const errors: unknown[] = [];
    let revoked: (docName: string) => void = () => undefined;
    const revokedName = new Promise<string>((resolve) => (revoked = resolve));
    const sync = createVirtualAccountSync({ ...options(db, 'bob', [], errors), onRevoked: (name) => revoked(name) });
    await sync.loaded;
    relay.flush();
    await sync.projection.flush();
    expect(await db.orders.count()).toBe(1);

    relay.closeConnections('bob', CloseCode.accessRevoked);
    relay.flush();
    expect(await revokedName).toBe(sync.docName);
    expect(sync.provider.status).toBe('revoked');
    expect(await db.orders.count()).toBe(0);
    const reopened = new Y.Doc();
    const stored = persistDoc(reopened, sync.docName);
    await stored.whenSynced;
    expect(readVirtualAccountDoc(reopened).orders).toEqual([]);
    await stored.destroy();
    await sync.destroy();
    expect(errors).toEqual([]);
  });

  it('keeps orders and ticks the store got while sync was off, and sends them to the relay', async () => {
    relay = createMemoryRelay();
    relay.write('holdfast:va:sa-hold:va-a', (doc, origin) => writeOrder(doc, heldOrder('SO-REMOTE'), origin));
    const db = freshDb('adopt');
    dbs.push(db);
    const imported = heldOrder('SO-LOCAL');
    await putOrders(db, [imported]);
    const tick = {
      salesOrderNumber: 'SO-LOCAL',
      stepId: 'confirm-customer',
      ticked: true,
      by: 'alice',
      at: imported.updatedAt,
    };
    await db.checklistTicks.put(tick);
    const errors: unknown[] = [];
    const sync = createVirtualAccountSync({
      ...options(db, 'alice', [], errors),
      localChanges: async () => ({
        orders: (await db.orders.toArray()).map((row) => row.order),
        ticks: await db.checklistTicks.toArray(),
      }),
    });
    await sync.loaded;
    relay.flush();
    await sync.projection.flush();
    expect((await db.orders.orderBy('salesOrderNumber').primaryKeys()).sort()).toEqual(['SO-LOCAL', 'SO-REMOTE']);
    expect(await db.checklistTicks.toArray()).toEqual([tick]);
    const server = readVirtualAccountDoc(relay.serverDoc('holdfast:va:sa-hold:va-a'));
    expect(server.orders.map((o) => o.salesOrderNumber)).toEqual(['SO-LOCAL', 'SO-REMOTE']);
    expect(server.ticks).toEqual([tick]);
    await sync.destroy();
    expect(errors).toEqual([]);
  });
});
