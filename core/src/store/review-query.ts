import { Dexie } from 'dexie';
import { DAY_MS } from '../domain/common.ts';
import type { HoldfastDb } from './holdfast-db.ts';
import type { OrderScope } from './order-scope.ts';
import {
  DEFAULT_PAGE_SIZE,
  readScopedPage,
  virtualAccountsToRead,
  type OrderPage,
  type PageCursor,
} from './scoped-page.ts';

export interface DueForReviewOptions {
  now: Date;
  /** "Regularly review orders placed in the Partner Holding Account": the interval in days. */
  reviewIntervalDays: number;
  virtualAccountId?: string;
  after?: PageCursor;
  limit?: number;
}

/**
 * Orders in a Partner Holding Account not reviewed for `reviewIntervalDays` (counting from when
 * they entered holding if never reviewed), the longest unreviewed first. Reads the sparse
 * `[virtualAccountId+reviewBase+salesOrderNumber]` index, which holds only orders in holding.
 */
export async function dueForReview(
  db: HoldfastDb,
  scope: OrderScope,
  options: DueForReviewOptions,
): Promise<OrderPage> {
  const limit = options.limit ?? DEFAULT_PAGE_SIZE;
  const cutoff = new Date(options.now.getTime() - options.reviewIntervalDays * DAY_MS).toISOString();
  return readScopedPage(
    db,
    virtualAccountsToRead(scope, options.virtualAccountId),
    limit,
    options.after,
    (row) => row.reviewBase ?? '',
    (va, after, count) =>
      db.orders
        .where('[virtualAccountId+reviewBase+salesOrderNumber]')
        .between(
          after ? [va, after.key, after.salesOrderNumber] : [va, Dexie.minKey, Dexie.minKey],
          [va, cutoff, Dexie.maxKey],
          !after,
          true,
        )
        .limit(count)
        .toArray(),
  );
}
