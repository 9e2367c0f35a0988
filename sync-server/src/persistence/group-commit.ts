import type { ClientBinding, PreparedUpdate } from './document-feeds.ts';

/**
 * Group commit: the updates of a document that arrive while a write is in flight wait, and are
 * stored together in the next transaction — one commit (one fsync, one round trip) for many
 * updates, each still stored before it is applied and broadcast. Both feeds (the embedded store's
 * and the cluster's) queue appends here and take batches from the queue.
 */

/** One append waiting for its document's next transaction. */
export interface QueuedAppend {
  /** The caller's check; returns what to store, null for nothing new, or throws to refuse. */
  prepare(): PreparedUpdate | null;
  origin: unknown;
  resolve(seq: number | null): void;
  reject(error: unknown): void;
}

export interface BatchedAppend {
  append: QueuedAppend;
  update: Uint8Array;
  /** Client ids the update binds to its writer, stored in the batch's transaction. */
  binding?: ClientBinding;
}

/** Queues an append; the promise settles when a batch holding it is stored and applied (or fails). */
export function queueAppend(
  waiting: QueuedAppend[],
  prepare: () => PreparedUpdate | null,
  origin: unknown,
): Promise<number | null> {
  return new Promise((resolve, reject) => waiting.push({ prepare, origin, resolve, reject }));
}

/**
 * Takes the next batch off the front of `waiting`, in arrival order, running each append's check.
 *
 * Memory holds every change applied so far but none of this batch, so the first append is checked
 * exactly as it would be alone. A later one is checked without the batch's earlier updates: if it
 * builds on them (a client's next edit continues its clocks) the completeness check throws, and
 * then the batch ends before it — it waits, and is checked again first in the next batch, when
 * memory holds what it builds on. So a refusal is only ever given to an append checked first (as
 * today); an append accepted later in a batch is one that does not build on the updates before it
 * in the batch, i.e. it was written concurrently with them. An append with nothing new is answered
 * at once (memory already holds all of it). Client-id bindings are checked the same way, against
 * memory without the batch's earlier ones; the store settles them in the batch's order and refuses
 * an append whose id an earlier one bound to another member (core's client-bindings.ts).
 */
export function takeBatch(waiting: QueuedAppend[]): BatchedAppend[] {
  const batch: BatchedAppend[] = [];
  while (waiting.length > 0) {
    const append = waiting[0]!;
    let prepared: PreparedUpdate | null;
    try {
      prepared = append.prepare();
    } catch (error) {
      if (batch.length > 0) break;
      waiting.shift();
      append.reject(error);
      continue;
    }
    waiting.shift();
    if (prepared === null) append.resolve(null);
    else batch.push({ append, ...prepared });
  }
  return batch;
}
