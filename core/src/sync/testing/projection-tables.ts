// Reads back what a projection wrote, in a stable order, for comparing two databases.
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { HoldfastDb } from '../../store/holdfast-db.ts';

let counter = 0;
export const freshDb = (label: string): HoldfastDb =>
  new HoldfastDb({ name: `${label}-${++counter}`, indexedDB, IDBKeyRange });

export async function projectedTables(db: HoldfastDb): Promise<{ orders: unknown[]; ticks: unknown[] }> {
  return { orders: await db.orders.orderBy('salesOrderNumber').toArray(), ticks: await db.checklistTicks.toArray() };
}
