import type { HoldfastSnapshot } from '../domain/holdfast-snapshot.ts';
import { describeOrderChanges, type OrderChange } from '../io/order-changes.ts';
import { mergeImportedOrder } from '../store/merge-order.ts';

export interface ImportIntoReport {
  added: number;
  updated: number;
  unchanged: number;
  changes: OrderChange[];
}

function upsert<T>(rows: readonly T[], incoming: readonly T[], key: (row: T) => string): T[] {
  const byKey = new Map(rows.map((row) => [key(row), row]));
  for (const row of incoming) byKey.set(key(row), row);
  return [...byKey.values()];
}

/**
 * Merges what a file read into a Holdfast file, as the store's import does: the directory upserted
 * by id, each order merged by sales order number (`mergeImportedOrder`), so importing the same
 * export again changes nothing and a changed one adds only what changed. Pure.
 */
export function importInto(
  target: HoldfastSnapshot,
  read: HoldfastSnapshot,
  now: Date,
): { snapshot: HoldfastSnapshot; report: ImportIntoReport } {
  const report: ImportIntoReport = { added: 0, updated: 0, unchanged: 0, changes: [] };
  const smartAccounts = upsert(target.smartAccounts, read.smartAccounts, (a) => a.id);
  const names = new Map(smartAccounts.map((a) => [a.id, a.name]));
  const orders = new Map(target.orders.map((o) => [o.salesOrderNumber, o]));
  for (const incoming of read.orders) {
    const before = orders.get(incoming.salesOrderNumber);
    const { order, outcome } = mergeImportedOrder(before, incoming, now.toISOString());
    report[outcome] += 1;
    if (outcome === 'unchanged') continue;
    orders.set(order.salesOrderNumber, order);
    report.changes.push({
      salesOrderNumber: order.salesOrderNumber,
      kind: outcome,
      changes: before ? describeOrderChanges(before, order, (id) => names.get(id) ?? id) : [],
    });
  }
  const changed = report.added + report.updated > 0;
  return {
    report,
    snapshot: {
      ...target,
      exportedAt: changed ? now.toISOString() : target.exportedAt,
      organizations: upsert(target.organizations, read.organizations, (o) => o.id),
      smartAccounts,
      virtualAccounts: upsert(target.virtualAccounts, read.virtualAccounts, (v) => v.id),
      members: upsert(target.members, read.members, (m) => m.id),
      roleGrants: upsert(target.roleGrants, read.roleGrants, (g) => g.id),
      checklistTicks: upsert(
        target.checklistTicks,
        read.checklistTicks,
        (t) => `${t.salesOrderNumber}|${t.stepId}|${t.by}|${t.at}`,
      ),
      orders: [...orders.values()],
    },
  };
}

/** The report as the CLI prints it: totals, then each added or updated order with what changed. */
export function formatImportReport(fileName: string, into: string, report: ImportIntoReport): string {
  const lines = [
    `Imported ${fileName} into ${into}: ${report.added} added, ${report.updated} updated, ${report.unchanged} unchanged.`,
  ];
  for (const change of report.changes)
    lines.push(
      change.kind === 'added'
        ? `  order ${change.salesOrderNumber}: added`
        : `  order ${change.salesOrderNumber}: ${change.changes.join(', ') || 'history merged'}`,
    );
  return lines.join('\n');
}
