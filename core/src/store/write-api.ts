import { Dexie } from 'dexie';
import type { ChecklistTick } from '../domain/checklist-tick.ts';
import type { Order } from '../domain/order.ts';
import type { AccountDirectory } from '../sync/directory-doc.ts';
import type { HoldfastDb } from './holdfast-db.ts';
import { toOrderRow } from './order-row.ts';

/**
 * Writes that keep the tables a projection of other data (the sync library's Yjs docs, an
 * import, a restore). Each opens its own read-write transaction, or joins the caller's when it
 * runs inside `db.transaction('rw', …)` that covers the same tables.
 */

/** Stores orders as given (insert or replace by sales order number), with their derived columns. */
export async function putOrders(db: HoldfastDb, orders: readonly Order[]): Promise<void> {
  await db.orders.bulkPut(orders.map(toOrderRow));
}

export async function deleteOrders(db: HoldfastDb, salesOrderNumbers: readonly string[]): Promise<void> {
  await db.orders.bulkDelete([...salesOrderNumbers]);
}

/** Makes `orders` exactly the orders held in one Virtual Account: others held there are deleted. */
export async function replaceVirtualAccountOrders(
  db: HoldfastDb,
  virtualAccountId: string,
  orders: readonly Order[],
): Promise<void> {
  await db.transaction('rw', db.orders, async () => {
    const held = await db.orders
      .where('[virtualAccountId+since+salesOrderNumber]')
      .between([virtualAccountId, Dexie.minKey, Dexie.minKey], [virtualAccountId, Dexie.maxKey, Dexie.maxKey])
      .primaryKeys();
    const keep = new Set(orders.map((o) => o.salesOrderNumber));
    await db.orders.bulkDelete(held.filter((key) => !keep.has(key)));
    await db.orders.bulkPut(orders.map(toOrderRow));
  });
}

/**
 * Makes the tables agree with one Smart Account's directory: the account, exactly its Virtual
 * Accounts and exactly its role grants; organisations and members are upserted (a member may hold
 * roles on other accounts too).
 */
export async function applyDirectory(db: HoldfastDb, directory: AccountDirectory): Promise<void> {
  const { smartAccount } = directory;
  await db.transaction(
    'rw',
    [db.smartAccounts, db.virtualAccounts, db.organizations, db.members, db.roleGrants],
    async () => {
      await db.smartAccounts.put(smartAccount);
      const vaIds = new Set(directory.virtualAccounts.map((va) => va.id));
      const staleVas = (await db.virtualAccounts.where('smartAccountId').equals(smartAccount.id).primaryKeys()).filter(
        (id) => !vaIds.has(id),
      );
      await db.virtualAccounts.bulkDelete(staleVas);
      await db.virtualAccounts.bulkPut(directory.virtualAccounts);
      const grantIds = new Set(directory.roleGrants.map((g) => g.id));
      const staleGrants = (await db.roleGrants.where('smartAccountId').equals(smartAccount.id).primaryKeys()).filter(
        (id) => !grantIds.has(id),
      );
      await db.roleGrants.bulkDelete(staleGrants);
      await db.roleGrants.bulkPut(directory.roleGrants);
      await db.organizations.bulkPut(directory.organizations);
      await db.members.bulkPut(directory.members);
    },
  );
}

/** Stores checklist ticks; a tick is keyed by order, step, member and time, so replaying one is harmless. */
export async function putChecklistTicks(db: HoldfastDb, ticks: readonly ChecklistTick[]): Promise<void> {
  await db.checklistTicks.bulkPut([...ticks]);
}

/** Makes the ticks of these orders exactly `ticks` (a projection replacing what a document says). */
export async function replaceChecklistTicks(
  db: HoldfastDb,
  salesOrderNumbers: readonly string[],
  ticks: readonly ChecklistTick[],
): Promise<void> {
  await db.transaction('rw', db.checklistTicks, async () => {
    await db.checklistTicks
      .where('salesOrderNumber')
      .anyOf([...salesOrderNumbers])
      .delete();
    await putChecklistTicks(db, ticks);
  });
}
