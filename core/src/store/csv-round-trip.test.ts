import { describe, expect, it } from 'vitest';
import { orderState } from '../domain/lifecycle.ts';
import type { Order } from '../domain/order.ts';
import { daysAfter, T0 } from '../testing/builders.ts';
import type { HoldfastStore } from './holdfast-store.ts';
import { customer, MEMBERS, NOW, storeWith } from './test-world.ts';

const FILE = [
  'Sales Order Number,Web Order ID,PO Number,Order Date,End Customer Name,End Customer Domain,Line Number,SKU,Quantity,Line Status,Smart Account,Smart Account Type,Virtual Account',
  'SO-20,WO-20,PO-20,2026-01-05,Acme Corp,acme.example.com,1.0,SKU-A,1,Entered,holding,,east',
  'SO-20,WO-20,PO-20,2026-01-05,Acme Corp,acme.example.com,2.0,SKU-B,2,Booked,holding,,east',
  'SO-20,WO-20,PO-20,2026-01-05,Acme Corp,acme.example.com,3.0,SKU-C,3,Entered,holding,,east',
  'SO-21,WO-21,PO-21,2026-01-06,Acme Corp,acme.example.com,1.0,SKU-A,1,Entered,,,',
  'SO-21,WO-21,PO-21,2026-01-06,Acme Corp,acme.example.com,2.0,SKU-B,1,Entered,,,',
].join('\n');

const toCustomer = {
  smartAccountId: customer.smartAccount.id,
  virtualAccountId: customer.defaultVirtualAccount.id,
  kind: 'customer' as const,
};
const importing = (fileName: string) => ({ fileName, now: NOW, actorId: MEMBERS.admin.id });

/** Each line's place and fulfilment: what a CSV export can carry. */
const linePlaces = (order: Order) => {
  const state = orderState(order);
  return order.lines.map((l) => ({
    line: l.lineId,
    holder: state.placements[l.lineNumber]!.holder,
    fulfilment: state.lines[l.lineNumber],
  }));
};
const places = async (store: HoldfastStore) =>
  Object.fromEntries((await store.db.orders.toArray()).map((r) => [r.order.salesOrderNumber, linePlaces(r.order)]));
const historySizes = async (store: HoldfastStore) =>
  (await store.db.orders.toArray()).map((r) => [r.order.salesOrderNumber, r.order.history.length]);

describe('the CSV export, one row per order line', () => {
  it('an export after line-level reassignment and assignment imports into a fresh store with every line where it was, and again adds nothing', async () => {
    const first = await storeWith([]);
    expect((await first.importFile(FILE, importing('week-1.csv'))).ok).toBe(true);
    const event = (id: string, day: number) => ({ id, at: daysAfter(T0, day), by: MEMBERS.admin.id });
    // SO-20: line 1.0 reassigned and delivered to the customer; line 2.0 being reassigned; 3.0 waits.
    await first.recordOrderEvent(MEMBERS.admin.id, 'SO-20', {
      ...event('s1', 30),
      type: 'reassignment-started',
      target: toCustomer,
      via: 'portal',
      lineNumbers: [1],
    });
    await first.recordOrderEvent(MEMBERS.admin.id, 'SO-20', {
      ...event('d1', 31),
      type: 'delivered',
      lineNumbers: [1],
    });
    await first.recordOrderEvent(MEMBERS.admin.id, 'SO-20', {
      ...event('s2', 32),
      type: 'reassignment-started',
      target: toCustomer,
      via: 'support-case',
      lineNumbers: [2],
    });
    // SO-21: line 2.0 assigned out of Smart Account hold to the customer; line 1.0 still on hold.
    await first.recordOrderEvent(MEMBERS.admin.id, 'SO-21', {
      ...event('a1', 33),
      type: 'assigned',
      assignment: toCustomer,
      lineNumbers: [2],
    });

    const exported = await first.exportOrdersCsv();
    expect(exported.split('\n').filter((row) => row.startsWith('SO-20,'))).toHaveLength(3);
    // Each row names its own line's account: the customer's for 1.0, the holding account for 2.0 and 3.0.
    expect(exported).toMatch(/^SO-20,.*,1\.0,SKU-A,1,,open,,acme-sa,,,customer,/m);
    expect(exported).toMatch(/^SO-20,.*,2\.0,SKU-B,2,,booked,,holding,,,partner-holding,.*,east,/m);
    expect(exported).toMatch(/^SO-21,.*,1\.0,SKU-A,1,,open,,,,,,/m);

    const fresh = await storeWith([]);
    const imported = await fresh.importFile(exported, importing('export.csv'));
    expect(imported.ok ? [] : imported.errors).toEqual([]);
    expect(imported).toMatchObject({ ok: true, report: { added: 2 } });
    expect(await places(fresh)).toEqual(await places(first));
    expect(orderState((await fresh.db.orders.get('SO-21'))!.order)).toMatchObject({ status: 'on-hold', partial: true });

    // The export again, into the fresh store and into the one it came from: no new events.
    const sizes = { fresh: await historySizes(fresh), first: await historySizes(first) };
    expect(await fresh.importFile(exported, importing('export.csv'))).toMatchObject({
      ok: true,
      report: { updated: 0, unchanged: 2 },
    });
    // Back into the store it came from: the one thing it learns is the customer's account, named
    // by the lines in it; no event is added.
    const back = await first.importFile(exported, importing('export.csv'));
    expect(back.ok && back.report.changes).toEqual([
      { salesOrderNumber: 'SO-20', kind: 'updated', changes: ["customer's Smart Account (none) → acme-sa"] },
      { salesOrderNumber: 'SO-21', kind: 'updated', changes: ["customer's Smart Account (none) → acme-sa"] },
    ]);
    expect({ fresh: await historySizes(fresh), first: await historySizes(first) }).toEqual(sizes);
  });

  it('a later export showing a line assigned out of hold moves that line only, at import time', async () => {
    const store = await storeWith([]);
    await store.importFile(FILE, importing('week-1.csv'));
    const week2 = FILE.replace(/^(SO-21,.*,2\.0,SKU-B,1,Entered),,,$/m, '$1,holding,,west');
    const outcome = await store.importFile(week2, importing('week-2.csv'));
    expect(outcome).toMatchObject({ ok: true, report: { updated: 1 } });
    // The report names the line that moved, not the order.
    expect(outcome.ok && outcome.report.changes).toEqual([
      { salesOrderNumber: 'SO-21', kind: 'updated', changes: ['line 2.0: Smart Account hold → holding'] },
    ]);
    const order = (await store.db.orders.get('SO-21'))!.order;
    expect(order.history.at(-1)).toMatchObject({
      type: 'assigned',
      by: 'import',
      at: NOW.toISOString(),
      lineNumbers: [2],
    });
    expect(linePlaces(order).map((l) => l.holder?.virtualAccountId ?? null)).toEqual([null, 'west']);
  });
});
