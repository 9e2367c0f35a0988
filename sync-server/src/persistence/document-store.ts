import type { ClientBinding } from './document-feeds.ts';

/**
 * Where documents live between connections, for a relay that runs alone (the embedded store). The
 * relay appends every update before it broadcasts it, and now and then replaces the appended
 * updates with one snapshot. SQLite implements it; several nodes share PostgreSQL through
 * `AsyncDocumentStore` instead.
 */
export interface DocumentStore {
  /** The snapshot (if any) followed by every update appended since, oldest first; and every client-id binding. */
  load(docName: string): StoredDocument;
  /**
   * Durably appends one update (stored when this returns) with the client ids it binds to its
   * writer, both or neither. When another member holds one of those ids, nothing is stored and
   * that id is returned (the caller refuses the update); otherwise undefined.
   */
  append(docName: string, update: Uint8Array, binding?: ClientBinding): number | undefined;
  /** Replaces everything stored for the doc so far with `snapshot` (the doc's full state). */
  compact(docName: string, snapshot: Uint8Array): void;
  /** True when the store answers; `/readyz` reports it. */
  ping(): boolean;
  /**
   * Runs `work` in one transaction: the appends it makes are committed together, or none is (it
   * throws). The relay's group commit stores every queued update in one. A store without
   * transactions leaves it out; then each append stands alone.
   */
  transaction?<T>(work: () => T): T;
}

export interface StoredDocument {
  updates: Uint8Array[];
  /** Which member each Yjs client id of the document is bound to (client-bindings.ts in core). */
  bindings: ClientBinding[];
}
