// An in-memory relay for unit tests: the relay's own per-document logic (`createRelayDocument`:
// sync steps, the completeness check and hooks in the document's turn, store before broadcast,
// presence said by the relay, a refusal closing its sender with 4400 or 4422) over an in-memory
// feed (`memory-feeds.ts`), reached through queued sockets (`frame-queues.ts`) whose frames wait
// until the test delivers them. The memory feed does its work before it returns, so a delivered
// frame's answer is queued at once: tests flush synchronously and never wait for a timer.
import type * as Y from 'yjs';
import { MalformedMessageError, decodeMessage, type WireMessage } from '../wire-protocol.ts';
import { offeredToken } from '../offered-token.ts';
import type { SyncOrigin } from '../origins.ts';
import { createRelayDocument } from '../relay-logic/relay-document.ts';
import type { RelayConnection, RelayDocument, RelayHooks } from '../relay-logic/relay-hooks.ts';
import { RefusedUpdateError } from '../relay-logic/write-validation.ts';
import type { WebSocketConstructorLike } from '../websocket-like.ts';
import { createFrameQueues, MemorySocket, type QueuedConnection } from './frame-queues.ts';
import { createMemoryFeeds } from './memory-feeds.ts';

export type RelayAccess = 'write' | 'read' | { closeCode: number };

export interface MemoryRelayOptions {
  /** Decides per connection; every connection may write when absent. */
  authorize?: (docName: string, token: string) => RelayAccess;
  /** The member a token names (presence speaks for them); by default the token itself, as id and name. */
  memberOf?: (token: string) => { id: string; name: string };
  /**
   * Extensions, as the relay's (relay-hooks.ts): `beforeUpdate` runs after the completeness check
   * (for example `writeValidationHook`), `change` and `awareness` as in the relay; `load` and
   * `unload` are the relay registry's and do not run here (documents load at once and stay).
   */
  hooks?: readonly RelayHooks[];
}

interface Connection extends RelayConnection, QueuedConnection {
  readonly docName: string;
  readonly token: string;
  open: boolean;
  /** Every frame the client sent, for echo checks. */
  sent: Uint8Array[];
}

export interface MemoryRelay {
  readonly WebSocket: WebSocketConstructorLike;
  /** The relay's copy of a document (loaded on first use), to read: write with `write`. */
  serverDoc(docName: string): Y.Doc;
  /**
   * Writes to a document the way the relay process writes its own (member and directory documents):
   * stored, then sent to every connection. Tests seed and change the relay's data this way. A write
   * to `serverDoc` itself would reach nobody: the relay reports it, and the test fails at the next
   * frame the relay handles (or the next `write`).
   */
  write(docName: string, write: (doc: Y.Doc, origin: SyncOrigin) => void): void;
  /** What the in-memory store holds for a document, oldest first. */
  storedUpdates(docName: string): readonly Uint8Array[];
  /** Frames and events waiting to be delivered. */
  pendingCount(): number;
  /** Delivers everything, in order, until nothing is pending. */
  flush(): void;
  /**
   * Delivers one pending frame picked with `random`: any frame of a queue whose head is a
   * message (so frames overtake each other), possibly delivered twice or dropped.
   */
  deliverRandom(random: () => number, chances?: { duplicate?: number; drop?: number }): void;
  /** Cuts every connection made with this token (code 1006) and refuses new ones until healed. */
  partition(token: string): void;
  heal(token: string): void;
  /** Closes every open connection to a doc made with this token, with a code (for example 4410). */
  closeConnections(token: string, code: number, docName?: string): void;
  /** Every frame sent by clients that connected with this token. */
  sentBy(token: string): Uint8Array[];
  /** How many connections made with this token the relay holds open. */
  openConnectionsBy(token: string): number;
  /** Every frame delivered to clients that connected with this token, by doc name. */
  receivedBy(token: string): Map<string, Uint8Array[]>;
  /** Queues a raw frame to every open connection made with this token (for malformed-frame tests). */
  sendRaw(token: string, frame: Uint8Array): void;
  /** Frees every document (and stops its awareness timers). */
  destroy(): void;
}

export function createMemoryRelay(options: MemoryRelayOptions = {}): MemoryRelay {
  const documents = new Map<string, RelayDocument>();
  const feeds = createMemoryFeeds();
  const connections = new Map<MemorySocket, Connection>();
  const partitioned = new Set<string>();
  /** Errors the relay process would log (a hook that threw something else than a refusal): the test fails with them. */
  const unexpected: unknown[] = [];
  let nextId = 1;
  /** Broadcasts waiting for the end of the relay's turn: one delivered frame is one turn here. */
  const turnEnds: (() => void)[] = [];
  const endTurn = () => {
    for (let flush = turnEnds.shift(); flush; flush = turnEnds.shift()) flush();
  };

  const wire = createFrameQueues<Connection>((connection, data) => serverReceive(connection, data));
  const { enqueue } = wire;

  const documentOf = (docName: string): RelayDocument => {
    const loaded = documents.get(docName);
    if (loaded) return loaded;
    const opening = createRelayDocument({
      name: docName,
      hooks: options.hooks ?? [],
      events: {
        refused(_connection, error) {
          if (!(error instanceof RefusedUpdateError || error instanceof MalformedMessageError)) unexpected.push(error);
        },
      },
      onStorageFailure: (_document, error) => unexpected.push(error),
      onError: (message, error) => unexpected.push(new Error(message, { cause: error })),
      endOfTurn: (flush) => turnEnds.push(flush),
    });
    const document = opening.follow(feeds.open(docName, opening.apply));
    documents.set(docName, document);
    return document;
  };
  /** The connections made with a token (closed ones too), and those of them still open. */
  const madeWith = (token: string) => [...connections.values()].filter((c) => c.token === token);
  const openWith = (token: string) => madeWith(token).filter((c) => c.open);
  const surfaceUnexpected = () => {
    if (unexpected.length) throw unexpected.shift();
  };

  /** Closes a connection; frames still queued for it are lost, unless `sendQueued` (the relay's own close after a reply). */
  const serverClose = (connection: Connection, code: number, sendQueued = false): void => {
    if (!connection.open && connection.socket.readyState === 3) return;
    connection.open = false;
    wire.drop(connection, 'to-server');
    if (!sendQueued) wire.drop(connection, 'to-client');
    documents.get(connection.docName)?.leave(connection);
    enqueue({ connection, direction: 'to-client', kind: 'close', code });
  };

  /** As the relay process handles a frame: decoded (a malformed frame refuses its sender), then handed to the document. */
  const serverReceive = (connection: Connection, data: Uint8Array): void => {
    if (!connection.open) return;
    const document = documentOf(connection.docName);
    let message: WireMessage;
    try {
      message = decodeMessage(data);
    } catch (error) {
      document.refuse(connection, error);
      return surfaceUnexpected();
    }
    void document.receive(connection, message);
    endTurn();
    surfaceUnexpected();
  };

  const transport = {
    send(socket: MemorySocket, data: Uint8Array) {
      const connection = connections.get(socket);
      if (!connection?.open) return;
      connection.sent.push(data);
      enqueue({ connection, direction: 'to-server', kind: 'message', data });
    },
    clientClose(socket: MemorySocket) {
      const connection = connections.get(socket);
      if (connection) serverClose(connection, 1000);
    },
  };

  class RelaySocket extends MemorySocket {
    constructor(url: string, protocols?: string[]) {
      super(url, transport);
      const parsed = new URL(url, 'ws://memory');
      // Like the real relay: the last path segment is the doc name exactly as written (ids inside stay encoded).
      const docName = parsed.pathname.split('/').pop() ?? '';
      // As the real relay reads it: the token comes as a subprotocol, or else from the query string.
      const token = offeredToken(parsed.search, protocols ?? []) ?? '';
      const connection: Connection = {
        id: nextId++,
        docName,
        token,
        socket: this,
        member: options.memberOf?.(token) ?? { id: token, name: token },
        access: 'write',
        awarenessClients: new Set(),
        open: false,
        received: [],
        sent: [],
        send: (frame) => {
          if (connection.open) enqueue({ connection, direction: 'to-client', kind: 'message', data: frame });
        },
        reply: (frame) => enqueue({ connection, direction: 'to-client', kind: 'message', data: frame }),
        close: (code) => serverClose(connection, code, true),
      };
      connections.set(this, connection);
      const access: RelayAccess = partitioned.has(token)
        ? { closeCode: 1006 }
        : (options.authorize?.(docName, token) ?? 'write');
      if (typeof access === 'object') {
        enqueue({ connection, direction: 'to-client', kind: 'close', code: access.closeCode });
        return;
      }
      connection.access = access;
      connection.open = true;
      enqueue({ connection, direction: 'to-client', kind: 'open' });
      documentOf(docName).join(connection);
    }
  }

  return {
    WebSocket: RelaySocket,
    serverDoc: (docName) => documentOf(docName).doc,
    write(docName, write) {
      // The test relay's store works before it returns: stored and applied now, sent at the turn's end.
      void documentOf(docName).writeAsRelay(write);
      endTurn();
      surfaceUnexpected();
    },
    storedUpdates: (docName) => feeds.stored(docName),
    pendingCount: wire.pendingCount,
    flush: wire.flush,
    deliverRandom: wire.deliverRandom,
    partition(token) {
      partitioned.add(token);
      for (const c of openWith(token)) serverClose(c, 1006);
    },
    heal: (token) => void partitioned.delete(token),
    closeConnections(token, code, docName) {
      for (const c of openWith(token)) if (docName === undefined || c.docName === docName) serverClose(c, code);
    },
    sendRaw(token, frame) {
      for (const c of openWith(token)) enqueue({ connection: c, direction: 'to-client', kind: 'message', data: frame });
    },
    destroy() {
      for (const document of documents.values()) void document.destroy();
    },
    sentBy: (token) => madeWith(token).flatMap((c) => c.sent),
    openConnectionsBy: (token) => openWith(token).length,
    receivedBy(token) {
      const result = new Map<string, Uint8Array[]>();
      for (const c of madeWith(token)) result.set(c.docName, [...(result.get(c.docName) ?? []), ...c.received]);
      return result;
    },
  };
}
