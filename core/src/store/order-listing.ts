import { z } from 'zod';
import { DAY_MS, idSchema, instantSchema } from '../domain/common.ts';
import type { HoldfastSnapshot } from '../domain/holdfast-snapshot.ts';
import type { Order } from '../domain/order.ts';
import { HOLDFAST_FORMAT } from '../domain/holdfast-snapshot.ts';
import { orderState } from '../domain/lifecycle.ts';
import { ORDER_STATUSES, type OrderState } from '../domain/lifecycle-state.ts';
import { evaluateRules } from '../rules/evaluate-rules.ts';
import { RULES } from '../rules/catalogue.ts';
import type { OrderRow } from './rows.ts';

/**
 * What a list row shows of an order, and what the list sorts and filters on: one per order, a
 * cache derived from the order's row, the directory and the team's settings by
 * {@link deriveListings} alone. Lists read these (small, no history) instead of every row with
 * its history and every rule run over it.
 *
 * Never stale, by construction:
 * - the order changes: the store deletes its listing in the transaction that writes the row
 *   (listing-invalidation.ts), so a missing listing is derived again on the next read;
 * - the directory, the settings or the rules change: `basis` no longer matches {@link listingBasis};
 * - time passes: the rules count whole days from dates of the order, so what they find stays the
 *   same until the next whole day after any of those dates, `validUntil`.
 * A read derives what is missing or stale from the rows in the same transaction and keeps it.
 */
export const listedFindingSchema = z.object({
  ruleId: idSchema,
  severity: z.enum(['info', 'warning', 'critical']),
  overdue: z.boolean(),
});
export type ListedFinding = z.infer<typeof listedFindingSchema>;

/**
 * Only what a list row shows and what the list sorts and filters on: a list reads thousands of
 * these on every opening, so each field costs. An order's detail reads its row and runs the rules.
 * The Smart Account of an order is its Virtual Account's (the directory says which); the search
 * keys are one lower-cased text; findings are short strings ({@link encodeListedFinding}), not
 * objects of three named fields.
 */
export const orderListingSchema = z.object({
  salesOrderNumber: idSchema,
  status: z.enum(ORDER_STATUSES),
  virtualAccountId: z.string(),
  since: instantSchema,
  customerName: z.string(),
  distributor: z.string().nullable(),
  reseller: z.string().nullable(),
  /** The order's numbers and customer, lower-cased, separated by spaces ({@link searchTextOf}). */
  searchText: z.string(),
  /** The rules' findings on the order, encoded (before dismissals and snoozes, applied when read). */
  findings: z.array(z.string()),
  /** The directory, settings and rules the findings were derived under ({@link listingBasis}). */
  basis: z.string(),
  /** The first instant the findings may differ, in ms since the epoch: derive again from then on. */
  validUntil: z.number(),
});
export type OrderListing = z.infer<typeof orderListingSchema>;

/**
 * A Virtual Account every order of which has a listing (current or not), as the last list that
 * derived them left it. Any write of an order row into it deletes the mark in the same transaction
 * (listing-invalidation.ts), so a marked Virtual Account's listings are read alone, without reading
 * every order's key to find the orders that have none.
 */
export interface ListedVirtualAccount {
  virtualAccountId: string;
}

/** A finding as a listing keeps it: "ruleId severity", then " overdue" when it is. Rule ids have no spaces. */
export const encodeListedFinding = (finding: ListedFinding): string =>
  `${finding.ruleId} ${finding.severity}${finding.overdue ? ' overdue' : ''}`;

export function decodeListedFinding(text: string): ListedFinding {
  const [ruleId = '', severity, overdue] = text.split(' ');
  return { ruleId, severity: severity as ListedFinding['severity'], overdue: overdue === 'overdue' };
}

/**
 * What a list's text filter matches in: the order's numbers and its customer, lower-cased, one
 * space apart. The words a filter looks for never hold a space, so none matches across two keys.
 */
export const searchTextOf = (
  order: Pick<Order, 'salesOrderNumber' | 'webOrderId' | 'poNumber' | 'endCustomer'>,
): string => [order.salesOrderNumber, order.webOrderId, order.poNumber, order.endCustomer.name].join(' ').toLowerCase();

/**
 * The rules' revision as listings know it: bump it whenever what a rule finds changes (its check,
 * or anything it calls), and kept listings are derived again. Not a hash of the rules' code: each
 * extension bundle minifies it differently, and the side panel and the background would disagree.
 * A test fails, naming this constant, when a rule's check changes without it.
 */
export const LISTING_REVISION = 4;

/** FNV-1a, 32 bits: a short fingerprint, not a security hash. */
export function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36);
}

/** The catalogue as listings depend on it: which rules, at which severity, under which revision. */
const RULES_KEY = `${LISTING_REVISION}.${fingerprint(RULES.map((rule) => `${rule.id}:${rule.severity}`).join('|'))}`;

export type ListingDirectory = Pick<
  HoldfastSnapshot,
  'organizations' | 'smartAccounts' | 'virtualAccounts' | 'members' | 'roleGrants' | 'settings'
>;

/** What findings depend on besides the order and the day: listings derived under another basis are stale. */
export const listingBasis = (directory: ListingDirectory): string =>
  `${RULES_KEY}.${fingerprint(
    JSON.stringify([
      directory.organizations,
      directory.smartAccounts,
      directory.virtualAccounts,
      directory.members,
      directory.roleGrants,
      directory.settings,
    ]),
  )}`;

/**
 * The dates the rules count whole days from (holding since, last review, placed, shipped,
 * subscription start): a count changes only at one of them plus a whole number of days.
 */
function dayAnchors(state: OrderState): string[] {
  return [
    state.placedAt,
    state.heldSince,
    state.lastReviewedAt,
    state.subscriptionStartedAt,
    ...Object.values(state.lineShippedAt),
  ].filter((at): at is string => at !== null);
}

/** The next instant after `now` at which a whole-day count from any anchor ticks over. */
export function nextDayBoundary(anchors: readonly string[], now: Date): Date {
  let next = now.getTime() + DAY_MS;
  for (const anchor of anchors) {
    const from = Date.parse(anchor);
    const days = Math.floor((now.getTime() - from) / DAY_MS);
    next = Math.min(next, from + (days + 1) * DAY_MS);
  }
  return new Date(next);
}

/** What a listing shows of the row itself. */
export type ListedFields = Omit<OrderListing, 'findings' | 'basis' | 'validUntil'>;

export const listedFields = (row: OrderRow): ListedFields => ({
  salesOrderNumber: row.salesOrderNumber,
  status: row.status,
  virtualAccountId: row.virtualAccountId,
  since: row.since,
  customerName: row.order.endCustomer.name,
  distributor: row.order.distributor?.name ?? null,
  reseller: row.order.reseller?.name ?? null,
  searchText: searchTextOf(row.order),
});

/** Derives the listings of the given rows: the rules run over the directory and those orders only. */
export function deriveListings(rows: readonly OrderRow[], directory: ListingDirectory, now: Date): OrderListing[] {
  if (rows.length === 0) return [];
  const snapshot: HoldfastSnapshot = {
    format: HOLDFAST_FORMAT,
    exportedAt: now.toISOString(),
    ...directory,
    orders: rows.map((row) => row.order),
    checklistTicks: [],
  };
  const byOrder = new Map<string, string[]>();
  for (const f of evaluateRules(snapshot, now)) {
    if (f.subject.kind !== 'order') continue;
    const list = byOrder.get(f.subject.salesOrderNumber) ?? [];
    list.push(encodeListedFinding(f));
    byOrder.set(f.subject.salesOrderNumber, list);
  }
  const basis = listingBasis(directory);
  return rows.map((row) => ({
    ...listedFields(row),
    findings: byOrder.get(row.salesOrderNumber) ?? [],
    basis,
    validUntil: nextDayBoundary(dayAnchors(orderState(row.order)), now).getTime(),
  }));
}

/** Whether a kept listing still says what {@link deriveListings} would say now. */
export const isListingCurrent = (listing: OrderListing | undefined, basis: string, now: Date): boolean =>
  listing !== undefined && listing.basis === basis && listing.validUntil > now.getTime();
