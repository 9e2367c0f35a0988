import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
  CloseCode,
  decodeAwarenessUpdate,
  encodeAwareness,
  encodeAwarenessFrame,
  encodeAwarenessUpdate,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  MalformedMessageError,
  type AwarenessEntry,
  type WireMessage,
} from '@holdfast/core';
import type { DocumentStore } from '../persistence/document-store.ts';
import { timed, type RelayMetrics } from '../server/metrics.ts';
import { checkUpdateComplete, hasPendingContent } from './update-check.ts';

/** One client socket as a document sees it. */
export interface RelayConnection {
  readonly id: number;
  readonly member: { id: string; name: string };
  access: 'read' | 'write';
  /** Awareness client ids this connection speaks for, removed when it leaves. */
  readonly awarenessClients: Set<number>;
  /** Sends a frame the document broadcasts (another client's change). */
  send(frame: Uint8Array): void;
  /** Sends the answer to this connection's own request; its bytes count against the sender's budget. */
  reply(frame: Uint8Array): void;
  close(code: number, reason: string): void;
}

/** An update a client sent, before it is applied, stored or broadcast. */
export interface UpdatePayload {
  readonly documentName: string;
  readonly doc: Y.Doc;
  readonly connection: RelayConnection;
  readonly update: Uint8Array;
}
/**
 * Runs, in order, before a client's update touches the document; a throw refuses the whole update
 * (nothing applied, stored or broadcast) and closes the sender with 4400. The first hook is always
 * {@link checkUpdateComplete}; content validation goes after it.
 */
export type BeforeUpdateHook = (payload: UpdatePayload) => void;

/** At most this many awareness client ids per connection (a tab has one; a few for reloads). */
const MAX_AWARENESS_CLIENTS_PER_CONNECTION = 8;
const MAX_VIEWING_LENGTH = 64;

/** Origins: what loaded from storage is never stored again; what the server writes is stored and sent to all. */
export const LOAD_ORIGIN = Symbol('loaded from storage');
export const SERVER_ORIGIN = Symbol('written by the relay');

export interface RelayDocument {
  readonly name: string;
  readonly doc: Y.Doc;
  readonly connections: ReadonlySet<RelayConnection>;
  join(connection: RelayConnection): void;
  leave(connection: RelayConnection): void;
  receive(connection: RelayConnection, message: WireMessage): void;
  /** Re-sends the read-only notice after a downgrade. */
  tellReadOnly(connection: RelayConnection): void;
  /** Folds the stored updates into one snapshot. */
  compact(): void;
  destroy(): void;
}

export interface RelayDocumentOptions {
  name: string;
  store: DocumentStore;
  compactEveryUpdates: number;
  metrics: RelayMetrics;
  /** Checks after the built-in completeness check, before an update is applied (see {@link BeforeUpdateHook}). */
  beforeUpdate?: readonly BeforeUpdateHook[];
  /** Called when storing failed: the document must be dropped from memory without saving. */
  onStorageFailure(document: RelayDocument, error: unknown): void;
}

/** Loads a document from the store; throws if the store fails (nothing stays in memory then). */
export function loadRelayDocument(options: RelayDocumentOptions): RelayDocument {
  const { name, store, metrics } = options;
  const doc = new Y.Doc({ gc: true });
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState(null);
  const connections = new Set<RelayConnection>();
  /** Each awareness client id belongs to the connection that first announced it, until that one leaves. */
  const awarenessOwners = new Map<number, RelayConnection>();
  const beforeUpdate: readonly BeforeUpdateHook[] = [
    ({ doc: target, update }) => checkUpdateComplete(target, update),
    ...(options.beforeUpdate ?? []),
  ];
  let failed = false;
  let compactionQueued = false;
  /** Rows stored since the last snapshot; counted here so appending never has to count in the store. */
  let sinceSnapshot = 0;

  try {
    const updates = timed(metrics, 'load', () => store.load(name));
    sinceSnapshot = updates.length;
    doc.transact(() => {
      for (const update of updates) Y.applyUpdate(doc, update, LOAD_ORIGIN);
    }, LOAD_ORIGIN);
  } catch (error) {
    awareness.destroy();
    doc.destroy();
    throw error;
  }

  const send = (connection: RelayConnection, frame: Uint8Array) => {
    connection.send(frame);
    metrics.messagesOut.inc();
    metrics.bytesOut.inc(frame.byteLength);
  };

  const document: RelayDocument = {
    name,
    doc,
    connections,
    join(connection) {
      connections.add(connection);
      send(connection, encodeSyncStep1(doc));
      const clients = [...awareness.getStates().keys()];
      if (clients.length) send(connection, encodeAwareness(awareness, clients));
      if (connection.access === 'read') document.tellReadOnly(connection);
    },
    leave(connection) {
      if (!connections.delete(connection)) return;
      for (const clientId of connection.awarenessClients) awarenessOwners.delete(clientId);
      if (connection.awarenessClients.size)
        awarenessProtocol.removeAwarenessStates(awareness, [...connection.awarenessClients], connection);
    },
    tellReadOnly(connection) {
      send(connection, encodePermissionDenied('read-only'));
    },
    receive(connection, message) {
      switch (message.type) {
        case 'sync-step-1':
          connection.reply(encodeSyncStep2(doc, message.stateVector));
          return;
        case 'sync-step-2':
        case 'update':
          if (connection.access !== 'write') {
            metrics.dropped.inc({ type: 'update' });
            return;
          }
          return applyClientUpdate(connection, message.update);
        case 'awareness':
          if (connection.access !== 'write') {
            metrics.dropped.inc({ type: 'awareness' });
            return;
          }
          return applyClientAwareness(connection, decodeAwarenessUpdate(message.update));
        case 'query-awareness':
          connection.reply(encodeAwareness(awareness, [...awareness.getStates().keys()]));
          return;
        case 'token':
          return; // a token repeated after authentication changes nothing
        case 'permission-denied':
          throw new MalformedMessageError('permission-denied goes from the relay to a client, never back');
        default: {
          const unknown: never = message;
          throw new MalformedMessageError(`unhandled message ${JSON.stringify(unknown)}`);
        }
      }
    },
    compact() {
      if (failed || sinceSnapshot <= 1) return;
      timed(metrics, 'compact', () => store.compact(name, Y.encodeStateAsUpdate(doc)));
      sinceSnapshot = 1;
    },
    destroy() {
      // Forget the connections first so tearing down awareness sends nobody anything.
      connections.clear();
      awareness.destroy();
      doc.destroy();
    },
  };

  /** All or nothing: every hook passes before Yjs sees the update. */
  function applyClientUpdate(connection: RelayConnection, update: Uint8Array): void {
    for (const hook of beforeUpdate) hook({ documentName: name, doc, connection, update });
    try {
      Y.applyUpdate(doc, update, connection);
    } catch {
      throw new MalformedMessageError('the update is not a valid Yjs update');
    }
    if (hasPendingContent(doc))
      throw new Error(`${name}: an update passed the completeness check but left content pending`);
  }

  /**
   * The relay, not the client, says who is present: an entry for a client id another connection
   * owns is dropped, and every state kept is rebuilt from the token's member and the fields
   * Holdfast's presence has (`viewing`); anything else the client claimed is stripped.
   */
  function applyClientAwareness(connection: RelayConnection, entries: AwarenessEntry[]): void {
    const kept: AwarenessEntry[] = [];
    for (const entry of entries) {
      const owner = awarenessOwners.get(entry.clientId);
      if (owner && owner !== connection) {
        metrics.dropped.inc({ type: 'awareness-foreign' });
        continue;
      }
      if (!owner) {
        if (entry.state === null || connection.awarenessClients.size >= MAX_AWARENESS_CLIENTS_PER_CONNECTION) {
          metrics.dropped.inc({ type: 'awareness-foreign' });
          continue;
        }
        awarenessOwners.set(entry.clientId, connection);
        connection.awarenessClients.add(entry.clientId);
      }
      const viewing = entry.state?.viewing;
      kept.push({
        clientId: entry.clientId,
        clock: entry.clock,
        state:
          entry.state === null
            ? null
            : {
                user: { memberId: connection.member.id, name: connection.member.name },
                viewing: typeof viewing === 'string' && viewing.length <= MAX_VIEWING_LENGTH ? viewing : null,
              },
      });
    }
    if (kept.length) awarenessProtocol.applyAwarenessUpdate(awareness, encodeAwarenessUpdate(kept), connection);
  }

  // Stored first, broadcast after: a peer never holds an update the relay could lose.
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === LOAD_ORIGIN || failed) return;
    try {
      timed(metrics, 'append', () => store.append(name, update));
      sinceSnapshot++;
    } catch (error) {
      failed = true;
      for (const connection of connections)
        connection.close(CloseCode.storageFailure, 'the relay could not store the update; reconnect later');
      options.onStorageFailure(document, error);
      return;
    }
    const frame = encodeSyncUpdate(update);
    for (const connection of connections) if (connection !== origin) send(connection, frame);
    if (sinceSnapshot >= options.compactEveryUpdates && !compactionQueued) {
      compactionQueued = true;
      setImmediate(() => {
        compactionQueued = false;
        if (!failed && !doc.isDestroyed) document.compact();
      });
    }
  });

  awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    const changed = [...added, ...updated, ...removed];
    if (changed.length === 0) return;
    const frame = encodeAwarenessFrame(awarenessProtocol.encodeAwarenessUpdate(awareness, changed));
    for (const connection of connections) send(connection, frame);
  });

  return document;
}
