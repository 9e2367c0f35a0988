import * as Y from 'yjs';
import type { HoldfastDb } from '../store/holdfast-db.ts';
import { clearProjection, createDexieProjection, type DexieProjection } from './dexie-projection.ts';
import { virtualAccountDocName } from './doc-names.ts';
import { clearLocalDoc, persistDoc, type LocalDocPersistence } from './local-persistence.ts';
import { createSyncProvider, type SyncProvider, type SyncProviderOptions } from './sync-provider.ts';

export interface VirtualAccountSyncOptions
  extends Pick<SyncProviderOptions, 'token' | 'WebSocket' | 'user' | 'onStatus' | 'random' | 'setTimeout' | 'clearTimeout' | 'backoff' | 'awareness'> {
  /** The relay's base URL. */
  url: string;
  smartAccountId: string;
  virtualAccountId: string;
  db: HoldfastDb;
  /** Keep the doc in IndexedDB through y-indexeddb (needs a global `indexedDB`). */
  persist: boolean;
  /** Called after a revoked document's local copy and projected rows were deleted. */
  onRevoked: (docName: string) => void;
  onError: (error: unknown) => void;
}

export interface VirtualAccountSync {
  readonly docName: string;
  readonly doc: Y.Doc;
  readonly provider: SyncProvider;
  readonly projection: DexieProjection;
  /** Resolves once the stored copy (if any) is loaded into the doc. */
  readonly loaded: Promise<void>;
  destroy(): Promise<void>;
}

/**
 * Wires one Virtual Account: the doc loaded from local storage, the Dexie projection following it,
 * and the provider syncing it with the relay. On 4410 it deletes the local copy and the projected
 * rows, then reports `onRevoked`.
 */
export function createVirtualAccountSync(options: VirtualAccountSyncOptions): VirtualAccountSync {
  const { db, virtualAccountId, onError } = options;
  const docName = virtualAccountDocName(options.smartAccountId, virtualAccountId);
  const doc = new Y.Doc();
  const persistence: LocalDocPersistence | null = options.persist ? persistDoc(doc, docName) : null;
  const loaded = persistence ? persistence.whenSynced : Promise.resolve();
  const projection = createDexieProjection({ doc, db, virtualAccountId, onError });

  const revoke = async (): Promise<void> => {
    projection.close();
    await persistence?.destroy();
    if (options.persist) await clearLocalDoc(docName);
    await projection.flush();
    await clearProjection(db, virtualAccountId);
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
      await persistence?.destroy();
      doc.destroy();
    },
  };
}
