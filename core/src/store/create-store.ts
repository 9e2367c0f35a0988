import { Dexie, liveQuery, type ObservabilitySet } from 'dexie';
import type { HoldfastSnapshot } from '../domain/holdfast-snapshot.ts';
import { ruleSettingsSchema, DEFAULT_RULE_SETTINGS, type RuleSettings } from '../domain/settings.ts';
import type { ParseResult } from '../io/import-error.ts';
import { isWorkbookFile } from '../io/is-workbook-file.ts';
import type { ReadProgress } from '../io/check-snapshot-in-steps.ts';
import type { ReadOrdersFileOptions } from '../io/read-orders-file.ts';
import { backupToJson, createBackup, exportSnapshot, parseBackupJson, restoreBackup } from './backup.ts';
import { countByStatus } from './count-query.ts';
import { listOrders } from './listing-query.ts';
import { ImportRefusedError } from './errors.ts';
import { clearFindingState, hiddenFindingKeys, setFindingState } from './finding-states.ts';
import { HoldfastDb, type HoldfastDbOptions } from './holdfast-db.ts';
import { importSnapshot } from './import-snapshot.ts';
import {
  checkChecklistTick,
  checklistProgress,
  checkOrderEvent,
  recordOrderEvent,
  tickChecklistStep,
} from './order-edits.ts';
import { scopeOf, type OrderScope } from './order-scope.ts';
import { createScopeCache } from './scope-cache.ts';
import { ordersPage } from './orders-page-query.ts';
import { dueForReview } from './review-query.ts';
import { searchOrders } from './search-query.ts';
import type { HoldfastStore } from './holdfast-store.ts';

/**
 * Text or bytes, sniffed: a workbook is read by the `.xlsx` reader, anything else as text. The
 * readers are loaded when a file comes, not with the store: the pages that only read orders (the
 * side panel, opened all day) never parse the CSV, JSON or `.xlsx` readers.
 */
async function readAnyOrdersFile(
  content: string | Uint8Array,
  options: ReadOrdersFileOptions & { onProgress: ReadProgress },
): Promise<ParseResult<HoldfastSnapshot>> {
  const { readOrdersFileInSteps } = await import('../io/read-orders-file.ts');
  if (typeof content === 'string') return readOrdersFileInSteps(content, options);
  if (!isWorkbookFile(content, options.fileName))
    return readOrdersFileInSteps(new TextDecoder().decode(content), options);
  const { readOrdersWorkbook } = await import('../io/read-orders-workbook.ts');
  return readOrdersWorkbook(content, options);
}

export function createStore(options: HoldfastDbOptions): HoldfastStore {
  const db = new HoldfastDb(options);
  // Queries use the cached scope; live queries compute it inside the query, so Dexie sees them
  // read the directory and re-runs them when a role changes.
  const scopes = createScopeCache(db);
  const settings = async (): Promise<RuleSettings> => (await db.settings.get('rules'))?.value ?? DEFAULT_RULE_SETTINGS;
  const visibleOrder = async (scope: OrderScope, salesOrderNumber: string) => {
    const row = await db.orders.get(salesOrderNumber);
    return row && scope.virtualAccountIds.includes(row.virtualAccountId) ? row : undefined;
  };
  const store: HoldfastStore = {
    db,
    async importFile(content, { fileName, now, actorId, onProgress, documentPlaces }) {
      const known = await db.transaction('r', [db.organizations, db.smartAccounts, db.virtualAccounts], async () => ({
        organizations: await db.organizations.toArray(),
        smartAccounts: await db.smartAccounts.toArray(),
        virtualAccounts: await db.virtualAccounts.toArray(),
      }));
      // The file's events are recorded by "import", not by whoever imports it: the same export
      // imported again by someone else is the same history, and credits nothing to them.
      const read = await readAnyOrdersFile(content, {
        fileName,
        now,
        known,
        onProgress: (done, total) => onProgress?.({ phase: 'reading', done, total }),
      });
      if (!read.ok) return read;
      // A portal export that names no reseller is the importing partner's own: its on-hold orders are theirs.
      const importer = await db.members.get(actorId);
      const importerOrganization = importer ? await db.organizations.get(importer.organizationId) : undefined;
      const orders = read.value.orders.map((order) =>
        order.reseller || order.distributor || !importer
          ? order
          : {
              ...order,
              reseller: {
                name: importerOrganization?.name ?? importer.organizationId,
                organizationId: importer.organizationId,
              },
            },
      );
      try {
        return {
          ok: true,
          report: await importSnapshot(
            db,
            { ...read.value, orders },
            { now, actorId, source: fileName, onProgress, documentPlaces },
          ),
        };
      } catch (error) {
        if (error instanceof ImportRefusedError) return { ok: false, errors: error.errors };
        throw error;
      }
    },
    importSnapshot: (snapshot, { now, actorId, source, documentPlaces }) =>
      importSnapshot(db, snapshot, { now, actorId, source, documentPlaces }),
    exportSnapshot: (now) => exportSnapshot(db, now),
    async exportOrdersCsv() {
      const [orders, smartAccounts, virtualAccounts] = await db.transaction(
        'r',
        [db.orders, db.smartAccounts, db.virtualAccounts],
        () => Promise.all([db.orders.toArray(), db.smartAccounts.toArray(), db.virtualAccounts.toArray()]),
      );
      const { ordersToCsv } = await import('../io/orders-to-csv.ts');
      return ordersToCsv({ orders: orders.map((r) => r.order), smartAccounts, virtualAccounts });
    },
    backup: (now) => createBackup(db, now),
    backupJson: async (now) => backupToJson(await createBackup(db, now)),
    restore: (backup) => restoreBackup(db, typeof backup === 'string' ? parseBackupJson(backup) : backup),

    scopeOf: (memberId) => scopes.scopeOf(memberId),
    ordersPage: async (memberId, opts) => ordersPage(db, await scopes.scopeOf(memberId), opts),
    dueForReview: async (memberId, opts) =>
      dueForReview(db, await scopes.scopeOf(memberId), {
        ...opts,
        reviewIntervalDays: opts.reviewIntervalDays ?? (await settings()).reviewIntervalDays,
      }),
    searchOrders: async (memberId, text, opts) => searchOrders(db, await scopes.scopeOf(memberId), text, opts),
    countByStatus: async (memberId) => countByStatus(db, await scopes.scopeOf(memberId)),
    listOrders: async (memberId, now) => listOrders(db, await scopes.scopeOf(memberId), now),
    getOrder: async (memberId, salesOrderNumber) => visibleOrder(await scopes.scopeOf(memberId), salesOrderNumber),
    checklistProgress: (salesOrderNumber) => checklistProgress(db, salesOrderNumber),
    activity: (limit = 100) => db.activityLog.orderBy('seq').reverse().limit(limit).toArray(),

    recordOrderEvent: (memberId, salesOrderNumber, event) => recordOrderEvent(db, memberId, salesOrderNumber, event),
    tickChecklistStep: (memberId, tick) => tickChecklistStep(db, memberId, tick),
    checkOrderEvent: (memberId, salesOrderNumber, event) => checkOrderEvent(db, memberId, salesOrderNumber, event),
    checkChecklistTick: (memberId, tick) => checkChecklistTick(db, memberId, tick),
    dismissFinding: (memberId, ref, now) =>
      setFindingState(db, ref, { state: 'dismissed', until: null, by: memberId, at: now.toISOString() }),
    snoozeFinding: (memberId, ref, until, now) =>
      setFindingState(db, ref, { state: 'snoozed', until: until.toISOString(), by: memberId, at: now.toISOString() }),
    clearFindingState: (ref) => clearFindingState(db, ref),
    hiddenFindingKeys: (now) => hiddenFindingKeys(db, now),
    settings,
    async updateSettings(change) {
      const value = ruleSettingsSchema.parse({ ...(await settings()), ...change });
      await db.settings.put({ key: 'rules', value });
      return value;
    },

    live: {
      ordersPage: (memberId, opts) => liveQuery(async () => ordersPage(db, await scopeOf(db, memberId), opts)),
      dueForReview: (memberId, opts) =>
        liveQuery(async () =>
          dueForReview(db, await scopeOf(db, memberId), {
            ...opts,
            reviewIntervalDays: (await settings()).reviewIntervalDays,
          }),
        ),
      searchOrders: (memberId, text, opts) =>
        liveQuery(async () => searchOrders(db, await scopeOf(db, memberId), text, opts)),
      countByStatus: (memberId) => liveQuery(async () => countByStatus(db, await scopeOf(db, memberId))),
      order: (memberId, salesOrderNumber) =>
        liveQuery(async () => visibleOrder(await scopeOf(db, memberId), salesOrderNumber)),
      activity: (limit) => liveQuery(() => store.activity(limit)),
    },
    onChange(listener, tables) {
      const prefixes = (tables ?? ['']).map((table) => `idb://${db.name}/${table}${table ? '/' : ''}`);
      // Listings are a cache of the other tables: keeping them changes nothing anyone sees.
      const caches = [`idb://${db.name}/listings/`, `idb://${db.name}/listedVirtualAccounts/`];
      const onMutated = (parts: ObservabilitySet) => {
        if (
          Object.keys(parts).some(
            (part) =>
              !caches.some((cache) => part.startsWith(cache)) && prefixes.some((prefix) => part.startsWith(prefix)),
          )
        )
          listener();
      };
      Dexie.on('storagemutated', onMutated);
      return () => Dexie.on.storagemutated.unsubscribe(onMutated);
    },
    close() {
      scopes.close();
      db.close();
    },
  };
  return store;
}
