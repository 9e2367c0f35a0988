import type { DBCore, DBCoreMutateRequest, Middleware } from 'dexie';

/**
 * Keeps order listings (order-listing.ts) from outliving the rows they were derived from: every
 * write of order rows — the store's commands, an import, a restore, the sync projection, an
 * upgrade — also deletes the listings of those orders, in the same IndexedDB transaction (a
 * read-write transaction on `orders` is widened to `listings`). The next read derives them again.
 * No caller has to remember it, and no listing is written here: deriving stays in one place.
 */
export const listingInvalidation: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'holdfast-listing-invalidation',
  create(down) {
    return {
      ...down,
      transaction(stores, mode, options) {
        const widened =
          mode === 'readwrite' &&
          stores.includes('orders') &&
          !stores.includes('listings') &&
          down.schema.tables.some((t) => t.name === 'listings')
            ? [...stores, 'listings']
            : stores;
        return down.transaction(widened, mode, options);
      },
      table(name) {
        const table = down.table(name);
        // While an upgrade from before listings existed runs, there are none to drop.
        if (name !== 'orders' || !down.schema.tables.some((t) => t.name === 'listings')) return table;
        const listings = down.table('listings');
        return {
          ...table,
          async mutate(req: DBCoreMutateRequest) {
            if (req.type === 'deleteRange')
              await listings.mutate({ type: 'deleteRange', trans: req.trans, range: req.range });
            else {
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
            }
            return table.mutate(req);
          },
        };
      },
    };
  },
};
