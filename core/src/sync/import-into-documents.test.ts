import { readFileSync } from 'node:fs';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { orderState } from '../domain/lifecycle.ts';
import { onHoldBucket } from '../domain/on-hold-bucket.ts';
import type { HoldfastSnapshot } from '../domain/holdfast-snapshot.ts';
import { createStore, keptLocalOrders, type HoldfastStore, type OrderRow } from '../store/index.ts';
import { importIntoDocuments, importSnapshotIntoDocuments } from './import-into-documents.ts';
import type { AdoptOptions } from './team-sync.ts';

const SAMPLE = readFileSync(new URL('../../sample/holdfast-sample.json', import.meta.url), 'utf8');
const ALEX = 'keystone-integrators:alex'; // Holding Account Administrator of Keystone's holding account
const TOMAS = 'keystone-integrators:tomas'; // Virtual Account User of Enterprise
const ENTERPRISE = 'sa-keystone-integrators-holding/enterprise';
const SMB = 'sa-keystone-integrators-holding/smb';
const ON_HOLD = onHoldBucket('keystone-integrators');

const stores: HoldfastStore[] = [];
afterEach(() => stores.splice(0).forEach((store) => store.close()));

/** A store that knows the sample's directory (as team sync's directory documents would make it) and no orders. */
async function storeWithDirectory(name: string): Promise<HoldfastStore> {
  const store = createStore({ name, indexedDB, IDBKeyRange });
  stores.push(store);
  const sample = JSON.parse(SAMPLE) as HoldfastSnapshot;
  await store.importSnapshot(
    { ...sample, orders: [], checklistTicks: [] },
    { now: new Date(), actorId: ALEX, source: 'directory' },
  );
  return store;
}

/** Team sync with documents open for `places`: records what the import writes into them. */
function documentsFor(places: string[]) {
  const written: Pick<OrderRow, 'virtualAccountId' | 'order'>[] = [];
  return {
    written,
    team: {
      openPlaces: () => places,
      idle: async () => undefined,
      async adoptOrders(
        rows: readonly Pick<OrderRow, 'virtualAccountId' | 'order'>[],
        _ticks: unknown,
        options?: AdoptOptions,
      ) {
        for (const row of rows) {
          if (options?.into?.has(row.virtualAccountId)) written.push(row);
          else options?.unplaced?.(row);
        }
        return written.length;
      },
    },
  };
}

describe('an import while team sync runs', () => {
  it('writes the orders of places the member may import into into their documents, not the store, and the rest into the store', async () => {
    const store = await storeWithDirectory('import-into-documents-alex');
    const { team, written } = documentsFor([ENTERPRISE, ON_HOLD]);
    const outcome = await importIntoDocuments(store, team, SAMPLE, {
      fileName: 'sample.json',
      now: new Date(),
      actorId: ALEX,
    });
    expect(outcome.ok).toBe(true);

    const shared = new Set(written.map((row) => row.order.salesOrderNumber));
    expect(written.length).toBeGreaterThan(0);
    expect(new Set(written.map((row) => row.virtualAccountId))).toEqual(new Set([ENTERPRISE, ON_HOLD]));
    // The store wrote none of them: their documents' projections are their one writer.
    expect(await store.db.orders.bulkGet([...shared])).toEqual([...shared].map(() => undefined));
    // Everything else is here, local-only, and nothing of the file is missing.
    const local = await store.db.orders.toArray();
    expect(local.every((row) => row.sourceDoc === undefined && !shared.has(row.salesOrderNumber))).toBe(true);
    expect(local.length + shared.size).toBe(240);
    expect(local.some((row) => row.virtualAccountId === SMB)).toBe(true);
    expect(outcome.ok && outcome.sync).toEqual({ shared: shared.size, keptLocal: local.length, notImported: [] });
  });

  it('keeps local what a Virtual Account User may not import, even where a document of theirs is open', async () => {
    const store = await storeWithDirectory('import-into-documents-tomas');
    // Tomas syncs Enterprise; the on-hold document is not his to import into.
    const { team, written } = documentsFor([ENTERPRISE, ON_HOLD]);
    const outcome = await importIntoDocuments(store, team, SAMPLE, {
      fileName: 'sample.json',
      now: new Date(),
      actorId: TOMAS,
    });
    expect(outcome.ok).toBe(true);
    expect(new Set(written.map((row) => row.virtualAccountId))).toEqual(new Set([ENTERPRISE]));
    const onHold = (await store.db.orders.toArray()).filter((row) => row.virtualAccountId === ON_HOLD).length;
    expect(onHold).toBeGreaterThan(0);

    // The options page says what stayed here and why: on hold, his roles do not let him share.
    const kept = await keptLocalOrders(store.db, TOMAS);
    expect(kept.find((place) => place.virtualAccountId === ON_HOLD)).toMatchObject({
      place: 'on Smart Account hold',
      count: onHold,
      reason: 'may-not-share',
    });
    expect(kept.some((place) => place.virtualAccountId === ENTERPRISE)).toBe(false);
    expect(kept.reduce((sum, place) => sum + place.count, 0)).toBe(240 - written.length);
  });

  it('writes into the store an order whose document closed before the import reached it', async () => {
    const store = await storeWithDirectory('import-into-documents-closed');
    const { team } = documentsFor([ENTERPRISE]);
    // The document is listed open when the import starts, but takes nothing (closed meanwhile).
    const closed = {
      ...team,
      adoptOrders: async (
        rows: readonly Pick<OrderRow, 'virtualAccountId' | 'order'>[],
        _t: unknown,
        options?: AdoptOptions,
      ) => {
        rows.forEach((row) => options?.unplaced?.(row));
        return 0;
      },
    };
    const outcome = await importIntoDocuments(store, closed, SAMPLE, {
      fileName: 'sample.json',
      now: new Date(),
      actorId: ALEX,
    });
    expect(outcome.ok).toBe(true);
    expect(await store.db.orders.count()).toBe(240);
  });

  it('writes an order tracked from the portal into its document, and into the store where no document of the member takes it', async () => {
    const store = await storeWithDirectory('import-into-documents-tracked');
    const sample = JSON.parse(SAMPLE) as HoldfastSnapshot;
    const inPlace = (place: string) =>
      sample.orders.find((order) => orderState(order).holder?.virtualAccountId === place)!;
    const tracked = (order: HoldfastSnapshot['orders'][number], salesOrderNumber: string): HoldfastSnapshot => ({
      ...sample,
      organizations: [],
      smartAccounts: [],
      virtualAccounts: [],
      members: [],
      roleGrants: [],
      orders: [{ ...order, salesOrderNumber }],
      checklistTicks: [],
    });
    const { team, written } = documentsFor([ENTERPRISE]);
    const options = { now: new Date(), actorId: ALEX, source: 'order from the portal page' };

    const shared = await importSnapshotIntoDocuments(store, team, tracked(inPlace(ENTERPRISE), '104999998'), options);
    expect(shared).toMatchObject({ ok: true, sync: { shared: 1, keptLocal: 0 } });
    expect(written.map((row) => [row.virtualAccountId, row.order.salesOrderNumber])).toEqual([
      [ENTERPRISE, '104999998'],
    ]);
    expect(await store.db.orders.get('104999998')).toBeUndefined();

    // SMB's document is not open here: the store writes that one, as without sync.
    const local = await importSnapshotIntoDocuments(store, team, tracked(inPlace(SMB), '104999999'), options);
    expect(local).toMatchObject({ ok: true, sync: { shared: 0, keptLocal: 1 } });
    expect((await store.db.orders.get('104999999'))?.sourceDoc).toBeUndefined();
    expect(written).toHaveLength(1);
  });
});
