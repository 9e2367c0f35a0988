import * as Y from 'yjs';
import {
  CloseCode,
  decodeAwarenessUpdate,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  MalformedMessageError,
} from '@holdfast/core';
import type { DocumentFeed, DocumentFeeds, FeedChange } from '../persistence/document-feeds.ts';
import { timedAsync, type RelayMetrics } from '../server/metrics.ts';
import { createDocumentPresence } from './document-presence.ts';
import {
  runHooks,
  type BeforeUpdateHook,
  type RelayConnection,
  type RelayDocument,
  type RelayHooks,
} from './relay-hooks.ts';
import { checkUpdateComplete, hasPendingContent } from './update-check.ts';
import { updateIfNew } from './update-delta.ts';

export type { BeforeUpdateHook, RelayConnection, RelayDocument, UpdatePayload } from './relay-hooks.ts';

/** Origin of what the relay writes itself (member and directory documents). */
export const SERVER_ORIGIN = Symbol('written by the relay');

export interface RelayDocumentOptions {
  name: string;
  feeds: DocumentFeeds;
  compactEveryUpdates: number;
  metrics: RelayMetrics;
  hooks: readonly RelayHooks[];
  /** Called when storing failed: the document must be dropped from memory without saving. */
  onStorageFailure(document: RelayDocument, error: unknown): void;
  onError(message: string, error: unknown): void;
}

/**
 * Opens a document through its feed; rejects if the store fails (nothing stays in memory then).
 * Stored first, broadcast after: memory changes only in the feed's `apply`, which receives what is
 * durable, and every change the Y.Doc integrates is broadcast from there — so a peer never holds
 * an update the relay could lose, whether this node or another one stored it.
 */
export async function openRelayDocument(options: RelayDocumentOptions): Promise<RelayDocument> {
  const { name, metrics, hooks } = options;
  const doc = new Y.Doc({ gc: true });
  const connections = new Set<RelayConnection>();
  const beforeUpdate: readonly BeforeUpdateHook[] = [
    ({ doc: target, update }) => checkUpdateComplete(target, update),
    ...hooks.flatMap((extension) => extension.beforeUpdate ?? []),
  ];
  let failed = false;
  let compactionQueued = false;
  /** Updates applied since the last snapshot; counted here so appending never has to count in the store. */
  let sinceSnapshot = 0;
  let document: RelayDocument | null = null;

  const send = (connection: RelayConnection, frame: Uint8Array) => {
    connection.send(frame);
    metrics.messagesOut.inc();
    metrics.bytesOut.inc(frame.byteLength);
  };
  const presence = createDocumentPresence({
    doc,
    metrics,
    broadcast: (frame) => {
      for (const connection of connections) send(connection, frame);
    },
    published: (update) => document && runHooks(hooks, 'awareness', { document, update }),
  });

  // What Yjs integrated (never a duplicate) goes to every connection but the one that sent it.
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (connections.size === 0) return;
    const frame = encodeSyncUpdate(update);
    for (const connection of connections) if (connection !== origin) send(connection, frame);
  });

  const apply = (change: FeedChange) => {
    if (failed || doc.isDestroyed) return;
    doc.transact(() => {
      for (const update of change.updates) Y.applyUpdate(doc, update, change.origin);
    }, change.origin);
    if (hasPendingContent(doc))
      options.onError(`${name}: a stored change left content pending`, new Error('pending content'));
    sinceSnapshot += change.updates.length;
    if (!document) return;
    runHooks(hooks, 'change', { document, updates: change.updates, origin: change.origin });
    if (sinceSnapshot >= options.compactEveryUpdates && !compactionQueued) {
      compactionQueued = true;
      const current = document;
      setImmediate(() => {
        compactionQueued = false;
        if (!failed && !doc.isDestroyed)
          current.compact().catch((error: unknown) => options.onError(`compacting ${name} failed`, error));
      });
    }
  };

  let feed: DocumentFeed;
  try {
    feed = await timedAsync(metrics, 'load', () => options.feeds.open(name, apply));
  } catch (error) {
    presence.destroy();
    doc.destroy();
    throw error;
  }

  /** A store failure drops the document: its connections reconnect and load what is durable. */
  const storageFailed = (error: unknown) => {
    if (failed) return;
    failed = true;
    for (const connection of connections)
      connection.close(CloseCode.storageFailure, 'the relay could not store the update; reconnect later');
    options.onStorageFailure(current, error);
  };

  /**
   * All or nothing, in the document's turn (memory holds every change queued before this one):
   * every hook passes before anything is stored; an update that adds nothing stores nothing.
   */
  const appendClientUpdate = async (connection: RelayConnection, update: Uint8Array) => {
    let refusal: unknown = null;
    const end = metrics.persistSeconds.startTimer({ operation: 'append' });
    try {
      await feed.appendChecked(() => {
        try {
          for (const hook of beforeUpdate) hook({ documentName: name, doc, connection, update });
          return updateIfNew(doc, update);
        } catch (error) {
          refusal = error;
          throw error;
        }
      }, connection);
      end();
    } catch (error) {
      if (refusal !== null) throw refusal;
      storageFailed(error);
    }
  };

  const current: RelayDocument = {
    name,
    doc,
    connections,
    join(connection) {
      connections.add(connection);
      send(connection, encodeSyncStep1(doc));
      if (presence.size() > 0) send(connection, presence.frameOfEveryone());
      if (connection.access === 'read') current.tellReadOnly(connection);
    },
    leave(connection) {
      if (!connections.delete(connection)) return;
      presence.leave(connection);
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
          if (failed) return;
          return appendClientUpdate(connection, message.update);
        case 'awareness':
          if (connection.access !== 'write') {
            metrics.dropped.inc({ type: 'awareness' });
            return;
          }
          return presence.applyFromClient(connection, decodeAwarenessUpdate(message.update));
        case 'query-awareness':
          connection.reply(presence.frameOfEveryone());
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
    async writeAsRelay(write) {
      if (failed) return;
      try {
        await feed.appendChecked(() => {
          // A copy that writes as this document would: the stored update continues its own clocks.
          const copy = new Y.Doc({ gc: true });
          copy.clientID = doc.clientID;
          Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
          const changes: Uint8Array[] = [];
          copy.on('update', (update: Uint8Array) => changes.push(update));
          write(copy, SERVER_ORIGIN);
          copy.destroy();
          return changes.length === 0 ? null : Y.mergeUpdates(changes);
        }, SERVER_ORIGIN);
      } catch (error) {
        storageFailed(error);
      }
    },
    applyPresenceFromOtherNode: (update) => presence.applyFromOtherNode(update),
    async compact() {
      if (failed || sinceSnapshot <= 1) return;
      const before = sinceSnapshot;
      await timedAsync(metrics, 'compact', () => feed.compact(() => Y.encodeStateAsUpdate(doc)));
      sinceSnapshot = Math.max(1, sinceSnapshot - before + 1);
    },
    async destroy() {
      // Forget the connections first so tearing down presence sends nobody anything.
      connections.clear();
      presence.destroy();
      await feed.close();
      doc.destroy();
    },
  };
  document = current;
  return current;
}
