import type { ChecklistTick } from '../domain/checklist-tick.ts';
import type { HoldfastSnapshot } from '../domain/holdfast-snapshot.ts';
import type { Order } from '../domain/order.ts';
import {
  importPlacesOf,
  putChecklistTicks,
  putOrders,
  type HoldfastDb,
  type HoldfastStore,
  type ImportOutcome,
  type ImportSnapshotOptions,
} from '../store/index.ts';
import type { TeamSync } from './team-sync.ts';

export interface ImportWithSyncOptions {
  fileName: string;
  now: Date;
  /** The member importing: the token's member, whose roles decide where the import may write. */
  actorId: string;
  onProgress?: ImportSnapshotOptions['onProgress'];
}

/** The part of team sync an import writes through. */
export type ImportTeam = Pick<TeamSync, 'openPlaces' | 'adoptOrders' | 'idle'>;

/**
 * An import while team sync runs, with one writer per row: orders placed where the member may
 * import into an open document (and orders whose row came from a document) are written into the
 * documents, and their rows follow through the projection; the store writes the rest (local-only
 * rows, kept and shown, as without sync). An order a document holds where the member may not import
 * is not touched by anyone: its document stays its one source. Resolves once the projections have
 * written the shared orders' rows.
 */
export function importIntoDocuments(
  store: Pick<HoldfastStore, 'db' | 'importFile'>,
  team: ImportTeam,
  content: string | Uint8Array,
  options: ImportWithSyncOptions,
): Promise<ImportOutcome> {
  return withDocuments(store.db, team, options.actorId, (documentPlaces) =>
    store.importFile(content, { ...options, documentPlaces }),
  );
}

/**
 * The same for orders Holdfast built itself rather than read from a file (an order tracked from
 * the portal page): what a document of the member's may take goes there, the rest to the store.
 */
export function importSnapshotIntoDocuments(
  store: Pick<HoldfastStore, 'db' | 'importSnapshot'>,
  team: ImportTeam,
  snapshot: HoldfastSnapshot,
  options: { now: Date; actorId: string; source: string },
): Promise<ImportOutcome> {
  return withDocuments(store.db, team, options.actorId, async (documentPlaces) => ({
    ok: true,
    report: await store.importSnapshot(snapshot, { ...options, documentPlaces }),
  }));
}

/** Runs an import told which places' documents take its orders, then writes those into them. */
async function withDocuments(
  db: HoldfastDb,
  team: ImportTeam,
  actorId: string,
  importInto: (documentPlaces: ReadonlySet<string>) => Promise<ImportOutcome>,
): Promise<ImportOutcome> {
  const mayImport = await importPlacesOf(db, actorId);
  const documentPlaces = new Set(team.openPlaces().filter((place) => mayImport.has(place)));
  const outcome = await importInto(documentPlaces);
  if (!outcome.ok) return outcome;
  const { forDocuments, forDocumentTicks } = outcome.report;
  const unplaced: Order[] = [];
  await team.adoptOrders(forDocuments, forDocumentTicks, {
    into: documentPlaces,
    unplaced: (row) => unplaced.push(row.order),
  });
  // No open document took these (the place's document closed meanwhile, or it moved somewhere not
  // synced here). A row that exists only here is written by the store, so nothing is lost; a row a
  // document holds stays that document's.
  const rows = await db.orders.bulkGet(unplaced.map((order) => order.salesOrderNumber));
  const local = unplaced.filter((_, i) => rows[i]?.sourceDoc === undefined);
  const notImported = unplaced.filter((_, i) => rows[i]?.sourceDoc !== undefined).map((o) => o.salesOrderNumber);
  const localNumbers = new Set(local.map((order) => order.salesOrderNumber));
  const localTicks: ChecklistTick[] = forDocumentTicks.filter((tick) => localNumbers.has(tick.salesOrderNumber));
  await db.transaction('rw', db.orders, db.checklistTicks, async () => {
    await putOrders(db, local);
    await putChecklistTicks(db, localTicks);
  });
  await team.idle();
  const toDocuments = new Set(forDocuments.map((row) => row.order.salesOrderNumber));
  const keptLocal = outcome.report.changedOrders.filter((number) => !toDocuments.has(number)).length + local.length;
  return { ...outcome, sync: { shared: forDocuments.length - unplaced.length, keptLocal, notImported } };
}
