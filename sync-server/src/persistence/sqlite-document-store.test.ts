import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ClientIdTakenError } from '@holdfast/core/relay';
import type { ClientBinding, FeedChange } from './document-feeds.ts';
import { createLocalDocumentFeeds } from './local-document-feeds.ts';
import { openDatabase, type Sqlite } from './open-database.ts';
import { createSqliteDocumentStore } from './sqlite-document-store.ts';

const opened: { db: Sqlite; dir: string }[] = [];
afterEach(() => {
  for (const { db, dir } of opened.splice(0)) {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

function openStore() {
  const dir = mkdtempSync(join(tmpdir(), 'holdfast-sqlite-store-'));
  const db = openDatabase(dir);
  opened.push({ db, dir });
  return { db, store: createSqliteDocumentStore(db) };
}

const edit = (key: string) => {
  const doc = new Y.Doc();
  doc.getMap('orders').set(key, key);
  return Y.encodeStateAsUpdate(doc);
};
const keysOf = (updates: Uint8Array[]) => {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return Object.keys(doc.getMap('orders').toJSON()).sort();
};
const alice: ClientBinding = { memberId: 'alice', clientIds: [7, 9] };

describe("the embedded store's client-id bindings", () => {
  it('are stored with the update that brings them and loaded with the document', () => {
    const { store } = openStore();
    expect(store.append('d', edit('1'), alice)).toBeUndefined();
    expect(store.append('d', edit('2'), { memberId: 'alice', clientIds: [7] })).toBeUndefined();
    expect(store.load('d')).toEqual({ updates: [expect.any(Uint8Array), expect.any(Uint8Array)], bindings: [alice] });
    expect(store.load('other').bindings).toEqual([]);
  });

  it('an append that binds an id another member holds stores nothing, not even its other ids, and names the id', () => {
    const { store, db } = openStore();
    store.append('d', edit('1'), { memberId: 'alice', clientIds: [7] });
    expect(store.append('d', edit('2'), { memberId: 'bob', clientIds: [8, 7] })).toBe(7);
    expect(keysOf(store.load('d').updates)).toEqual(['1']);
    expect(db.prepare('SELECT client, member FROM doc_clients').all()).toEqual([{ client: 7, member: 'alice' }]);
  });

  it('a transaction that fails leaves no binding', () => {
    const { store } = openStore();
    expect(() =>
      store.transaction!(() => {
        store.append('d', edit('1'), alice);
        throw new Error('the commit failed');
      }),
    ).toThrow('the commit failed');
    expect(store.load('d')).toEqual({ updates: [], bindings: [] });
  });
});

describe('document feeds over the embedded store, with client-id bindings', () => {
  it('in one group commit, an update that binds an id an earlier one bound to another member is refused alone', async () => {
    const { store } = openStore();
    const changes: FeedChange[] = [];
    const feed = await createLocalDocumentFeeds(store).open('d', (change) => changes.push(change));
    const bob: ClientBinding = { memberId: 'bob', clientIds: [7] };
    const results = await Promise.allSettled([
      feed.appendChecked(() => ({ update: edit('alice'), binding: alice }), 'alice'),
      feed.appendChecked(() => ({ update: edit('bob'), binding: bob }), 'bob'),
      feed.append(edit('carol'), 'carol'),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(ClientIdTakenError);
    expect(keysOf(store.load('d').updates)).toEqual(['alice', 'carol']);
    // Memory learns the binding with the update that made it, and nothing of the refused one.
    expect(changes.map((change) => [change.origin, change.bindings])).toEqual([
      [expect.anything(), []],
      ['alice', [alice]],
      ['carol', undefined],
    ]);
  });

  it('a batch whose store fails binds nothing, and the id stays free', async () => {
    const { store, db } = openStore();
    const feeds = createLocalDocumentFeeds(store);
    const feed = await feeds.open('d', () => undefined);
    db.exec(`CREATE TRIGGER refuse_updates BEFORE INSERT ON doc_updates BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    await expect(feed.appendChecked(() => ({ update: edit('1'), binding: alice }), 'alice')).rejects.toThrow(
      'disk full',
    );
    expect(store.load('d')).toEqual({ updates: [], bindings: [] });
    db.exec('DROP TRIGGER refuse_updates');
    const bob: ClientBinding = { memberId: 'bob', clientIds: [7] };
    expect(await feed.appendChecked(() => ({ update: edit('2'), binding: bob }), 'bob')).toBe(1);
    expect(store.load('d').bindings).toEqual([bob]);
  });
});
