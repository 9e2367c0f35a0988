import * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { encodeAwareness, encodeAwarenessFrame, encodeAwarenessUpdate, type AwarenessEntry } from '../wire-protocol.ts';
import type { DroppedKind, RelayConnection } from './relay-hooks.ts';

/** At most this many awareness client ids per connection (a tab has one; a few for reloads). */
const MAX_AWARENESS_CLIENTS_PER_CONNECTION = 8;
const MAX_VIEWING_LENGTH = 64;
/** Origin of presence another relay node stamped and sent over (never sent on again). */
const OTHER_NODE = Symbol('presence from another node');

export interface DocumentPresence {
  /** How many awareness states are held. */
  size(): number;
  /** The awareness frame of everyone present (sent to a connection that joins or asks). */
  frameOfEveryone(): Uint8Array;
  /** Applies a client's awareness entries, stamped with its member (the relay says who is present). */
  applyFromClient(connection: RelayConnection, entries: AwarenessEntry[]): void;
  /** Applies presence another node stamped. */
  applyFromOtherNode(update: Uint8Array): void;
  /** Removes what a connection announced. */
  leave(connection: RelayConnection): void;
  destroy(): void;
}

/**
 * Who is looking at a document. Changes go to every local connection (`broadcast`) and, when a
 * local client made them, to `published` (other nodes); presence from other nodes is never
 * published again, and y-protocols drops any state not renewed within 30 s.
 */
export function createDocumentPresence(options: {
  doc: Y.Doc;
  broadcast(frame: Uint8Array): void;
  published(update: Uint8Array): void;
  dropped(kind: Extract<DroppedKind, 'awareness-foreign' | 'awareness-from-node'>): void;
}): DocumentPresence {
  const awareness = new awarenessProtocol.Awareness(options.doc);
  awareness.setLocalState(null);
  /** Each awareness client id belongs to the connection that first announced it, until that one leaves. */
  const owners = new Map<number, RelayConnection>();

  awareness.on(
    'update',
    ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      const changed = [...added, ...updated, ...removed];
      if (changed.length === 0) return;
      const update = awarenessProtocol.encodeAwarenessUpdate(awareness, changed);
      options.broadcast(encodeAwarenessFrame(update));
      if (origin !== OTHER_NODE && origin !== 'timeout') options.published(update);
    },
  );

  /** The state the relay keeps for a client's: its member from the token, `viewing` if sane, nothing else. */
  const stamped = (connection: RelayConnection, state: AwarenessEntry['state']): AwarenessEntry['state'] => {
    if (state === null) return null;
    const viewing = state.viewing;
    return {
      user: { memberId: connection.member.id, name: connection.member.name },
      viewing: typeof viewing === 'string' && viewing.length <= MAX_VIEWING_LENGTH ? viewing : null,
    };
  };

  return {
    size: () => awareness.getStates().size,
    frameOfEveryone: () => encodeAwareness(awareness, [...awareness.getStates().keys()]),
    /**
     * An entry for a client id another connection owns is dropped, and every state kept is rebuilt
     * from the token's member and the fields Holdfast's presence has (`viewing`); anything else the
     * client claimed is stripped.
     */
    applyFromClient(connection, entries) {
      const kept: AwarenessEntry[] = [];
      for (const { clientId, clock, state } of entries) {
        const owner = owners.get(clientId);
        if (owner && owner !== connection) {
          options.dropped('awareness-foreign');
          continue;
        }
        if (!owner) {
          if (state === null || connection.awarenessClients.size >= MAX_AWARENESS_CLIENTS_PER_CONNECTION) {
            options.dropped('awareness-foreign');
            continue;
          }
          owners.set(clientId, connection);
          connection.awarenessClients.add(clientId);
        }
        kept.push({ clientId, clock, state: stamped(connection, state) });
      }
      if (kept.length) awarenessProtocol.applyAwarenessUpdate(awareness, encodeAwarenessUpdate(kept), connection);
    },
    applyFromOtherNode(update) {
      try {
        awarenessProtocol.applyAwarenessUpdate(awareness, update, OTHER_NODE);
      } catch {
        options.dropped('awareness-from-node');
      }
    },
    leave(connection) {
      for (const clientId of connection.awarenessClients) owners.delete(clientId);
      if (connection.awarenessClients.size)
        awarenessProtocol.removeAwarenessStates(awareness, [...connection.awarenessClients], connection);
    },
    destroy: () => awareness.destroy(),
  };
}
