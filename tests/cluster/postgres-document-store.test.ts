import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import pg from 'pg';
import * as Y from 'yjs';
import type { AsyncDocumentStore } from '../../sync-server/src/persistence/async-document-store.ts';
import { CHANNEL, decodeDocumentBell } from '../../sync-server/src/persistence/postgres/channels.ts';
import { LOCK_NAMESPACE, migrate } from '../../sync-server/src/persistence/postgres/migrations.ts';
import {
  CompactionError,
  createPostgresDocumentStore,
} from '../../sync-server/src/persistence/postgres/postgres-document-store.ts';
import { editUpdate, keysOf, openNodePool } from './support/cluster-store.ts';
import { startPostgres, type TestPostgres } from './support/postgres.ts';

let server: TestPostgres;
const cleanup: (() => Promise<unknown>)[] = [];
beforeAll(async () => {
  server = await startPostgres();
});
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});
afterAll(() => server?.stop());

/** A store as one relay node holds it, on the given database. */
async function node(url: string, name: string): Promise<{ store: AsyncDocumentStore; pool: pg.Pool }> {
  const pool = await openNodePool(url, name);
  const store = createPostgresDocumentStore(pool);
  cleanup.push(() => store.close());
  return { store, pool };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** The full state of a document holding `keys`, as a snapshot. */
const stateWith = (updates: Uint8Array[]) => {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return Y.encodeStateAsUpdate(doc);
};

describe('the PostgreSQL document store', () => {
  it('numbers each document’s updates 1, 2, 3… and loads them back in order', async () => {
    const { store } = await node(await server.createDatabase(), 'a');
    expect(await store.append('doc-a', editUpdate('1'))).toBe(1);
    expect(await store.append('doc-b', editUpdate('x'))).toBe(1);
    expect(await store.append('doc-a', editUpdate('2'))).toBe(2);
    const loaded = await store.load('doc-a');
    expect(loaded.seq).toBe(2);
    expect(keysOf(loaded.updates)).toEqual(['1', '2']);
    expect(await store.load('never-written')).toEqual({ updates: [], seq: 0, bindings: [] });
  });

  it('two nodes appending to one document at once get a gap-free sequence without duplicates', async () => {
    const url = await server.createDatabase();
    const [a, b] = [await node(url, 'a'), await node(url, 'b')];
    const seqs = await Promise.all(
      range(60).map((i) => (i % 2 ? a.store : b.store).append('shared', editUpdate(String(i)))),
    );
    expect([...seqs].sort((x, y) => x - y)).toEqual(range(60));
    const loaded = await a.store.load('shared');
    expect(loaded.seq).toBe(60);
    expect(keysOf(loaded.updates)).toEqual(range(60).map(String).sort());
  });

  it('rings the other nodes with "<seq> <doc>" when the append commits', async () => {
    const url = await server.createDatabase();
    const { store } = await node(url, 'a');
    const listener = new pg.Client({ connectionString: url });
    await listener.connect();
    cleanup.push(() => listener.end());
    const bells: { docName: string; seq: number }[] = [];
    listener.on('notification', (n) => bells.push(decodeDocumentBell(n.payload!)));
    await listener.query(`LISTEN ${CHANNEL.documents}`);
    await store.append('holdfast:va:sa%201:va%202', editUpdate('1'));
    await store.append('holdfast:va:sa%201:va%202', editUpdate('2'));
    await vi.waitFor(() => expect(bells).toHaveLength(2));
    expect(bells).toEqual([
      { docName: 'holdfast:va:sa%201:va%202', seq: 1 },
      { docName: 'holdfast:va:sa%201:va%202', seq: 2 },
    ]);
  });

  it('commits synchronously even where the database default says otherwise', async () => {
    const url = await server.createDatabase();
    const name = new URL(url).pathname.slice(1);
    await server.query(`ALTER DATABASE ${name} SET synchronous_commit = off`);
    const { pool } = await node(url, 'a');
    expect((await pool.query('SHOW synchronous_commit')).rows[0].synchronous_commit).toBe('on');
  });

  it('a node behind a compaction made elsewhere gets the snapshot, then the newer rows, and misses nothing', async () => {
    const url = await server.createDatabase();
    const [a, b] = [await node(url, 'a'), await node(url, 'b')];
    const updates = range(6).map((i) => editUpdate(String(i)));
    for (const update of updates.slice(0, 5)) await a.store.append('d', update);
    // Node B has applied up to 2; node A compacts up to 4, deleting rows 1-4.
    expect(await a.store.compact('d', stateWith(updates.slice(0, 4)), 4)).toBe(true);
    await a.store.append('d', updates[5]!);
    const behind = await b.store.changesAfter('d', 2);
    expect(behind.seq).toBe(6);
    expect(keysOf([...updates.slice(0, 2), ...behind.updates])).toEqual(range(6).map(String));
    const current = await b.store.changesAfter('d', 6);
    expect(current).toEqual({ updates: [], seq: 6, bindings: [] });
  });

  it('refuses a snapshot that claims rows not stored yet, and keeps a newer snapshot over an older one', async () => {
    const url = await server.createDatabase();
    const { store, pool } = await node(url, 'a');
    const updates = range(3).map((i) => editUpdate(String(i)));
    for (const update of updates) await store.append('d', update);
    await expect(store.compact('d', stateWith(updates), 4)).rejects.toThrow(CompactionError);
    expect(await store.compact('d', stateWith(updates), 3)).toBe(true);
    expect(await store.compact('d', stateWith(updates.slice(0, 2)), 2)).toBe(false);
    const rows = await pool.query('SELECT upto_seq FROM document_snapshots');
    expect(rows.rows).toEqual([{ upto_seq: 3 }]);
    expect(keysOf((await store.load('d')).updates)).toEqual(['1', '2', '3']);
  });

  for (const order of ['the further snapshot first', 'the nearer snapshot first'] as const) {
    it(`two nodes compacting one document at once take turns and lose no row (${order})`, async () => {
      const url = await server.createDatabase();
      const [a, b] = [await node(url, 'a'), await node(url, 'b')];
      const updates = range(10).map((i) => editUpdate(String(i)));
      for (const update of updates) await a.store.append('d', update);
      // Node A applied all 10 rows; node B only 7 (rows 8-10 had not reached it).
      const compactA = () => a.store.compact('d', stateWith(updates), 10);
      const compactB = () => b.store.compact('d', stateWith(updates.slice(0, 7)), 7);
      const [first, second] = order === 'the further snapshot first' ? [compactA, compactB] : [compactB, compactA];

      // Hold the document's compaction lock so both compactions are in flight together, queued
      // in a known order (PostgreSQL grants a lock to its waiters first come, first served).
      const holder = new pg.Client({ connectionString: url });
      await holder.connect();
      cleanup.push(() => holder.end());
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_NAMESPACE.compaction, 'd']);
      const waiters = async () =>
        Number(
          (
            await server.query<{ n: string }>(
              "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid = $1::oid",
              [LOCK_NAMESPACE.compaction],
            )
          )[0]!.n,
        );
      const firstDone = first();
      await vi.waitFor(async () => expect(await waiters()).toBe(1));
      const secondDone = second();
      await vi.waitFor(async () => expect(await waiters()).toBe(2));
      await holder.query('COMMIT');
      const results = await Promise.all([firstDone, secondDone]);

      expect(results).toEqual(order === 'the further snapshot first' ? [true, false] : [true, true]);
      const loaded = await b.store.load('d');
      expect(loaded.seq).toBe(10);
      expect(keysOf(loaded.updates)).toEqual(range(10).map(String).sort());
    });
  }

  it('many appends and compactions from two nodes interleaved keep every update', async () => {
    const url = await server.createDatabase();
    const nodes = [await node(url, 'a'), await node(url, 'b')];
    const written: Uint8Array[] = [];
    const work = range(80).map(async (i) => {
      const { store } = nodes[i % 2]!;
      const update = editUpdate(String(i));
      await store.append('d', update);
      written.push(update);
      if (i % 10 === 0) {
        // Compact what this node can see now: a load, folded into one state.
        const seen = await store.load('d');
        await store.compact('d', stateWith(seen.updates), seen.seq);
      }
    });
    await Promise.all(work);
    const loaded = await nodes[1]!.store.load('d');
    expect(loaded.seq).toBe(80);
    expect(keysOf(loaded.updates)).toEqual(keysOf(written));
  });

  it('stores a client-id binding with its update, and refuses alone a later append that binds the id to another member', async () => {
    const { store, pool } = await node(await server.createDatabase(), 'a');
    const [u1, u2, u3, u4] = ['1', '2', '3', '4'].map(editUpdate) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
    expect(await store.appendAll('d', [{ update: u1, binding: { memberId: 'alice', clientIds: [7] } }])).toEqual([
      { seq: 1 },
    ]);
    const outcomes = await store.appendAll('d', [
      { update: u2, binding: { memberId: 'bob', clientIds: [8, 7] } },
      { update: u3, binding: { memberId: 'alice', clientIds: [7, 9] } },
      { update: u4 },
    ]);
    expect(outcomes).toEqual([{ takenClientId: 7 }, { seq: 2 }, { seq: 3 }]);
    const loaded = await store.load('d');
    expect(keysOf(loaded.updates)).toEqual(['1', '3', '4']);
    expect(loaded.bindings).toEqual([{ memberId: 'alice', clientIds: [7, 9] }]);
    // Bob's refused append left nothing: not its update, not its other id.
    const rows = await pool.query('SELECT client, member, seq FROM document_clients ORDER BY client');
    expect(rows.rows).toEqual([
      { client: 7, member: 'alice', seq: 1 },
      { client: 9, member: 'alice', seq: 2 },
    ]);
    // A catch-up read brings the bindings of the rows it reads, and only those.
    expect((await store.changesAfter('d', 1)).bindings).toEqual([{ memberId: 'alice', clientIds: [9] }]);
    expect((await store.changesAfter('d', 0, 1)).bindings).toEqual([{ memberId: 'alice', clientIds: [7] }]);
    expect((await store.changesAfter('d', 2)).bindings).toEqual([]);
  });

  it('within one batch, the first append to bind an id keeps it and a later one for another member is refused', async () => {
    const { store } = await node(await server.createDatabase(), 'a');
    const outcomes = await store.appendAll('d', [
      { update: editUpdate('1'), binding: { memberId: 'alice', clientIds: [7] } },
      { update: editUpdate('2'), binding: { memberId: 'bob', clientIds: [7] } },
      { update: editUpdate('3'), binding: { memberId: 'alice', clientIds: [7] } },
    ]);
    expect(outcomes).toEqual([{ seq: 1 }, { takenClientId: 7 }, { seq: 2 }]);
    expect(keysOf((await store.load('d')).updates)).toEqual(['1', '3']);
  });

  it('two nodes binding one client id at once: one update is stored with its binding, the other refused', async () => {
    const url = await server.createDatabase();
    const [a, b] = [await node(url, 'a'), await node(url, 'b')];
    await a.store.append('d', editUpdate('0'));
    const [onA, onB] = await Promise.all([
      a.store.appendAll('d', [{ update: editUpdate('alice'), binding: { memberId: 'alice', clientIds: [7] } }]),
      b.store.appendAll('d', [{ update: editUpdate('bob'), binding: { memberId: 'bob', clientIds: [7] } }]),
    ]);
    const outcomes = [...onA, ...onB];
    expect(outcomes.filter((outcome) => 'takenClientId' in outcome)).toEqual([{ takenClientId: 7 }]);
    const winner = 'seq' in onA[0]! ? 'alice' : 'bob';
    const loaded = await b.store.load('d');
    expect(keysOf(loaded.updates)).toEqual(['0', winner]);
    expect(loaded.bindings).toEqual([{ memberId: winner, clientIds: [7] }]);
  });

  it('a commit that fails stores no binding', async () => {
    const url = await server.createDatabase();
    const { store, pool } = await node(url, 'a');
    await pool.query(`
      CREATE FUNCTION refuse_commit() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'commit refused for the test'; END $$;
      CREATE CONSTRAINT TRIGGER refuse_commit AFTER INSERT ON document_updates
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_commit();`);
    await expect(
      store.appendAll('d', [{ update: editUpdate('1'), binding: { memberId: 'alice', clientIds: [7] } }]),
    ).rejects.toThrow('commit refused for the test');
    expect((await pool.query('SELECT * FROM document_clients')).rows).toEqual([]);
    await pool.query('DROP TRIGGER refuse_commit ON document_updates');
    // The id is free: another member's update binds it.
    expect(
      await store.appendAll('d', [{ update: editUpdate('2'), binding: { memberId: 'bob', clientIds: [7] } }]),
    ).toEqual([{ seq: 1 }]);
  });

  it('migrations run once even when two nodes start together', async () => {
    const url = await server.createDatabase();
    const pools = [new pg.Pool({ connectionString: url }), new pg.Pool({ connectionString: url })];
    cleanup.push(() => Promise.all(pools.map((p) => p.end())));
    const versions = await Promise.all(pools.map((p) => migrate(p)));
    expect(versions[0]).toBe(versions[1]);
    const applied = await pools[0]!.query('SELECT version FROM holdfast_schema ORDER BY version');
    expect(applied.rows.map((r) => r.version)).toEqual(range(versions[0]!));
  });
});
