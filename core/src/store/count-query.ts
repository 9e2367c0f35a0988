import { Dexie } from 'dexie';
import { ORDER_STATUSES, type OrderStatus } from '../domain/lifecycle-state.ts';
import type { HoldfastDb } from './holdfast-db.ts';
import type { OrderScope } from './order-scope.ts';

/**
 * How many orders the member may see in each lifecycle state, counted from the index alone: one
 * count per Virtual Account and state, all in one transaction (a transaction each cost the side
 * panel's first screen a round trip apiece).
 */
export async function countByStatus(db: HoldfastDb, scope: OrderScope): Promise<Record<OrderStatus, number>> {
  const counts = Object.fromEntries(ORDER_STATUSES.map((s) => [s, 0])) as Record<OrderStatus, number>;
  await db.transaction('r', db.orders, () =>
    Promise.all(
      scope.virtualAccountIds.flatMap((va) =>
        ORDER_STATUSES.map(async (status) => {
          const n = await db.orders
            .where('[virtualAccountId+status+since+salesOrderNumber]')
            .between([va, status, Dexie.minKey, Dexie.minKey], [va, status, Dexie.maxKey, Dexie.maxKey])
            .count();
          counts[status] += n;
        }),
      ),
    ),
  );
  return counts;
}
