import { describe, expect, it } from 'vitest';
import type { HoldfastDb } from './holdfast-db.ts';
import { MEMBERS, NOW, freshStore, storeWith, worldOrder } from './test-world.ts';

/** Every row of every table, in key order: what "identical database" means. */
async function dump(db: HoldfastDb): Promise<Record<string, unknown[]>> {
  return Object.fromEntries(await Promise.all(db.tables.map(async (t) => [t.name, await t.toArray()] as const)));
}

describe('JSON backup', () => {
  it('restoring a backup into an empty database yields an identical database', async () => {
    const store = await storeWith([
      worldOrder('SO-1', 'east', 1),
      worldOrder('SO-2', 'west', 2),
      worldOrder('SO-3', 'hold', 3),
    ]);
    await store.recordOrderEvent(MEMBERS.admin.id, 'SO-1', {
      id: 'rev',
      type: 'reviewed',
      at: NOW.toISOString(),
      by: MEMBERS.admin.id,
    });
    await store.tickChecklistStep(MEMBERS.eastUser.id, {
      salesOrderNumber: 'SO-1',
      stepId: 'confirm-customer-account',
      ticked: true,
      by: MEMBERS.eastUser.id,
      at: NOW.toISOString(),
    });
    await store.snoozeFinding(
      MEMBERS.admin.id,
      { ruleId: 'order-in-holding-too-long', subject: { kind: 'order', salesOrderNumber: 'SO-2' } },
      new Date('2026-05-01T00:00:00.000Z'),
      NOW,
    );
    await store.updateSettings({ holdingThresholdDays: 14 });

    const copy = freshStore();
    await copy.restore(await store.backupJson(NOW));
    expect(await dump(copy.db)).toEqual(await dump(store.db));
    expect(JSON.parse(await copy.backupJson(NOW))).toStrictEqual(JSON.parse(await store.backupJson(NOW)));
    expect(await copy.backupJson(NOW)).toBe(await store.backupJson(NOW));
  });

  it('restoring replaces what the database held before', async () => {
    const store = await storeWith([worldOrder('SO-1', 'east', 1)]);
    const backup = await store.backup(NOW);
    await store.importSnapshot(
      { ...backup.snapshot, orders: [worldOrder('SO-9', 'west', 9)] },
      { now: NOW, actorId: 'admin', source: 'later' },
    );
    await store.restore(backup);
    expect((await store.ordersPage(MEMBERS.admin.id)).rows.map((r) => r.salesOrderNumber)).toEqual(['SO-1']);
  });

  it('exports the orders to CSV that imports back into an empty store with the same placement', async () => {
    const store = await storeWith([worldOrder('SO-1', 'east', 1), worldOrder('SO-3', 'hold', 3)]);
    const copy = await storeWith([]);
    const outcome = await copy.importFile(await store.exportOrdersCsv(), {
      fileName: 'orders.csv',
      now: NOW,
      actorId: 'admin',
    });
    expect(outcome).toMatchObject({ ok: true, report: { added: 2 } });
    const rows = (await copy.ordersPage(MEMBERS.admin.id)).rows.map((r) => [
      r.salesOrderNumber,
      r.virtualAccountId,
      r.status,
    ]);
    expect(rows).toEqual(
      (await store.ordersPage(MEMBERS.admin.id)).rows.map((r) => [r.salesOrderNumber, r.virtualAccountId, r.status]),
    );
  });
});
