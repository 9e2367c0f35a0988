// A client that records every update a relay sent it (sync step 2 and broadcast updates, read off
// the socket beside the client's own handling), and follows a document across nodes: when its
// node dies it reconnects to another one with the same Y.Doc, so its unsent edits are resent by
// the sync handshake. The checker below compares what clients saw with PostgreSQL.
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { connectClient, type TestClient } from '../../relay/support/test-client.ts';

export interface RecordingClient {
  readonly name: string;
  readonly docName: string;
  readonly doc: Y.Doc;
  /** Every update (or sync step 2 state) any relay sent this client, in arrival order. */
  readonly received: Uint8Array[];
  /** The connection now in use. */
  current(): TestClient;
  /** Drops the current connection (if open) and connects to `url`, keeping the document; rejects if the relay closes it before the first sync. */
  moveTo(url: string): Promise<void>;
  /** Whether the current connection is open (the relay has not closed it). */
  isOpen(): boolean;
  close(): void;
}

const MESSAGE_SYNC = 0;

/** The update a relay frame carries, if it carries one (sync step 2 or update). */
export function updateInFrame(frame: Uint8Array): Uint8Array | null {
  const decoder = decoding.createDecoder(frame);
  if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return null;
  const syncType = decoding.readVarUint(decoder);
  if (syncType !== syncProtocol.messageYjsSyncStep2 && syncType !== syncProtocol.messageYjsUpdate) return null;
  return decoding.readVarUint8Array(decoder);
}

export async function connectRecordingClient(options: {
  name: string;
  url: string;
  docName: string;
  /** Tokens are minted per connection: a node may have been restarted with the same key. */
  token: () => Promise<string>;
}): Promise<RecordingClient> {
  const doc = new Y.Doc();
  const received: Uint8Array[] = [];
  let client: TestClient | null = null;

  const moveTo = async (url: string) => {
    if (client) {
      client.close();
      client.awareness.destroy();
    }
    const next = connectClient(url, options.docName, await options.token(), doc);
    next.socket.on('message', (data: ArrayBuffer) => {
      const update = updateInFrame(new Uint8Array(data));
      if (update) received.push(update);
    });
    client = next;
    let open = true;
    void next.closed.then(() => (open = false));
    isOpen = () => open;
    await Promise.race([
      next.synced,
      next.closed.then(({ code }) => Promise.reject(new Error(`${options.name}: closed with ${code} before syncing`))),
    ]);
  };
  let isOpen = () => false;
  await moveTo(options.url);
  return {
    name: options.name,
    docName: options.docName,
    doc,
    received,
    current: () => client!,
    moveTo,
    isOpen: () => isOpen(),
    close() {
      client?.close();
      client?.awareness.destroy();
    },
  };
}

/** `client:clock` of everything `update` creates or deletes that `stored` does not hold. */
export function missingFrom(stored: Y.Doc, update: Uint8Array): string[] {
  const missing: string[] = [];
  const vector = Y.decodeStateVector(Y.encodeStateVector(stored));
  const { structs, ds } = Y.decodeUpdate(update);
  for (const struct of structs) {
    // Skip is a placeholder for a gap in the update, not content.
    if (struct instanceof Y.Skip) continue;
    const end = struct.id.clock + struct.length;
    if ((vector.get(struct.id.client) ?? 0) < end) missing.push(`${struct.id.client}:${struct.id.clock}`);
  }
  const storedDeletes = Y.createDeleteSetFromStructStore(stored.store);
  for (const [client, items] of ds.clients)
    for (const item of items)
      for (let clock = item.clock; clock < item.clock + item.len; clock++)
        if (!Y.isDeleted(storedDeletes, Y.createID(client, clock))) {
          missing.push(`deleted ${client}:${clock}`);
          break;
        }
  return missing;
}

export interface Verdict {
  /** Updates a client saw that a fresh load does not hold: `client name: client:clock …`. */
  lost: string[];
  /** Clients whose document differs from the fresh load (state vector, deletions or content). */
  unequal: string[];
}

/**
 * Compares what the clients saw and hold with `stored`, a fresh load of their document from the
 * database (the one source of truth): nothing seen may be missing, and every client must equal it.
 */
export function checkAgainstStored(stored: Y.Doc, clients: readonly RecordingClient[]): Verdict {
  const lost: string[] = [];
  const unequal: string[] = [];
  for (const client of clients) {
    for (const update of client.received) {
      const missing = missingFrom(stored, update);
      if (missing.length) lost.push(`${client.name}: ${missing.join(' ')}`);
    }
    if (!Y.equalSnapshots(Y.snapshot(stored), Y.snapshot(client.doc)))
      unequal.push(`${client.name}: ${JSON.stringify(Y.decodeStateVector(Y.encodeStateVector(client.doc)))}`);
  }
  return { lost, unequal };
}
