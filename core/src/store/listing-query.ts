import { Dexie } from 'dexie';
import { DEFAULT_RULE_SETTINGS } from '../domain/settings.ts';
import type { HoldfastDb } from './holdfast-db.ts';
import {
  deriveListings,
  isListingCurrent,
  listingBasis,
  type ListingDirectory,
  type OrderListing,
} from './order-listing.ts';
import type { OrderScope } from './order-scope.ts';
import type { OrderRow } from './rows.ts';

/** Reads the directory inside the caller's transaction, every table at once (one round trip). */
async function readListingDirectory(db: HoldfastDb): Promise<ListingDirectory> {
  const [organizations, smartAccounts, virtualAccounts, members, roleGrants, settings] = await Promise.all([
    db.organizations.toArray(),
    db.smartAccounts.toArray(),
    db.virtualAccounts.toArray(),
    db.members.toArray(),
    db.roleGrants.toArray(),
    db.settings.get('rules'),
  ]);
  return {
    organizations,
    smartAccounts,
    virtualAccounts,
    members,
    roleGrants,
    settings: settings?.value ?? DEFAULT_RULE_SETTINGS,
  };
}

/** Reads a Virtual Account's range of an index ordered like the orders' "oldest first" one. */
const perVirtualAccount = <T>(scope: OrderScope, read: (from: unknown[], to: unknown[]) => Promise<T[]>) =>
  Promise.all(
    scope.virtualAccountIds.map((va) => read([va, Dexie.minKey, Dexie.minKey], [va, Dexie.maxKey, Dexie.maxKey])),
  ).then((lists) => lists.flat());

/**
 * The scope's sales order numbers from the orders' index (no row is read) and its kept listings
 * from theirs: one range read per Virtual Account each, not one request per order.
 */
const readScope = (db: HoldfastDb, scope: OrderScope) =>
  Promise.all([
    perVirtualAccount(scope, (from, to) =>
      db.orders.where('[virtualAccountId+since+salesOrderNumber]').between(from, to).primaryKeys(),
    ),
    perVirtualAccount(scope, (from, to) =>
      db.listings.where('[virtualAccountId+since+salesOrderNumber]').between(from, to).toArray(),
    ),
  ]);

/**
 * The listings of every order the member may see, current at `now`. Kept listings are read as
 * they are; the missing or stale ones (see order-listing.ts) are derived from their rows and kept,
 * in a read-write transaction that reads those rows again: a row written meanwhile is what counts.
 */
export async function listOrders(db: HoldfastDb, scope: OrderScope, now: Date): Promise<OrderListing[]> {
  const directoryTables = [
    db.organizations,
    db.smartAccounts,
    db.virtualAccounts,
    db.members,
    db.roleGrants,
    db.settings,
  ];
  const read = await db.transaction('r', [db.orders, db.listings, ...directoryTables], async () => {
    const [[keys, listings], directory] = await Promise.all([readScope(db, scope), readListingDirectory(db)]);
    const byNumber = new Map(listings.map((listing) => [listing.salesOrderNumber, listing]));
    return { keys, kept: keys.map((key) => byNumber.get(key)), basis: listingBasis(directory) };
  });
  const stale = read.keys.filter((_, i) => !isListingCurrent(read.kept[i], read.basis, now));
  if (stale.length === 0) return read.kept as OrderListing[];
  const derived = await db.transaction('rw', [db.orders, db.listings, ...directoryTables], async () => {
    const [again, directory] = await Promise.all([db.listings.bulkGet(stale), readListingDirectory(db)]);
    const basis = listingBasis(directory);
    // Another page may have derived them meanwhile (the side panel and the background both read).
    const done = again.filter((listing): listing is OrderListing => isListingCurrent(listing, basis, now));
    const todo = stale.filter((_, i) => !isListingCurrent(again[i], basis, now));
    const rows = await db.orders.bulkGet(todo);
    // A row deleted meanwhile has no listing; one moved out of the scope is left to the next read.
    const listings = deriveListings(
      rows.filter(
        (row): row is OrderRow => row !== undefined && scope.virtualAccountIds.includes(row.virtualAccountId),
      ),
      directory,
      now,
    );
    await db.listings.bulkPut(listings);
    return new Map([...done, ...listings].map((l) => [l.salesOrderNumber, l]));
  });
  return read.keys.flatMap((key, i) => {
    const listing = derived.get(key) ?? read.kept[i];
    return listing && (derived.has(key) || isListingCurrent(listing, read.basis, now)) ? [listing] : [];
  });
}
