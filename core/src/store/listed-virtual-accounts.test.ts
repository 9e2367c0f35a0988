import { describe, expect, it } from 'vitest';
import type { HoldfastStore } from './holdfast-store.ts';
import { MEMBERS, NOW, storeWith, worldOrder, worldSnapshot } from './test-world.ts';

// A Virtual Account marked as fully listed has its listings read alone, without every order's key:
// the mark must never outlive an order written into it, or that order would be missing from lists.

const marks = async (store: HoldfastStore) =>
  (await store.db.listedVirtualAccounts.toArray()).map((mark) => mark.virtualAccountId).sort();
const listed = async (store: HoldfastStore) =>
  (await store.listOrders(MEMBERS.holdingUser.id, NOW)).map((listing) => listing.salesOrderNumber).sort();

describe('Virtual Accounts marked as fully listed', () => {
  it('are marked by the read that lists every order they hold, and then read without the orders', async () => {
    const store = await storeWith([worldOrder('SO-E1', 'east', 5), worldOrder('SO-W1', 'west', 3)]);
    expect(await marks(store)).toEqual([]);
    expect(await listed(store)).toEqual(['SO-E1', 'SO-W1']);
    // Every Virtual Account in the member's scope, the empty ones too.
    expect(await marks(store)).toEqual((await store.scopeOf(MEMBERS.holdingUser.id)).virtualAccountIds);
    expect(await marks(store)).toEqual(expect.arrayContaining(['east', 'west']));
    expect(await listed(store)).toEqual(['SO-E1', 'SO-W1']);
  });

  it('lose their mark when an order is written into them, in the same transaction, and list it', async () => {
    const store = await storeWith([worldOrder('SO-E1', 'east', 5), worldOrder('SO-W1', 'west', 3)]);
    await listed(store);
    await store.importSnapshot(worldSnapshot([worldOrder('SO-E2', 'east', 7)]), {
      now: NOW,
      actorId: 'admin',
      source: 'a second file',
    });
    expect(await marks(store)).not.toContain('east');
    expect(await marks(store)).toContain('west');
    expect(await store.db.listings.get('SO-E2')).toBeUndefined();
    expect(await listed(store)).toEqual(['SO-E1', 'SO-E2', 'SO-W1']);
    expect(await marks(store)).toEqual(expect.arrayContaining(['east', 'west']));
  });

  it('lose their mark when an order moves into them, and the order leaves the list it left', async () => {
    const store = await storeWith([worldOrder('SO-E1', 'east', 5), worldOrder('SO-W1', 'west', 3)]);
    await listed(store);
    const row = (await store.db.orders.get('SO-W1'))!;
    await store.db.orders.put({ ...row, virtualAccountId: 'east' });
    expect(await marks(store)).not.toContain('east');
    expect(await marks(store)).toContain('west');
    const east = await store.listOrders(MEMBERS.eastUser.id, NOW);
    expect(east.map((listing) => listing.salesOrderNumber).sort()).toEqual(['SO-E1', 'SO-W1']);
    expect(await marks(store)).toEqual(expect.arrayContaining(['east', 'west']));
    expect(await listed(store)).toEqual(['SO-E1', 'SO-W1']);
  });

  it('are all dropped when orders are cleared, and a restore lists what it brings', async () => {
    const store = await storeWith([worldOrder('SO-E1', 'east', 5), worldOrder('SO-W1', 'west', 3)]);
    await listed(store);
    const backup = await store.backup(NOW);
    await store.db.orders.clear();
    expect(await marks(store)).toEqual([]);
    expect(await store.db.listings.count()).toBe(0);
    await store.restore(backup);
    expect(await listed(store)).toEqual(['SO-E1', 'SO-W1']);
  });
});
