import * as Y from 'yjs';
import { RELAY_WRITE, type SyncOrigin } from '../origins.ts';

/**
 * What `write` changes when it runs on `doc`, as one update to store, or null when it changes
 * nothing; `doc` itself is untouched (the relay document applies the update as it stores it). The write runs on a copy
 * that writes as `doc` would, so the stored update continues the document's own clocks.
 */
export function relayWrite(doc: Y.Doc, write: (copy: Y.Doc, origin: SyncOrigin) => void): Uint8Array | null {
  const copy = new Y.Doc({ gc: true });
  copy.clientID = doc.clientID;
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const changes: Uint8Array[] = [];
  copy.on('update', (update: Uint8Array) => changes.push(update));
  write(copy, RELAY_WRITE);
  copy.destroy();
  return changes.length === 0 ? null : Y.mergeUpdates(changes);
}
