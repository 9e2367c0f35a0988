import * as Y from 'yjs';
import type { HoldfastDb } from '../store/index.ts';
import type { ChecklistTick } from '../domain/checklist-tick.ts';
import type { Order } from '../domain/order.ts';
import { clearProjection, createDexieProjection, type DexieProjection } from './dexie-projection.ts';
import { clearLocalDoc, persistDoc, type LocalDocPersistence } from './local-persistence.ts';
import { ADOPT_LOCAL } from './origins.ts';
import { createSyncProvider, type SyncProvider, type SyncProviderOptions } from './sync-provider.ts';
import { adoptLocalChanges } from './virtual-account-doc.ts';

export interface VirtualAccountSyncOptions extends Pick<
  SyncProviderOptions,
  | 'token'
  | 'WebSocket'
  | 'user'
  | 'onStatus'
  | 'random'
  | 'setTimeout'
  | 'clearTimeout'
  | 'backoff'
  | 'awareness'
  | 'keepAliveMs'
> {
  /** The relay's base URL. */
  url: string;
  /** A Virtual Account's document, or an organisation's on-hold document (same layout). */
  docName: string;
  db: HoldfastDb;
  /** Keep the doc in IndexedDB through y-indexeddb (needs a global `indexedDB`). */
  persist: boolean;
  /**
   * What the store holds for this Virtual Account that the doc may lack (imported or ticked while
   * sync was off); adopted into the doc before the first projection, so nothing local is lost.
   */
  localChanges?: () => Promise<{ orders: Order[]; ticks: ChecklistTick[] }>;
  /** Rows the projection let go of (orders that left the document): another document may hold them now. */
  onReleased?: (salesOrderNumbers: string[]) => void;
  /** Called after a revoked document's local copy and projected rows were deleted. */
  onRevoked: (docName: string) => void;
  onError: (error: unknown) => void;
}

export interface VirtualAccountSync {
  readonly docName: string;
  readonly doc: Y.Doc;
  readonly provider: SyncProvider;
  readonly projection: DexieProjection;
  /** Resolves once the stored copy (if any) is loaded into the doc and local changes adopted. */
  readonly loaded: Promise<void>;
  destroy(): Promise<void>;
}

/**
 * Wires one Virtual Account: the doc loaded from local storage with the store's local changes
 * adopted, the Dexie projection following it, and the provider syncing it with the relay. On 4410 it deletes the local copy and the projected
 * rows, then reports `onRevoked`.
 */
export function createVirtualAccountSync(options: VirtualAccountSyncOptions): VirtualAccountSync {
  const { db, docName, onError } = options;
  const doc = new Y.Doc();
  const persistence: LocalDocPersistence | null = options.persist ? persistDoc(doc, docName) : null;
  const loaded = (persistence ? persistence.whenSynced : Promise.resolve())
    .then(async () => {
      const local = await options.localChanges?.();
      if (local) adoptLocalChanges(doc, local, ADOPT_LOCAL);
    })
    .catch(onError);
  const projection = createDexieProjection({
    doc,
    db,
    docName,
    onError,
    after: loaded,
    onReleased: (numbers) => options.onReleased?.(numbers),
  });

  // Destroyed once only: y-indexeddb warns when its handlers are removed twice.
  let stopPersisting: Promise<void> | null = null;
  const stopPersistence = () => (stopPersisting ??= persistence?.destroy() ?? Promise.resolve());

  const revoke = async (): Promise<void> => {
    projection.close();
    await stopPersistence();
    if (options.persist) await clearLocalDoc(docName);
    await projection.flush();
    await clearProjection(db, docName);
    options.onRevoked(docName);
  };
  const provider = createSyncProvider({
    ...options,
    docName,
    doc,
    onRevoked: () => void revoke().catch(onError),
    onError,
  });

  return {
    docName,
    doc,
    provider,
    projection,
    loaded,
    async destroy() {
      provider.destroy();
      projection.close();
      await projection.flush();
      await stopPersistence();
      doc.destroy();
    },
  };
}
