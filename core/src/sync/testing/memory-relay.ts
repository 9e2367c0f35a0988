// An in-memory relay for unit tests: the relay's own per-document logic (`createRelayRoom`: sync
// steps, the completeness check, all-or-nothing updates with its hooks, presence said by the relay)
// over an in-memory store (one Y.Doc per doc name), reached through queued sockets
// (`frame-queues.ts`) whose frames wait until the test delivers them.
import * as Y from 'yjs';
import { CloseCode } from '../close-codes.ts';
import {
  createRelayRoom,
  type BeforeUpdateHook,
  type RelayRoom,
  type RoomConnection,
} from '../relay-logic/relay-room.ts';
import { RefusedUpdateError } from '../relay-logic/write-validation.ts';
import {
  decodeMessage,
  encodeAwarenessFrame,
  encodePermissionDenied,
  encodeSyncUpdate,
  MalformedMessageError,
  TOKEN_PROTOCOL_PREFIX,
} from '../wire-protocol.ts';
import type { WebSocketConstructorLike } from '../websocket-like.ts';
import { createFrameQueues, MemorySocket, type QueuedConnection } from './frame-queues.ts';
import { encodeAwarenessUpdate } from 'y-protocols/awareness';

export type RelayAccess = 'write' | 'read' | { closeCode: number };

export interface MemoryRelayOptions {
  /** Decides per connection; every connection may write when absent. */
  authorize?: (docName: string, token: string) => RelayAccess;
  /** The member a token names (presence speaks for them); by default the token itself, as id and name. */
  memberOf?: (token: string) => { id: string; name: string };
  /** Checks after the completeness check, as the relay's (for example `writeValidationHook`). */
  beforeUpdate?: readonly BeforeUpdateHook<RoomConnection>[];
}

interface Connection extends RoomConnection, QueuedConnection {
  readonly docName: string;
  readonly token: string;
  open: boolean;
  /** Every frame the client sent, for echo checks. */
  sent: Uint8Array[];
}

interface RoomState {
  room: RelayRoom<Connection>;
  connections: Set<Connection>;
}

export interface MemoryRelay {
  readonly WebSocket: WebSocketConstructorLike;
  /** The relay's copy of a document (created on first use). */
  serverDoc(docName: string): Y.Doc;
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
  /** Every frame delivered to clients that connected with this token, by doc name. */
  receivedBy(token: string): Map<string, Uint8Array[]>;
  /** Queues a raw frame to every open connection made with this token (for malformed-frame tests). */
  sendRaw(token: string, frame: Uint8Array): void;
  /** Stops the awareness timers of every room. */
  destroy(): void;
}

export function createMemoryRelay(options: MemoryRelayOptions = {}): MemoryRelay {
  const rooms = new Map<string, RoomState>();
  const connections = new Map<MemorySocket, Connection>();
  const partitioned = new Set<string>();
  let nextId = 1;

  const wire = createFrameQueues<Connection>((connection, data) => serverReceive(connection, data));
  const { enqueue } = wire;

  const room = (docName: string): RoomState => {
    const state = rooms.get(docName);
    if (state) return state;
    const doc = new Y.Doc({ gc: true });
    const created: RoomState = {
      room: createRelayRoom<Connection>({ name: docName, doc, beforeUpdate: options.beforeUpdate }),
      connections: new Set(),
    };
    // The in-memory store is the document itself; broadcast as the relay does, to all but the sender.
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      for (const c of created.connections)
        if (c !== origin && c.open)
          enqueue({ connection: c, direction: 'to-client', kind: 'message', data: encodeSyncUpdate(update) });
    });
    const { awareness } = created.room;
    awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
      const changed = [...added, ...updated, ...removed];
      if (changed.length === 0) return;
      const frame = encodeAwarenessFrame(encodeAwarenessUpdate(awareness, changed));
      for (const c of created.connections)
        if (c.open) enqueue({ connection: c, direction: 'to-client', kind: 'message', data: frame });
    });
    rooms.set(docName, created);
    return created;
  };

  /** Closes a connection; frames still queued for it are lost, unless `sendQueued` (a close after a reply). */
  const serverClose = (connection: Connection, code: number, sendQueued = false): void => {
    if (!connection.open && connection.socket.readyState === 3) return;
    const state = room(connection.docName);
    const wasIn = state.connections.delete(connection);
    connection.open = false;
    wire.drop(connection, 'to-server');
    if (!sendQueued) wire.drop(connection, 'to-client');
    if (wasIn) state.room.leave(connection);
    enqueue({ connection, direction: 'to-client', kind: 'close', code });
  };

  /** As the relay process handles a frame: decoded, handed to the room, a refusal closing the sender. */
  const serverReceive = (connection: Connection, data: Uint8Array): void => {
    if (!connection.open) return;
    try {
      room(connection.docName).room.receive(connection, decodeMessage(data));
    } catch (error) {
      if (error instanceof RefusedUpdateError) {
        connection.reply(encodePermissionDenied(error.message));
        // The sender alone learns which entry was refused, before the close, as from the relay.
        return serverClose(connection, CloseCode.refusedUpdate, true);
      }
      if (error instanceof MalformedMessageError) return serverClose(connection, CloseCode.malformedMessage);
      throw error;
    }
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
      // Like the real relay: the token comes as a subprotocol, or else from the query string.
      const offered = protocols?.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX));
      const token = offered?.slice(TOKEN_PROTOCOL_PREFIX.length) ?? parsed.searchParams.get('token') ?? '';
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
        reply: (frame) => enqueue({ connection, direction: 'to-client', kind: 'message', data: frame }),
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
      const state = room(docName);
      state.connections.add(connection);
      enqueue({ connection, direction: 'to-client', kind: 'open' });
      for (const frame of state.room.greeting(connection)) connection.reply(frame);
    }
  }

  return {
    WebSocket: RelaySocket,
    serverDoc: (docName) => room(docName).room.doc,
    pendingCount: wire.pendingCount,
    flush: wire.flush,
    deliverRandom: wire.deliverRandom,
    partition(token) {
      partitioned.add(token);
      for (const c of connections.values()) if (c.token === token && c.open) serverClose(c, 1006);
    },
    heal: (token) => void partitioned.delete(token),
    closeConnections(token, code, docName) {
      for (const c of connections.values())
        if (c.token === token && c.open && (docName === undefined || c.docName === docName)) serverClose(c, code);
    },
    sendRaw(token, frame) {
      for (const c of connections.values())
        if (c.token === token && c.open)
          enqueue({ connection: c, direction: 'to-client', kind: 'message', data: frame });
    },
    destroy() {
      for (const state of rooms.values()) state.room.destroy();
    },
    sentBy: (token) => [...connections.values()].filter((c) => c.token === token).flatMap((c) => c.sent),
    receivedBy(token) {
      const result = new Map<string, Uint8Array[]>();
      for (const c of connections.values())
        if (c.token === token) result.set(c.docName, [...(result.get(c.docName) ?? []), ...c.received]);
      return result;
    },
  };
}
