/** What forgetting removed, for the options page to say. */
export interface ForgetResult {
  databases: string[];
}

export interface ForgetDeps {
  /** Stops team sync first, so nothing writes a document again while it is removed. */
  stopSync(): Promise<void>;
  /** `storage.local` (preferences, relay token) and `storage.session` (first screen, portal pages). */
  areas: { clear(): Promise<void> }[];
  indexedDB: Pick<IDBFactory, 'databases' | 'deleteDatabase'>;
}

const deleteDatabase = (factory: ForgetDeps['indexedDB'], name: string) =>
  new Promise<void>((resolve, reject) => {
    const request = factory.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error ?? new Error(`Could not delete the database ${name}`));
    // "blocked" only means another page still has it open: Dexie and y-indexeddb close theirs on
    // the version change that a deletion sends, and the deletion then completes.
  });

/**
 * "Forget this computer's data": every database of the extension's origin (the Dexie store and
 * each team document y-indexeddb keeps), the preferences and the relay token. Orders that exist
 * only here are lost; the options page asks first and says so.
 */
export async function forgetThisComputer(deps: ForgetDeps): Promise<ForgetResult> {
  await deps.stopSync();
  await Promise.all(deps.areas.map((area) => area.clear()));
  const databases = (await deps.indexedDB.databases())
    .map((info) => info.name)
    .filter((name): name is string => typeof name === 'string');
  for (const name of databases) await deleteDatabase(deps.indexedDB, name);
  return { databases };
}
