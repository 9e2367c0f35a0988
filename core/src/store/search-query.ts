import type { HoldfastDb } from './holdfast-db.ts';
import type { OrderScope } from './order-scope.ts';
import { DEFAULT_PAGE_SIZE } from './scoped-page.ts';
import type { OrderRow } from './rows.ts';

export interface SearchOptions {
  limit?: number;
  virtualAccountId?: string;
}

/**
 * Orders the member may see whose sales order number, web order id, PO number, customer name or a
 * word of that name starts with `text` (case-insensitive). Reads the multi-entry `searchKeys`
 * index from the prefix on, keeps rows in scope, and stops at `limit` distinct orders.
 */
export async function searchOrders(
  db: HoldfastDb,
  scope: OrderScope,
  text: string,
  options: SearchOptions = {},
): Promise<OrderRow[]> {
  const query = text.trim().toLowerCase();
  if (query === '') return [];
  const visible = new Set(
    options.virtualAccountId === undefined
      ? scope.virtualAccountIds
      : scope.virtualAccountIds.filter((va) => va === options.virtualAccountId),
  );
  if (visible.size === 0) return [];
  return db.orders
    .where('searchKeys')
    .startsWith(query)
    .distinct()
    .filter((row) => visible.has(row.virtualAccountId))
    .limit(options.limit ?? DEFAULT_PAGE_SIZE)
    .toArray();
}
