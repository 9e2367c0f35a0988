import * as Y from 'yjs';
import { decodeUpdateOnce } from './decoded-update.ts';

/** True when the merged ranges of `held` (sorted by clock) cover [clock, clock + len). */
function covered(held: readonly { clock: number; len: number }[] | undefined, clock: number, len: number): boolean {
  if (!held) return false;
  let low = 0;
  let high = held.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const range = held[mid]!;
    if (clock < range.clock) high = mid - 1;
    else if (clock >= range.clock + range.len) low = mid + 1;
    else return clock + len <= range.clock + range.len;
  }
  return false;
}

/**
 * The update if it changes `doc`, null if `doc` already holds all of it. A client re-sends what
 * the relay has (sync step 2 on every reconnect): that must not add a row to the store. Called on
 * an update the completeness check passed, so every struct either is new or is held.
 */
export function updateIfNew(doc: Y.Doc, update: Uint8Array): Uint8Array | null {
  // Decoded once for the checks before it; only the clients the update names are looked up (the
  // document's whole state vector grows with every client id that ever wrote to it).
  const decoded = decodeUpdateOnce(update);
  for (const struct of decoded.structs)
    if (!(struct instanceof Y.Skip) && struct.id.clock + struct.length > Y.getState(doc.store, struct.id.client))
      return update;
  if (decoded.ds.clients.size === 0) return null;
  const deleted = Y.createDeleteSetFromStructStore(doc.store);
  for (const [client, ranges] of decoded.ds.clients)
    for (const range of ranges) if (!covered(deleted.clients.get(client), range.clock, range.len)) return update;
  return null;
}

/**
 * Applies `updates` to `doc` in one transaction with `origin` and, with `capture`, returns what Yjs
 * integrated of them: never a part `doc` held already (null when nothing was new). The `update`
 * event is listened to for this transaction only: while a document has an `update` listener, Yjs
 * encodes every transaction's update, and the relay needs that only for changes stored elsewhere.
 */
export function applyIntegrated(
  doc: Y.Doc,
  updates: readonly Uint8Array[],
  origin: unknown,
  capture: boolean,
): Uint8Array | null {
  let integrated: Uint8Array | null = null;
  const keep = (update: Uint8Array) => {
    integrated = update;
  };
  if (capture) doc.on('update', keep);
  try {
    doc.transact(() => {
      for (const update of updates) Y.applyUpdate(doc, update, origin);
    }, origin);
  } finally {
    doc.off('update', keep);
  }
  return integrated;
}

/** Whether a transaction changed its document: structs added or anything deleted. */
export function changedDocument(transaction: Y.Transaction): boolean {
  const { beforeState, afterState, deleteSet } = transaction;
  if (deleteSet.clients.size > 0 || beforeState.size !== afterState.size) return true;
  for (const [client, clock] of afterState) if (beforeState.get(client) !== clock) return true;
  return false;
}
