import { ClientIdTakenError } from '@holdfast/core/relay';
import type { DocumentStore } from './document-store.ts';
import {
  STORED_ORIGIN,
  type DocumentFeed,
  type DocumentFeeds,
  type FeedChange,
  type PreparedUpdate,
} from './document-feeds.ts';
import { queueAppend, takeBatch, type BatchedAppend, type QueuedAppend } from './group-commit.ts';

interface LocalDocument {
  applied: number;
  apply(change: FeedChange): void;
  waiting: QueuedAppend[];
}

interface DocumentBatch {
  document: LocalDocument;
  docName: string;
  batch: BatchedAppend[];
  /** Per append, once stored: the client id another member holds (the append was refused), or undefined. */
  taken: (number | undefined)[];
}

/**
 * Document feeds over the embedded (synchronous) store, for a relay that runs alone: nobody else
 * stores rows, so there is nothing to follow, and the sequence number is this process's count of
 * what a document applied.
 *
 * Group commit: appends wait for the end of the event loop's turn (setImmediate), so every update
 * read from every socket in that turn is stored in one transaction — one commit for all
 * documents — and only then applied, in order, each with its sender as origin. A batch that
 * cannot be stored with the others is tried per document, so a document whose own transaction
 * fails rejects its appends (nothing of them applied) and the other documents go on. An append
 * whose client-id binding the store refuses (another member holds the id: client-bindings.ts in
 * core) is rejected alone; the rest of its batch is stored and applied.
 */
export function createLocalDocumentFeeds(store: DocumentStore): DocumentFeeds {
  const open = new Map<string, LocalDocument>();
  /** Documents with waiting appends, in the order their first one arrived. */
  const queued = new Map<string, LocalDocument>();
  let flushing: Promise<void> | null = null;
  const transaction = <T>(work: () => T): T => (store.transaction ? store.transaction(work) : work());

  const storeAll = (batches: readonly DocumentBatch[]) =>
    transaction(() => {
      for (const one of batches)
        one.taken = one.batch.map(({ update, binding }) => store.append(one.docName, update, binding));
    });

  const applyAll = ({ document, batch, taken }: DocumentBatch) => {
    let next = 0;
    try {
      for (; next < batch.length; next++) {
        const { append, update, binding } = batch[next]!;
        const takenId = taken[next];
        if (takenId !== undefined) {
          append.reject(new ClientIdTakenError(takenId));
          continue;
        }
        const seq = document.applied + 1;
        document.apply({ updates: [update], seq, origin: append.origin, bindings: binding && [binding] });
        append.resolve(++document.applied);
      }
    } catch (error) {
      // Stored, but memory could not take it: the caller drops the document (a reload reads it all).
      for (const { append } of batch.slice(next)) append.reject(error);
    }
  };

  /** One round: each queued document's next batch, stored together, then applied. */
  const commitRound = (): boolean => {
    const batches: DocumentBatch[] = [];
    for (const [docName, document] of queued) {
      const batch = takeBatch(document.waiting);
      if (document.waiting.length === 0) queued.delete(docName);
      if (batch.length > 0) batches.push({ document, docName, batch, taken: [] });
    }
    if (batches.length === 0) return false;
    let stored = batches;
    try {
      storeAll(batches);
    } catch (error) {
      // Each document alone: one whose own transaction fails rejects its appends, the others go on.
      stored = batches.filter((one) => {
        try {
          if (batches.length === 1) throw error;
          storeAll([one]);
          return true;
        } catch (failure) {
          for (const { append } of one.batch) append.reject(failure);
          return false;
        }
      });
    }
    stored.forEach(applyAll);
    return true;
  };

  /** Rounds until nothing waits: an append that builds on one of a batch goes in the next round. */
  const flush = () => {
    flushing = null;
    while (commitRound());
  };

  const enqueue = (docName: string, document: LocalDocument, prepare: () => PreparedUpdate | null, origin: unknown) => {
    const promise = queueAppend(document.waiting, prepare, origin);
    if (!queued.has(docName)) queued.set(docName, document);
    flushing ??= new Promise((resolve) => setImmediate(() => resolve(flush())));
    return promise;
  };

  return {
    async open(docName, apply) {
      if (open.has(docName)) throw new Error(`${docName} is already open; open it once`);
      const { updates, bindings } = store.load(docName);
      const document: LocalDocument = { applied: updates.length, apply, waiting: [] };
      apply({ updates, seq: document.applied, origin: STORED_ORIGIN, bindings });
      open.set(docName, document);
      const feed: DocumentFeed = {
        docName,
        get appliedSeq() {
          return document.applied;
        },
        append: (update, origin) => enqueue(docName, document, () => ({ update }), origin) as Promise<number>,
        appendChecked: (prepare, origin) => enqueue(docName, document, prepare, origin),
        async compact(state) {
          // Synchronous, so no batch is half done: the snapshot covers exactly the stored rows.
          store.compact(docName, state());
          return true;
        },
        async close() {
          // What was queued is stored and applied before the document may be opened again.
          while (document.waiting.length > 0 && flushing) await flushing;
          open.delete(docName);
        },
      };
      return feed;
    },
    lagSeconds: () => 0,
    close() {
      open.clear();
    },
  };
}
