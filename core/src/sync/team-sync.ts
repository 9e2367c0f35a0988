import type { ChecklistTick } from '../domain/checklist-tick.ts';
import type { Member } from '../domain/member.ts';
import type { Order } from '../domain/order.ts';
import type { OrderEventInput } from '../domain/order-event.ts';
import type { HoldfastDb } from '../store/index.ts';
import { onHoldBucket } from '../domain/on-hold-bucket.ts';
import type { OrderRow } from '../store/index.ts';
import { applyDirectory, importPlacesOf, localOrdersIn } from '../store/index.ts';
import { clearProjection } from './dexie-projection.ts';
import type { AccountDirectory } from '../domain/account-directory.ts';
import { readAccountDirectory } from './directory-doc.ts';
import { docAccess, type DocAccess } from './doc-access.ts';
import { directoryDocName, memberDocName, onHoldDocName, virtualAccountDocName } from './doc-names.ts';
import { clearLocalDoc } from './local-persistence.ts';
import { readMemberAccounts } from './member-doc.ts';
import { LOCAL_EDIT } from './origins.ts';
import { othersPresence, type Presence } from './presence.ts';
import { openRelayWrittenDoc, type RelayWrittenDoc } from './relay-written-doc.ts';
import type { SyncProviderOptions, SyncStatus } from './sync-provider.ts';
import {
  adoptLocalChanges,
  appendOrderEventToDoc,
  forwardMovedWrites,
  holdsOrder,
  markOrderMoved,
  readOrderFromDoc,
  tickChecklistStep,
  writeOrder,
} from './virtual-account-doc.ts';
import { createVirtualAccountSync, type VirtualAccountSync } from './virtual-account-sync.ts';

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

export interface AdoptOptions {
  /** Only documents of these places are written (those the member may import into). */
  into?: ReadonlySet<string>;
  /** Told of each row no such document takes: neither its place's nor one already holding it. */
  unplaced?: (row: Pick<OrderRow, 'virtualAccountId' | 'order'>) => void;
}

/** The whole team's sync at a glance: the worst status wins, so one offline document shows. */
export type TeamSyncStatus = 'connecting' | 'synced' | 'offline' | 'unauthorized';

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

function summarize(memberDoc: SyncStatus | undefined, statuses: readonly SyncStatus[]): TeamSyncStatus {
  // The member document is refused only when the token itself is (bad, expired, unknown member).
  if (memberDoc === 'unauthorized') return 'unauthorized';
  if (statuses.includes('offline')) return 'offline';
  if (statuses.includes('connecting')) return 'connecting';
  return 'synced';
}

/**
 * Syncs everything a member may see: their member document names the Smart Accounts they hold a
 * role on; each account's directory document (projected into the store) names its Virtual
 * Accounts and grants; every Virtual Account the member's roles open (`docAccess`) gets a
 * `createVirtualAccountSync`, and so does the organisation's on-hold document when a Partner
 * Holding Account's roles open it. Roles changed on the relay open and close documents as they arrive.
 */
export function createTeamSync(options: TeamSyncOptions): TeamSync {
  const { db, memberId, onError } = options;
  const common = {
    url: options.url,
    token: options.token,
    WebSocket: options.WebSocket,
    random: options.random,
    setTimeout: options.setTimeout,
    clearTimeout: options.clearTimeout,
    backoff: options.backoff,
    keepAliveMs: options.keepAliveMs,
    persist: options.persist,
    onError,
  };
  const directories = new Map<string, RelayWrittenDoc>();
  const accounts = new Map<string, Set<string>>(); // Smart Account id → VA doc names
  const virtualAccounts = new Map<string, VirtualAccountSync & { virtualAccountId: string }>();
  const statuses = new Map<string, SyncStatus>();
  const revoked = new Set<string>();
  const onHoldSources = new Set<string>(); // Smart Account ids whose directory opens the on-hold document
  let me: Member | null = null;
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
  const statusOf = (docName: string) => (status: SyncStatus) => {
    statuses.set(docName, status);
    changed();
  };
  const forgetDoc = (docName: string) => {
    statuses.delete(docName);
    revoked.add(docName);
    changed();
  };

  /**
   * Opens a document of orders: a Virtual Account's (`smartAccountId` set: closed with its account)
   * or the member's organisation's on-hold document (`smartAccountId` null).
   */
  const openOrders = (docName: string, virtualAccountId: string, smartAccountId: string | null) => {
    if (virtualAccounts.has(docName) || !me) return;
    const sync = createVirtualAccountSync({
      ...common,
      docName,
      db,
      user: { memberId, name: me.name },
      onStatus: (status) => {
        statusOf(docName)(status);
        // Online and writable now: late writes waiting in any document may go into this one.
        if (status === 'synced') forwardMoved(virtualAccounts.values());
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
        for (const other of virtualAccounts.values()) if (other !== sync) other.projection.reproject(numbers);
      },
      onRevoked: () => {
        virtualAccounts.delete(docName);
        if (smartAccountId) accounts.get(smartAccountId)?.delete(docName);
        else onHoldSources.clear();
        forgetDoc(docName);
        void sync.destroy().catch(onError);
      },
    });
    sync.provider.awareness.on('change', changed);
    sync.doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin !== LOCAL_EDIT) forwardMoved([sync]);
    });
    if (viewing && holdsOrder(sync.doc, viewing)) sync.provider.setViewing(viewing);
    virtualAccounts.set(docName, Object.assign(sync, { virtualAccountId }));
    if (smartAccountId) accounts.get(smartAccountId)?.add(docName);
  };

  /**
   * Writes that reached an order's old document after it moved (from a replica that had not seen
   * the move yet) follow it into its new one, from whoever has both open and may write the new one
   * (connected, not read-only). Only documents that changed are looked through, once per burst.
   */
  const forwardFrom = new Set<VirtualAccountSync>();
  const forwardMoved = (sources: Iterable<VirtualAccountSync>) => {
    const queued = forwardFrom.size > 0;
    for (const source of sources) forwardFrom.add(source);
    if (queued || forwardFrom.size === 0) return;
    void enqueue(async () => {
      const writable = new Map(
        [...virtualAccounts.values()]
          .filter((sync) => sync.provider.status === 'synced')
          .map((sync) => [sync.virtualAccountId, sync.doc]),
      );
      for (const source of forwardFrom)
        if (virtualAccounts.get(source.docName) === source)
          forwardMovedWrites(source.doc, (id) => writable.get(id), memberId, LOCAL_EDIT);
      forwardFrom.clear();
    });
  };

  /**
   * The on-hold document is open while some directory (a Partner Holding Account of the member's
   * organisation) gives the member's roles access to it; the last one to stop closes it.
   */
  const followOnHold = async (smartAccountId: string, access: DocAccess, forget = true) => {
    if (!me) return;
    const docName = onHoldDocName(me.organizationId);
    if (access !== 'none') {
      onHoldSources.add(smartAccountId);
      openOrders(docName, onHoldBucket(me.organizationId), null);
    } else if (onHoldSources.delete(smartAccountId) && onHoldSources.size === 0) {
      await closeVirtualAccount(docName, forget);
    }
  };

  /** Closes a Virtual Account; with `forget`, its local copy and projected orders go too. */
  const closeVirtualAccount = async (docName: string, forget: boolean) => {
    const sync = virtualAccounts.get(docName);
    if (!sync) return;
    virtualAccounts.delete(docName);
    statuses.delete(docName);
    await sync.destroy();
    if (forget) {
      if (options.persist) await clearLocalDoc(docName);
      await clearProjection(db, docName);
      forgetDoc(docName);
    }
  };

  const followDirectory = async (directory: AccountDirectory) => {
    await applyDirectory(db, directory);
    const { smartAccount } = directory;
    const member = directory.members.find((m) => m.id === memberId) ?? me;
    if (!member) return;
    const actor = { member, grants: directory.roleGrants.filter((g) => g.memberId === memberId) };
    const context = { smartAccount, virtualAccounts: directory.virtualAccounts };
    const wanted = new Set<string>();
    for (const va of directory.virtualAccounts) {
      if (
        docAccess(
          actor,
          { kind: 'virtual-account', smartAccountId: smartAccount.id, virtualAccountId: va.id },
          context,
        ) === 'none'
      )
        continue;
      const docName = virtualAccountDocName(smartAccount.id, va.id);
      wanted.add(docName);
      openOrders(docName, va.id, smartAccount.id);
    }
    await followOnHold(
      smartAccount.id,
      docAccess(
        actor,
        { kind: 'on-hold', organizationId: member.organizationId },
        { ...context, memberAccounts: [smartAccount] },
      ),
    );
    for (const docName of [...(accounts.get(smartAccount.id) ?? [])]) {
      if (wanted.has(docName)) continue;
      accounts.get(smartAccount.id)!.delete(docName);
      await closeVirtualAccount(docName, true);
    }
  };

  const openAccount = (smartAccountId: string) => {
    if (directories.has(smartAccountId)) return directories.get(smartAccountId)!.loaded;
    accounts.set(smartAccountId, new Set());
    const docName = directoryDocName(smartAccountId);
    const directory = openRelayWrittenDoc({
      ...common,
      docName,
      onStatus: statusOf(docName),
      onChange: (doc) => {
        const content = readAccountDirectory(doc);
        if (content) void enqueue(() => followDirectory(content));
      },
      onRevoked: () => void enqueue(() => closeAccount(smartAccountId, true)),
    });
    directories.set(smartAccountId, directory);
    return directory.loaded;
  };

  const closeAccount = async (smartAccountId: string, forget: boolean) => {
    const directory = directories.get(smartAccountId);
    directories.delete(smartAccountId);
    for (const docName of accounts.get(smartAccountId) ?? []) await closeVirtualAccount(docName, forget);
    accounts.delete(smartAccountId);
    await followOnHold(smartAccountId, 'none', forget);
    if (!directory) return;
    statuses.delete(directory.docName);
    await directory.destroy({ forget });
    if (forget) {
      // The relay no longer lists this account for me: my grants on it go from the store as well.
      await db.roleGrants
        .where('smartAccountId')
        .equals(smartAccountId)
        .filter((g) => g.memberId === memberId)
        .delete();
      forgetDoc(directory.docName);
    }
  };

  const ownDocName = memberDocName(memberId);
  let settledOnce: Promise<void> = Promise.resolve();
  const followMember = async (content: NonNullable<ReturnType<typeof readMemberAccounts>>) => {
    me = content.member;
    await db.members.put(content.member);
    const listed = new Set(content.smartAccounts.map((sa) => sa.id));
    for (const id of [...directories.keys()]) if (!listed.has(id)) await closeAccount(id, true);
    // Wait for each directory's stored copy, so `settled` means its Virtual Accounts are open.
    await Promise.all([...listed].map(openAccount));
    changed();
  };
  const memberDoc = openRelayWrittenDoc({
    ...common,
    docName: ownDocName,
    onStatus: statusOf(ownDocName),
    onChange: (doc) => {
      const content = readMemberAccounts(doc);
      if (content) settledOnce = enqueue(() => followMember(content));
    },
    onRevoked: forgetDoc,
  });
  constructed = true;

  const syncHolding = (salesOrderNumber: string) =>
    [...virtualAccounts.values()].find((sync) => holdsOrder(sync.doc, salesOrderNumber));
  const settled = async () => {
    await memberDoc.loaded;
    await settledOnce;
    await work;
    await Promise.all([...virtualAccounts.values()].map((sync) => sync.loaded));
  };

  return {
    state: () => ({
      status: summarize(statuses.get(ownDocName), [...statuses.values()]),
      member: me,
      documents: [...statuses.entries()].map(([docName, status]) => ({ docName, status })),
      revoked: [...revoked].sort(),
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
      return true;
    },
    openPlaces: () => [...virtualAccounts.values()].map((sync) => sync.virtualAccountId),
    async adoptOrders(rows, ticks = [], { into, unplaced } = {}) {
      await settled();
      const syncs = [...virtualAccounts.values()].filter((sync) => !into || into.has(sync.virtualAccountId));
      const writes = new Map<VirtualAccountSync, { orders: Order[]; ticks: ChecklistTick[] }>(
        syncs.map((sync) => [sync, { orders: [], ticks: [] }]),
      );
      const moves = new Map<VirtualAccountSync, Order[]>(syncs.map((sync) => [sync, []]));
      // Grouped once: an import brings thousands of orders and ticks.
      const ticksOf = new Map<string, ChecklistTick[]>();
      for (const tick of ticks) {
        const list = ticksOf.get(tick.salesOrderNumber);
        if (list) list.push(tick);
        else ticksOf.set(tick.salesOrderNumber, [tick]);
      }
      for (const row of rows) {
        const number = row.order.salesOrderNumber;
        const imported = ticksOf.get(number) ?? [];
        const home = syncs.find((sync) => sync.virtualAccountId === row.virtualAccountId);
        const holders = syncs.filter((sync) => sync !== home && holdsOrder(sync.doc, number));
        if (home) {
          // Moved here (assigned from hold): the order leaves the documents that held it, a
          // forwarding entry behind, and takes their checklist ticks along, so exactly one
          // document carries it.
          const carried = holders.flatMap((sync) => {
            const read = readOrderFromDoc(sync.doc, number);
            return read?.ok ? read.ticks : [];
          });
          writes.get(home)!.orders.push(row.order);
          writes.get(home)!.ticks.push(...carried, ...imported);
          for (const holder of holders) moves.get(holder)!.push(row.order);
        } else {
          // Moved out of every document synced here (delivered to the customer): the documents
          // that held it keep it, updated, so the team sees where it went.
          if (holders.length === 0) unplaced?.(row);
          for (const holder of holders) {
            writes.get(holder)!.orders.push(row.order);
            writes.get(holder)!.ticks.push(...imported);
          }
        }
      }
      let written = 0;
      for (const sync of syncs) {
        const { orders, ticks: newTicks } = writes.get(sync)!;
        const moved = moves.get(sync)!;
        if (orders.length === 0 && moved.length === 0) continue;
        sync.doc.transact(() => {
          for (const order of orders) writeOrder(sync.doc, order, LOCAL_EDIT);
          adoptLocalChanges(sync.doc, { orders: [], ticks: newTicks }, LOCAL_EDIT);
          for (const order of moved) markOrderMoved(sync.doc, order, LOCAL_EDIT);
        }, LOCAL_EDIT);
        written += orders.length;
      }
      return written;
    },
    async idle() {
      let seen: Promise<void> | undefined;
      while (seen !== work) {
        seen = work;
        await settled();
        await Promise.all([...virtualAccounts.values()].map((sync) => sync.projection.flush()));
      }
    },
    setViewing(salesOrderNumber) {
      viewing = salesOrderNumber;
      for (const sync of virtualAccounts.values()) {
        const here = salesOrderNumber !== null && holdsOrder(sync.doc, salesOrderNumber);
        if (sync.provider.status !== 'revoked') sync.provider.setViewing(here ? salesOrderNumber : null);
      }
    },
    viewers(salesOrderNumber) {
      const sync = syncHolding(salesOrderNumber);
      if (!sync) return [];
      const seen = new Map<string, Presence['user']>();
      for (const presence of othersPresence(sync.provider.awareness).values()) {
        if (presence.viewing === salesOrderNumber && presence.user.memberId !== memberId)
          seen.set(presence.user.memberId, presence.user);
      }
      return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
    },
    reconnectNow() {
      memberDoc.provider.reconnectNow();
      for (const directory of directories.values()) directory.provider.reconnectNow();
      for (const sync of virtualAccounts.values()) sync.provider.reconnectNow();
    },
    async destroy() {
      if (stopped) return;
      stopped = true;
      await work;
      await memberDoc.destroy();
      for (const id of [...directories.keys()]) await closeAccount(id, false);
    },
  };
}
