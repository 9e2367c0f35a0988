import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import pg from 'pg';
import * as Y from 'yjs';
import type { AsyncDocumentStore, StoreAppend } from '../../sync-server/src/persistence/async-document-store.ts';
import type { FeedChange } from '../../sync-server/src/persistence/document-feeds.ts';
import { editUpdate } from './support/cluster-store.ts';
import { keysIn, startNode, type TestNode } from './support/cluster-node.ts';
import { startPostgres, type TestPostgres } from './support/postgres.ts';

let server: TestPostgres;
const nodes: TestNode[] = [];
beforeAll(async () => {
  server = await startPostgres();
});
afterEach(async () => {
  for (const node of nodes.splice(0)) await node.close();
});
afterAll(() => server?.stop());

const keys = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

/** A store that counts its commits, remembers the highest committed number, and can hold a commit. */
function watchedStore(store: AsyncDocumentStore) {
  const watched = {
    calls: 0,
    batches: [] as number[],
    committedHead: 0,
    hold: null as Promise<void> | null,
    store: {
      ...store,
      async appendAll(docName: string, appends: readonly StoreAppend[]) {
        watched.calls++;
        await watched.hold;
        const outcomes = await store.appendAll(docName, appends);
        watched.batches.push(appends.length);
        for (const outcome of outcomes)
          if ('seq' in outcome) watched.committedHead = Math.max(watched.committedHead, outcome.seq);
        return outcomes;
      },
    } satisfies AsyncDocumentStore,
  };
  return watched;
}

async function storedRows(url: string, docName: string): Promise<number[]> {
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  const { rows } = await sql.query<{ seq: string }>('SELECT seq FROM document_updates WHERE doc = $1 ORDER BY seq', [
    docName,
  ]);
  await sql.end();
  return rows.map((row) => Number(row.seq));
}

describe('group commit on PostgreSQL', () => {
  it('updates that arrive while a commit is in flight are stored together in the next, each durable before it is applied', async () => {
    const url = await server.createDatabase();
    let watched!: ReturnType<typeof watchedStore>;
    const a = await startNode(url, 'a', { wrapStore: (store) => (watched = watchedStore(store)).store });
    const b = await startNode(url, 'b');
    nodes.push(a, b);
    const applied: { seq: number; origin: unknown; durable: boolean }[] = [];
    const doc = new Y.Doc();
    const feed = await a.fanOut.open('d', (change: FeedChange) => {
      applied.push({ seq: change.seq, origin: change.origin, durable: change.seq <= watched.committedHead });
      for (const update of change.updates) Y.applyUpdate(doc, update);
    });
    const onB = await b.open('d');

    let release!: () => void;
    watched.hold = new Promise((resolve) => (release = resolve));
    const first = feed.append(editUpdate('1'), 'sender 1');
    // The first commit is in flight (held); nineteen more arrive meanwhile.
    await vi.waitFor(() => expect(watched.calls).toBe(1));
    expect(feed.appliedSeq).toBe(0);
    const rest = keys(2, 20).map((key) => feed.append(editUpdate(key), `sender ${key}`));
    release();
    expect(await Promise.all([first, ...rest])).toEqual(keys(1, 20).map(Number));

    expect(watched.batches).toEqual([1, 19]);
    expect(await storedRows(url, 'd')).toEqual(keys(1, 20).map(Number));
    // Each update reached memory (and so its broadcast) after its commit, with its own sender.
    expect(applied.slice(1)).toEqual(
      keys(1, 20).map((key) => ({ seq: Number(key), origin: `sender ${key}`, durable: true })),
    );
    await vi.waitFor(() => expect(keysIn(onB.doc)).toEqual(keys(1, 20).sort()));
    expect(keysIn(doc)).toEqual(keys(1, 20).sort());
  });

  it('a batch whose commit fails is applied and sent nowhere, every append in it rejects, and another document goes on', async () => {
    const url = await server.createDatabase();
    const [a, b] = [await startNode(url, 'a'), await startNode(url, 'b')];
    nodes.push(a, b);
    const [doomedOnA, doomedOnB, fineOnA] = [await a.open('doomed'), await b.open('doomed'), await a.open('fine')];
    // A constraint trigger checked at COMMIT: the inserts succeed, the commit fails.
    const sql = new pg.Client({ connectionString: url });
    await sql.connect();
    await sql.query(`
      CREATE FUNCTION refuse_doomed() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'commit refused for the test'; END $$;
      CREATE CONSTRAINT TRIGGER refuse_doomed AFTER INSERT ON document_updates
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.doc = 'doomed') EXECUTE FUNCTION refuse_doomed();`);
    const results = await Promise.allSettled([
      ...keys(1, 10).map((key) => doomedOnA.feed.append(editUpdate(key), `sender ${key}`)),
      fineOnA.feed.append(editUpdate('fine'), 'another sender'),
    ]);
    expect(results.map((result) => result.status)).toEqual([...keys(1, 10).map(() => 'rejected'), 'fulfilled']);
    expect(keysIn(doomedOnA.doc)).toEqual([]);
    expect(keysIn(fineOnA.doc)).toEqual(['fine']);

    // The marker: once B has it, B has handled everything stored before it — and saw none of the batch.
    await sql.query('DROP TRIGGER refuse_doomed ON document_updates');
    await sql.end();
    expect(await doomedOnA.feed.append(editUpdate('marker'), 'sender')).toBe(1);
    await vi.waitFor(() => expect(keysIn(doomedOnB.doc)).toEqual(['marker']));
    expect(doomedOnB.origins).toHaveLength(2); // the load and the marker
    expect(await storedRows(url, 'doomed')).toEqual([1]);
  });
});
