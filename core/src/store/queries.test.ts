import { describe, expect, it } from 'vitest';
import { daysAfter, T0 } from '../testing/builders.ts';
import { onHoldBucket } from '../domain/on-hold-bucket.ts';
import { MEMBERS, storeWith, worldOrder } from './test-world.ts';

const numbers = (rows: { salesOrderNumber: string }[]) => rows.map((r) => r.salesOrderNumber);

const world = () =>
  storeWith([
    worldOrder('SO-E1', 'east', 5),
    worldOrder('SO-E2', 'east', 1),
    worldOrder('SO-W1', 'west', 3),
    worldOrder('SO-H1', 'hold', 2),
    worldOrder('SO-C1', 'customer', 4),
  ]);

describe('role-scoped order queries', () => {
  it('a Virtual Account User sees only the orders of their Virtual Account', async () => {
    const store = await world();
    expect(numbers((await store.ordersPage(MEMBERS.eastUser.id)).rows)).toEqual(['SO-E2', 'SO-E1']);
    expect(await store.getOrder(MEMBERS.eastUser.id, 'SO-W1')).toBeUndefined();
    expect((await store.getOrder(MEMBERS.eastUser.id, 'SO-E1'))?.status).toBe('in-holding');
  });

  it('a Holding Account User sees every Virtual Account of the holding account and the orders on Smart Account hold, oldest first', async () => {
    const store = await world();
    expect((await store.scopeOf(MEMBERS.holdingUser.id)).virtualAccountIds).toEqual(
      ['east', 'holding/default', 'west', onHoldBucket('reseller')].sort(),
    );
    expect(numbers((await store.ordersPage(MEMBERS.holdingUser.id)).rows)).toEqual([
      'SO-E2',
      'SO-H1',
      'SO-W1',
      'SO-E1',
    ]);
  });

  it("orders on Smart Account hold are seen only by the holding team of the order's own reseller", async () => {
    const store = await storeWith([
      worldOrder('SO-H1', 'hold', 2),
      worldOrder('SO-H2', 'hold', 3, { reseller: { name: 'Rival', organizationId: 'rival' } }),
    ]);
    expect(numbers((await store.ordersPage(MEMBERS.holdingUser.id)).rows)).toEqual(['SO-H1']);
    expect(await store.getOrder(MEMBERS.holdingUser.id, 'SO-H2')).toBeUndefined();
  });

  it('a member without any role sees no order at all', async () => {
    const store = await world();
    expect((await store.ordersPage(MEMBERS.outsider.id)).rows).toEqual([]);
    expect(await store.searchOrders(MEMBERS.outsider.id, 'so')).toEqual([]);
  });

  it('filters by state and by Virtual Account, and a Virtual Account outside the scope yields an empty page', async () => {
    const store = await world();
    expect(numbers((await store.ordersPage(MEMBERS.admin.id, { status: 'on-hold' })).rows)).toEqual(['SO-H1']);
    expect(
      numbers((await store.ordersPage(MEMBERS.admin.id, { status: 'in-holding', virtualAccountId: 'west' })).rows),
    ).toEqual(['SO-W1']);
    expect((await store.ordersPage(MEMBERS.eastUser.id, { virtualAccountId: 'west' })).rows).toEqual([]);
  });

  it('pages of a scoped list follow on exactly, oldest in holding first, across Virtual Accounts', async () => {
    const orders = Array.from({ length: 130 }, (_, i) =>
      worldOrder(`SO-${String(i).padStart(3, '0')}`, i % 2 ? 'east' : 'west', i % 17),
    );
    const store = await storeWith(orders);
    const readAll = async (limit: number) => {
      const seen: string[] = [];
      let page = await store.ordersPage(MEMBERS.admin.id, { status: 'in-holding', limit });
      seen.push(...numbers(page.rows));
      while (page.next) {
        page = await store.ordersPage(MEMBERS.admin.id, { status: 'in-holding', after: page.next, limit });
        seen.push(...numbers(page.rows));
      }
      return seen;
    };
    const expected = [...orders].sort((a, b) =>
      a.createdAt === b.createdAt
        ? a.salesOrderNumber < b.salesOrderNumber
          ? -1
          : 1
        : a.createdAt < b.createdAt
          ? -1
          : 1,
    );
    expect(await readAll(50)).toEqual(numbers(expected));
    expect(await readAll(7)).toEqual(numbers(expected));
  });

  it('lists orders in holding that are due for review, the longest unreviewed first', async () => {
    const store = await world();
    await store.recordOrderEvent(MEMBERS.admin.id, 'SO-E2', {
      id: 'r1',
      type: 'reviewed',
      at: daysAfter(T0, 98),
      by: 'admin',
    });
    const due = await store.dueForReview(MEMBERS.admin.id, {
      now: new Date(daysAfter(T0, 100)),
      reviewIntervalDays: 7,
    });
    expect(numbers(due.rows)).toEqual(['SO-W1', 'SO-E1']);
    const eastOnly = await store.dueForReview(MEMBERS.eastUser.id, { now: new Date(daysAfter(T0, 100)) });
    expect(numbers(eastOnly.rows)).toEqual(['SO-E1']);
  });

  it('finds orders by sales order number, web order id, PO number and customer name, ignoring case, within the scope only', async () => {
    const store = await storeWith([
      worldOrder('SO-1001', 'east', 1, {
        webOrderId: 'WEB-77',
        poNumber: 'PO-ALPHA',
        endCustomer: { name: 'Globex Industries', emailDomain: 'globex.example.com', smartAccountId: null },
      }),
      worldOrder('SO-1002', 'west', 1, {
        webOrderId: 'WEB-78',
        poNumber: 'PO-BETA',
        endCustomer: { name: 'Initech', emailDomain: 'initech.example.com', smartAccountId: null },
      }),
    ]);
    const find = async (member: string, text: string) => numbers(await store.searchOrders(member, text));
    expect(await find(MEMBERS.admin.id, 'so-100')).toEqual(['SO-1001', 'SO-1002']);
    expect(await find(MEMBERS.admin.id, 'web-77')).toEqual(['SO-1001']);
    expect(await find(MEMBERS.admin.id, 'po-b')).toEqual(['SO-1002']);
    expect(await find(MEMBERS.admin.id, 'INDUSTRIES')).toEqual(['SO-1001']);
    expect(await find(MEMBERS.admin.id, 'globex ind')).toEqual(['SO-1001']);
    expect(await find(MEMBERS.eastUser.id, 'initech')).toEqual([]);
    expect(await find(MEMBERS.admin.id, '   ')).toEqual([]);
  });

  it('counts the orders a member may see in each state', async () => {
    const store = await world();
    expect(await store.countByStatus(MEMBERS.admin.id)).toEqual({
      'on-hold': 1,
      'in-holding': 3,
      'reassignment-in-progress': 0,
      delivered: 0,
      consuming: 0,
      'handed-on': 0,
    });
    expect((await store.countByStatus(MEMBERS.westAdmin.id))['in-holding']).toBe(1);
  });

  it('an unknown member is refused with a message that says what to do', async () => {
    const store = await world();
    await expect(store.ordersPage('nobody')).rejects.toThrow(/No member "nobody".*import or sync the directory/);
  });
});
