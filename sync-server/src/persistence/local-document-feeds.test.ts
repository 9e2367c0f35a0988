import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocumentStore } from './document-store.ts';
import { STORED_ORIGIN, type FeedChange } from './document-feeds.ts';
import { createLocalDocumentFeeds } from './local-document-feeds.ts';

function memoryStore(): DocumentStore & { rows: Map<string, Uint8Array[]>; failing: boolean } {
  const rows = new Map<string, Uint8Array[]>();
  const store = {
    rows,
    failing: false,
    load: (name: string) => [...(rows.get(name) ?? [])],
    append(name: string, update: Uint8Array) {
      if (store.failing) throw new Error('disk full');
      rows.set(name, [...(rows.get(name) ?? []), update]);
    },
    compact: (name: string, snapshot: Uint8Array) => void rows.set(name, [snapshot]),
    ping: () => true,
  };
  return store;
}

const edit = (key: string) => {
  const doc = new Y.Doc();
  doc.getMap('orders').set(key, key);
  return Y.encodeStateAsUpdate(doc);
};

describe('document feeds over the embedded store', () => {
  it('hands over the loaded state, then each update only once it is stored', async () => {
    const store = memoryStore();
    store.append('d', edit('old'));
    const changes: (FeedChange & { storedRows: number })[] = [];
    const feeds = createLocalDocumentFeeds(store);
    const feed = await feeds.open('d', (change) =>
      changes.push({ ...change, storedRows: store.rows.get('d')?.length ?? 0 }),
    );
    expect(changes).toMatchObject([{ seq: 1, origin: STORED_ORIGIN, storedRows: 1 }]);
    const sender = { connection: 1 };
    expect(await feed.append(edit('new'), sender)).toBe(2);
    expect(changes[1]).toMatchObject({ seq: 2, origin: sender, storedRows: 2 });
    expect(feed.appliedSeq).toBe(2);
  });

  it('a checked update is stored unless its check refuses it or it adds nothing', async () => {
    const store = memoryStore();
    const feed = await createLocalDocumentFeeds(store).open('d', () => undefined);
    expect(await feed.appendChecked(() => edit('1'), 'a')).toBe(1);
    expect(await feed.appendChecked(() => null, 'a')).toBeNull();
    await expect(
      feed.appendChecked(() => {
        throw new Error('refused');
      }, 'a'),
    ).rejects.toThrow('refused');
    expect(store.rows.get('d')).toHaveLength(1);
  });

  it('an update the store refuses is applied nowhere and the promise rejects', async () => {
    const store = memoryStore();
    const changes: FeedChange[] = [];
    const feed = await createLocalDocumentFeeds(store).open('d', (change) => changes.push(change));
    store.failing = true;
    await expect(feed.append(edit('lost'), 'sender')).rejects.toThrow('disk full');
    expect(changes).toHaveLength(1);
    expect(feed.appliedSeq).toBe(0);
  });

  it('compacts into the snapshot it is given, and a closed document can be opened again', async () => {
    const store = memoryStore();
    const feeds = createLocalDocumentFeeds(store);
    const feed = await feeds.open('d', () => undefined);
    await feed.append(edit('1'), 'a');
    await feed.append(edit('2'), 'a');
    const state = new Uint8Array([0, 0]);
    await feed.compact(() => state);
    expect(store.rows.get('d')).toEqual([state]);
    await expect(feeds.open('d', () => undefined)).rejects.toThrow('already open');
    await feed.close();
    expect((await feeds.open('d', () => undefined)).appliedSeq).toBe(1);
  });
});
