import type * as Y from 'yjs';
import type { RelayConnection, RelayDocument } from './relay-document.ts';

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
