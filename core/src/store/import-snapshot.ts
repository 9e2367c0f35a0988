import type { ChecklistTick } from '../domain/checklist-tick.ts';
import type { HoldfastSnapshot } from '../domain/holdfast-snapshot.ts';
import type { Order } from '../domain/order.ts';
import { describeOrderChanges, type OrderChange } from '../io/order-changes.ts';
import { defaultVirtualAccountProblems } from '../domain/virtual-account.ts';
import { ImportRefusedError } from './errors.ts';
import type { HoldfastDb } from './holdfast-db.ts';
import { mergeImportedOrder } from './merge-order.ts';
import { toOrderRow } from './order-row.ts';
import type { Origin } from './rows.ts';

export interface ImportReport {
  added: number;
  updated: number;
  unchanged: number;
  /** Accounts and organisations the file brought that the store did not have. */
  newSmartAccounts: number;
  newVirtualAccounts: number;
  /** Sales order numbers added or updated, so sync can send exactly these. */
  changedOrders: string[];
  /**
   * With sync on (`documentPlaces` given): the changed orders a synced document takes instead of the
   * store, merged with the stored copy, and the file's ticks on them. The caller writes them into
   * the documents (`TeamSync.importOrders`); the projection then writes their rows.
   */
  forDocuments: { virtualAccountId: string; order: Order }[];
  forDocumentTicks: ChecklistTick[];
  /** What changed in each order added or updated, in the file's order: "line 1.0: Booked → Shipped", … */
  changes: OrderChange[];
}

export interface ImportSnapshotOptions {
  now: Date;
  actorId: string;
  origin?: Origin;
  /** Named in the activity log. */
  source: string;
  /**
   * With sync on: the places (Virtual Accounts, on-hold buckets) whose synced document this member
   * may import into. An order placed there, or whose row came from a document, is not written to the
   * store (its document is its one writer) but returned in `forDocuments`. Without it the store
   * writes every order, as without sync.
   */
  documentPlaces?: ReadonlySet<string>;
  /** Called after each chunk of orders is written (within the one transaction), for a progress bar; the file's reading reports first. */
  onProgress?(progress: ImportProgress): void;
}

/**
 * How far an import is: the file's orders read and checked ('reading'), then written ('saving').
 * `done` only grows within a phase, and reading comes before saving.
 */
export interface ImportProgress {
  phase: 'reading' | 'saving';
  done: number;
  total: number;
}

/** Orders merged and written per step; each step reports progress. */
const CHUNK = 2000;

/**
 * Writes a parsed snapshot in one transaction: the directory upserted, each order merged into the
 * stored one by sales order number. If anything fails, nothing is written. Settings are left alone:
 * only a restore replaces them.
 */
export async function importSnapshot(
  db: HoldfastDb,
  snapshot: HoldfastSnapshot,
  options: ImportSnapshotOptions,
): Promise<ImportReport> {
  const now = options.now.toISOString();
  const tables = [
    db.organizations,
    db.smartAccounts,
    db.virtualAccounts,
    db.members,
    db.roleGrants,
    db.orders,
    db.checklistTicks,
    db.activityLog,
  ];
  return db.transaction('rw', tables, async () => {
    const report: ImportReport = {
      added: 0,
      updated: 0,
      unchanged: 0,
      newSmartAccounts: 0,
      newVirtualAccounts: 0,
      changedOrders: [],
      forDocuments: [],
      forDocumentTicks: [],
      changes: [],
    };
    report.newSmartAccounts = (await db.smartAccounts.bulkGet(snapshot.smartAccounts.map((a) => a.id))).filter(
      (a) => a === undefined,
    ).length;
    report.newVirtualAccounts = (await db.virtualAccounts.bulkGet(snapshot.virtualAccounts.map((v) => v.id))).filter(
      (v) => v === undefined,
    ).length;
    await db.organizations.bulkPut(snapshot.organizations);
    await db.smartAccounts.bulkPut(snapshot.smartAccounts);
    await db.virtualAccounts.bulkPut(snapshot.virtualAccounts);
    await db.members.bulkPut(snapshot.members);
    await db.roleGrants.bulkPut(snapshot.roleGrants);

    const touched = [...new Set(snapshot.virtualAccounts.map((va) => va.smartAccountId))];
    const vas = touched.length ? await db.virtualAccounts.where('smartAccountId').anyOf(touched).toArray() : [];
    const problems = defaultVirtualAccountProblems(touched, vas);
    if (problems.length > 0)
      throw new ImportRefusedError(problems.map((message) => ({ row: 0, column: 'virtualAccounts', message })));

    const shared = new Set<string>();
    const ticked = new Set(snapshot.checklistTicks.map((tick) => tick.salesOrderNumber));
    const accountNames = new Map((await db.smartAccounts.toArray()).map((a) => [a.id, a.name]));
    const nameOf = (id: string) => accountNames.get(id) ?? id;
    // An empty table (first import, restore-like loads) needs no lookups.
    const empty = (await db.orders.count()) === 0;
    const total = snapshot.orders.length;
    options.onProgress?.({ phase: 'saving', done: 0, total });
    for (let start = 0; start < total; start += CHUNK) {
      const chunk = snapshot.orders.slice(start, start + CHUNK);
      const existing = empty ? [] : await db.orders.bulkGet(chunk.map((o) => o.salesOrderNumber));
      const rows = [];
      for (const [index, incoming] of chunk.entries()) {
        const before = existing[index]?.order;
        const { order, outcome } = mergeImportedOrder(before, incoming, now);
        report[outcome] += 1;
        const row = outcome === 'unchanged' && !options.documentPlaces ? undefined : toOrderRow(order);
        const documents = options.documentPlaces;
        const toDocument =
          row !== undefined &&
          documents !== undefined &&
          (existing[index]?.sourceDoc !== undefined || documents.has(row.virtualAccountId));
        // An unchanged order still goes to its document when the file brings ticks for it.
        if (outcome === 'unchanged' && !(toDocument && ticked.has(order.salesOrderNumber))) continue;
        if (outcome !== 'unchanged') {
          report.changedOrders.push(order.salesOrderNumber);
          report.changes.push({
            salesOrderNumber: order.salesOrderNumber,
            kind: outcome,
            // A new order is listed as added; only an update says what changed.
            changes: before ? describeOrderChanges(before, order, nameOf) : [],
          });
        }
        if (toDocument) {
          report.forDocuments.push({ virtualAccountId: row.virtualAccountId, order });
          shared.add(order.salesOrderNumber);
        } else if (row) rows.push(row);
      }
      await db.orders.bulkPut(rows);
      options.onProgress?.({ phase: 'saving', done: Math.min(total, start + CHUNK), total });
    }
    // Ticks go where their order went: the store's for what the store wrote, the documents' for the rest.
    const ticks = snapshot.checklistTicks.filter((tick) => !shared.has(tick.salesOrderNumber));
    report.forDocumentTicks = snapshot.checklistTicks.filter((tick) => shared.has(tick.salesOrderNumber));
    await db.checklistTicks.bulkPut(ticks);
    await db.activityLog.add({
      at: now,
      actorId: options.actorId,
      kind: 'import',
      origin: options.origin ?? 'import',
      summary: `Imported ${options.source}: ${report.added} added, ${report.updated} updated, ${report.unchanged} unchanged`,
      salesOrderNumber: null,
    });
    return report;
  });
}
