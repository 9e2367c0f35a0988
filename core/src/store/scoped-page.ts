import type { HoldfastDb } from './holdfast-db.ts';
import type { OrderScope } from './order-scope.ts';
import type { OrderRow } from './rows.ts';

export const DEFAULT_PAGE_SIZE = 50;

/** Where the next page starts: the sort key and sales order number of the last row served. */
export interface PageCursor {
  key: string;
  salesOrderNumber: string;
}

export interface OrderPage {
  rows: OrderRow[];
  /** Pass as `after` for the next page; null when this page is the last. */
  next: PageCursor | null;
}

/** Reads up to `count` rows of one Virtual Account from an index, in order, strictly after `after`. */
export type ReadVirtualAccount = (
  virtualAccountId: string,
  after: PageCursor | undefined,
  count: number,
) => Promise<OrderRow[]>;

/** The Virtual Accounts to read: the scope, or the one asked for if the scope holds it. */
export function virtualAccountsToRead(scope: OrderScope, virtualAccountId: string | undefined): readonly string[] {
  if (virtualAccountId === undefined) return scope.virtualAccountIds;
  return scope.virtualAccountIds.includes(virtualAccountId) ? [virtualAccountId] : [];
}

const compare = (a: PageCursor, b: PageCursor): number =>
  a.key !== b.key
    ? a.key < b.key
      ? -1
      : 1
    : a.salesOrderNumber < b.salesOrderNumber
      ? -1
      : a.salesOrderNumber > b.salesOrderNumber
        ? 1
        : 0;

/**
 * Serves one page merged across Virtual Accounts, each read through its own index range. A first
 * round reads a share of the page from every VA (a member who sees 13 VAs reads ~8 rows of each,
 * not 50); a VA whose share ran out before the page's last row is read again from where it
 * stopped, twice as much each round, so the merged page is exact while reading little more than
 * the page itself.
 */
export async function readScopedPage(
  db: HoldfastDb,
  virtualAccountIds: readonly string[],
  limit: number,
  after: PageCursor | undefined,
  keyOf: (row: OrderRow) => string,
  read: ReadVirtualAccount,
): Promise<OrderPage> {
  const cursorOf = (row: OrderRow): PageCursor => ({ key: keyOf(row), salesOrderNumber: row.salesOrderNumber });
  return db.transaction('r', db.orders, async () => {
    const state = virtualAccountIds.map((va) => ({ va, rows: [] as OrderRow[], exhausted: false }));
    let wanted: typeof state = state;
    let count = Math.min(limit, Math.max(8, Math.ceil((limit * 1.5) / Math.max(1, state.length))));
    for (;;) {
      await Promise.all(
        wanted.map(async (s) => {
          const last = s.rows.at(-1);
          const rows = await read(s.va, last ? cursorOf(last) : after, count);
          s.rows.push(...rows);
          s.exhausted = rows.length < count;
        }),
      );
      const merged = state.flatMap((s) => s.rows).sort((a, b) => compare(cursorOf(a), cursorOf(b)));
      const boundary = merged.length >= limit ? cursorOf(merged[limit - 1]!) : null;
      // A VA still matters if it may hold rows before the page's last row that were not read yet.
      wanted = state.filter(
        (s) => !s.exhausted && (boundary === null || compare(cursorOf(s.rows.at(-1)!), boundary) < 0),
      );
      if (wanted.length === 0) {
        const rows = merged.slice(0, limit);
        const more = merged.length > limit || state.some((s) => !s.exhausted);
        const last = rows.at(-1);
        return { rows, next: last && more && rows.length === limit ? cursorOf(last) : null };
      }
      count = Math.min(limit, count * 2);
    }
  });
}
