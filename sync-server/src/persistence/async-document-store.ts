import type { ClientBinding } from './document-feeds.ts';

/**
 * Where documents live when several relay nodes share them. Every update gets the next number of
 * its document's gap-free sequence when it is stored; a node remembers the number it has applied
 * and asks for what came after. Snapshots say which number they cover, so a reader that finds rows
 * compacted away gets the snapshot instead and still misses nothing.
 */
export interface AsyncDocumentStore {
  /** Everything stored for the document: the snapshot (if any) then the updates after it. */
  load(docName: string): Promise<StoredChanges>;
  /**
   * What was stored after `seq`. When a compaction folded rows past `seq` into a snapshot, the
   * snapshot comes first (applying it to a document that has part of it is harmless in Yjs).
   * With `upto`, rows after it are left out (a snapshot is whole, so it may reach past `upto`).
   */
  changesAfter(docName: string, seq: number, upto?: number): Promise<StoredChanges>;
  /** Durably stores one update (committed when the promise resolves) and returns its sequence number. */
  append(docName: string, update: Uint8Array): Promise<number>;
  /**
   * Group commit: stores the appends in one transaction, each update with the client ids it binds
   * (client-bindings.ts in core), and says per append, in order, its sequence number — consecutive
   * over the stored ones — or the client id another member already holds: that append alone is
   * not stored (nor its binding). All or none otherwise: a failure rejects, storing nothing.
   */
  appendAll(docName: string, appends: readonly StoreAppend[]): Promise<AppendOutcome[]>;
  /**
   * Replaces the rows up to `uptoSeq` with `snapshot` (the document's state with every update up to
   * `uptoSeq` applied). Returns false, storing nothing, when a snapshot as recent is already there.
   */
  compact(docName: string, snapshot: Uint8Array, uptoSeq: number): Promise<boolean>;
  /**
   * The latest sequence number of each named document (0 when nothing is stored): the safety net
   * that finds a document whose notification was missed.
   */
  heads(docNames: readonly string[]): Promise<Map<string, number>>;
  /** True when the store answers; `/readyz` reports it. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface StoredChanges {
  /** Oldest first; applying them in order brings a document from `after` to `seq`. */
  updates: Uint8Array[];
  /** The sequence number the updates reach (the `seq` asked for when there is nothing newer). */
  seq: number;
  /** The client-id bindings stored with the updates after `after` up to `seq` (on a load: all of them). */
  bindings: ClientBinding[];
}

/** One update of a group commit, with the client ids it binds to its writer. */
export interface StoreAppend {
  update: Uint8Array;
  binding?: ClientBinding;
}

/** What became of one append of a group commit. */
export type AppendOutcome = { seq: number } | { takenClientId: number };
