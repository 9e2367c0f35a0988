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

const vaRange = (va: string) => [
  [va, Dexie.minKey, Dexie.minKey],
  [va, Dexie.maxKey, Dexie.maxKey],
];
const ordersOf = (db: HoldfastDb, va: string) =>
  db.orders.where('[virtualAccountId+since+salesOrderNumber]').between(vaRange(va)[0], vaRange(va)[1]);
const listingsOf = (db: HoldfastDb, va: string) =>
  db.listings.where('[virtualAccountId+since+salesOrderNumber]').between(vaRange(va)[0], vaRange(va)[1]);

/**
 * The scope's kept listings, one range read per Virtual Account, and the sales order numbers they
 * should cover: for a Virtual Account marked as fully listed (`listedVirtualAccounts`), its
 * listings' own; for any other, every order's key from the orders' index (no row is read), which
 * is what finds the orders that have no listing. Both indexes have the same order.
 */
async function readScope(db: HoldfastDb, scope: OrderScope) {
  const marked = await db.listedVirtualAccounts.bulkGet([...scope.virtualAccountIds]);
  const perVa = await Promise.all(
    scope.virtualAccountIds.map(async (va, i) => {
      const [listings, keys] = await Promise.all([
        listingsOf(db, va).toArray(),
        marked[i] ? null : ordersOf(db, va).primaryKeys(),
      ]);
      return { listings, keys: keys ?? listings.map((listing) => listing.salesOrderNumber) };
    }),
  );
  const unmarked = scope.virtualAccountIds.filter((_, i) => !marked[i]);
  return { keys: perVa.flatMap((va) => va.keys), listings: perVa.flatMap((va) => va.listings), unmarked };
}

/**
 * The listings of every order the member may see, current at `now`. Kept listings are read as
 * they are; the missing or stale ones (see order-listing.ts) are derived from their rows and kept,
 * in a read-write transaction that reads those rows again: a row written meanwhile is what counts.
 * That transaction also marks the Virtual Accounts it found unmarked as fully listed, once every
 * order it holds then has a listing.
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
  const caches = [db.listings, db.listedVirtualAccounts];
  const read = await db.transaction('r', [db.orders, ...caches, ...directoryTables], async () => {
    const [{ keys, listings, unmarked }, directory] = await Promise.all([
      readScope(db, scope),
      readListingDirectory(db),
    ]);
    const byNumber = new Map(listings.map((listing) => [listing.salesOrderNumber, listing]));
    return { keys, unmarked, kept: keys.map((key) => byNumber.get(key)), basis: listingBasis(directory) };
  });
  const stale = read.keys.filter((_, i) => !isListingCurrent(read.kept[i], read.basis, now));
  if (stale.length === 0 && read.unmarked.length === 0) return read.kept as OrderListing[];
  const derived = await db.transaction('rw', [db.orders, ...caches, ...directoryTables], async () => {
    const [again, directory, unmarkedKeys] = await Promise.all([
      db.listings.bulkGet(stale),
      readListingDirectory(db),
      Promise.all(
        read.unmarked.map((va) => Promise.all([ordersOf(db, va).primaryKeys(), listingsOf(db, va).primaryKeys()])),
      ),
    ]);
    const basis = listingBasis(directory);
    // Another page may have derived them meanwhile (the side panel and the background both read).
    const done = again.filter((listing): listing is OrderListing => isListingCurrent(listing, basis, now));
    const todo = new Set(stale.filter((_, i) => !isListingCurrent(again[i], basis, now)));
    // An unmarked Virtual Account is marked only with every order it holds now listed.
    for (const [orderKeys, listingKeys] of unmarkedKeys) {
      const listed = new Set(listingKeys);
      for (const key of orderKeys) if (!listed.has(key)) todo.add(key);
    }
    const rows = await db.orders.bulkGet([...todo]);
    // A row deleted meanwhile has no listing; one moved out of the scope is left to the next read.
    const listings = deriveListings(
      rows.filter(
        (row): row is OrderRow => row !== undefined && scope.virtualAccountIds.includes(row.virtualAccountId),
      ),
      directory,
      now,
    );
    await db.listings.bulkPut(listings);
    await db.listedVirtualAccounts.bulkPut(read.unmarked.map((virtualAccountId) => ({ virtualAccountId })));
    return new Map([...done, ...listings].map((l) => [l.salesOrderNumber, l]));
  });
  return read.keys.flatMap((key, i) => {
    const listing = derived.get(key) ?? read.kept[i];
    return listing && (derived.has(key) || isListingCurrent(listing, read.basis, now)) ? [listing] : [];
  });
}
