import * as Y from 'yjs';
import { CloseCode } from '../close-codes.ts';
import {
  decodeAwarenessUpdate,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  MalformedMessageError,
  type WireMessage,
} from '../wire-protocol.ts';
import { addBindings } from './client-bindings.ts';
import type { DocumentFeed, DocumentFeeds, FeedChange, PreparedUpdate } from './document-feed.ts';
import { createDocumentPresence } from './document-presence.ts';
import {
  runHooks,
  type BeforeUpdateHook,
  type OpeningRelayDocument,
  type RelayConnection,
  type RelayDocument,
  type RelayDocumentOptions,
} from './relay-hooks.ts';
import { checkUpdateComplete, hasPendingContent } from './update-complete.ts';
import { refuseConnection } from './refusal.ts';
import { relayWrite, SERVER_ORIGIN } from './relay-write.ts';
import { updateIfNew } from './update-delta.ts';
import { RefusedUpdateError } from './write-validation.ts';

/**
 * Opens a document through its feed; rejects if the store fails (nothing stays in memory then).
 * The relay process opens its documents this way; a feed that opens synchronously (the test
 * relay's, in memory) can use {@link createRelayDocument} directly.
 */
export async function openRelayDocument(
  options: RelayDocumentOptions & { feeds: Pick<DocumentFeeds, 'open'> },
): Promise<RelayDocument> {
  const opening = createRelayDocument(options);
  const end = options.events?.timing?.('load');
  try {
    return opening.follow(await options.feeds.open(options.name, opening.apply));
  } catch (error) {
    opening.discard();
    throw error;
  } finally {
    end?.();
  }
}

/**
 * The relay's per-document logic, one implementation for the relay process and the test relay.
 * Stored first, broadcast after: memory changes only in the feed's `apply`, which receives what is
 * durable, and every change the Y.Doc integrates is broadcast from there — so a peer never holds
 * an update the relay could lose, whether this node or another one stored it (a change another
 * node stored reaches `apply` and is broadcast here without being stored again). A client's update
 * is checked in the document's turn (the completeness check, then every `beforeUpdate` hook),
 * stored, then applied, all or nothing; writes of read-only connections are dropped; presence is
 * said by the relay (document-presence.ts). The document's Yjs client-id bindings are held beside
 * its Y.Doc and change the same way: only in `apply`, with the change that stored them.
 */
export function createRelayDocument(options: RelayDocumentOptions): OpeningRelayDocument {
  const { name, hooks } = options;
  const events = options.events ?? {};
  const compactEveryUpdates = options.compactEveryUpdates ?? Infinity;
  const doc = new Y.Doc({ gc: true });
  /** Client id → the member it is bound to (client-bindings.ts), as stored up to what `doc` holds. */
  const owners = new Map<number, string>();
  const ownerOfClient = (clientId: number) => owners.get(clientId);
  const connections = new Set<RelayConnection>();
  const beforeUpdate: readonly BeforeUpdateHook[] = [
    ({ doc: target, update }) => {
      checkUpdateComplete(target, update);
    },
    ...hooks.flatMap((extension) => extension.beforeUpdate ?? []),
  ];
  let feed: DocumentFeed | null = null;
  let failed = false;
  let compactionQueued = false;
  /** Updates applied since the last snapshot; counted here so appending never has to count in the store. */
  let sinceSnapshot = 0;
  /** Set once the feed is open: the loaded state is applied before, without `change` hooks. */
  let document: RelayDocument | null = null;

  const following = (): DocumentFeed => {
    if (!feed) throw new Error(`${name}: its feed is not open yet`);
    return feed;
  };
  const broadcast = (frame: Uint8Array, except?: unknown) => {
    for (const connection of connections) if (connection !== except) connection.send(frame);
  };
  const presence = createDocumentPresence({
    doc,
    broadcast,
    published: (update) => document && runHooks(hooks, 'awareness', { document, update }),
    dropped: (kind) => events.dropped?.(kind),
  });

  // What Yjs integrated (never a duplicate) goes to every connection but the one that sent it.
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (connections.size > 0) broadcast(encodeSyncUpdate(update), origin);
  });

  const apply = (change: FeedChange) => {
    if (failed || doc.isDestroyed) return;
    addBindings(owners, change.bindings);
    doc.transact(() => {
      for (const update of change.updates) Y.applyUpdate(doc, update, change.origin);
    }, change.origin);
    if (hasPendingContent(doc))
      options.onError(`${name}: a stored change left content pending`, new Error('pending content'));
    sinceSnapshot += change.updates.length;
    if (!document) return;
    runHooks(hooks, 'change', { document, updates: change.updates, origin: change.origin });
    if (sinceSnapshot >= compactEveryUpdates && !compactionQueued) {
      compactionQueued = true;
      const current = document;
      // Out of the feed's turn: compacting queues behind what the feed is doing now.
      setTimeout(() => {
        compactionQueued = false;
        if (!failed && !doc.isDestroyed)
          current.compact().catch((error: unknown) => options.onError(`compacting ${name} failed`, error));
      }, 0);
    }
  };

  /** A store failure drops the document: its connections reconnect and load what is durable. */
  const storageFailed = (error: unknown) => {
    if (failed) return;
    failed = true;
    for (const connection of connections)
      connection.close(CloseCode.storageFailure, 'the relay could not store the update; reconnect later');
    if (document) options.onStorageFailure(document, error);
  };

  const refuse = (connection: RelayConnection, error: unknown) => {
    events.refused?.(connection, error);
    refuseConnection(connection, error);
  };

  /** Runs every hook on a client's update; the client ids they bind go with it to the store. */
  const prepare = (connection: RelayConnection, update: Uint8Array): PreparedUpdate | null => {
    const clientIds: number[] = [];
    for (const hook of beforeUpdate)
      clientIds.push(...(hook({ documentName: name, doc, connection, update, ownerOfClient })?.bindClients ?? []));
    const stored = updateIfNew(doc, update);
    if (stored === null) return null;
    const memberId = connection.member.id;
    return clientIds.length === 0 ? { update: stored } : { update: stored, binding: { memberId, clientIds } };
  };

  /**
   * All or nothing, in the document's turn (memory holds every change queued before this one):
   * every hook passes before anything is stored; an update that adds nothing stores nothing. A
   * refusal is told in that turn too, so nothing the sender sent next is taken before it — also
   * the store's (a client id another node bound first): the sender's connection holds its next
   * messages until this append settles.
   */
  const appendClientUpdate = async (connection: RelayConnection, update: Uint8Array) => {
    const end = events.timing?.('append');
    let refused = false;
    try {
      await following().appendChecked(() => {
        try {
          return prepare(connection, update);
        } catch (error) {
          refused = true;
          refuse(connection, error);
          return null;
        }
      }, connection);
      if (!refused) end?.();
    } catch (error) {
      if (error instanceof RefusedUpdateError) refuse(connection, error);
      else storageFailed(error);
    }
  };

  const handle = (connection: RelayConnection, message: WireMessage): void | Promise<void> => {
    switch (message.type) {
      case 'sync-step-1':
        connection.reply(encodeSyncStep2(doc, message.stateVector));
        return;
      case 'sync-step-2':
      case 'update':
        if (connection.access !== 'write') events.dropped?.('update');
        else if (!failed) return appendClientUpdate(connection, message.update);
        return;
      case 'awareness':
        if (connection.access !== 'write') events.dropped?.('awareness');
        else presence.applyFromClient(connection, decodeAwarenessUpdate(message.update));
        return;
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
  };

  const current: RelayDocument = {
    name,
    doc,
    connections,
    join(connection) {
      connections.add(connection);
      connection.send(encodeSyncStep1(doc));
      if (presence.size() > 0) connection.send(presence.frameOfEveryone());
      if (connection.access === 'read') current.tellReadOnly(connection);
    },
    leave(connection) {
      if (connections.delete(connection)) presence.leave(connection);
    },
    tellReadOnly(connection) {
      connection.send(encodePermissionDenied('read-only'));
    },
    receive(connection, message) {
      try {
        return handle(connection, message);
      } catch (error) {
        refuse(connection, error);
      }
    },
    refuse,
    async writeAsRelay(write) {
      if (failed) return;
      try {
        await following().appendChecked(() => {
          const update = relayWrite(doc, write);
          return update && { update };
        }, SERVER_ORIGIN);
      } catch (error) {
        storageFailed(error);
      }
    },
    applyPresenceFromOtherNode: (update) => presence.applyFromOtherNode(update),
    async compact() {
      if (failed || sinceSnapshot <= 1) return;
      const before = sinceSnapshot;
      const end = events.timing?.('compact');
      try {
        await following().compact(() => Y.encodeStateAsUpdate(doc));
      } finally {
        end?.();
      }
      sinceSnapshot = Math.max(1, sinceSnapshot - before + 1);
    },
    async destroy() {
      // Forget the connections first so tearing down presence sends nobody anything.
      connections.clear();
      presence.destroy();
      await feed?.close();
      doc.destroy();
    },
  };

  return {
    apply,
    follow(opened) {
      feed = opened;
      document = current;
      return current;
    },
    discard() {
      presence.destroy();
      doc.destroy();
    },
  };
}
