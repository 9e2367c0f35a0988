import {
  actorOf,
  can,
  evaluateRules,
  HOLDFAST_FORMAT,
  isOnHoldBucket,
  subjectKey,
  type Action,
  type Finding,
  type HoldfastSnapshot,
  type Member,
} from '@holdfast/core';
import {
  decodeListedFinding,
  listedFields,
  type HoldfastStore,
  type ListedFinding,
  type OrderRow,
} from '@holdfast/core/store';
import { toOrderItem, type OrderItem } from './order-list.ts';

// What every screen's view is built from: the member's orders with their findings — the lists from
// the store's listings, one order's detail from its row with every rule run — over a snapshot of
// the directory. Shared by the side panel, the popup and the background.

const ON_HOLD_NAME = 'On Smart Account hold';
/** Large reads are cheaper in IndexedDB than many small ones; a member rarely sees more. */
const ROWS_PER_READ = 10_000;

export async function allVisibleRows(store: HoldfastStore, memberId: string): Promise<OrderRow[]> {
  const rows: OrderRow[] = [];
  let page = await store.ordersPage(memberId, { limit: ROWS_PER_READ });
  rows.push(...page.rows);
  while (page.next) {
    page = await store.ordersPage(memberId, { limit: ROWS_PER_READ, after: page.next });
    rows.push(...page.rows);
  }
  return rows;
}

export type Directory = Omit<HoldfastSnapshot, 'format' | 'exportedAt' | 'orders' | 'checklistTicks'>;

export async function readDirectory(store: HoldfastStore): Promise<Directory> {
  const { db } = store;
  // The reads go out together: one round trip to IndexedDB, not one per table.
  const [settings, [organizations, smartAccounts, virtualAccounts, members, roleGrants]] = await Promise.all([
    store.settings(),
    db.transaction('r', [db.organizations, db.smartAccounts, db.virtualAccounts, db.members, db.roleGrants], () =>
      Promise.all([
        db.organizations.toArray(),
        db.smartAccounts.toArray(),
        db.virtualAccounts.toArray(),
        db.members.toArray(),
        db.roleGrants.toArray(),
      ]),
    ),
  ]);
  return { organizations, smartAccounts, virtualAccounts, members, roleGrants, settings };
}

/**
 * A snapshot of the whole directory with only the given orders. No rule reads checklist ticks, so
 * none are read here; an order's detail reads its own.
 */
export function scopedSnapshot(directory: Directory, rows: readonly OrderRow[], now: Date): HoldfastSnapshot {
  return {
    format: HOLDFAST_FORMAT,
    exportedAt: now.toISOString(),
    ...directory,
    orders: rows.map((r) => r.order),
    checklistTicks: [],
  };
}

/** Names a place as "Smart Account / Virtual Account", as the portal does; an unknown id shows as is. */
export function placeNames(
  directory: Pick<HoldfastSnapshot, 'smartAccounts' | 'virtualAccounts'>,
): (smartAccountId: string, virtualAccountId: string) => string {
  const accounts = new Map(directory.smartAccounts.map((sa) => [sa.id, sa.name]));
  const virtualAccounts = new Map(directory.virtualAccounts.map((va) => [va.id, va.name]));
  return (smartAccountId, virtualAccountId) =>
    `${accounts.get(smartAccountId) ?? smartAccountId} / ${virtualAccounts.get(virtualAccountId) ?? virtualAccountId}`;
}

/** A Virtual Account's name as lists group by it; orders on Smart Account hold share one. */
const vaNameOf =
  (placeName: ReturnType<typeof placeNames>) =>
  (order: Pick<OrderRow, 'smartAccountId' | 'virtualAccountId'>): string =>
    isOnHoldBucket(order.virtualAccountId) ? ON_HOLD_NAME : placeName(order.smartAccountId, order.virtualAccountId);

/** The member's orders as the screens show them, and what the member may do on one. */
export function createOrderWorld(store: HoldfastStore) {
  /**
   * Orders with their findings: the member's whole scope, or the `only` ones given. Rules run over
   * a snapshot holding the directory and just those orders: an order's findings depend on itself
   * and the directory alone (a rules test checks it), so one order's detail never reads the rest.
   * The `only` rows may still be on their way: the directory is read meanwhile.
   */
  const world = async (memberId: string, now: Date, only?: OrderRow[] | Promise<OrderRow[]>) => {
    const [rows, directory, hidden] = await Promise.all([
      only ?? allVisibleRows(store, memberId),
      readDirectory(store),
      store.hiddenFindingKeys(now),
    ]);
    const snapshot = scopedSnapshot(directory, rows, now);
    const findings = evaluateRules(snapshot, now).filter((f) => !hidden.has(`${f.ruleId}|${subjectKey(f.subject)}`));
    const byOrder = new Map<string, Finding[]>();
    for (const finding of findings) {
      if (finding.subject.kind !== 'order') continue;
      const list = byOrder.get(finding.subject.salesOrderNumber) ?? [];
      list.push(finding);
      byOrder.set(finding.subject.salesOrderNumber, list);
    }
    const placeName = placeNames(snapshot);
    const item = (row: OrderRow) =>
      toOrderItem(listedFields(row), byOrder.get(row.salesOrderNumber) ?? [], vaNameOf(placeName)(row), now);
    return { snapshot, rows, item, placeName };
  };

  /**
   * Every order the member may see as the lists show it, from the store's listings: no history is
   * read and no rule runs for an order whose listing is current (order-listing.ts in the store).
   * Dismissed and snoozed findings are left out here, as the detail leaves them out.
   */
  const listItems = async (memberId: string, now: Date): Promise<OrderItem[]> => {
    const [listings, directory, hidden] = await Promise.all([
      store.listOrders(memberId, now),
      readDirectory(store),
      store.hiddenFindingKeys(now),
    ]);
    // A listing names its Virtual Account only: the directory says whose Smart Account it is.
    const placeName = placeNames(directory);
    const accountOf = new Map(directory.virtualAccounts.map((va) => [va.id, va.smartAccountId]));
    const names = new Map<string, string>();
    const vaName = (virtualAccountId: string) => {
      let name = names.get(virtualAccountId);
      if (name === undefined) {
        const smartAccountId = accountOf.get(virtualAccountId);
        name =
          smartAccountId === undefined && !isOnHoldBucket(virtualAccountId)
            ? virtualAccountId
            : vaNameOf(placeName)({ smartAccountId: smartAccountId ?? '', virtualAccountId });
        names.set(virtualAccountId, name);
      }
      return name;
    };
    return listings.map((listing) => {
      const subject = subjectKey({ kind: 'order', salesOrderNumber: listing.salesOrderNumber });
      const shown: ListedFinding[] = [];
      for (const text of listing.findings) {
        const finding = decodeListedFinding(text);
        if (!hidden.has(`${finding.ruleId}|${subject}`)) shown.push(finding);
      }
      return toOrderItem(listing, shown, vaName(listing.virtualAccountId), now);
    });
  };

  const allowed = (snapshot: HoldfastSnapshot, memberId: string, row: OrderRow, action: Action): boolean => {
    const member: Member | undefined = snapshot.members.find((m) => m.id === memberId);
    const smartAccount = snapshot.smartAccounts.find((sa) => sa.id === row.smartAccountId);
    if (!member || !smartAccount) return false;
    return can(actorOf(member, snapshot.roleGrants), action, { smartAccount, virtualAccountId: row.virtualAccountId });
  };

  return { world, listItems, allowed };
}

export type OrderWorld = ReturnType<typeof createOrderWorld>;
