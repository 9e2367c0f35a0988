import type { HoldfastDb } from '../store/index.ts';
import { clearProjection } from './dexie-projection.ts';
import { parseDocName } from './doc-names.ts';
import { clearLocalDoc } from './local-persistence.ts';

export interface ForgetLostDocumentsOptions {
  /** Whether documents are kept in IndexedDB (y-indexeddb), whose copies are then looked through. */
  persist: boolean;
  /** Lists the IndexedDB databases (the global `indexedDB` in the extension). */
  databases?: () => Promise<{ name?: string }[]>;
}

/**
 * Forgets what documents no longer synced here left behind: after a change of member, or roles
 * lost while this computer was off, the rows projected from a document the running member does not
 * sync (`open`: every document name their team sync has open) and the stored y-indexeddb copy of
 * any Holdfast document not open. Exactly those: rows that exist only here (no source document)
 * and rows of open documents stay. Call it once the member's team sync is synced and idle, so
 * `open` is every document their roles give. Returns the documents forgotten, sorted.
 */
export async function forgetLostDocuments(
  db: HoldfastDb,
  open: ReadonlySet<string>,
  options: ForgetLostDocumentsOptions,
): Promise<string[]> {
  const lost = new Set<string>();
  const projected = (await db.orders.orderBy('sourceDoc').uniqueKeys()).map(String);
  for (const docName of projected) {
    if (open.has(docName)) continue;
    await clearProjection(db, docName);
    lost.add(docName);
  }
  if (options.persist && options.databases) {
    for (const { name } of await options.databases()) {
      if (!name || open.has(name) || parseDocName(name) === null) continue;
      await clearLocalDoc(name);
      lost.add(name);
    }
  }
  return [...lost].sort();
}
