import type { HoldfastDb } from '../store/index.ts';
import { importPlacesOf, localOrdersIn } from '../store/index.ts';
import { clearProjection } from './dexie-projection.ts';
import { clearLocalDoc } from './local-persistence.ts';
import { openRelayWrittenDoc, type RelayWrittenDoc } from './relay-written-doc.ts';
import type { SyncProviderOptions, SyncStatus } from './sync-provider.ts';
import type { PlannedDoc } from './team-sync-plan.ts';
import { createVirtualAccountSync, type VirtualAccountSync } from './virtual-account-sync.ts';

/** What every document of a member's sync is opened with. */
export type TeamDocOptions = Pick<
  SyncProviderOptions,
  'url' | 'token' | 'WebSocket' | 'random' | 'setTimeout' | 'clearTimeout' | 'backoff' | 'keepAliveMs'
> & { persist: boolean; onError: (error: unknown) => void };

/** The fields of `options` every document is opened with (and nothing else of the caller's). */
export const teamDocOptions = (options: TeamDocOptions): TeamDocOptions => ({
  url: options.url,
  token: options.token,
  WebSocket: options.WebSocket,
  random: options.random,
  setTimeout: options.setTimeout,
  clearTimeout: options.clearTimeout,
  backoff: options.backoff,
  keepAliveMs: options.keepAliveMs,
  persist: options.persist,
  onError: options.onError,
});

/** An open document of orders: a Virtual Account's, or the organisation's on-hold document. */
export type OpenOrdersDoc = VirtualAccountSync & { readonly virtualAccountId: string };

export interface DocumentReconcilerOptions {
  common: TeamDocOptions;
  db: HoldfastDb;
  memberId: string;
  /** The member's name as presence shows it; order documents open only once it is known. */
  user: () => { memberId: string; name: string } | null;
  /** A directory document loaded or changed. */
  onDirectory(doc: RelayWrittenDoc['doc']): void;
  /** The relay revoked a directory (4410): its local copy is already gone. */
  onDirectoryRevoked(smartAccountId: string): void;
  /** An order document opened: the caller hooks presence and forwarding onto it. */
  onOrdersOpened(sync: OpenOrdersDoc): void;
  onOrdersStatus(docName: string, status: SyncStatus): void;
  /** A status, the revoked list or someone's presence may have changed. */
  changed(): void;
}

export interface DocumentReconciler {
  /**
   * Opens what the plan names and is not open, closes what is open and the plan does not name
   * (forgetting its local copy and rows: the member lost access). A document the relay revoked on
   * its own stays closed until a directory that opens it changes (`changedAccount`).
   * Resolves once the directories opened are loaded from their stored copies.
   */
  reconcile(plan: readonly PlannedDoc[], changedAccount?: string): Promise<void>;
  /** Closes everything, keeping local copies for next time. */
  closeAll(): Promise<void>;
  /** Records a status of a document not opened here (the member document). */
  statusOf(docName: string): (status: SyncStatus) => void;
  /** Records a document as revoked (its local copy deleted). */
  forget(docName: string): void;
  readonly directories: ReadonlyMap<string, RelayWrittenDoc>;
  /** Open order documents by doc name. */
  readonly orders: ReadonlyMap<string, OpenOrdersDoc>;
  readonly statuses: ReadonlyMap<string, SyncStatus>;
  readonly revoked: ReadonlySet<string>;
}

export function createDocumentReconciler(options: DocumentReconcilerOptions): DocumentReconciler {
  const { common, db, memberId } = options;
  const directories = new Map<string, RelayWrittenDoc>(); // by Smart Account id
  const orders = new Map<string, OpenOrdersDoc>();
  const statuses = new Map<string, SyncStatus>();
  const revoked = new Set<string>();
  /** Order documents the relay revoked, by the Smart Accounts whose directory opened them. */
  const heldBack = new Map<string, readonly string[]>();

  const statusOf = (docName: string) => (status: SyncStatus) => {
    statuses.set(docName, status);
    options.changed();
  };
  const forget = (docName: string) => {
    statuses.delete(docName);
    revoked.add(docName);
    options.changed();
  };

  const openOrders = (planned: Extract<PlannedDoc, { kind: 'orders' }>) => {
    const user = options.user();
    const { docName, virtualAccountId } = planned;
    if (orders.has(docName) || !user) return;
    const sync: OpenOrdersDoc = Object.assign(
      createVirtualAccountSync({
        ...common,
        docName,
        db,
        user,
        onStatus: (status) => {
          statusOf(docName)(status);
          options.onOrdersStatus(docName, status);
        },
        // Rows that exist only here (imported or edited while sync was off) are shared when the
        // document opens; rows that came from any document are that document's and stay out.
        // Only where the member may import: the relay refuses orders (and their facts) from anyone else.
        localChanges: async () =>
          (await importPlacesOf(db, memberId)).has(virtualAccountId)
            ? localOrdersIn(db, virtualAccountId)
            : { orders: [], ticks: [] },
        // An order that left this document may be waiting to be projected from the one it moved to.
        onReleased: (numbers) => {
          for (const other of orders.values()) if (other !== sync) other.projection.reproject(numbers);
        },
        onRevoked: () => {
          orders.delete(docName);
          heldBack.set(docName, planned.openedBy);
          forget(docName);
          void sync.destroy().catch(common.onError);
        },
      }),
      { virtualAccountId },
    );
    orders.set(docName, sync);
    options.onOrdersOpened(sync);
  };

  const closeOrders = async (docName: string, forgetIt: boolean) => {
    const sync = orders.get(docName);
    if (!sync) return;
    orders.delete(docName);
    statuses.delete(docName);
    await sync.destroy();
    if (forgetIt) {
      if (common.persist) await clearLocalDoc(docName);
      await clearProjection(db, docName);
      forget(docName);
    }
  };

  const openDirectory = ({ smartAccountId, docName }: Extract<PlannedDoc, { kind: 'directory' }>) => {
    const open = directories.get(smartAccountId);
    if (open) return open.loaded;
    const directory = openRelayWrittenDoc({
      ...common,
      docName,
      onStatus: statusOf(docName),
      onChange: options.onDirectory,
      onRevoked: () => options.onDirectoryRevoked(smartAccountId),
    });
    directories.set(smartAccountId, directory);
    return directory.loaded;
  };

  const closeDirectory = async (smartAccountId: string, forgetIt: boolean) => {
    const directory = directories.get(smartAccountId);
    if (!directory) return;
    directories.delete(smartAccountId);
    statuses.delete(directory.docName);
    await directory.destroy({ forget: forgetIt });
    if (forgetIt) {
      // The relay no longer lists this account for me: my grants on it go from the store as well.
      await db.roleGrants
        .where('smartAccountId')
        .equals(smartAccountId)
        .filter((g) => g.memberId === memberId)
        .delete();
      forget(directory.docName);
    }
  };

  return {
    async reconcile(plan, changedAccount) {
      if (changedAccount !== undefined)
        for (const [docName, openedBy] of heldBack) if (openedBy.includes(changedAccount)) heldBack.delete(docName);
      const wanted = new Set(plan.map((p) => p.docName));
      for (const docName of [...orders.keys()]) if (!wanted.has(docName)) await closeOrders(docName, true);
      for (const [smartAccountId, directory] of [...directories])
        if (!wanted.has(directory.docName)) await closeDirectory(smartAccountId, true);
      const loading: Promise<void>[] = [];
      for (const doc of plan) {
        if (doc.kind === 'directory') loading.push(openDirectory(doc));
        else if (!heldBack.has(doc.docName)) openOrders(doc);
      }
      // Wait for each directory's stored copy, so `settled` means its Virtual Accounts are open.
      await Promise.all(loading);
    },
    async closeAll() {
      for (const docName of [...orders.keys()]) await closeOrders(docName, false);
      for (const smartAccountId of [...directories.keys()]) await closeDirectory(smartAccountId, false);
    },
    statusOf,
    forget,
    directories,
    orders,
    statuses,
    revoked,
  };
}
