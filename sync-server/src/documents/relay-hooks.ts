import type * as Y from 'yjs';
import type { WireMessage } from '@holdfast/core';

/** One client socket as a document sees it. */
export interface RelayConnection {
  readonly id: number;
  readonly member: { id: string; name: string };
  access: 'read' | 'write';
  /** Awareness client ids this connection speaks for, removed when it leaves. */
  readonly awarenessClients: Set<number>;
  /** Sends a frame the document broadcasts (another client's change). */
  send(frame: Uint8Array): void;
  /** Sends the answer to this connection's own request; its bytes count against the sender's budget. */
  reply(frame: Uint8Array): void;
  close(code: number, reason: string): void;
}

export interface RelayDocument {
  readonly name: string;
  /** What is stored, applied: only the feed changes it (a change reaches it once it is durable). */
  readonly doc: Y.Doc;
  readonly connections: ReadonlySet<RelayConnection>;
  join(connection: RelayConnection): void;
  leave(connection: RelayConnection): void;
  /** Handles one message; a client's update settles once it is stored and broadcast (or refused). */
  receive(connection: RelayConnection, message: WireMessage): void | Promise<void>;
  /** Re-sends the read-only notice after a downgrade. */
  tellReadOnly(connection: RelayConnection): void;
  /** Writes the relay's own content: `write` runs on a copy, what it changed is stored, then applied. */
  writeAsRelay(write: (doc: Y.Doc, origin: symbol) => void): Promise<void>;
  /** Presence another relay node stamped. */
  applyPresenceFromOtherNode(update: Uint8Array): void;
  /** Folds the stored updates into one snapshot. */
  compact(): Promise<void>;
  /** Frees memory and stops following the document once its queued work has settled. */
  destroy(): Promise<void>;
}

/** An update a client sent, before it is stored, applied or broadcast. */
export interface UpdatePayload {
  readonly documentName: string;
  readonly doc: Y.Doc;
  readonly connection: RelayConnection;
  readonly update: Uint8Array;
}
/**
 * Runs, in order, in the document's turn before a client's update is stored; a throw refuses the
 * whole update (nothing stored, applied or broadcast). The first is always the completeness check;
 * content validation goes after it.
 */
export type BeforeUpdateHook = (payload: UpdatePayload) => void;

export interface DocumentPayload {
  readonly document: RelayDocument;
}
export interface ChangePayload extends DocumentPayload {
  /** The updates as stored, oldest first (already applied in memory and broadcast). */
  readonly updates: readonly Uint8Array[];
  /** The sending connection, the relay itself, or a change read from the store. */
  readonly origin: unknown;
}
export interface AwarenessPayload extends DocumentPayload {
  /** A y-protocols awareness update the relay has stamped (see relay-document.ts). */
  readonly update: Uint8Array;
}

/**
 * The relay's extension points, in the manner of Hocuspocus's `hooks()`: each extension is a set
 * of optional hooks with typed payloads, run in the order the extensions are given. The store and
 * the fan-out are not hooks — they are the document feed (persistence/document-feeds.ts) — so
 * what runs here never decides whether an update is durable, only what follows from it.
 *
 * - `load`: a document is in memory, before anyone joins (awaited; a throw fails the load).
 * - `beforeUpdate` (the store hook): a client's update, before it is stored; a throw refuses it.
 * - `change`: updates were stored, applied and broadcast.
 * - `awareness`: a local client's presence changed (stamped by the relay).
 * - `unload`: a document leaves memory.
 *
 * Authentication (token, member, role) is the core's own step before `load`, not a hook: the relay
 * is the authority, and no extension may let a connection in that the directory does not.
 */
export interface RelayHooks {
  load?(payload: DocumentPayload): void | Promise<void>;
  beforeUpdate?: BeforeUpdateHook;
  change?(payload: ChangePayload): void;
  awareness?(payload: AwarenessPayload): void;
  unload?(payload: DocumentPayload): void;
}

/** Runs one synchronous hook of every extension, in order. */
export function runHooks<K extends 'change' | 'awareness' | 'unload'>(
  hooks: readonly RelayHooks[],
  name: K,
  payload: Parameters<NonNullable<RelayHooks[K]>>[0],
): void {
  for (const extension of hooks) (extension[name] as ((p: typeof payload) => void) | undefined)?.(payload);
}
