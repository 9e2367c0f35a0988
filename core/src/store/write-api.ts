import { Dexie } from 'dexie';
import type { ChecklistTick } from '../domain/checklist-tick.ts';
import type { Order } from '../domain/order.ts';
import type { AccountDirectory } from '../domain/account-directory.ts';
import type { HoldfastDb } from './holdfast-db.ts';
import { mergeHistories } from '../domain/merge-histories.ts';
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
 * Stores what one synced document holds, as its projection: each row is bound to `docName`. A row
 * bound to another document is left alone (its number is reported in `skipped`): two documents may
 * hold entries under one sales order number, and neither may read or overwrite the other's. A row
 * that exists only here (no `sourceDoc`) is bound to the document, keeping the events it has that
 * the document lacks — local data is never dropped (the document adopts them when it opens).
 */
export async function putDocumentOrders(
  db: HoldfastDb,
  docName: string,
  orders: readonly Order[],
): Promise<{ written: string[]; skipped: string[] }> {
  return db.transaction('rw', db.orders, async () => {
    const existing = await db.orders.bulkGet(orders.map((o) => o.salesOrderNumber));
    const written: string[] = [];
    const skipped: string[] = [];
    const rows = orders.flatMap((order, i) => {
      const row = existing[i];
      if (row?.sourceDoc !== undefined && row.sourceDoc !== docName) {
        skipped.push(order.salesOrderNumber);
        return [];
      }
      written.push(order.salesOrderNumber);
      if (!row || row.sourceDoc !== undefined) return [{ ...toOrderRow(order), sourceDoc: docName }];
      const history = mergeHistories(order.history, row.order.history);
      const updatedAt = history.reduce((latest, e) => (e.at > latest ? e.at : latest), order.updatedAt);
      return [{ ...toOrderRow({ ...order, history, updatedAt }), sourceDoc: docName }];
    });
    await db.orders.bulkPut(rows);
    return { written, skipped };
  });
}

/** Deletes the rows of these orders that came from `docName` (never another document's); returns their numbers. */
export async function deleteDocumentOrders(
  db: HoldfastDb,
  docName: string,
  salesOrderNumbers: readonly string[],
): Promise<string[]> {
  return db.transaction('rw', db.orders, async () => {
    const rows = await db.orders.bulkGet([...salesOrderNumbers]);
    const mine = rows.filter((row) => row?.sourceDoc === docName).map((row) => row!.salesOrderNumber);
    await db.orders.bulkDelete(mine);
    return mine;
  });
}

/** The sales order numbers of the rows that came from `docName`. */
export async function documentOrderNumbers(db: HoldfastDb, docName: string): Promise<string[]> {
  return db.orders.where('sourceDoc').equals(docName).primaryKeys();
}

/**
 * Makes the rows of `docName` exactly `orders` (a rebuild from the whole document): its rows the
 * document no longer holds are deleted, rows of other documents and local-only rows stay.
 */
export async function replaceDocumentOrders(
  db: HoldfastDb,
  docName: string,
  orders: readonly Order[],
): Promise<{ written: string[]; skipped: string[]; deleted: string[] }> {
  return db.transaction('rw', db.orders, async () => {
    const keep = new Set(orders.map((o) => o.salesOrderNumber));
    const gone = (await documentOrderNumbers(db, docName)).filter((number) => !keep.has(number));
    await db.orders.bulkDelete(gone);
    return { ...(await putDocumentOrders(db, docName, orders)), deleted: gone };
  });
}

/**
 * The rows of one Virtual Account (or on-hold bucket) that exist only here — imported or edited
 * while sync was off — with their ticks: what a document of that place adopts when it opens.
 * Read through the full `[virtualAccountId+since+salesOrderNumber]` index: a bare
 * `where('virtualAccountId')` lets Dexie pick the sparse review index, which has no row for an
 * order that is not in holding (on hold, delivered), and such orders were then never shared.
 */
export async function localOrdersIn(
  db: HoldfastDb,
  virtualAccountId: string,
): Promise<{ orders: Order[]; ticks: ChecklistTick[] }> {
  const rows = await db.orders
    .where('[virtualAccountId+since+salesOrderNumber]')
    .between([virtualAccountId, Dexie.minKey, Dexie.minKey], [virtualAccountId, Dexie.maxKey, Dexie.maxKey])
    .filter((row) => row.sourceDoc === undefined)
    .toArray();
  const ticks = await db.checklistTicks
    .where('salesOrderNumber')
    .anyOf(rows.map((r) => r.salesOrderNumber))
    .toArray();
  return { orders: rows.map((r) => r.order), ticks };
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
