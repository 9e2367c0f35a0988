import { createStore, type HoldfastStore } from '@holdfast/core/store';

export const STORE_NAME = 'holdfast';

/** Opens the extension's store; every extension page shares it (one origin, one IndexedDB). */
export const openHoldfastStore = (scope: { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange } = globalThis): HoldfastStore =>
  createStore({ name: STORE_NAME, indexedDB: scope.indexedDB, IDBKeyRange: scope.IDBKeyRange });
