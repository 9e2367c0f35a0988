import { describe, expect, it } from 'vitest';
import type { Observable } from 'dexie';
import { grant } from '../testing/builders.ts';
import { MEMBERS, storeWith, worldOrder } from './test-world.ts';

const firstMatching = <T>(observable: Observable<T>, until: (value: T) => boolean) =>
  new Promise<T>((resolve, reject) => {
    const subscription = observable.subscribe({
      next: (value) => {
        if (!until(value)) return;
        subscription.unsubscribe();
        resolve(value);
      },
      error: reject,
    });
  });

describe('member scopes follow the directory', () => {
  it('a role granted after a query takes effect on the next query, and a revoked one too', async () => {
    const store = await storeWith([worldOrder('SO-E', 'east', 1), worldOrder('SO-W', 'west', 2)]);
    expect((await store.ordersPage(MEMBERS.eastUser.id)).rows.map((r) => r.salesOrderNumber)).toEqual(['SO-E']);
    const westGrant = grant('east-user', 'virtual-account-user', 'holding', 'west');
    await store.db.roleGrants.put(westGrant);
    expect((await store.ordersPage(MEMBERS.eastUser.id)).rows.map((r) => r.salesOrderNumber)).toEqual(['SO-E', 'SO-W']);
    await store.db.roleGrants.delete(westGrant.id);
    expect(await store.searchOrders(MEMBERS.eastUser.id, 'so-w')).toEqual([]);
  });

  it('a live page re-runs when the member is granted a role', async () => {
    const store = await storeWith([worldOrder('SO-W', 'west', 2)]);
    const page = store.live.ordersPage(MEMBERS.outsider.id);
    expect((await firstMatching(page, () => true)).rows).toEqual([]);
    const granted = firstMatching(page, (value) => value.rows.length === 1);
    await store.db.roleGrants.put(grant('outsider', 'virtual-account-user', 'holding', 'west'));
    expect((await granted).rows[0]?.salesOrderNumber).toBe('SO-W');
  });
});
