import type { DocumentStore } from '../persistence/document-store.ts';
import type { RelayMetrics } from '../server/metrics.ts';
import type { WriteValidator } from '../validation/validate-writes.ts';
import { loadRelayDocument, type RelayConnection, type RelayDocument } from './relay-document.ts';

export interface DocumentRegistryOptions {
  store: DocumentStore;
  metrics: RelayMetrics;
  compactEveryUpdates: number;
  idleUnloadMs: number;
  /** Runs once after a document is loaded, before anyone joins (the directory docs fill themselves here). */
  onLoad?(document: RelayDocument): void;
  onError(message: string, error: unknown): void;
  validate?: WriteValidator;
}

/**
 * Documents in memory: loaded on first use, unloaded (compacted first) after they have had no
 * connection for `idleUnloadMs`. Storage calls are synchronous, so no write is ever in flight
 * while a document unloads; a failed load or store never leaves a document behind.
 */
export interface DocumentRegistry {
  open(name: string, connection: RelayConnection): RelayDocument;
  release(document: RelayDocument, connection: RelayConnection): void;
  loaded(): IterableIterator<RelayDocument>;
  /** Compacts and frees every document (graceful shutdown). */
  closeAll(): void;
}

export function createDocumentRegistry(options: DocumentRegistryOptions): DocumentRegistry {
  const documents = new Map<string, RelayDocument>();
  const idleTimers = new Map<string, NodeJS.Timeout>();

  const forget = (document: RelayDocument) => {
    clearTimeout(idleTimers.get(document.name));
    idleTimers.delete(document.name);
    if (documents.get(document.name) === document) documents.delete(document.name);
    document.destroy();
    options.metrics.loadedDocs.set(documents.size);
  };

  const unload = (document: RelayDocument) => {
    if (document.connections.size > 0) return;
    try {
      document.compact();
    } catch (error) {
      options.onError(`compacting ${document.name} on unload failed; its appended updates stay stored`, error);
    }
    forget(document);
  };

  return {
    open(name, connection) {
      let document = documents.get(name);
      if (!document) {
        document = loadRelayDocument({
          name,
          store: options.store,
          metrics: options.metrics,
          compactEveryUpdates: options.compactEveryUpdates,
          validate: options.validate,
          onStorageFailure: (failed, error) => {
            options.onError(`storing an update of ${name} failed; the document was dropped from memory`, error);
            forget(failed);
          },
        });
        documents.set(name, document);
        options.metrics.loadedDocs.set(documents.size);
        try {
          options.onLoad?.(document);
        } catch (error) {
          forget(document);
          throw error;
        }
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
      idleTimers.set(document.name, setTimeout(() => unload(document), options.idleUnloadMs).unref());
    },
    loaded: () => documents.values(),
    closeAll() {
      for (const document of [...documents.values()]) {
        try {
          document.compact();
        } catch (error) {
          options.onError(`compacting ${document.name} at shutdown failed; its appended updates stay stored`, error);
        }
        forget(document);
      }
    },
  };
}
