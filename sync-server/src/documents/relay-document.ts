import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CloseCode } from '@holdfast/core';
import type { DocumentStore } from '../persistence/document-store.ts';
import {
  decodeAwarenessUpdate,
  encodeAwareness,
  encodeAwarenessOf,
  encodeAwarenessUpdate,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  MalformedMessageError,
  type IncomingMessage,
} from '../protocol/messages.ts';
import { timed, type RelayMetrics } from '../server/metrics.ts';
import type { WriteValidator } from '../validation/validate-writes.ts';

/** One client socket as a document sees it. */
export interface RelayConnection {
  readonly id: number;
  readonly member: { id: string; name: string };
  access: 'read' | 'write';
  /** Awareness client ids this connection speaks for, removed when it leaves. */
  readonly awarenessClients: Set<number>;
  send(frame: Uint8Array): void;
  close(code: number, reason: string): void;
}

/** Origins: what loaded from storage is never stored again; what the server writes is stored and sent to all. */
export const LOAD_ORIGIN = Symbol('loaded from storage');
export const SERVER_ORIGIN = Symbol('written by the relay');

export interface RelayDocument {
  readonly name: string;
  readonly doc: Y.Doc;
  readonly connections: ReadonlySet<RelayConnection>;
  join(connection: RelayConnection): void;
  leave(connection: RelayConnection): void;
  receive(connection: RelayConnection, message: IncomingMessage): void;
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
  /** Checks a client's update before it is applied (sync-server/src/validation); absent: everything goes. */
  validate?: WriteValidator;
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
      if (clients.length) send(connection, encodeAwarenessOf(awareness, clients));
      if (connection.access === 'read') document.tellReadOnly(connection);
    },
    leave(connection) {
      if (!connections.delete(connection)) return;
      if (connection.awarenessClients.size)
        awarenessProtocol.removeAwarenessStates(awareness, [...connection.awarenessClients], connection);
    },
    tellReadOnly(connection) {
      send(connection, encodePermissionDenied('read-only'));
    },
    receive(connection, message) {
      switch (message.type) {
        case 'sync-step-1':
          send(connection, encodeSyncStep2(doc, message.stateVector));
          return;
        case 'sync-step-2':
        case 'update': {
          if (connection.access !== 'write') {
            metrics.dropped.inc({ type: 'update' });
            return;
          }
          // Refused whole before it touches the document: nothing stored, nothing sent on.
          const verdict = options.validate?.(name, doc, connection.member.id, message.update) ?? { ok: true };
          if (!verdict.ok) {
            if (verdict.malformed) throw new MalformedMessageError(verdict.reason);
            metrics.dropped.inc({ type: 'refused-update' });
            connection.close(CloseCode.refusedUpdate, `update refused: ${verdict.reason}`);
            return;
          }
          try {
            Y.applyUpdate(doc, message.update, connection);
          } catch {
            throw new MalformedMessageError('the update is not a valid Yjs update');
          }
          return;
        }
        case 'awareness': {
          if (connection.access !== 'write') {
            metrics.dropped.inc({ type: 'awareness' });
            return;
          }
          // The relay, not the client, says who is present: every state carries the token's member.
          const stamped = decodeAwarenessUpdate(message.update).map((entry) => {
            if (entry.state === null) connection.awarenessClients.delete(entry.clientId);
            else connection.awarenessClients.add(entry.clientId);
            return entry.state === null
              ? entry
              : {
                  ...entry,
                  state: { ...entry.state, user: { memberId: connection.member.id, name: connection.member.name } },
                };
          });
          awarenessProtocol.applyAwarenessUpdate(awareness, encodeAwarenessUpdate(stamped), connection);
          return;
        }
        case 'query-awareness':
          send(connection, encodeAwarenessOf(awareness, [...awareness.getStates().keys()]));
          return;
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
    const frame = encodeUpdate(update);
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
    const frame = encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(awareness, changed));
    for (const connection of connections) send(connection, frame);
  });

  return document;
}
