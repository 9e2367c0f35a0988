import { createStore, type HoldfastStore } from '@holdfast/core/store';

export const STORE_NAME = 'holdfast';

/** Opens the extension's store; every extension page shares it (one origin, one IndexedDB). */
export function openHoldfastStore(
  scope: { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange } = globalThis,
): HoldfastStore {
  const store = createStore({ name: STORE_NAME, indexedDB: scope.indexedDB, IDBKeyRange: scope.IDBKeyRange });
  // Opening IndexedDB takes tens of milliseconds: start now, while the page reads its preferences.
  // A failure is not lost: the first read reports it.
  store.db.open().catch(() => {});
  return store;
}
