/**
 * @holdfast/core/store — Holdfast's local store on IndexedDB through Dexie.
 *
 * Open it with `createStore({ name, indexedDB, IDBKeyRange })`: the browser's IndexedDB in the
 * extension, `fake-indexeddb` in Node. `HoldfastDb` declares every schema version in one place.
 *
 * Tables and their rows (row types are zod-inferred, see `rows.ts`):
 *   organizations, smartAccounts, virtualAccounts, members, roleGrants  — domain types as they are
 *   orders          — `OrderRow`: `{ salesOrderNumber, order, ...columns derived by toOrderRow(order) }`
 *   checklistTicks  — `ChecklistTick`, keyed [salesOrderNumber+stepId+by+at]
 *   findingStates   — `FindingStateRow` (dismissed / snoozed findings)
 *   settings        — `SettingsRow` ({ key: 'rules', value: RuleSettings })
 *   activityLog     — `ActivityRow` (++seq), with the `origin` of each change
 *   listings        — `OrderListing`: what the lists show of each order, a cache derived from the
 *                     row, directory and settings (order-listing.ts); dropped whenever the row is written
 *
 * Write API for the sync library (each joins the caller's `db.transaction('rw', …)` if any):
 *   putOrders(db, orders) · deleteOrders(db, salesOrderNumbers)
 *   replaceVirtualAccountOrders(db, virtualAccountId, orders) — exactly these orders in that VA
 *   applyDirectory(db, accountDirectory) — one Smart Account's directory doc, made exact
 *   putChecklistTicks(db, ticks)
 * Orders are always written through `toOrderRow`, which folds the history into the indexed
 * columns; never write derived columns by hand.
 *
 * Reads are scoped: `scopeOf(db, memberId)` turns the member's grants and `can(…, 'view-order', …)`
 * into the Virtual Accounts they may see; page queries read each through a compound index.
 */
export * from './rows.ts';
export * from './holdfast-db.ts';
export * from './order-row.ts';
export * from './write-api.ts';
export * from './errors.ts';
export * from './order-scope.ts';
export * from './scoped-page.ts';
export * from './orders-page-query.ts';
export * from './review-query.ts';
export * from './search-query.ts';
export * from './count-query.ts';
export * from './order-listing.ts';
export * from './listing-query.ts';
export * from './merge-order.ts';
export * from './import-snapshot.ts';
export * from './import-places.ts';
export * from './kept-local.ts';
export * from './backup.ts';
export * from './order-edits.ts';
export * from './finding-states.ts';
export * from './create-store.ts';
export * from './holdfast-store.ts';
export * from '../io/index.ts';
