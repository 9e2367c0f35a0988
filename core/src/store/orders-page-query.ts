import { Dexie } from 'dexie';
import type { OrderStatus } from '../domain/lifecycle-state.ts';
import type { HoldfastDb } from './holdfast-db.ts';
import type { OrderScope } from './order-scope.ts';
import {
  DEFAULT_PAGE_SIZE,
  readScopedPage,
  virtualAccountsToRead,
  type OrderPage,
  type PageCursor,
} from './scoped-page.ts';

export interface OrdersPageOptions {
  /** Only orders in this lifecycle state. */
  status?: OrderStatus;
  /** Only orders held in this Virtual Account (one outside the scope gives an empty page). */
  virtualAccountId?: string;
  after?: PageCursor;
  limit?: number;
}

/**
 * A page of the orders a member may see, oldest first: by when they entered holding, or by when
 * they were placed for orders never held. With `status: 'in-holding'` this is the "oldest in
 * holding first" list. Each Virtual Account is read through a compound index, never the table.
 */
export async function ordersPage(
  db: HoldfastDb,
  scope: OrderScope,
  options: OrdersPageOptions = {},
): Promise<OrderPage> {
  const { status } = options;
  const min = [Dexie.minKey, Dexie.minKey];
  const max = [Dexie.maxKey, Dexie.maxKey];
  return readScopedPage(
    db,
    virtualAccountsToRead(scope, options.virtualAccountId),
    options.limit ?? DEFAULT_PAGE_SIZE,
    options.after,
    (row) => row.since,
    (va, after, count) => {
      const from = after ? [after.key, after.salesOrderNumber] : min;
      return status === undefined
        ? db.orders
            .where('[virtualAccountId+since+salesOrderNumber]')
            .between([va, ...from], [va, ...max], !after, true)
            .limit(count)
            .toArray()
        : db.orders
            .where('[virtualAccountId+status+since+salesOrderNumber]')
            .between([va, status, ...from], [va, status, ...max], !after, true)
            .limit(count)
            .toArray();
    },
  );
}
