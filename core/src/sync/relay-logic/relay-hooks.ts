import type * as Y from 'yjs';
import { MalformedMessageError, type WireMessage } from '../wire-protocol.ts';
import type { SyncOrigin } from '../origins.ts';
import type { DocumentFeed, FeedChange } from './document-feed.ts';
import { RefusedUpdateError, type WriteValidator } from './write-validation.ts';

/** One client connection as a document sees it (a socket in the relay, a queued socket in the test relay). */
export interface RelayConnection {
  readonly id: number;
  /** The member the token names: presence and validation speak for them, never for what the client claims. */
  readonly member: { id: string; name: string };
  access: 'read' | 'write';
  /** Awareness client ids this connection speaks for, removed when it leaves. */
  readonly awarenessClients: Set<number>;
  /** Sends a frame the document broadcasts (another client's change, presence, the greeting). */
  send(frame: Uint8Array): void;
  /** Sends the answer to this connection's own request; the relay counts it against the sender's budget. */
  reply(frame: Uint8Array): void;
  /** Closes the connection; `reason` is the relay's own fixed sentence, never the client's input. */
  close(code: number, reason: string): void;
}

export interface RelayDocument {
  readonly name: string;
  /**
   * What is stored, and the updates taken whose commit has not settled yet (applied at once, seen
   * by nobody until stored: relay-document.ts). A failed commit drops the document from memory.
   */
  readonly doc: Y.Doc;
  readonly connections: ReadonlySet<RelayConnection>;
  /** Adds a connection and greets it: sync step 1, everyone's presence, the read-only notice. */
  join(connection: RelayConnection): void;
  leave(connection: RelayConnection): void;
  /**
   * Handles one decoded message. What the document will not take refuses the connection (see
   * `refuse`); a client's update is taken or refused at once (its broadcast waits for its commit),
   * and a sync step 1 settles once its answer is sent, after the updates it includes are stored.
   * Never throws or rejects: a store failure drops the document (every connection closed with 4500).
   */
  receive(connection: RelayConnection, message: WireMessage): void | Promise<void>;
  /**
   * Tells a connection why its message was not taken and closes it: a `RefusedUpdateError` is
   * told to the sender alone in a permission-denied message, then 4422; anything else closes 4400.
   */
  refuse(connection: RelayConnection, error: unknown): void;
  /** Re-sends the read-only notice after a downgrade. */
  tellReadOnly(connection: RelayConnection): void;
  /** Writes the relay's own content: `write` runs on a copy; what it changed is applied, stored, then broadcast. */
  writeAsRelay(write: (doc: Y.Doc, origin: SyncOrigin) => void): Promise<void>;
  /** Presence another relay node stamped. */
  applyPresenceFromOtherNode(update: Uint8Array): void;
  /** Folds the stored updates into one snapshot. */
  compact(): Promise<void>;
  /** Frees memory and stops following the document once its queued work has settled. */
  destroy(): Promise<void>;
}

/** What a document dropped instead of applying (a read-only writer, a foreign awareness id), for metrics. */
export type DroppedKind = 'update' | 'awareness' | 'awareness-foreign' | 'awareness-from-node';

/** What the relay around a document counts and logs; every one is optional. */
export interface RelayDocumentEvents {
  dropped?(kind: DroppedKind): void;
  /** A connection is refused (before it is told and closed): `error` says why. */
  refused?(connection: RelayConnection, error: unknown): void;
  /** Starts timing a store operation; the function it returns ends it (an append only when stored). */
  timing?(operation: 'load' | 'append' | 'compact'): () => void;
}

export interface RelayDocumentOptions {
  name: string;
  /** Extensions, in order (relay-hooks.ts): their `beforeUpdate`, `change` and `awareness` run here. */
  hooks: readonly RelayHooks[];
  /** Folds the stored updates into one snapshot once this many were applied since the last (never if absent). */
  compactEveryUpdates?: number;
  events?: RelayDocumentEvents;
  /** Called when storing failed: the document must be dropped from memory without saving. */
  onStorageFailure(document: RelayDocument, error: unknown): void;
  onError(message: string, error: unknown): void;
  /**
   * Runs `flush` when the current turn's work is done, to send the updates the turn stored
   * (turn-broadcast.ts). By default a microtask: after every socket read of the turn and its group
   * commit. The test relay runs it itself before it delivers the next frame.
   */
  endOfTurn?(flush: () => void): void;
}

/** A document whose feed is being opened: the feed gets `apply`, and `follow` the opened feed. */
export interface OpeningRelayDocument {
  apply(change: FeedChange): void;
  follow(feed: DocumentFeed): RelayDocument;
  /** Frees what was set up when the feed could not be opened. */
  discard(): void;
}

/** An update a client sent, before it is stored, applied or broadcast. */
export interface UpdatePayload {
  readonly documentName: string;
  readonly doc: Y.Doc;
  readonly connection: RelayConnection;
  readonly update: Uint8Array;
  /** The member a Yjs client id of this document is bound to, as memory holds it (client-bindings.ts). */
  ownerOfClient(clientId: number): string | undefined;
}
/**
 * Runs, in order, in the document's turn before a client's update is stored; a throw refuses the
 * whole update (nothing stored, applied or broadcast): `RefusedUpdateError` closes the sender with
 * 4422, anything else with 4400. The first is always the completeness check; content validation
 * goes after it. A hook may return Yjs client ids the update binds to its sender: they are stored
 * in the update's transaction (client-bindings.ts).
 */
export type BeforeUpdateHook = (payload: UpdatePayload) => UpdateBinds | undefined;

/** Client ids an update binds to its sender, as a `beforeUpdate` hook names them. */
export interface UpdateBinds {
  bindClients: readonly number[];
}

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
  /** A y-protocols awareness update the relay has stamped (see document-presence.ts). */
  readonly update: Uint8Array;
}

/**
 * The relay's extension points, in the manner of Hocuspocus's `hooks()`: each extension is a set
 * of optional hooks with typed payloads, run in the order the extensions are given. The store and
 * the fan-out are not hooks — they are the document feed (document-feed.ts) — so what runs here
 * never decides whether an update is durable, only what follows from it.
 *
 * - `load`: a document is in memory, before anyone joins (awaited; a throw fails the load).
 * - `beforeUpdate` (the store hook): a client's update, before it is stored; a throw refuses it.
 * - `change`: updates were stored, applied and broadcast.
 * - `awareness`: a local client's presence changed (stamped by the relay).
 * - `unload`: a document leaves memory.
 *
 * Authentication (token, member, role) is the relay's own step before `load`, not a hook: the
 * relay is the authority, and no extension may let a connection in that the directory does not.
 * `beforeUpdate`, `change` and `awareness` run inside the document (relay-document.ts); `load`
 * and `unload` where documents are loaded and unloaded (the relay's registry).
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

/**
 * The relay's write validation as a `beforeUpdate` hook (it runs after the completeness check):
 * an accepted update binds the client ids it uses first to its sender.
 */
export function writeValidationHook(validate: WriteValidator): BeforeUpdateHook {
  return ({ documentName, doc, connection, update, ownerOfClient }) => {
    const verdict = validate({ docName: documentName, doc, memberId: connection.member.id, update, ownerOfClient });
    if (verdict.ok) return { bindClients: verdict.newClients };
    if (verdict.malformed) throw new MalformedMessageError(verdict.reason);
    throw new RefusedUpdateError(verdict.reason);
  };
}
