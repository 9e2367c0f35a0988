import { DAY_MS, type OrderStatus } from '@holdfast/core';
import type { ListedFields, ListedFinding } from '@holdfast/core/store';

/** One order as the lists show it; an order's detail has its findings whole (`OrderItem<Finding>`). */
export interface OrderItem<F extends ListedFinding = ListedFinding> {
  salesOrderNumber: string;
  customerName: string;
  status: OrderStatus;
  virtualAccountId: string;
  virtualAccountName: string;
  /** Whole days since the order entered holding (or was placed). */
  ageDays: number;
  since: string;
  distributor: string | null;
  reseller: string | null;
  /** The rules' findings still shown (not dismissed or snoozed), as much of them as a list row needs. */
  findings: F[];
  /** The order's numbers and customer, lower-cased, one space apart: what the search box matches in. */
  searchText: string;
}

export interface OrderFilters {
  text: string;
  status: OrderStatus | 'all';
  virtualAccountId: string | 'all';
  /** Only orders at least this many days old; 0 for all. */
  minAgeDays: number;
  /** Matches the distributor or reseller name, case-insensitive; '' for all. */
  partner: string;
}

export const NO_FILTERS: OrderFilters = {
  text: '',
  status: 'all',
  virtualAccountId: 'all',
  minAgeDays: 0,
  partner: '',
};

export type ListEntry =
  /** A heading counts its group's orders, unless they were not counted (the oldest orders read with nothing kept). */
  { kind: 'heading'; key: string; title: string; count?: number } | { kind: 'order'; key: string; item: OrderItem };

export function toOrderItem<F extends ListedFinding>(
  fields: ListedFields,
  findings: F[],
  virtualAccountName: string,
  now: Date,
): OrderItem<F> {
  return {
    salesOrderNumber: fields.salesOrderNumber,
    customerName: fields.customerName,
    status: fields.status,
    virtualAccountId: fields.virtualAccountId,
    virtualAccountName,
    ageDays: Math.max(0, Math.floor((now.getTime() - Date.parse(fields.since)) / DAY_MS)),
    since: fields.since,
    distributor: fields.distributor,
    reseller: fields.reseller,
    findings,
    searchText: fields.searchText,
  };
}

/** An order needs action when a finding above "info" is open on it, or it is overdue. */
export const needsAction = (item: Pick<OrderItem, 'findings'>): boolean =>
  item.findings.some((f) => f.severity !== 'info' || f.overdue);

export function matchesFilters(item: OrderItem, filters: OrderFilters): boolean {
  if (filters.status !== 'all' && item.status !== filters.status) return false;
  if (filters.virtualAccountId !== 'all' && item.virtualAccountId !== filters.virtualAccountId) return false;
  if (item.ageDays < filters.minAgeDays) return false;
  const partner = filters.partner.trim().toLowerCase();
  if (partner && ![item.distributor, item.reseller].some((name) => name?.toLowerCase().includes(partner))) return false;
  const words = filters.text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return words.every((word) => item.searchText.includes(word));
}

const oldestFirst = (a: OrderItem, b: OrderItem): number =>
  a.since < b.since ? -1 : a.since > b.since ? 1 : a.salesOrderNumber.localeCompare(b.salesOrderNumber);

/** How the list is ordered: grouped (needs action first, then by Virtual Account), or one flat sort. */
export type OrderSort = 'needs-action' | 'age' | 'customer' | 'overdue';
export const SORT_LABELS: Record<OrderSort, string> = {
  'needs-action': 'Needs action',
  age: 'Oldest',
  customer: 'Customer A–Z',
  overdue: 'Most overdue',
};

const isOverdue = (item: OrderItem) => item.findings.some((f) => f.overdue);
const SORTS: Record<Exclude<OrderSort, 'needs-action'>, (a: OrderItem, b: OrderItem) => number> = {
  age: oldestFirst,
  customer: (a, b) => a.customerName.localeCompare(b.customerName) || oldestFirst(a, b),
  // Overdue days grow with age past the same threshold: the overdue, oldest first, then the rest.
  overdue: (a, b) => Number(isOverdue(b)) - Number(isOverdue(a)) || oldestFirst(a, b),
};

/**
 * The list in one of the flat sorts, or {@link buildOrderList}'s groups for 'needs-action'.
 */
export function sortedOrderList(items: readonly OrderItem[], filters: OrderFilters, sort: OrderSort): ListEntry[] {
  if (sort === 'needs-action') return buildOrderList(items, filters);
  return items
    .filter((item) => matchesFilters(item, filters))
    .sort(SORTS[sort])
    .map((item) => ({ kind: 'order', key: `o:${item.salesOrderNumber}`, item }));
}

/** How many filters differ from none (the search box included). */
export const activeFilterCount = (filters: OrderFilters): number =>
  (Object.keys(NO_FILTERS) as (keyof OrderFilters)[]).filter((key) => filters[key] !== NO_FILTERS[key]).length;

/**
 * The side panel's list: orders that need action first ("Needs action", oldest in holding first),
 * then the rest grouped by Virtual Account, each group oldest first.
 */
export function buildOrderList(items: readonly OrderItem[], filters: OrderFilters): ListEntry[] {
  const shown = items.filter((item) => matchesFilters(item, filters));
  const urgent = shown.filter(needsAction).sort(oldestFirst);
  const groups = new Map<string, OrderItem[]>();
  for (const item of shown) {
    if (needsAction(item)) continue;
    const group = groups.get(item.virtualAccountName) ?? [];
    group.push(item);
    groups.set(item.virtualAccountName, group);
  }
  const entries: ListEntry[] = [];
  const section = (key: string, title: string, list: OrderItem[]) => {
    if (list.length === 0) return;
    entries.push({ kind: 'heading', key: `h:${key}`, title, count: list.length });
    for (const item of list) entries.push({ kind: 'order', key: `o:${item.salesOrderNumber}`, item });
  };
  section('needs-action', 'Needs action', urgent);
  for (const name of [...groups.keys()].sort()) section(`va:${name}`, name, groups.get(name)!.sort(oldestFirst));
  return entries;
}
