import type { DBCore, DBCoreKeyRange, DBCoreMutateRequest, Middleware } from 'dexie';

/** Dexie's range over every key (DBCoreRangeType.Any, a const enum the build cannot import). */
const EVERY_KEY = { type: 3, lower: -Infinity, lowerOpen: false, upper: [[]], upperOpen: false } as DBCoreKeyRange;
const CACHES = ['listings', 'listedVirtualAccounts'] as const;

/**
 * Keeps order listings (order-listing.ts) from outliving the rows they were derived from: every
 * write of order rows — the store's commands, an import, a restore, the sync projection, an
 * upgrade — also deletes the listings of those orders, and the marks of the Virtual Accounts the
 * rows are written into (every order there had a listing: no longer), in the same IndexedDB
 * transaction (a read-write transaction on `orders` is widened to both). The next read derives
 * them again. No caller has to remember it, and no listing is written here: deriving stays in one place.
 */
export const listingInvalidation: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'holdfast-listing-invalidation',
  create(down) {
    // While an upgrade from before a cache existed runs, there is nothing of it to drop.
    const has = (name: string) => down.schema.tables.some((t) => t.name === name);
    return {
      ...down,
      transaction(stores, mode, options) {
        const widened =
          mode === 'readwrite' && stores.includes('orders')
            ? [...stores, ...CACHES.filter((cache) => !stores.includes(cache) && has(cache))]
            : stores;
        return down.transaction(widened, mode, options);
      },
      table(name) {
        const table = down.table(name);
        if (name !== 'orders' || !has('listings')) return table;
        const listings = down.table('listings');
        const marks = has('listedVirtualAccounts') ? down.table('listedVirtualAccounts') : null;
        return {
          ...table,
          async mutate(req: DBCoreMutateRequest) {
            if (req.type === 'deleteRange') {
              await listings.mutate({ type: 'deleteRange', trans: req.trans, range: req.range });
              await marks?.mutate({ type: 'deleteRange', trans: req.trans, range: EVERY_KEY });
            } else {
              const keys =
                req.type === 'delete'
                  ? req.keys
                  : [
                      ...(req.keys ?? []),
                      ...(req.type === 'put' ? (req.updates?.keys ?? []) : []),
                      ...req.values.map((row: { salesOrderNumber?: unknown } | undefined) => row?.salesOrderNumber),
                    ];
              const known = keys.filter((key) => typeof key === 'string');
              if (known.length > 0) await listings.mutate({ type: 'delete', trans: req.trans, keys: known });
              // A row deleted takes its listing along: its Virtual Account stays fully listed.
              if (marks && req.type !== 'delete') {
                const places = req.values.map(
                  (row: { virtualAccountId?: unknown } | undefined) => row?.virtualAccountId,
                );
                if (places.every((place) => typeof place === 'string'))
                  await marks.mutate({ type: 'delete', trans: req.trans, keys: [...new Set(places)] });
                else await marks.mutate({ type: 'deleteRange', trans: req.trans, range: EVERY_KEY });
              }
            }
            return table.mutate(req);
          },
        };
      },
    };
  },
};
