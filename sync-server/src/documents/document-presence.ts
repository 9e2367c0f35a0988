import * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { encodeAwareness, encodeAwarenessFrame, encodeAwarenessUpdate, type AwarenessEntry } from '@holdfast/core';
import type { RelayMetrics } from '../server/metrics.ts';
import type { RelayConnection } from './relay-hooks.ts';

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
  metrics: RelayMetrics;
  broadcast(frame: Uint8Array): void;
  published(update: Uint8Array): void;
}): DocumentPresence {
  const { metrics } = options;
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
      for (const entry of entries) {
        const owner = owners.get(entry.clientId);
        if (owner && owner !== connection) {
          metrics.dropped.inc({ type: 'awareness-foreign' });
          continue;
        }
        if (!owner) {
          if (entry.state === null || connection.awarenessClients.size >= MAX_AWARENESS_CLIENTS_PER_CONNECTION) {
            metrics.dropped.inc({ type: 'awareness-foreign' });
            continue;
          }
          owners.set(entry.clientId, connection);
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
    },
    applyFromOtherNode(update) {
      try {
        awarenessProtocol.applyAwarenessUpdate(awareness, update, OTHER_NODE);
      } catch {
        metrics.dropped.inc({ type: 'awareness-from-node' });
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
