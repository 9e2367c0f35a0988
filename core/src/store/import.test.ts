import { describe, expect, it } from 'vitest';
import type { ImportProgress } from './import-snapshot.ts';
import { MEMBERS, NOW, storeWith, worldOrder } from './test-world.ts';

const HEADER =
  'Sales Order Number,Web Order ID,PO Number,Order Date,End Customer Name,End Customer Domain,Line Number,SKU,Quantity,Line Status,Smart Account,Smart Account Type,Virtual Account';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');
const GOOD = [
  'SO-10,WO-10,PO-10,2026-01-05,Acme Corp,acme.example.com,1,SKU-A,1,,holding,,east',
  'SO-10,WO-10,PO-10,2026-01-05,Acme Corp,acme.example.com,2,SKU-B,2,,holding,,east',
  'SO-11,WO-11,PO-11,2026-01-06,Initech,initech.example.com,1,SKU-A,1,,,,',
];

describe('importing files into the store', () => {
  it('imports a CSV export into the accounts it names and reports what it added', async () => {
    const store = await storeWith([]);
    const outcome = await store.importFile(csv(...GOOD), {
      fileName: 'export.csv',
      now: NOW,
      actorId: MEMBERS.admin.id,
    });
    expect(outcome).toEqual({
      ok: true,
      report: {
        added: 2,
        updated: 0,
        unchanged: 0,
        newSmartAccounts: 0,
        newVirtualAccounts: 0,
        changedOrders: ['SO-10', 'SO-11'],
        forDocuments: [],
        forDocumentTicks: [],
        changes: [
          { salesOrderNumber: 'SO-10', kind: 'added', changes: [] },
          { salesOrderNumber: 'SO-11', kind: 'added', changes: [] },
        ],
      },
    });
    expect((await store.getOrder(MEMBERS.eastUser.id, 'SO-10'))?.order.lines).toHaveLength(2);
    expect((await store.getOrder(MEMBERS.admin.id, 'SO-11'))?.status).toBe('on-hold');
    expect((await store.activity(1))[0]?.summary).toBe('Imported export.csv: 2 added, 0 updated, 0 unchanged');
  });

  // 4,500 orders: a cap for a loaded machine, not a speed claim.
  it(
    'reports progress throughout: the file read and checked, then saved, each count only growing',
    { timeout: 60_000 },
    async () => {
      const store = await storeWith([]);
      const rows = Array.from(
        { length: 4500 },
        (_, i) => `SO-${i},WO-${i},PO-${i},2026-01-05,Acme Corp,acme.example.com,1,SKU-A,1,,holding,,east`,
      );
      const seen: ImportProgress[] = [];
      const outcome = await store.importFile(csv(...rows), {
        fileName: 'big.csv',
        now: NOW,
        actorId: MEMBERS.admin.id,
        onProgress: (p) => seen.push(p),
      });
      expect(outcome.ok).toBe(true);
      const reading = seen.filter((p) => p.phase === 'reading');
      const saving = seen.filter((p) => p.phase === 'saving');
      // Reading first, then saving; within each the count grows step by step to the total.
      expect(seen).toEqual([...reading, ...saving]);
      expect(reading.length).toBeGreaterThan(2);
      expect(reading.map((p) => p.done)).toEqual(Array.from({ length: 10 }, (_, i) => Math.min(4500, i * 500)));
      expect(reading.every((p) => p.total === 4500)).toBe(true);
      expect(saving).toEqual([
        { phase: 'saving', done: 0, total: 4500 },
        { phase: 'saving', done: 2000, total: 4500 },
        { phase: 'saving', done: 4000, total: 4500 },
        { phase: 'saving', done: 4500, total: 4500 },
      ]);
    },
  );

  it('reports the reading of a Holdfast JSON file too', async () => {
    const store = await storeWith([]);
    const file = await storeWith([worldOrder('SO-J1', 'east', 1), worldOrder('SO-J2', 'west', 2)]);
    const seen: ImportProgress[] = [];
    const outcome = await store.importFile(JSON.stringify(await file.exportSnapshot(NOW)), {
      fileName: 'team.json',
      now: NOW,
      actorId: MEMBERS.admin.id,
      onProgress: (p) => seen.push(p),
    });
    expect(outcome.ok).toBe(true);
    expect(seen.filter((p) => p.phase === 'reading')).toEqual([
      { phase: 'reading', done: 0, total: 2 },
      { phase: 'reading', done: 2, total: 2 },
    ]);
  });

  it('a file mixing good and bad rows writes nothing and reports every bad row', async () => {
    const store = await storeWith([worldOrder('SO-1', 'east', 1)]);
    const before = await store.backup(NOW);
    const outcome = await store.importFile(
      csv(
        GOOD[0]!,
        'SO-12,WO-12,PO-12,2026-13-01,Acme Corp,acme.example.com,1,SKU-A,1,,holding,,east',
        GOOD[2]!,
        'SO-13,WO-13,PO-13,2026-01-07,Acme Corp,not a domain,1,SKU-A,zero,,holding,,east',
        'SO-14,WO-14,PO-14,2026-01-07,Acme Corp,acme.example.com,1,SKU-A,1,,Unknown SA,,',
      ),
      { fileName: 'mixed.csv', now: NOW, actorId: MEMBERS.admin.id },
    );
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.errors.map((e) => [e.row, e.column])).toEqual([
      [3, 'Order Date'],
      [5, 'End Customer Domain'],
      [5, 'Quantity'],
      [6, 'Smart Account Type'],
    ]);
    expect(await store.backup(NOW)).toEqual(before);
  });

  it('re-importing the same file changes nothing, and a changed order is updated without losing its local history', async () => {
    const store = await storeWith([]);
    const options = { fileName: 'export.csv', now: NOW, actorId: MEMBERS.admin.id };
    await store.importFile(csv(...GOOD), options);
    await store.recordOrderEvent(MEMBERS.eastUser.id, 'SO-10', {
      id: 'note-1',
      type: 'note-added',
      at: NOW.toISOString(),
      by: MEMBERS.eastUser.id,
      text: 'Customer account requested',
    });

    const again = await store.importFile(csv(...GOOD), options);
    expect(again).toMatchObject({ ok: true, report: { added: 0, updated: 0, unchanged: 2 } });

    const changed = await store.importFile(
      csv(
        GOOD[0]!.replace('PO-10', 'PO-10B'),
        GOOD[1]!.replace('PO-10', 'PO-10B'),
        GOOD[2]!,
        'SO-15,WO-15,PO-15,2026-01-08,Acme Corp,acme.example.com,1,SKU-A,1,,,,',
      ),
      options,
    );
    expect(changed).toMatchObject({ ok: true, report: { added: 1, updated: 1, unchanged: 1 } });
    const row = await store.getOrder(MEMBERS.eastUser.id, 'SO-10');
    expect(row?.order.poNumber).toBe('PO-10B');
    expect(row?.order.history.map((e) => e.id)).toContain('note-1');
    expect(await store.searchOrders(MEMBERS.eastUser.id, 'po-10b')).toHaveLength(1);
  });

  it('the same export imported again by someone else adds no event and credits nothing to them; a changed one reports each change', async () => {
    const store = await storeWith([]);
    await store.importFile(csv(...GOOD), { fileName: 'week-1.csv', now: NOW, actorId: MEMBERS.admin.id });
    const first = (await store.db.orders.get('SO-10'))!.order;
    // The file's events are the file's, not the importer's.
    expect(new Set(first.history.map((e) => e.by))).toEqual(new Set(['import']));

    const again = await store.importFile(csv(...GOOD), {
      fileName: 'week-1.csv',
      now: new Date(NOW.getTime() + 86_400_000),
      actorId: MEMBERS.holdingUser.id,
    });
    expect(again).toMatchObject({ ok: true, report: { added: 0, updated: 0, unchanged: 2, changes: [] } });
    expect((await store.db.orders.get('SO-10'))!.order).toEqual(first);

    const week2 = csv(
      GOOD[0]!.replace(',1,SKU-A,1,,', ',1,SKU-A,1,Shipped,'),
      GOOD[1]!.replace(',2,SKU-B,2,,', ',2,SKU-B,5,Booked,'),
      'SO-10,WO-10,PO-10,2026-01-05,Acme Corp,acme.example.com,3,SKU-C,1,,holding,,east',
      GOOD[2]!.replace('PO-11', 'PO-11B'),
    );
    const changed = await store.importFile(week2, {
      fileName: 'week-2.csv',
      now: NOW,
      actorId: MEMBERS.holdingUser.id,
    });
    expect(changed).toMatchObject({ ok: true, report: { added: 0, updated: 2, unchanged: 0 } });
    if (!changed.ok) return;
    expect(changed.report.changes).toEqual([
      {
        salesOrderNumber: 'SO-10',
        kind: 'updated',
        changes: ['line 1: Entered → Shipped', 'line 2: Entered → Booked', 'line 2: quantity 2 → 5', 'line 3 added'],
      },
      { salesOrderNumber: 'SO-11', kind: 'updated', changes: ['PO PO-11 → PO-11B'] },
    ]);
    const history = (await store.db.orders.get('SO-10'))!.order.history;
    expect(history.filter((e) => e.by !== 'import')).toEqual([]);
    // Only what changed was added: the shipment and the booking.
    expect(history.length - first.history.length).toBe(2);
    // Importing week 2 again changes nothing more.
    expect(
      await store.importFile(week2, { fileName: 'week-2.csv', now: NOW, actorId: MEMBERS.admin.id }),
    ).toMatchObject({ ok: true, report: { updated: 0, unchanged: 2 } });
  });

  it('an order that was on Smart Account hold and comes back assigned is recorded as assigned', async () => {
    const store = await storeWith([]);
    const options = { fileName: 'export.csv', now: NOW, actorId: MEMBERS.admin.id };
    await store.importFile(csv(GOOD[2]!), options);
    const outcome = await store.importFile(csv(GOOD[2]!.replace(/,,,$/, ',holding,,west')), options);
    expect(outcome).toMatchObject({ ok: true, report: { updated: 1 } });
    const row = await store.getOrder(MEMBERS.westAdmin.id, 'SO-11');
    expect(row?.status).toBe('in-holding');
    expect(row?.order.history.at(-1)).toMatchObject({
      type: 'assigned',
      id: 'SO-11:import:to:west:lines-1:1-assigned',
    });
  });

  it('imports Holdfast JSON, and refuses, writing nothing, one that would leave an account with two Default Virtual Accounts', async () => {
    const source = await storeWith([worldOrder('SO-1', 'east', 1), worldOrder('SO-2', 'hold', 2)]);
    const json = JSON.stringify(await source.exportSnapshot(NOW));
    const target = await storeWith([]);
    expect(await target.importFile(json, { fileName: 'holdfast.json', now: NOW, actorId: 'admin' })).toMatchObject({
      ok: true,
      report: { added: 2 },
    });

    const broken = JSON.parse(json) as {
      virtualAccounts: { id: string; smartAccountId: string; isDefault: boolean }[];
    };
    // Valid on its own, but the store already holds another Default Virtual Account for "holding".
    broken.virtualAccounts = broken.virtualAccounts.map((va) =>
      va.id === 'holding/default' ? { ...va, id: 'holding/other-default' } : va,
    );
    const before = await target.backup(NOW);
    const outcome = await target.importFile(JSON.stringify(broken), {
      fileName: 'holdfast.json',
      now: NOW,
      actorId: 'admin',
    });
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? '' : outcome.errors[0]?.message).toMatch(
      /"holding" has 2 Default Virtual Accounts; it must have exactly one/,
    );
    expect(await target.backup(NOW)).toEqual(before);
  });
});
