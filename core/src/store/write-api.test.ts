import { describe, expect, it } from 'vitest';
import { grant, virtualAccount } from '../testing/builders.ts';
import {
  applyDirectory,
  deleteOrders,
  putChecklistTicks,
  putOrders,
  replaceVirtualAccountOrders,
} from './write-api.ts';
import { MEMBERS, NOW, east, holding, storeWith, west, worldOrder, worldSnapshot } from './test-world.ts';

const numbers = (rows: { salesOrderNumber: string }[]) => rows.map((r) => r.salesOrderNumber);

describe('write API for the sync projection', () => {
  it('putOrders stores orders with their derived columns, so they show up in scoped queries', async () => {
    const store = await storeWith([]);
    await putOrders(store.db, [worldOrder('SO-1', 'east', 1), worldOrder('SO-2', 'west', 2)]);
    expect(numbers((await store.ordersPage(MEMBERS.eastUser.id)).rows)).toEqual(['SO-1']);
    expect((await store.db.orders.get('SO-2'))?.virtualAccountId).toBe('west');
    await deleteOrders(store.db, ['SO-1']);
    expect((await store.ordersPage(MEMBERS.eastUser.id)).rows).toEqual([]);
  });

  it('replaceVirtualAccountOrders leaves exactly the given orders in that Virtual Account and touches no other', async () => {
    const store = await storeWith([
      worldOrder('SO-1', 'east', 1),
      worldOrder('SO-2', 'east', 2),
      worldOrder('SO-3', 'west', 3),
    ]);
    await replaceVirtualAccountOrders(store.db, 'east', [worldOrder('SO-2', 'east', 2), worldOrder('SO-4', 'east', 4)]);
    expect(numbers((await store.ordersPage(MEMBERS.admin.id)).rows)).toEqual(['SO-2', 'SO-3', 'SO-4']);
  });

  it("joins the caller's transaction, so a failure later in it undoes the write", async () => {
    const store = await storeWith([]);
    const attempt = store.db.transaction('rw', store.db.orders, async () => {
      await putOrders(store.db, [worldOrder('SO-1', 'east', 1)]);
      throw new Error('the sync update failed half-way');
    });
    await expect(attempt).rejects.toThrow('half-way');
    expect(await store.db.orders.count()).toBe(0);
  });

  it("applyDirectory makes one Smart Account's Virtual Accounts and grants exactly those of the directory", async () => {
    const store = await storeWith([]);
    const north = virtualAccount('north', 'holding');
    const snapshot = worldSnapshot([]);
    await applyDirectory(store.db, {
      smartAccount: holding.smartAccount,
      virtualAccounts: [holding.defaultVirtualAccount, east, north],
      organizations: snapshot.organizations,
      members: snapshot.members,
      roleGrants: [grant('east-user', 'virtual-account-user', 'holding', 'north')],
    });
    expect((await store.db.virtualAccounts.where('smartAccountId').equals('holding').primaryKeys()).sort()).toEqual([
      'east',
      'holding/default',
      'north',
    ]);
    expect(await store.db.virtualAccounts.get(west.id)).toBeUndefined();
    expect((await store.scopeOf(MEMBERS.eastUser.id)).virtualAccountIds).toEqual(['north']);
    expect((await store.scopeOf(MEMBERS.admin.id)).virtualAccountIds).toEqual([]);
  });

  it('putChecklistTicks is idempotent', async () => {
    const store = await storeWith([worldOrder('SO-1', 'east', 1)]);
    const tick = { salesOrderNumber: 'SO-1', stepId: 'confirm', ticked: true, by: 'east-user', at: NOW.toISOString() };
    await putChecklistTicks(store.db, [tick, tick]);
    await putChecklistTicks(store.db, [tick]);
    expect(await store.db.checklistTicks.count()).toBe(1);
  });
});
