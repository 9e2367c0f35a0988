import type { DBCore, DBCoreTable } from 'dexie';
import { describe, expect, it } from 'vitest';
import { MEMBERS, storeWith, worldOrder } from './test-world.ts';

interface Read {
  index: string;
  limit: number | undefined;
}

/** Records every read of the orders table: which index it went through and with what limit. */
async function recordReads(store: Awaited<ReturnType<typeof storeWith>>): Promise<Read[]> {
  const reads: Read[] = [];
  store.db.use({
    stack: 'dbcore',
    name: 'record-reads',
    create(down: DBCore): DBCore {
      return {
        ...down,
        table(name: string): DBCoreTable {
          const table = down.table(name);
          if (name !== 'orders') return table;
          return {
            ...table,
            query: (req) => {
              reads.push({
                index: req.query.index.isPrimaryKey ? ':primary' : (req.query.index.name ?? ''),
                limit: req.limit,
              });
              return table.query(req);
            },
            getMany: (req) => {
              reads.push({ index: ':get-by-primary-key', limit: req.keys.length });
              return table.getMany(req);
            },
            count: (req) => {
              reads.push({
                index: req.query.index.isPrimaryKey ? ':primary' : (req.query.index.name ?? ''),
                limit: undefined,
              });
              return table.count(req);
            },
            openCursor: (req) => {
              reads.push({
                index: req.query.index.isPrimaryKey ? ':primary' : (req.query.index.name ?? ''),
                limit: undefined,
              });
              return table.openCursor(req);
            },
          };
        },
      };
    },
  });
  // Middleware joins the stack when the database opens.
  store.db.close();
  await store.db.open();
  return reads;
}

describe('index use of the scoped queries', () => {
  it('a scoped page of 50 is read through the compound index, with bounded reads per Virtual Account, never the whole table', async () => {
    const store = await storeWith(
      Array.from({ length: 300 }, (_, i) => worldOrder(`SO-${i}`, i % 3 ? 'east' : 'west', i % 20)),
    );
    const reads = await recordReads(store);
    const page = await store.ordersPage(MEMBERS.admin.id, { status: 'in-holding' });
    expect(page.rows).toHaveLength(50);
    // Four Virtual Accounts in scope: every read goes through the compound index with a bound, and
    // together they read fewer rows than a full page from each VA would.
    expect(new Set(reads.map((r) => r.index))).toEqual(new Set(['[virtualAccountId+status+since+salesOrderNumber]']));
    expect(reads.every((r) => r.limit !== undefined && r.limit <= 50)).toBe(true);
    expect(reads.reduce((sum, r) => sum + (r.limit ?? 0), 0)).toBeLessThan(4 * 50);
  });

  it('due-for-review and counts read their own indexes, not the table', async () => {
    const store = await storeWith(Array.from({ length: 60 }, (_, i) => worldOrder(`SO-${i}`, 'east', i)));
    const reads = await recordReads(store);
    await store.dueForReview(MEMBERS.eastUser.id, { now: new Date('2026-06-01T00:00:00.000Z') });
    await store.countByStatus(MEMBERS.eastUser.id);
    expect(new Set(reads.map((r) => r.index))).toEqual(
      new Set(['[virtualAccountId+reviewBase+salesOrderNumber]', '[virtualAccountId+status+since+salesOrderNumber]']),
    );
  });

  it('text search walks the search-key index from the prefix on', async () => {
    const store = await storeWith(Array.from({ length: 60 }, (_, i) => worldOrder(`SO-${i}`, 'east', i)));
    const reads = await recordReads(store);
    expect(await store.searchOrders(MEMBERS.eastUser.id, 'so-42')).toHaveLength(1);
    expect(reads.map((r) => r.index)).toEqual(['searchKeys']);
  });
});
