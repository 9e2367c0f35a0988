import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
  CloseCode,
  createRelayRoom,
  encodeAwarenessFrame,
  encodeSyncUpdate,
  readOnlyNotice,
  type BeforeUpdateHook as RoomBeforeUpdateHook,
  type RoomConnection,
  type UpdatePayload as RoomUpdatePayload,
  type WireMessage,
} from '@holdfast/core';
import type { DocumentStore } from '../persistence/document-store.ts';
import { timed, type RelayMetrics } from '../server/metrics.ts';

/** One client socket as a document sees it. */
export interface RelayConnection extends RoomConnection {
  readonly id: number;
  /** Sends a frame the document broadcasts (another client's change). */
  send(frame: Uint8Array): void;
  /** Sends the answer to this connection's own request; its bytes count against the sender's budget. */
  reply(frame: Uint8Array): void;
  close(code: number, reason: string): void;
}

/** An update a client sent, before it is applied, stored or broadcast. */
export type UpdatePayload = RoomUpdatePayload<RelayConnection>;
/**
 * Runs, in order, before a client's update touches the document; a throw refuses the whole update
 * (nothing applied, stored or broadcast) and closes the sender with 4400. The first hook is always
 * the completeness check (`checkUpdateComplete`); content validation goes after it. The per-document
 * logic that runs them (`createRelayRoom`) is core's, shared with the test relay.
 */
export type BeforeUpdateHook = RoomBeforeUpdateHook<RelayConnection>;

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
  const room = createRelayRoom<RelayConnection>({
    name,
    doc,
    beforeUpdate: options.beforeUpdate,
    onDropped: (type) => metrics.dropped.inc({ type }),
  });
  const { awareness } = room;
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
    room.destroy();
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
      for (const frame of room.greeting(connection)) send(connection, frame);
    },
    leave(connection) {
      if (!connections.delete(connection)) return;
      room.leave(connection);
    },
    tellReadOnly(connection) {
      send(connection, readOnlyNotice());
    },
    receive(connection, message) {
      room.receive(connection, message);
    },
    compact() {
      if (failed || sinceSnapshot <= 1) return;
      timed(metrics, 'compact', () => store.compact(name, Y.encodeStateAsUpdate(doc)));
      sinceSnapshot = 1;
    },
    destroy() {
      // Forget the connections first so tearing down awareness sends nobody anything.
      connections.clear();
      room.destroy();
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
