import type { Observable } from 'dexie';
import type { ChecklistTick } from '../domain/checklist-tick.ts';
import type { HoldfastSnapshot } from '../domain/holdfast-snapshot.ts';
import type { OrderStatus } from '../domain/lifecycle-state.ts';
import type { OrderEvent, OrderEventInput } from '../domain/order-event.ts';
import type { RuleSettings } from '../domain/settings.ts';
import type { ImportError } from '../io/import-error.ts';
import type { HoldfastBackup } from './backup.ts';
import type { FindingRef } from './finding-states.ts';
import type { HoldfastDb } from './holdfast-db.ts';
import type { ImportReport, ImportSnapshotOptions } from './import-snapshot.ts';
import type { OrderListing } from './order-listing.ts';
import type { OrderScope } from './order-scope.ts';
import type { OrdersPageOptions } from './orders-page-query.ts';
import type { DueForReviewOptions } from './review-query.ts';
import type { ActivityRow, FindingStateRow, OrderRow } from './rows.ts';
import type { OrderPage } from './scoped-page.ts';
import type { SearchOptions } from './search-query.ts';

// What the store offers (create-store.ts builds it): one interface for every page and the worker.

/** What an import with sync on did beyond the store's report (see `importIntoDocuments`). */
export interface SharedImport {
  /** Orders written into synced documents (their rows follow through the projection). */
  shared: number;
  /** Orders kept on this computer only: no document the member may import into takes them. */
  keptLocal: number;
  /** Orders the file changes that a document holds where the member may not import: left as they are. */
  notImported: string[];
}

export type ImportOutcome =
  { ok: true; report: ImportReport; sync?: SharedImport } | { ok: false; errors: ImportError[] };

/** Holdfast's local store: every read is scoped to a member, every edit checked against the matrix. */
export interface HoldfastStore {
  readonly db: HoldfastDb;
  /**
   * Reads an order file — CSV, `.xlsx` (given as bytes), CCW order API JSON or Holdfast JSON — and
   * imports it all, or writes nothing and returns every error.
   */
  importFile(
    content: string | Uint8Array,
    options: Pick<ImportSnapshotOptions, 'onProgress' | 'documentPlaces'> & {
      fileName: string;
      now: Date;
      actorId: string;
    },
  ): Promise<ImportOutcome>;
  /** Imports a parsed snapshot; with `documentPlaces` (sync on) as `importFile` does, see `ImportSnapshotOptions`. */
  importSnapshot(
    snapshot: HoldfastSnapshot,
    options: Pick<ImportSnapshotOptions, 'now' | 'actorId' | 'source' | 'documentPlaces'>,
  ): Promise<ImportReport>;
  exportSnapshot(now: Date): Promise<HoldfastSnapshot>;
  exportOrdersCsv(): Promise<string>;
  backup(now: Date): Promise<HoldfastBackup>;
  backupJson(now: Date): Promise<string>;
  /** Replaces everything by the backup (an object or the text of a backup file). */
  restore(backup: HoldfastBackup | string): Promise<void>;

  scopeOf(memberId: string): Promise<OrderScope>;
  ordersPage(memberId: string, options?: OrdersPageOptions): Promise<OrderPage>;
  dueForReview(
    memberId: string,
    options: Omit<DueForReviewOptions, 'reviewIntervalDays'> & { reviewIntervalDays?: number },
  ): Promise<OrderPage>;
  searchOrders(memberId: string, text: string, options?: SearchOptions): Promise<OrderRow[]>;
  countByStatus(memberId: string): Promise<Record<OrderStatus, number>>;
  /**
   * What the lists show of every order the member may see, with the rules' findings (before
   * dismissals and snoozes), current at `now`: kept listings, the missing or stale derived and kept
   * (order-listing.ts). No history is read for an order whose listing is current.
   */
  listOrders(memberId: string, now: Date): Promise<OrderListing[]>;
  /** The order if the member may see it, else undefined. */
  getOrder(memberId: string, salesOrderNumber: string): Promise<OrderRow | undefined>;
  checklistProgress(salesOrderNumber: string): Promise<Record<string, ChecklistTick>>;
  activity(limit?: number): Promise<ActivityRow[]>;

  recordOrderEvent(memberId: string, salesOrderNumber: string, event: OrderEventInput): Promise<OrderRow>;
  /** Checks an event as `recordOrderEvent` would, writing nothing (sync then writes it into the order's document). */
  checkOrderEvent(memberId: string, salesOrderNumber: string, event: OrderEventInput): Promise<OrderEvent>;
  /** Checks a tick as `tickChecklistStep` would, writing nothing; returns it in the member's name. */
  checkChecklistTick(memberId: string, tick: ChecklistTick): Promise<ChecklistTick>;
  tickChecklistStep(memberId: string, tick: ChecklistTick): Promise<ChecklistTick>;
  dismissFinding(memberId: string, ref: FindingRef, now: Date): Promise<FindingStateRow>;
  snoozeFinding(memberId: string, ref: FindingRef, until: Date, now: Date): Promise<FindingStateRow>;
  clearFindingState(ref: FindingRef): Promise<void>;
  hiddenFindingKeys(now: Date): Promise<Set<string>>;
  settings(): Promise<RuleSettings>;
  updateSettings(change: Partial<RuleSettings>): Promise<RuleSettings>;

  /** Dexie live queries: each emits again whenever a table it read changes. */
  live: {
    ordersPage(memberId: string, options?: OrdersPageOptions): Observable<OrderPage>;
    dueForReview(memberId: string, options: Omit<DueForReviewOptions, 'reviewIntervalDays'>): Observable<OrderPage>;
    searchOrders(memberId: string, text: string, options?: SearchOptions): Observable<OrderRow[]>;
    countByStatus(memberId: string): Observable<Record<OrderStatus, number>>;
    order(memberId: string, salesOrderNumber: string): Observable<OrderRow | undefined>;
    activity(limit?: number): Observable<ActivityRow[]>;
  };
  /**
   * Calls `listener` after every committed write to this store, made here or in another context of
   * the same origin (extension pages and the service worker); returns the unsubscribe function.
   * For views that recompute from many tables at once, where one live query per table would not do.
   * Given `tables`, only writes to those tables call it (a cache of the directory, say).
   */
  onChange(listener: () => void, tables?: readonly (keyof HoldfastDb & string)[]): () => void;
  close(): void;
}
