import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocumentStore } from './document-store.ts';
import { STORED_ORIGIN, type FeedChange } from './document-feeds.ts';
import { createLocalDocumentFeeds } from './local-document-feeds.ts';
import { checkUpdateComplete } from '@holdfast/core/relay';

/** Rows in memory, with transactions that commit (counted) or fail at commit, rolling back. */
function memoryStore() {
  const rows = new Map<string, Uint8Array[]>();
  const store = {
    rows,
    failing: false,
    failCommitOf: null as string | null,
    commits: 0,
    load: (name: string) => ({ updates: [...(rows.get(name) ?? [])], bindings: [] }),
    append(name: string, update: Uint8Array) {
      if (store.failing) throw new Error('disk full');
      rows.set(name, [...(rows.get(name) ?? []), update]);
      return undefined;
    },
    compact: (name: string, snapshot: Uint8Array) => void rows.set(name, [snapshot]),
    ping: () => true,
    transaction<T>(work: () => T): T {
      const before = new Map(rows);
      const result = work();
      const touched = [...rows.keys()].filter((name) => rows.get(name) !== before.get(name));
      if (store.failCommitOf !== null && touched.includes(store.failCommitOf)) {
        for (const name of touched) rows.set(name, before.get(name) ?? []);
        throw new Error(`commit of ${store.failCommitOf} refused`);
      }
      store.commits++;
      return result;
    },
  } satisfies DocumentStore & Record<string, unknown>;
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
    expect(await feed.appendChecked(() => ({ update: edit('1') }), 'a')).toBe(1);
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

  it('updates that arrive together are stored in one transaction, then each applied in sequence with its sender', async () => {
    const store = memoryStore();
    const changes: (FeedChange & { storedRows: number })[] = [];
    const feeds = createLocalDocumentFeeds(store);
    const feed = await feeds.open('d', (change) =>
      changes.push({ ...change, storedRows: store.rows.get('d')?.length ?? 0 }),
    );
    const other = await feeds.open('e', () => undefined);
    const senders = Array.from({ length: 10 }, (_, i) => ({ connection: i }));
    const seqs = await Promise.all([
      ...senders.map((sender, i) => feed.append(edit(String(i)), sender)),
      other.append(edit('e'), 'e'),
    ]);
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1]);
    expect(store.commits).toBe(1);
    // Every update was stored (all ten) before the first of them was applied.
    expect(changes.slice(1)).toEqual(
      senders.map((origin, i) => ({ updates: [expect.any(Uint8Array)], seq: i + 1, origin, storedRows: 10 })),
    );
  });

  it('an update that builds on one waiting in the same batch is checked again once that one is applied', async () => {
    const store = memoryStore();
    const doc = new Y.Doc();
    const feed = await createLocalDocumentFeeds(store).open('d', (change) => {
      for (const update of change.updates) Y.applyUpdate(doc, update);
    });
    const client = new Y.Doc();
    const updates: Uint8Array[] = [];
    client.on('update', (update: Uint8Array) => updates.push(update));
    for (const key of ['1', '2', '3']) client.getMap('orders').set(key, key);
    const checks: number[] = [];
    const checked = (update: Uint8Array, n: number) => () => {
      checks.push(n);
      checkUpdateComplete(doc, update);
      return { update };
    };
    expect(await Promise.all(updates.map((update, n) => feed.appendChecked(checked(update, n), 'c')))).toEqual([
      1, 2, 3,
    ]);
    // Each was refused by its check while the one before it waited, then passed alone.
    expect(checks).toEqual([0, 1, 1, 2, 2]);
    expect(store.commits).toBe(3);
    expect(doc.getMap('orders').toJSON()).toEqual({ 1: '1', 2: '2', 3: '3' });
  });

  it('a batch whose commit fails is applied nowhere, every append in it rejects, and other documents go on', async () => {
    const store = memoryStore();
    const feeds = createLocalDocumentFeeds(store);
    const changes: FeedChange[] = [];
    const doomed = await feeds.open('doomed', (change) => changes.push(change));
    const fine = await feeds.open('fine', () => undefined);
    store.failCommitOf = 'doomed';
    const results = await Promise.allSettled([
      doomed.append(edit('1'), 'a'),
      fine.append(edit('x'), 'b'),
      doomed.append(edit('2'), 'c'),
    ]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled', 'rejected']);
    expect(changes).toHaveLength(1); // the load only
    expect(doomed.appliedSeq).toBe(0);
    expect(store.rows.get('doomed') ?? []).toEqual([]);
    expect(store.rows.get('fine')).toHaveLength(1);
  });
});
