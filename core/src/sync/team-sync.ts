import type { AccountDirectory } from '../domain/account-directory.ts';
import type { ChecklistTick } from '../domain/checklist-tick.ts';
import type { Member } from '../domain/member.ts';
import type { OrderEventInput } from '../domain/order-event.ts';
import type { HoldfastDb, OrderRow } from '../store/index.ts';
import { applyDirectory, importPlacesOf } from '../store/index.ts';
import { readAccountDirectory } from './directory-doc.ts';
import { memberDocName } from './doc-names.ts';
import { readMemberAccounts } from './member-doc.ts';
import { LOCAL_EDIT } from './origins.ts';
import type { Presence } from './presence.ts';
import { openRelayWrittenDoc } from './relay-written-doc.ts';
import type { SyncProviderOptions, SyncStatus } from './sync-provider.ts';
import { planOpenDocuments, summarizeStatus, type TeamSyncStatus } from './team-sync-plan.ts';
import { announceViewing, announceViewingOnOpen, viewersIn } from './team-presence.ts';
import { createDocumentReconciler, teamDocOptions } from './team-sync-reconciler.ts';
import { adoptIntoDocs, createMovedWriteForwarder, moveAssignedOrder, type AdoptOptions } from './team-writes.ts';
import { appendOrderEventToDoc, tickChecklistStep } from './virtual-account-doc.ts';
import { holdsOrder } from './virtual-account-reads.ts';

export type { TeamSyncStatus } from './team-sync-plan.ts';
export type { AdoptOptions } from './team-writes.ts';

export type TeamSyncOptions = Pick<
  SyncProviderOptions,
  'url' | 'token' | 'WebSocket' | 'random' | 'setTimeout' | 'clearTimeout' | 'backoff' | 'keepAliveMs'
> & {
  /** The member the token names: their member document is where sync starts. */
  memberId: string;
  db: HoldfastDb;
  /** Keep every document in IndexedDB (y-indexeddb), so the team's data is there offline. */
  persist: boolean;
  /** Called whenever `state()` or someone's presence may have changed. */
  onChange: () => void;
  onError: (error: unknown) => void;
};

export interface TeamSyncState {
  status: TeamSyncStatus;
  /** Who the relay says I am, once the member document arrived. */
  member: Member | null;
  documents: { docName: string; status: SyncStatus }[];
  /** Documents whose access was revoked and whose local copy was deleted. */
  revoked: string[];
}

export interface TeamSync {
  state(): TeamSyncState;
  /** Resolves once the stored member, directory and Virtual Account documents are loaded (not waiting for the relay). */
  settled(): Promise<void>;
  /**
   * Writes a tick into the document holding the order, in the token member's name; false when no
   * synced document holds it (the order exists only here: the store writes it). The caller checks
   * the member's role first (the store's `checkChecklistTick`); the relay checks it again.
   */
  tick(tick: ChecklistTick): Promise<boolean>;
  /** Writes an order event (a review, a note, a reassignment) into the document holding the order, as `tick` does. */
  recordEvent(salesOrderNumber: string, event: OrderEventInput): Promise<boolean>;
  /**
   * Writes imported orders (store rows, which know their Virtual Account) into their documents, with
   * any imported ticks newer than the documents'. An order that moved into another synced document
   * (assigned from hold) leaves the one that held it, ticks carried along; one that moved out of
   * every synced document (delivered) is updated where it was. Returns how many orders were written.
   */
  adoptOrders(
    rows: readonly Pick<OrderRow, 'virtualAccountId' | 'order'>[],
    ticks?: readonly ChecklistTick[],
    options?: AdoptOptions,
  ): Promise<number>;
  /** The places (Virtual Account ids, on-hold buckets) of the order documents open here. */
  openPlaces(): string[];
  /** Tells the members of the order's Virtual Account which order I am looking at (null: none). */
  setViewing(salesOrderNumber: string | null): void;
  /** The other members looking at this order now. */
  viewers(salesOrderNumber: string): Presence['user'][];
  /**
   * Resolves once everything received so far is in the store and no work is queued: the stored
   * documents loaded, directories followed, documents opened and every projection caught up.
   * Tests wait on it instead of sleeping.
   */
  idle(): Promise<void>;
  /** Every document waiting to reconnect retries now. */
  reconnectNow(): void;
  /** Stops syncing; local copies stay for next time. */
  destroy(): Promise<void>;
}

/**
 * Syncs everything a member may see: their member document names the Smart Accounts they hold a
 * role on; each account's directory document (projected into the store) names its Virtual
 * Accounts and grants. `planOpenDocuments` says which documents that opens; the reconciler opens
 * and closes documents to match, as roles changed on the relay arrive.
 */
export function createTeamSync(options: TeamSyncOptions): TeamSync {
  const { db, memberId, onError } = options;
  const common = teamDocOptions(options);
  let me: Member | null = null;
  let listed: string[] = [];
  const contents = new Map<string, AccountDirectory>(); // by Smart Account id
  const revokedAccounts = new Set<string>(); // directories the relay revoked, until the member document changes
  let viewing: string | null = null;
  let stopped = false;
  let constructed = false;
  // Directory projections and document openings run one at a time, in arrival order.
  let work: Promise<void> = Promise.resolve();
  const enqueue = (step: () => Promise<void>): Promise<void> =>
    (work = work.then(() => (stopped ? undefined : step())).catch(onError));
  const changed = () => {
    if (constructed && !stopped) options.onChange();
  };

  const docs = createDocumentReconciler({
    common,
    db,
    memberId,
    user: () => (me ? { memberId, name: me.name } : null),
    onDirectory: (doc) => {
      const content = readAccountDirectory(doc);
      if (content) void enqueue(() => followDirectory(content));
    },
    onDirectoryRevoked: (smartAccountId) =>
      void enqueue(async () => {
        revokedAccounts.add(smartAccountId);
        contents.delete(smartAccountId);
        await reconcile();
      }),
    onOrdersOpened: (sync) => {
      sync.provider.awareness.on('change', changed);
      sync.doc.on('update', (_update: Uint8Array, origin: unknown) => {
        if (origin !== LOCAL_EDIT) forwardMoved([sync]);
      });
      announceViewingOnOpen(sync, viewing);
    },
    // Online and writable now: late writes waiting in any document may go into this one.
    onOrdersStatus: (_sync, status) => {
      if (status === 'synced') forwardMoved(docs.orders.values());
    },
    changed,
  });
  const reconcile = (changedAccount?: string) =>
    docs.reconcile(
      planOpenDocuments({
        memberId,
        member: me,
        smartAccountIds: listed.filter((id) => !revokedAccounts.has(id)),
        directories: contents,
      }),
      changedAccount,
    );

  const forwardMoved = createMovedWriteForwarder({
    orders: docs.orders,
    memberId,
    origin: LOCAL_EDIT,
    schedule: (step) => void enqueue(async () => step()),
  });

  const followDirectory = async (directory: AccountDirectory) => {
    await applyDirectory(db, directory);
    const smartAccountId = directory.smartAccount.id;
    if (!listed.includes(smartAccountId) || revokedAccounts.has(smartAccountId)) return;
    contents.set(smartAccountId, directory);
    await reconcile(smartAccountId);
  };

  const ownDocName = memberDocName(memberId);
  let settledOnce: Promise<void> = Promise.resolve();
  const followMember = async (content: NonNullable<ReturnType<typeof readMemberAccounts>>) => {
    me = content.member;
    await db.members.put(content.member);
    listed = [...new Set(content.smartAccounts.map((sa) => sa.id))];
    revokedAccounts.clear();
    for (const id of [...contents.keys()]) if (!listed.includes(id)) contents.delete(id);
    await reconcile();
    changed();
  };
  const memberDoc = openRelayWrittenDoc({
    ...common,
    docName: ownDocName,
    onStatus: docs.statusOf(ownDocName),
    onChange: (doc) => {
      const content = readMemberAccounts(doc);
      if (content) settledOnce = enqueue(() => followMember(content));
    },
    onRevoked: docs.forget,
  });
  constructed = true;

  const syncHolding = (salesOrderNumber: string) =>
    [...docs.orders.values()].find((sync) => holdsOrder(sync.doc, salesOrderNumber));
  const settled = async () => {
    await memberDoc.loaded;
    await settledOnce;
    await work;
    await Promise.all([...docs.orders.values()].map((sync) => sync.loaded));
  };

  return {
    state: () => ({
      status: summarizeStatus(docs.statuses.get(ownDocName), [...docs.statuses.values()]),
      member: me,
      documents: [...docs.statuses.entries()].map(([docName, status]) => ({ docName, status })),
      revoked: [...docs.revoked].sort(),
    }),
    settled,
    async tick(tick) {
      await settled();
      const sync = syncHolding(tick.salesOrderNumber);
      if (!sync) return false;
      // The relay accepts a tick only in the name of the token's member.
      tickChecklistStep(sync.doc, tick.salesOrderNumber, { ...tick, by: memberId }, LOCAL_EDIT);
      return true;
    },
    async recordEvent(salesOrderNumber, event) {
      await settled();
      const sync = syncHolding(salesOrderNumber);
      if (!sync) return false;
      appendOrderEventToDoc(sync.doc, salesOrderNumber, { ...event, by: memberId }, LOCAL_EDIT);
      // Assigned out of hold from the side panel: the order follows its history into its Virtual Account's document.
      // Only into documents the member may import into: the relay's own test for a move.
      if (event.type === 'assigned')
        moveAssignedOrder(docs.orders, sync, salesOrderNumber, LOCAL_EDIT, {
          into: await importPlacesOf(db, memberId),
        });
      return true;
    },
    async adoptOrders(rows, ticks = [], options = {}) {
      await settled();
      return adoptIntoDocs(docs.orders, rows, ticks, LOCAL_EDIT, options);
    },
    openPlaces: () => [...docs.orders.values()].map((sync) => sync.virtualAccountId),
    async idle() {
      let seen: Promise<void> | undefined;
      while (seen !== work) {
        seen = work;
        await settled();
        await Promise.all([...docs.orders.values()].map((sync) => sync.projection.flush()));
      }
    },
    setViewing(salesOrderNumber) {
      viewing = salesOrderNumber;
      announceViewing(docs.orders.values(), salesOrderNumber);
    },
    viewers(salesOrderNumber) {
      const sync = syncHolding(salesOrderNumber);
      return sync ? viewersIn(sync, salesOrderNumber, memberId) : [];
    },
    reconnectNow() {
      memberDoc.provider.reconnectNow();
      for (const directory of docs.directories.values()) directory.provider.reconnectNow();
      for (const sync of docs.orders.values()) sync.provider.reconnectNow();
    },
    async destroy() {
      if (stopped) return;
      stopped = true;
      await work;
      await memberDoc.destroy();
      await docs.closeAll();
    },
  };
}
