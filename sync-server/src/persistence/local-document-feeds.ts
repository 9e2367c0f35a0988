import type { DocumentStore } from './document-store.ts';
import { STORED_ORIGIN, type DocumentFeed, type DocumentFeeds } from './document-feeds.ts';

/**
 * Document feeds over the embedded (synchronous) store, for a relay that runs alone: nobody else
 * stores rows, so there is nothing to follow. Each call does its work synchronously before its
 * promise settles — stored, then applied — exactly the order the relay has always kept, and the
 * sequence number is this process's count of what it applied.
 */
export function createLocalDocumentFeeds(store: DocumentStore): DocumentFeeds {
  const open = new Set<string>();
  return {
    async open(docName, apply) {
      if (open.has(docName)) throw new Error(`${docName} is already open; open it once`);
      const updates = store.load(docName);
      let applied = updates.length;
      apply({ updates, seq: applied, origin: STORED_ORIGIN });
      open.add(docName);
      const feed: DocumentFeed = {
        docName,
        get appliedSeq() {
          return applied;
        },
        async append(update, origin) {
          store.append(docName, update);
          apply({ updates: [update], seq: applied + 1, origin });
          return ++applied;
        },
        async appendChecked(prepare, origin) {
          const update = prepare();
          return update === null ? null : feed.append(update, origin);
        },
        async compact(state) {
          store.compact(docName, state());
          return true;
        },
        async close() {
          open.delete(docName);
        },
      };
      return feed;
    },
    lagSeconds: () => 0,
    close() {
      open.clear();
    },
  };
}
