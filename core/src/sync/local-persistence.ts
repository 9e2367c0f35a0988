import { clearDocument, IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';

/**
 * A Holdfast document (member, directory or Virtual Account) kept in the browser's IndexedDB through y-indexeddb: each update
 * is appended as one row and compacted past 500 rows. Updates loaded from storage are applied
 * with the persistence as origin and never written back (y-indexeddb skips its own origin).
 * y-indexeddb reads the global `indexedDB`; tests install fake-indexeddb/auto.
 */
export interface LocalDocPersistence {
  readonly name: string;
  /** The origin of transactions that loaded stored updates into the doc. */
  readonly origin: unknown;
  /** Resolves once the stored updates are in the doc. */
  readonly whenSynced: Promise<void>;
  /** Stops saving (the stored updates stay). */
  destroy(): Promise<void>;
}

export function persistDoc(doc: Y.Doc, name: string): LocalDocPersistence {
  const persistence = new IndexeddbPersistence(name, doc);
  return {
    name,
    origin: persistence,
    whenSynced: persistence.whenSynced.then(() => undefined),
    destroy: () => persistence.destroy(),
  };
}

/** Deletes the stored copy of a document, for example after its access was revoked (close code 4410). */
export async function clearLocalDoc(name: string): Promise<void> {
  await clearDocument(name);
}
