import type { ClientBinding } from './client-bindings.ts';

/**
 * How the relay holds a document in memory over a store: open it with a function that applies
 * changes, append through the feed, compact through the feed. Every change — the loaded state, an
 * update stored here, one stored by another node — reaches `apply` once it is durable, in
 * sequence order, so whatever the relay broadcasts from `apply` is already stored. The relay
 * process implements it over its embedded store for one node and over PostgreSQL for several
 * (sync-server's persistence/local-document-feeds.ts and cluster/document-fan-out.ts); the test
 * relay over memory (`../testing/memory-feeds.ts`). The relay's document (`relay-document.ts`)
 * is written against this interface only.
 */
/** Origin of changes read from the store (loaded, or stored by another node). */
export const STORED_ORIGIN = Symbol('read from the store');

/** Updates to apply in memory, in sequence order, then broadcast to every connection but `origin`. */
export interface FeedChange {
  updates: Uint8Array[];
  /** The sequence number the document has reached once these are applied. */
  seq: number;
  /** STORED_ORIGIN, or what the local caller passed to `append` (e.g. the sending connection). */
  origin: unknown;
  /**
   * The Yjs client-id bindings these updates stored (client-bindings.ts); for the loaded state,
   * every binding of the document. Memory learns a binding with the update that made it.
   */
  bindings?: readonly ClientBinding[];
}

/** What a checked client update stores: the update, and the client ids it binds to its writer. */
export interface PreparedUpdate {
  update: Uint8Array;
  /** Stored in the update's transaction; absent when the update binds nothing new. */
  binding?: ClientBinding;
}

export interface DocumentFeed {
  readonly docName: string;
  /** The highest sequence number applied in memory. */
  readonly appliedSeq: number;
  /**
   * Stores the update and, once committed, hands it to `apply` with `origin` (after any rows other
   * nodes stored before it). Rejects when storing fails: then nothing was applied or broadcast.
   */
  append(update: Uint8Array, origin: unknown): Promise<number>;
  /**
   * Like append, for a client's update: `prepare` runs in the document's turn, when memory holds
   * every change queued before this one, so checks that read the document (the relay's
   * completeness check and content validation) see what the update will build on. A throw
   * refuses the update (nothing stored, applied or broadcast); it returns what to store — e.g.
   * only what memory does not hold yet — or null when the update adds nothing (then nothing is
   * stored and the promise resolves with null). The binding is stored in the update's
   * transaction; when the store finds one of its ids bound to another member (by an update this
   * node had not applied when `prepare` ran) it stores neither and rejects with
   * `ClientIdTakenError`, and the rest of a group-commit batch is stored as usual.
   */
  appendChecked(prepare: () => PreparedUpdate | null, origin: unknown): Promise<number | null>;
  /**
   * Folds the stored rows into one snapshot. `state` is called inside the document's queue, when
   * memory holds exactly the rows up to `appliedSeq`, so the snapshot covers what it claims.
   */
  compact(state: () => Uint8Array): Promise<boolean>;
  /** Stops following the document once its queued work has settled. */
  close(): Promise<void>;
}

/** Opens documents as feeds; one feed per document per node. */
export interface DocumentFeeds {
  /**
   * Loads the document and follows it: `apply` gets the loaded state first (before this
   * resolves), then every change stored by anyone, in order.
   */
  open(docName: string, apply: (change: FeedChange) => void): Promise<DocumentFeed>;
  /** Seconds the document furthest behind has been known to be behind (0 when none is, or on one node). */
  lagSeconds(): number;
  close(): void;
}
