import { createStore, type HoldfastStore } from '@holdfast/core/store';
import sample from '../../../core/sample/holdfast-sample.json';

/** The sample as the options page would read it from a file. */
export const SAMPLE_TEXT = JSON.stringify(sample);
export const SAMPLE_NOW = new Date(sample.exportedAt);

export interface TestStore {
  store: HoldfastStore;
  /** Closes the store and deletes its database. */
  remove(): Promise<void>;
}

/** A store on the browser's own IndexedDB, under a name no other test uses. */
export function createTestStore(purpose: string): TestStore {
  const name = `${purpose}-${crypto.randomUUID()}`;
  const store = createStore({ name, indexedDB, IDBKeyRange });
  return {
    store,
    async remove() {
      store.close();
      await new Promise<void>((resolve, reject) => {
        const request = indexedDB.deleteDatabase(name);
        request.onsuccess = () => resolve();
        request.onerror = () => reject(request.error);
      });
    },
  };
}
