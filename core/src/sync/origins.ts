/**
 * Every Yjs transaction Holdfast makes carries one of these origins, so an observer can tell what
 * a change is without comparing loose strings: a member's command, local data adopted when a
 * document opens, a frame from the relay (the provider's own origin object, never sent back), or a
 * write by the relay itself. y-indexeddb applies stored updates with its persistence object.
 */
export type SyncOrigin =
  { kind: 'local-edit' } | { kind: 'adopt-local' } | { kind: 'remote'; docName: string } | { kind: 'relay' };

/** A member's command (tick, event, import, move) written by team sync. */
export const LOCAL_EDIT: SyncOrigin = Object.freeze({ kind: 'local-edit' });
/** Rows that existed only here, adopted into a document as it opens. */
export const ADOPT_LOCAL: SyncOrigin = Object.freeze({ kind: 'adopt-local' });
/** The origin a provider applies the relay's frames with (one object per provider). */
export const remoteOrigin = (docName: string): SyncOrigin => ({ kind: 'remote', docName });
/** What the relay writes itself: the member and directory documents. */
export const RELAY_WRITE: SyncOrigin = Object.freeze({ kind: 'relay' });
