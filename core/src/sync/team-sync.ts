import type { ChecklistTick } from '../domain/checklist-tick.ts';
import type { Member } from '../domain/member.ts';
import type { HoldfastDb } from '../store/holdfast-db.ts';
import type { OrderRow } from '../store/rows.ts';
import { applyDirectory } from '../store/write-api.ts';
import { clearProjection } from './dexie-projection.ts';
import { readAccountDirectory, type AccountDirectory } from './directory-doc.ts';
import { docAccess } from './doc-access.ts';
import { directoryDocName, memberDocName, virtualAccountDocName } from './doc-names.ts';
import { clearLocalDoc } from './local-persistence.ts';
import { readMemberAccounts } from './member-doc.ts';
import { othersPresence, type Presence } from './presence.ts';
import { openRelayWrittenDoc, type RelayWrittenDoc } from './relay-written-doc.ts';
import type { SyncProviderOptions, SyncStatus } from './sync-provider.ts';
import { adoptLocalChanges, ordersMapOf, tickChecklistStep, writeOrder } from './virtual-account-doc.ts';
import { createVirtualAccountSync, type VirtualAccountSync } from './virtual-account-sync.ts';

export type TeamSyncOptions = Pick<SyncProviderOptions, 'url' | 'token' | 'WebSocket' | 'random' | 'setTimeout' | 'clearTimeout' | 'backoff' | 'keepAliveMs'> & {
  /** The member the token names: their member document is where sync starts. */
  memberId: string;
  db: HoldfastDb;
  /** Keep every document in IndexedDB (y-indexeddb), so the team's data is there offline. */
  persist: boolean;
  /** Called whenever `state()` or someone's presence may have changed. */
  onChange: () => void;
  onError: (error: unknown) => void;
};

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
  /** Writes a tick into the Virtual Account document holding the order; false when no synced document holds it. */
  tick(tick: ChecklistTick): Promise<boolean>;
  /**
   * Writes imported orders (store rows, which know their Virtual Account) into their documents and
   * into any document already holding them, with any imported ticks newer than the documents';
   * returns how many document copies were written.
   */
  adoptOrders(rows: readonly Pick<OrderRow, 'virtualAccountId' | 'order'>[], ticks?: readonly ChecklistTick[]): Promise<number>;
  /** Tells the members of the order's Virtual Account which order I am looking at (null: none). */
  setViewing(salesOrderNumber: string | null): void;
  /** The other members looking at this order now. */
  viewers(salesOrderNumber: string): Presence['user'][];
  /** Stops syncing; local copies stay for next time. */
  destroy(): Promise<void>;
}

const LOCAL_ORIGIN = 'holdfast:local-edit';

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
 * `createVirtualAccountSync`. Roles changed on the relay open and close documents as they arrive.
 */
export function createTeamSync(options: TeamSyncOptions): TeamSync {
  const { db, memberId, onError } = options;
  const common = { url: options.url, token: options.token, WebSocket: options.WebSocket, random: options.random, setTimeout: options.setTimeout, clearTimeout: options.clearTimeout, backoff: options.backoff, keepAliveMs: options.keepAliveMs, persist: options.persist, onError };
  const directories = new Map<string, RelayWrittenDoc>();
  const accounts = new Map<string, Set<string>>(); // Smart Account id → VA doc names
  const virtualAccounts = new Map<string, VirtualAccountSync & { virtualAccountId: string }>();
  const statuses = new Map<string, SyncStatus>();
  const revoked = new Set<string>();
  let me: Member | null = null;
  let viewing: string | null = null;
  let stopped = false;
  let constructed = false;
  // Directory projections and document openings run one at a time, in arrival order.
  let work: Promise<void> = Promise.resolve();
  const enqueue = (step: () => Promise<void>): Promise<void> => (work = work.then(() => (stopped ? undefined : step())).catch(onError));

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

  const openVirtualAccount = (smartAccountId: string, virtualAccountId: string) => {
    const docName = virtualAccountDocName(smartAccountId, virtualAccountId);
    if (virtualAccounts.has(docName) || !me) return;
    const sync = createVirtualAccountSync({
      ...common,
      smartAccountId,
      virtualAccountId,
      db,
      user: { memberId, name: me.name },
      onStatus: statusOf(docName),
      localChanges: async () => {
        const rows = await db.orders.where('virtualAccountId').equals(virtualAccountId).toArray();
        const ticks = await db.checklistTicks.where('salesOrderNumber').anyOf(rows.map((r) => r.salesOrderNumber)).toArray();
        return { orders: rows.map((r) => r.order), ticks };
      },
      onRevoked: () => {
        virtualAccounts.delete(docName);
        accounts.get(smartAccountId)?.delete(docName);
        forgetDoc(docName);
        void sync.destroy().catch(onError);
      },
    });
    sync.provider.awareness.on('change', changed);
    if (viewing && ordersMapOf(sync.doc).has(viewing)) sync.provider.setViewing(viewing);
    virtualAccounts.set(docName, Object.assign(sync, { virtualAccountId }));
    accounts.get(smartAccountId)?.add(docName);
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
      await clearProjection(db, sync.virtualAccountId);
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
      if (docAccess(actor, { kind: 'virtual-account', smartAccountId: smartAccount.id, virtualAccountId: va.id }, context) === 'none') continue;
      wanted.add(virtualAccountDocName(smartAccount.id, va.id));
      openVirtualAccount(smartAccount.id, va.id);
    }
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
    if (!directory) return;
    statuses.delete(directory.docName);
    await directory.destroy({ forget });
    if (forget) {
      // The relay no longer lists this account for me: my grants on it go from the store as well.
      await db.roleGrants.where('smartAccountId').equals(smartAccountId).filter((g) => g.memberId === memberId).delete();
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

  const syncHolding = (salesOrderNumber: string) => [...virtualAccounts.values()].find((sync) => ordersMapOf(sync.doc).has(salesOrderNumber));
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
      tickChecklistStep(sync.doc, tick.salesOrderNumber, tick, LOCAL_ORIGIN);
      return true;
    },
    async adoptOrders(rows, ticks = []) {
      await settled();
      let written = 0;
      for (const sync of virtualAccounts.values()) {
        // An order goes to the document of its Virtual Account, and to any document that already
        // holds it: one it left (delivered to the customer) must not keep its older history.
        const held = ordersMapOf(sync.doc);
        const mine = rows.filter((row) => row.virtualAccountId === sync.virtualAccountId || held.has(row.order.salesOrderNumber)).map((row) => row.order);
        if (mine.length === 0) continue;
        const numbers = new Set(mine.map((order) => order.salesOrderNumber));
        sync.doc.transact(() => {
          for (const order of mine) writeOrder(sync.doc, order, LOCAL_ORIGIN);
          adoptLocalChanges(sync.doc, { orders: [], ticks: ticks.filter((t) => numbers.has(t.salesOrderNumber)) }, LOCAL_ORIGIN);
        }, LOCAL_ORIGIN);
        written += mine.length;
      }
      return written;
    },
    setViewing(salesOrderNumber) {
      viewing = salesOrderNumber;
      for (const sync of virtualAccounts.values()) {
        const here = salesOrderNumber !== null && ordersMapOf(sync.doc).has(salesOrderNumber);
        if (sync.provider.status !== 'revoked') sync.provider.setViewing(here ? salesOrderNumber : null);
      }
    },
    viewers(salesOrderNumber) {
      const sync = syncHolding(salesOrderNumber);
      if (!sync) return [];
      const seen = new Map<string, Presence['user']>();
      for (const presence of othersPresence(sync.provider.awareness).values()) {
        if (presence.viewing === salesOrderNumber && presence.user.memberId !== memberId) seen.set(presence.user.memberId, presence.user);
      }
      return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
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
