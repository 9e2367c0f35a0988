import * as Y from 'yjs';
import { clearLocalDoc, persistDoc, type LocalDocPersistence } from './local-persistence.ts';
import { createSyncProvider, type SyncProvider, type SyncProviderOptions } from './sync-provider.ts';

export type RelayWrittenDocOptions = Pick<
  SyncProviderOptions,
  | 'url'
  | 'docName'
  | 'token'
  | 'WebSocket'
  | 'onStatus'
  | 'onError'
  | 'random'
  | 'setTimeout'
  | 'clearTimeout'
  | 'backoff'
  | 'keepAliveMs'
> & {
  /** Keep a copy in IndexedDB, so a client that starts offline still knows its accounts. */
  persist: boolean;
  /** Called with the doc after the stored copy loaded and after every change from the relay. */
  onChange: (doc: Y.Doc) => void;
  /** Called after a revoked document's local copy was deleted. */
  onRevoked: (docName: string) => void;
};

export interface RelayWrittenDoc {
  readonly docName: string;
  readonly doc: Y.Doc;
  readonly provider: SyncProvider;
  /** Resolves once the stored copy (if any) is in the doc. */
  readonly loaded: Promise<void>;
  /** Stops syncing; the stored copy stays unless `forget` is set. */
  destroy(options?: { forget?: boolean }): Promise<void>;
}

/**
 * A member or directory document: written by the relay from its team directory, only read here.
 * It is stored locally like a Virtual Account document, and deleted on close code 4410.
 */
export function openRelayWrittenDoc(options: RelayWrittenDocOptions): RelayWrittenDoc {
  const { docName, onError } = options;
  const doc = new Y.Doc();
  const persistence: LocalDocPersistence | null = options.persist ? persistDoc(doc, docName) : null;
  let destroyed = false;
  const loaded = (persistence ? persistence.whenSynced : Promise.resolve()).then(() => {
    if (!destroyed) options.onChange(doc);
  });
  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin === provider.origin) options.onChange(doc);
  };
  doc.on('update', onUpdate);

  const destroy = async ({ forget = false } = {}): Promise<void> => {
    if (destroyed) return;
    destroyed = true;
    doc.off('update', onUpdate);
    provider.destroy();
    await persistence?.destroy();
    if (forget && options.persist) await clearLocalDoc(docName);
    doc.destroy();
  };
  const provider = createSyncProvider({
    ...options,
    doc,
    onRevoked: () =>
      void destroy({ forget: true })
        .then(() => options.onRevoked(docName))
        .catch(onError),
  });
  return { docName, doc, provider, loaded, destroy };
}
