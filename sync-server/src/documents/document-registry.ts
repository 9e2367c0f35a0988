import {
  openRelayDocument,
  runHooks,
  type RelayConnection,
  type RelayDocument,
  type RelayDocumentEvents,
  type RelayHooks,
} from '@holdfast/core/relay';
import type { DocumentFeeds } from '../persistence/document-feeds.ts';
import type { RelayMetrics } from '../server/metrics.ts';

export interface DocumentRegistryOptions {
  feeds: DocumentFeeds;
  metrics: RelayMetrics;
  compactEveryUpdates: number;
  idleUnloadMs: number;
  /** Extensions, in order (core's relay-logic/relay-hooks.ts); `load` runs before anyone joins. */
  hooks: readonly RelayHooks[];
  /** What the relay counts and logs of each document (server/document-events.ts). */
  events?: RelayDocumentEvents;
  onError(message: string, error: unknown): void;
}

/**
 * Documents in memory: loaded on first use, unloaded (compacted first) after they have had no
 * connection for `idleUnloadMs`. Loading is asynchronous: connections that ask for a document
 * while it loads wait for the same load, and a failed load fails only them and leaves nothing
 * behind. A document that is unloading is reloaded only once its feed has closed, so one node
 * never follows a document twice.
 */
export interface DocumentRegistry {
  open(name: string, connection: RelayConnection): Promise<RelayDocument>;
  release(document: RelayDocument, connection: RelayConnection): void;
  loaded(): IterableIterator<RelayDocument>;
  /** Compacts and frees every document (graceful shutdown). */
  closeAll(): Promise<void>;
}

export function createDocumentRegistry(options: DocumentRegistryOptions): DocumentRegistry {
  const documents = new Map<string, RelayDocument>();
  const loading = new Map<string, Promise<RelayDocument>>();
  const unloading = new Map<string, Promise<void>>();
  const idleTimers = new Map<string, NodeJS.Timeout>();

  /** Takes the document out of the map at once (new connections load it afresh), frees it after. */
  const forget = (document: RelayDocument, compactFirst: boolean): Promise<void> => {
    clearTimeout(idleTimers.get(document.name));
    idleTimers.delete(document.name);
    if (documents.get(document.name) !== document) return unloading.get(document.name) ?? Promise.resolve();
    documents.delete(document.name);
    options.metrics.loadedDocs.set(documents.size);
    const done = (async () => {
      if (compactFirst) {
        try {
          await document.compact();
        } catch (error) {
          options.onError(`compacting ${document.name} on unload failed; its appended updates stay stored`, error);
        }
      }
      runHooks(options.hooks, 'unload', { document });
      await document.destroy();
    })()
      .catch((error: unknown) => options.onError(`unloading ${document.name} failed`, error))
      .finally(() => {
        if (unloading.get(document.name) === done) unloading.delete(document.name);
      });
    unloading.set(document.name, done);
    return done;
  };

  const load = async (name: string): Promise<RelayDocument> => {
    await unloading.get(name);
    const document = await openRelayDocument({
      name,
      feeds: options.feeds,
      compactEveryUpdates: options.compactEveryUpdates,
      hooks: options.hooks,
      events: options.events,
      onError: options.onError,
      onStorageFailure: (failed, error) => {
        options.onError(`storing an update of ${name} failed; the document was dropped from memory`, error);
        void forget(failed, false);
      },
    });
    documents.set(name, document);
    options.metrics.loadedDocs.set(documents.size);
    try {
      for (const extension of options.hooks) await extension.load?.({ document });
    } catch (error) {
      await forget(document, false);
      throw error;
    }
    return document;
  };

  return {
    async open(name, connection) {
      let document = documents.get(name);
      if (!document) {
        let pending = loading.get(name);
        if (!pending) {
          pending = load(name).finally(() => loading.delete(name));
          loading.set(name, pending);
        }
        document = await pending;
        // Dropped after a store failure before this connection could join: it reconnects later.
        if (documents.get(name) !== document) throw new Error(`${name} was dropped from memory while loading`);
      }
      clearTimeout(idleTimers.get(name));
      idleTimers.delete(name);
      document.join(connection);
      return document;
    },
    release(document, connection) {
      document.leave(connection);
      if (document.connections.size > 0 || documents.get(document.name) !== document) return;
      clearTimeout(idleTimers.get(document.name));
      idleTimers.set(
        document.name,
        setTimeout(() => {
          if (document.connections.size === 0) void forget(document, true);
        }, options.idleUnloadMs).unref(),
      );
    },
    loaded: () => documents.values(),
    async closeAll() {
      await Promise.all([...documents.values()].map((document) => forget(document, true)));
      await Promise.all([...unloading.values()]);
    },
  };
}
