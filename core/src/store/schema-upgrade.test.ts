import { Dexie } from 'dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { orderState } from '../domain/lifecycle.ts';
import { HoldfastDb, SCHEMA_VERSIONS } from './holdfast-db.ts';
import { createStore } from './create-store.ts';
import { MEMBERS, storeWith, worldOrder, worldSnapshot } from './test-world.ts';

describe('schema upgrade', () => {
  it('opening a database written by version 1 keeps every row and fills the new order columns', async () => {
    const name = `holdfast-upgrade-${Math.random().toString(36).slice(2)}`;
    const snapshot = worldSnapshot([
      worldOrder('SO-1', 'east', 1),
      worldOrder('SO-2', 'hold', 2),
      worldOrder('SO-3', 'west', 3),
    ]);

    // What Holdfast 0.0 wrote: version 1 tables, orders with their status only.
    const v1 = new Dexie(name, { indexedDB, IDBKeyRange });
    v1.version(1).stores(SCHEMA_VERSIONS[1]);
    await v1.table('organizations').bulkAdd(snapshot.organizations);
    await v1.table('smartAccounts').bulkAdd(snapshot.smartAccounts);
    await v1.table('virtualAccounts').bulkAdd(snapshot.virtualAccounts);
    await v1.table('members').bulkAdd(snapshot.members);
    await v1.table('roleGrants').bulkAdd(snapshot.roleGrants);
    await v1.table('orders').bulkAdd(
      snapshot.orders.map((order) => {
        const state = orderState(order);
        return {
          salesOrderNumber: order.salesOrderNumber,
          order,
          status: state.status,
          virtualAccountId: state.holder?.virtualAccountId ?? '',
        };
      }),
    );
    await v1.table('settings').put({ key: 'rules', value: { holdingThresholdDays: 21, reviewIntervalDays: 7 } });
    v1.close();

    const store = createStore({ name, indexedDB, IDBKeyRange });
    const exported = await store.exportSnapshot(new Date(snapshot.exportedAt));
    expect(store.db.verno).toBe(6);
    // The same data written by the current version, for comparison: nothing lost, nothing added.
    const reference = await storeWith(snapshot.orders);
    await reference.updateSettings({ holdingThresholdDays: 21 });
    expect(exported).toEqual(await reference.exportSnapshot(new Date(snapshot.exportedAt)));
    expect(exported.orders).toHaveLength(3);
    expect(await store.db.orders.toArray()).toEqual(await reference.db.orders.toArray());
    expect(exported.members).toHaveLength(snapshot.members.length);
    expect(
      (await store.ordersPage(MEMBERS.admin.id)).rows.map((r) => [r.salesOrderNumber, r.virtualAccountId]),
    ).toEqual([
      ['SO-1', 'east'],
      ['SO-2', '~on-hold:reseller'],
      ['SO-3', 'west'],
    ]);
    expect(await store.searchOrders(MEMBERS.admin.id, 'so-3')).toHaveLength(1);
    expect(await store.db.table('findingStates').count()).toBe(0);
    // Listings are derived on the first read, from the upgraded rows, as the current version's are.
    expect(await store.listOrders(MEMBERS.admin.id, new Date(snapshot.exportedAt))).toEqual(
      await reference.listOrders(MEMBERS.admin.id, new Date(snapshot.exportedAt)),
    );
    store.close();
  });

  it('declares the schema of every version in one place, the newest being the one the class opens', () => {
    const db = new HoldfastDb({ name: 'never-opened', indexedDB, IDBKeyRange });
    expect(Object.keys(SCHEMA_VERSIONS).map(Number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(db.tables.map((t) => t.name).sort()).toEqual(Object.keys(SCHEMA_VERSIONS[6]).sort());
  });
});
