// The test relay's store: each document's updates in a list, behind the same feed interface the
// relay process's stores implement (relay-logic/document-feed.ts). Every call does its work before
// it returns — stored, then applied — so a test that delivers a frame sees the relay's answer
// at once, in the order the relay process keeps: stored before broadcast.
import {
  ClientIdTakenError,
  groupBindings,
  settleBindings,
  type ClientBinding,
} from '../relay-logic/client-bindings.ts';
import { STORED_ORIGIN, type DocumentFeed, type FeedChange } from '../relay-logic/document-feed.ts';

export interface MemoryFeeds {
  /** Loads a document (its stored updates go to `apply` first) and follows it; one feed per document. */
  open(docName: string, apply: (change: FeedChange) => void): DocumentFeed;
  /** What is stored for a document, oldest first (a compaction leaves one snapshot). */
  stored(docName: string): readonly Uint8Array[];
}

export function createMemoryFeeds(): MemoryFeeds {
  const rows = new Map<string, Uint8Array[]>();
  /** Per document, client id → member: stored with the update that binds it, as the relay's stores do. */
  const owners = new Map<string, Map<number, string>>();
  const following = new Set<string>();
  const rowsOf = (docName: string): Uint8Array[] => {
    let stored = rows.get(docName);
    if (!stored) rows.set(docName, (stored = []));
    return stored;
  };
  return {
    open(docName, apply) {
      if (following.has(docName)) throw new Error(`${docName} is already open; open it once`);
      following.add(docName);
      const stored = rowsOf(docName);
      let bound = owners.get(docName);
      if (!bound) owners.set(docName, (bound = new Map()));
      const ownersHere = bound;
      let seq = stored.length;
      const loadedBindings = groupBindings([...ownersHere].map(([clientId, memberId]) => ({ clientId, memberId })));
      apply({ updates: [...stored], seq, origin: STORED_ORIGIN, bindings: loadedBindings });
      const store = (update: Uint8Array, origin: unknown, binding?: ClientBinding): number => {
        const [taken] = settleBindings([binding], ownersHere).taken;
        if (taken !== undefined) throw new ClientIdTakenError(taken);
        stored.push(update);
        apply({ updates: [update], seq: ++seq, origin, bindings: binding && [binding] });
        return seq;
      };
      return {
        docName,
        get appliedSeq() {
          return seq;
        },
        append: async (update, origin) => store(update, origin),
        async appendChecked(prepare, origin) {
          const prepared = prepare();
          return prepared === null ? null : store(prepared.update, origin, prepared.binding);
        },
        async compact(state) {
          stored.splice(0, stored.length, state());
          return true;
        },
        async close() {
          following.delete(docName);
        },
      };
    },
    stored: (docName) => [...(rows.get(docName) ?? [])],
  };
}
