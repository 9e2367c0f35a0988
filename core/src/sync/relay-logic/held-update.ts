import * as Y from 'yjs';
import type { DocumentFeed, PreparedUpdate } from './document-feed.ts';
import type { RelayConnection } from './relay-hooks.ts';

/**
 * An update the relay applied in memory as soon as it was checked, whose broadcast waits for its
 * commit. It is the origin the update is applied and appended with; when the feed hands the stored
 * update back to `apply` (durable now), the very bytes stored are broadcast to everyone but `from`.
 * Applying at once lets a client's next update be checked against this one in the same turn, so
 * the group commit stores a client's chained edits together instead of one commit each.
 */
export class HeldUpdate {
  /** What is appended, and broadcast once stored (null until it is held). */
  update: Uint8Array | null = null;
  /** Broadcast (or dropped with its failed document): never twice. */
  released = false;
  constructor(
    /** The sending connection; null for what the relay writes itself. */
    readonly from: RelayConnection | null,
    /** The origin `change` hooks are told: the sending connection, or the relay's own origin. */
    readonly origin: unknown,
  ) {}
}

/** Raised inside a feed's `prepare` when the document failed before the update's turn: nothing is stored. */
export class DocumentFailedError extends Error {
  constructor(docName: string) {
    super(`${docName}: an earlier update could not be stored; this one is not stored either`);
  }
}

/** Raised inside a compaction's `state` while updates are held: the snapshot would cover unstored ones. */
export class CompactionDeferredError extends Error {
  constructor(docName: string) {
    super(`${docName}: updates are waiting for their commit; compaction waits for the next threshold`);
  }
}

/** The updates of one document applied in memory whose commit has not settled yet. */
export interface HeldUpdates {
  /** How many are waiting for their commit (a stored one stops counting as the feed applies it). */
  readonly count: number;
  /**
   * Applies the update in memory now (with `origin`, so its broadcast is held) and appends it with
   * its binding. Appends
   * are stored in the order they are made, which is the order memory took them in. Resolves once
   * it is stored and broadcast, or its commit failed (then `failed` was told). Never rejects.
   */
  hold(prepared: PreparedUpdate, origin: HeldUpdate): Promise<void>;
  /**
   * The update is stored: broadcast it, once. The feed's `apply` calls this; one the feed skipped
   * there (a snapshot another node wrote already covered it) is released when its append resolves.
   */
  release(origin: HeldUpdate): void;
  /** Resolves once every update held so far is stored (or failed). */
  settled(): Promise<void>;
}

export interface HeldUpdatesOptions {
  name: string;
  doc: Y.Doc;
  feed(): DocumentFeed;
  /** Whether a commit of this document failed (then nothing more may be stored or broadcast). */
  hasFailed(): boolean;
  /** Sends a stored update to every connection but its sender. */
  broadcast(origin: HeldUpdate): void;
  /** Its commit failed, or the store refused it (a `RefusedUpdateError`). */
  failed(error: unknown, origin: HeldUpdate): void;
  /** Starts timing an append; the function returned ends it once stored. */
  timing?(): (() => void) | undefined;
}

export function createHeldUpdates(options: HeldUpdatesOptions): HeldUpdates {
  const { name, doc } = options;
  let count = 0;
  let last: Promise<void> = Promise.resolve();
  /** Stops counting `origin`; false if it was already settled. */
  const settle = (origin: HeldUpdate): boolean => {
    if (origin.released) return false;
    origin.released = true;
    count--;
    return true;
  };
  const release = (origin: HeldUpdate) => {
    if (settle(origin) && !options.hasFailed()) options.broadcast(origin);
  };
  return {
    get count() {
      return count;
    },
    hold(prepared, origin) {
      const { update } = prepared;
      const feed = options.feed();
      const end = options.timing?.();
      origin.update = update;
      doc.transact(() => Y.applyUpdate(doc, update, origin), origin);
      count++;
      const stored = feed
        .appendChecked(() => {
          // A commit before this one failed: this one could build on what was never stored.
          if (options.hasFailed()) throw new DocumentFailedError(name);
          return prepared;
        }, origin)
        .then(
          () => {
            release(origin);
            end?.();
          },
          (error: unknown) => {
            settle(origin);
            options.failed(error, origin);
          },
        );
      last = stored;
      return stored;
    },
    release,
    settled: () => last,
  };
}
