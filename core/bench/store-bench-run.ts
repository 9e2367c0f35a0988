// The store benchmark itself, written once and run twice: in Node on fake-indexeddb and inside
// Chromium on its real IndexedDB. It only measures; printing and ratios are the caller's job.
import type { HoldfastSnapshot } from '../src/domain/holdfast-snapshot.ts';
import { ordersToCsv } from '../src/io/orders-to-csv.ts';
import { generateSample } from '../src/sample/generate-sample.ts';
import { createStore } from '../src/store/create-store.ts';

export interface StoreBenchOptions {
  indexedDB: IDBFactory;
  IDBKeyRange: typeof IDBKeyRange;
  sizes: readonly number[];
  /** Timed runs of each query, after as many warm-up runs. */
  runs: number;
  seed: number;
  log?: (line: string) => void;
}

export interface QueryFigures {
  p50: number;
  p95: number;
}

export interface SizeFigures {
  orders: number;
  /** importSnapshot: one transaction, each order merged by sales order number. */
  importMs: number;
  /** The same orders as a portal CSV through importFile (parse, validate, resolve, write). */
  csvImportMs: number | null;
  /** A page of 50 in holding, oldest first, for a Holding Account User (every VA of the account). */
  scopedPageWide: QueryFigures;
  /** The same for a Virtual Account User (one VA). */
  scopedPageNarrow: QueryFigures;
  /** Prefix search over sales order / web order / PO numbers and customer names, in scope. */
  search: QueryFigures;
  dueForReview: QueryFigures;
}

const NOW = new Date('2026-11-01T09:00:00.000Z');

function percentiles(samples: number[]): QueryFigures {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  return { p50: at(50), p95: at(95) };
}

async function time(runs: number, query: (i: number) => Promise<unknown>): Promise<QueryFigures> {
  for (let i = 0; i < runs; i += 1) await query(i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await query(i);
    samples.push(performance.now() - start);
  }
  return percentiles(samples);
}

function searchTerms(snapshot: HoldfastSnapshot): string[] {
  const terms: string[] = [];
  for (
    let i = 0;
    i < snapshot.orders.length && terms.length < 60;
    i += Math.max(1, Math.floor(snapshot.orders.length / 20))
  ) {
    const order = snapshot.orders[i]!;
    terms.push(
      order.salesOrderNumber.slice(0, -2),
      order.poNumber,
      order.endCustomer.name.split(' ')[0]!.toLowerCase(),
    );
  }
  return terms;
}

export async function runStoreBench(options: StoreBenchOptions): Promise<SizeFigures[]> {
  const log = options.log ?? (() => {});
  const results: SizeFigures[] = [];
  for (const size of options.sizes) {
    const snapshot = generateSample({ seed: options.seed, orders: size, now: NOW, validate: false });
    const wide = snapshot.roleGrants.find((g) => g.role === 'holding-account-user')!.memberId;
    const narrow = snapshot.roleGrants.find((g) => g.role === 'virtual-account-user')!.memberId;
    const name = `holdfast-bench-${size}-${Date.now()}`;
    const store = createStore({ name, indexedDB: options.indexedDB, IDBKeyRange: options.IDBKeyRange });

    log(`${size} orders: importing…`);
    let start = performance.now();
    await store.importSnapshot(snapshot, { now: NOW, actorId: 'bench', source: 'bench' });
    const importMs = performance.now() - start;

    let csvImportMs: number | null = null;
    if (size <= 10_000) {
      const csv = ordersToCsv(snapshot);
      const empty = createStore({
        name: `${name}-csv`,
        indexedDB: options.indexedDB,
        IDBKeyRange: options.IDBKeyRange,
      });
      await empty.importSnapshot({ ...snapshot, orders: [] }, { now: NOW, actorId: 'bench', source: 'directory' });
      start = performance.now();
      // The sample places a few orders hours after its `now`; the CSV import refuses future dates.
      const outcome = await empty.importFile(csv, {
        fileName: 'bench.csv',
        now: new Date(NOW.getTime() + 86_400_000),
        actorId: 'bench',
      });
      csvImportMs = performance.now() - start;
      if (!outcome.ok) throw new Error(`CSV import failed: ${JSON.stringify(outcome.errors.slice(0, 3))}`);
      empty.close();
    }

    log(`${size} orders: querying…`);
    const terms = searchTerms(snapshot);
    const figures: SizeFigures = {
      orders: size,
      importMs,
      csvImportMs,
      scopedPageWide: await time(options.runs, () => store.ordersPage(wide, { status: 'in-holding' })),
      scopedPageNarrow: await time(options.runs, () => store.ordersPage(narrow, { status: 'in-holding' })),
      search: await time(options.runs, (i) => store.searchOrders(wide, terms[i % terms.length]!)),
      dueForReview: await time(options.runs, () => store.dueForReview(wide, { now: NOW, reviewIntervalDays: 7 })),
    };
    results.push(figures);
    store.close();
  }
  return results;
}
