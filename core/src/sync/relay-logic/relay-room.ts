import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
  decodeAwarenessUpdate,
  encodeAwareness,
  encodeAwarenessUpdate,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  MalformedMessageError,
  type AwarenessEntry,
  type WireMessage,
} from '../wire-protocol.ts';
import { checkUpdateComplete, hasPendingContent } from './update-complete.ts';
import { RefusedUpdateError, type WriteValidator } from './write-validation.ts';

/** One client connection as the relay's per-document logic sees it. */
export interface RoomConnection {
  /** The member the token names: presence and validation speak for them, never for what the client claims. */
  readonly member: { id: string; name: string };
  access: 'read' | 'write';
  /** Awareness client ids this connection speaks for, removed when it leaves. */
  readonly awarenessClients: Set<number>;
  /** Sends the answer to this connection's own request. */
  reply(frame: Uint8Array): void;
}

/** An update a client sent, before it is applied, stored or broadcast. */
export interface UpdatePayload<C extends RoomConnection = RoomConnection> {
  readonly documentName: string;
  readonly doc: Y.Doc;
  readonly connection: C;
  readonly update: Uint8Array;
}

/**
 * Runs, in order, before a client's update touches the document; a throw refuses the whole update
 * (nothing applied, stored or broadcast): `MalformedMessageError` closes the sender with 4400,
 * `RefusedUpdateError` with 4422. The completeness check always runs first.
 */
export type BeforeUpdateHook<C extends RoomConnection = RoomConnection> = (payload: UpdatePayload<C>) => void;

/** What the room dropped instead of applying (a read-only writer, a foreign awareness id), for metrics. */
export type DroppedKind = 'update' | 'awareness' | 'awareness-foreign';

export interface RelayRoomOptions<C extends RoomConnection> {
  name: string;
  doc: Y.Doc;
  beforeUpdate?: readonly BeforeUpdateHook<C>[];
  onDropped?: (kind: DroppedKind) => void;
}

export interface RelayRoom<C extends RoomConnection> {
  readonly doc: Y.Doc;
  /** The relay's awareness: its `update` events are what to broadcast. */
  readonly awareness: awarenessProtocol.Awareness;
  /** The frames a joining connection gets first: sync step 1, everyone's presence, the read-only notice. */
  greeting(connection: C): Uint8Array[];
  /** Forgets a connection's presence (its awareness client ids). */
  leave(connection: C): void;
  /** Handles one decoded client message; throws (see {@link BeforeUpdateHook}) when it refuses it. */
  receive(connection: C, message: WireMessage): void;
  destroy(): void;
}

/** At most this many awareness client ids per connection (a tab has one; a few for reloads). */
const MAX_AWARENESS_CLIENTS_PER_CONNECTION = 8;
const MAX_VIEWING_LENGTH = 64;

export const READ_ONLY_NOTICE = 'read-only';
export const readOnlyNotice = (): Uint8Array => encodePermissionDenied(READ_ONLY_NOTICE);

/**
 * The relay's per-document logic, without storage or sockets: answers sync steps, applies a
 * client's update all or nothing (every hook passes before Yjs sees it, the completeness check
 * first), drops writes of read-only connections, and says itself who is present. The relay
 * process and the test relay both run it; what they add is where updates are stored and how
 * frames travel (the caller listens to `doc` and `awareness` updates and broadcasts them).
 */
export function createRelayRoom<C extends RoomConnection>(options: RelayRoomOptions<C>): RelayRoom<C> {
  const { name, doc } = options;
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState(null);
  /** Each awareness client id belongs to the connection that first announced it, until that one leaves. */
  const awarenessOwners = new Map<number, C>();
  const beforeUpdate: readonly BeforeUpdateHook<C>[] = [
    ({ doc: target, update }) => checkUpdateComplete(target, update),
    ...(options.beforeUpdate ?? []),
  ];
  const dropped = (kind: DroppedKind) => options.onDropped?.(kind);

  /** All or nothing: every hook passes before Yjs sees the update. */
  function applyClientUpdate(connection: C, update: Uint8Array): void {
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
  function applyClientAwareness(connection: C, entries: AwarenessEntry[]): void {
    const kept: AwarenessEntry[] = [];
    for (const entry of entries) {
      const owner = awarenessOwners.get(entry.clientId);
      if (owner && owner !== connection) {
        dropped('awareness-foreign');
        continue;
      }
      if (!owner) {
        if (entry.state === null || connection.awarenessClients.size >= MAX_AWARENESS_CLIENTS_PER_CONNECTION) {
          dropped('awareness-foreign');
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

  return {
    doc,
    awareness,
    greeting(connection) {
      const frames = [encodeSyncStep1(doc)];
      const clients = [...awareness.getStates().keys()];
      if (clients.length) frames.push(encodeAwareness(awareness, clients));
      if (connection.access === 'read') frames.push(readOnlyNotice());
      return frames;
    },
    leave(connection) {
      for (const clientId of connection.awarenessClients) awarenessOwners.delete(clientId);
      if (connection.awarenessClients.size)
        awarenessProtocol.removeAwarenessStates(awareness, [...connection.awarenessClients], connection);
    },
    receive(connection, message) {
      switch (message.type) {
        case 'sync-step-1':
          connection.reply(encodeSyncStep2(doc, message.stateVector));
          return;
        case 'sync-step-2':
        case 'update':
          if (connection.access !== 'write') return dropped('update');
          return applyClientUpdate(connection, message.update);
        case 'awareness':
          if (connection.access !== 'write') return dropped('awareness');
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
    destroy() {
      awareness.destroy();
    },
  };
}

/** The relay's write validation as the last `beforeUpdate` hook: after the completeness check. */
export function writeValidationHook<C extends RoomConnection>(validate: WriteValidator): BeforeUpdateHook<C> {
  return ({ documentName, doc, connection, update }) => {
    const verdict = validate(documentName, doc, connection.member.id, update);
    if (verdict.ok) return;
    if (verdict.malformed) throw new MalformedMessageError(verdict.reason);
    throw new RefusedUpdateError(verdict.reason);
  };
}
