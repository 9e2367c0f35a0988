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
import { createDocumentOwners } from './document-owners.ts';
import type { DocumentFeed, FeedChange } from './document-feed.ts';
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
import { createDocumentCompaction } from './document-compaction.ts';
import { createHeldUpdates, HeldUpdate } from './held-update.ts';
import { refuseConnection } from './refusal.ts';
import { createTurnBroadcast } from './turn-broadcast.ts';
import { RELAY_WRITE } from '../origins.ts';
import { relayWrite } from './relay-write.ts';
import { applyIntegrated, changedDocument, updateIfNew } from './update-delta.ts';
import { RefusedUpdateError } from './write-validation.ts';

/**
 * The relay's per-document logic, one implementation for the relay process and the test relay.
 * Stored first, broadcast after: a peer never holds an update the relay could lose, whether this
 * node or another one stored it (another node's change reaches `apply` and is broadcast without
 * being stored again). A client's update is checked when it arrives (completeness, then every
 * `beforeUpdate` hook), all or nothing, applied in memory at once and appended; its broadcast and
 * every answer that reads memory wait for its commit (held-update.ts). A failed commit drops the
 * document (every connection closed; the next load reads the store). Writes of read-only
 * connections are dropped; presence is said by the relay (document-presence.ts). The document's
 * Yjs client-id bindings are held beside its Y.Doc (document-owners.ts).
 */
export function createRelayDocument(options: RelayDocumentOptions): OpeningRelayDocument {
  const { name, hooks } = options;
  const events = options.events ?? {};
  const doc = new Y.Doc({ gc: true });
  const owners = createDocumentOwners();
  const { ownerOfClient } = owners;
  const connections = new Set<RelayConnection>();
  const beforeUpdate: readonly BeforeUpdateHook[] = [
    ({ doc: target, update }) => {
      checkUpdateComplete(target, update);
    },
    ...hooks.flatMap((extension) => extension.beforeUpdate ?? []),
  ];
  let feed: DocumentFeed | null = null;
  let failed = false;
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

  const stored = createTurnBroadcast(connections, options.endOfTurn);
  /** True while a change stored elsewhere is applied (the only changes but held ones memory takes). */
  let applyingStored = false;
  // Memory changes only through the store. A write around it would reach no connection and be gone
  // at the next load: it is reported, not broadcast.
  doc.on('afterTransaction', (transaction: Y.Transaction) => {
    if (applyingStored || transaction.origin instanceof HeldUpdate) return;
    if (changedDocument(transaction))
      options.onError(`${name}: written around the store`, new Error('only stored changes may change the document'));
  });

  const held = createHeldUpdates({
    name,
    doc,
    feed: following,
    hasFailed: () => failed,
    broadcast: (origin) => {
      if (origin.update && connections.size > 0) stored.add(origin.update, origin.from);
    },
    failed: (error, origin) => {
      // The store refused a held update (a client id another node bound first): memory holds it
      // and the store does not, so the document is dropped like after a failed commit.
      if (error instanceof RefusedUpdateError && origin.from) refuse(origin.from, error);
      storageFailed(error);
    },
    timing: () => events.timing?.('append'),
  });
  const compaction = createDocumentCompaction({
    name,
    doc,
    held,
    feed: following,
    isDone: () => failed || doc.isDestroyed,
    everyUpdates: options.compactEveryUpdates ?? Infinity,
    timing: () => events.timing?.('compact'),
    onError: options.onError,
  });

  const apply = (change: FeedChange) => {
    if (failed || doc.isDestroyed) return;
    const { origin } = change;
    owners.stored(change.bindings);
    if (origin instanceof HeldUpdate) held.release(origin);
    else {
      // Stored by someone else (another node, or the load): what memory lacked of it goes to every
      // connection at once (a catch-up that finds a whole snapshot sends only what is new). A
      // client's held update, checked to be new, is broadcast as stored instead.
      applyingStored = true;
      let integrated: Uint8Array | null;
      try {
        integrated = applyIntegrated(doc, change.updates, origin, connections.size > 0);
      } finally {
        applyingStored = false;
      }
      if (integrated) {
        stored.flush(); // what was stored before it goes first
        broadcast(encodeSyncUpdate(integrated), origin);
      }
      if (hasPendingContent(doc))
        options.onError(`${name}: a stored change left content pending`, new Error('pending content'));
    }
    compaction.applied(change.updates.length);
    if (!document) return;
    const said = origin instanceof HeldUpdate ? origin.origin : origin;
    runHooks(hooks, 'change', { document, updates: change.updates, origin: said });
    compaction.compactIfDue();
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

  /**
   * All or nothing, when it arrives (memory holds every update taken before it): every hook passes
   * before anything is applied or stored; an update that adds nothing stores nothing. A refusal is
   * told at once, so nothing the sender sent next is taken before it.
   */
  const takeClientUpdate = (connection: RelayConnection, update: Uint8Array): void => {
    const clientIds: number[] = [];
    let delta: Uint8Array | null;
    try {
      for (const hook of beforeUpdate)
        clientIds.push(...(hook({ documentName: name, doc, connection, update, ownerOfClient })?.bindClients ?? []));
      delta = updateIfNew(doc, update);
    } catch (error) {
      refuse(connection, error);
      return;
    }
    if (delta === null) return;
    const binding = owners.held(connection.member.id, clientIds);
    void held.hold({ update: delta, binding }, new HeldUpdate(connection, connection));
  };

  const handle = (connection: RelayConnection, message: WireMessage): void | Promise<void> => {
    switch (message.type) {
      case 'sync-step-1': {
        // Memory may hold updates not stored yet: the answer leaves once they are.
        const answer = encodeSyncStep2(doc, message.stateVector);
        if (held.count === 0) return connection.reply(answer);
        return held.settled().then(() => {
          if (!failed) connection.reply(answer);
        });
      }
      case 'sync-step-2':
      case 'update':
        if (connection.access !== 'write') events.dropped?.('update');
        else if (!failed) takeClientUpdate(connection, message.update);
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
      const update = relayWrite(doc, write);
      if (update !== null) await held.hold({ update }, new HeldUpdate(null, RELAY_WRITE));
    },
    applyPresenceFromOtherNode: (update) => presence.applyFromOtherNode(update),
    compact: () => compaction.compact(),
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
