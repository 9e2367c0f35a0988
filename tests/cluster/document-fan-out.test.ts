import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import pg from 'pg';
import * as Y from 'yjs';
import { encodeStateAsUpdate } from 'yjs';
import { checkUpdateComplete, ClientIdTakenError } from '@holdfast/core/relay';
import type { AsyncDocumentStore } from '../../sync-server/src/persistence/async-document-store.ts';
import { CHANNEL } from '../../sync-server/src/persistence/postgres/channels.ts';
import { STORED_ORIGIN } from '../../sync-server/src/persistence/document-feeds.ts';
import { editUpdate } from './support/cluster-store.ts';
import { counterValue, keysIn, startNode, type TestNode } from './support/cluster-node.ts';
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

const node = async (url: string, name: string, options?: Parameters<typeof startNode>[2]) => {
  const started = await startNode(url, name, options);
  nodes.push(started);
  return started;
};
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
const sorted = (keys: string[]) => [...keys].sort();

/** The update one local change of `doc` produces. */
function captureUpdate(doc: Y.Doc, change: () => void): Uint8Array {
  let captured: Uint8Array | null = null;
  const take = (update: Uint8Array) => (captured = update);
  doc.on('update', take);
  change();
  doc.off('update', take);
  return captured!;
}

describe('fan-out across nodes through PostgreSQL', () => {
  it('two nodes writing one document at once each end with every update, in sequence', async () => {
    const url = await server.createDatabase();
    const [a, b] = [await node(url, 'a'), await node(url, 'b')];
    const [onA, onB] = [await a.open('d'), await b.open('d')];
    const sender = { connection: 'client on a' };
    await Promise.all([
      ...range(1, 20).map((k) => onA.feed.append(editUpdate(k), sender)),
      ...range(21, 40).map((k) => onB.feed.append(editUpdate(k), 'client on b')),
    ]);
    const all = sorted(range(1, 40));
    await vi.waitFor(() => {
      expect(keysIn(onA.doc)).toEqual(all);
      expect(keysIn(onB.doc)).toEqual(all);
    });
    expect([onA.feed.appliedSeq, onB.feed.appliedSeq]).toEqual([40, 40]);
    // A local update reaches memory with its sender as origin (so it is not echoed back to it).
    expect(onA.origins).toContain(sender);
    expect(a.errors.concat(b.errors)).toEqual([]);
  });

  it('a client update is checked in its turn, against the document with every update queued before it', async () => {
    const url = await server.createDatabase();
    const a = await node(url, 'a');
    const onA = await a.open('d');
    // One client's two edits: the second builds on the first (the same client, the next clocks).
    const client = new Y.Doc();
    const first = captureUpdate(client, () => client.getMap('orders').set('1', '1'));
    const second = captureUpdate(client, () => client.getMap('orders').set('2', '2'));
    const checked = (update: Uint8Array) => () => {
      checkUpdateComplete(onA.doc, update);
      return { update };
    };
    expect(
      await Promise.all([onA.feed.appendChecked(checked(first), 'c'), onA.feed.appendChecked(checked(second), 'c')]),
    ).toEqual([1, 2]);
    // Nothing new: not stored. A refused update: not stored, and the promise says why.
    expect(await onA.feed.appendChecked(() => null, 'c')).toBeNull();
    await expect(
      onA.feed.appendChecked(() => {
        throw new Error('refused by a check');
      }, 'c'),
    ).rejects.toThrow('refused by a check');
    expect(await a.store.load('d')).toMatchObject({ seq: 2 });
    expect(keysIn(onA.doc)).toEqual(['1', '2']);
  });

  it('an update whose commit fails is applied nowhere and takes no sequence number', async () => {
    const url = await server.createDatabase();
    const [a, b] = [await node(url, 'a'), await node(url, 'b')];
    const [onA, onB] = [await a.open('doomed'), await b.open('doomed')];
    // A constraint trigger checked at COMMIT: the insert succeeds, the commit fails.
    const sql = new pg.Client({ connectionString: url });
    await sql.connect();
    await sql.query(`
      CREATE FUNCTION refuse_doomed() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'commit refused for the test'; END $$;
      CREATE CONSTRAINT TRIGGER refuse_doomed AFTER INSERT ON document_updates
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.doc = 'doomed') EXECUTE FUNCTION refuse_doomed();`);
    await expect(onA.feed.append(editUpdate('lost'), 'client on a')).rejects.toThrow('commit refused');
    expect(keysIn(onA.doc)).toEqual([]);

    // The marker: once B has it, B has handled everything stored before it.
    await sql.query('DROP TRIGGER refuse_doomed ON document_updates');
    await sql.end();
    expect(await onA.feed.append(editUpdate('marker'), 'client on a')).toBe(1);
    await vi.waitFor(() => expect(keysIn(onB.doc)).toEqual(['marker']));
    expect(keysIn(onA.doc)).toEqual(['marker']);
  });

  it('a terminated LISTEN connection reconnects and catches up: nothing stored meanwhile is lost', async () => {
    const url = await server.createDatabase();
    const [a, b] = [await node(url, 'a'), await node(url, 'b')];
    const [onA, onB] = [await a.open('d'), await b.open('d')];
    await onA.feed.append(editUpdate('before'), 'a');
    await vi.waitFor(() => expect(keysIn(onB.doc)).toEqual(['before']));

    const killed = await server.query<{ killed: boolean }>(
      "SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE application_name = 'holdfast-listen-b'",
    );
    expect(killed).toEqual([{ killed: true }]);
    await vi.waitFor(() => expect(b.listener.listening).toBe(false));
    await Promise.all(range(1, 30).map((k) => onA.feed.append(editUpdate(k), 'a')));

    // No more appends: only the reconnect's catch-up (the safety poll is an hour) can bring these.
    await vi.waitFor(() => expect(keysIn(onB.doc)).toEqual(sorted(['before', ...range(1, 30)])), { timeout: 20_000 });
    expect(onB.feed.appliedSeq).toBe(31);
    expect(await counterValue(b.registry, 'holdfast_relay_listen_reconnects_total')).toBe(1);
    expect(
      await counterValue(b.registry, 'holdfast_relay_catch_up_reads_total', { reason: 'reconnect' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('bells rung while a node loads the document are kept, and rows past the loaded state are read after it', async () => {
    const url = await server.createDatabase();
    const a = await node(url, 'a');
    const onA = await a.open('d');
    await onA.feed.append(editUpdate('1'), 'a');
    let release!: () => void;
    const loadHeld = new Promise<void>((resolve) => (release = resolve));
    let loadedSeq = -1;
    const b = await node(url, 'b', {
      wrapStore: (store): AsyncDocumentStore => ({
        ...store,
        async load(docName) {
          const loaded = await store.load(docName);
          loadedSeq = loaded.seq;
          await loadHeld; // the load has read its rows; the test now stores more before it finishes
          return loaded;
        },
      }),
    });
    const bells: string[] = [];
    b.listener.on(CHANNEL.documents, (payload) => bells.push(payload));
    const opening = b.open('d');
    await vi.waitFor(() => expect(loadedSeq).toBe(1));
    for (const k of ['2', '3', '4']) await onA.feed.append(editUpdate(k), 'a');
    // The fan-out's handler runs before this one, so it has seen bell 4 too.
    await vi.waitFor(() => expect(bells).toContain('4 d'));
    release();
    const onB = await opening;
    await vi.waitFor(() => expect(keysIn(onB.doc)).toEqual(['1', '2', '3', '4']));
    expect(onB.feed.appliedSeq).toBe(4);
    expect(await counterValue(b.registry, 'holdfast_relay_catch_up_reads_total', { reason: 'load' })).toBe(1);
  });

  it('a row whose notification never came is found by the safety poll', async () => {
    const url = await server.createDatabase();
    const a = await node(url, 'a');
    const b = await node(url, 'b', { pollIntervalMs: 50 });
    const [onA, onB] = [await a.open('d'), await b.open('d')];
    await onA.feed.append(editUpdate('1'), 'a');
    await vi.waitFor(() => expect(keysIn(onB.doc)).toEqual(['1']));
    // Store row 2 the way append does, minus pg_notify: a bell that was lost.
    const sql = new pg.Client({ connectionString: url });
    await sql.connect();
    await sql.query(
      `WITH head AS (UPDATE documents SET head_seq = head_seq + 1 WHERE name = 'd' RETURNING head_seq)
       INSERT INTO document_updates (doc, seq, data) SELECT 'd', head_seq, $1 FROM head`,
      [Buffer.from(editUpdate('silent'))],
    );
    await sql.end();
    await vi.waitFor(() => expect(keysIn(onB.doc)).toEqual(['1', 'silent']));
    expect(await counterValue(b.registry, 'holdfast_relay_catch_up_reads_total', { reason: 'poll' })).toBeGreaterThan(
      0,
    );
    expect(b.fanOut.lagSeconds()).toBe(0);
    expect(onB.origins.at(-1)).toBe(STORED_ORIGIN);
  });

  it("a node that has not applied another node's client-id binding yet is refused by the store, and learns it with the row", async () => {
    const url = await server.createDatabase();
    const a = await node(url, 'a');
    let holding = true;
    let heldReads = 0;
    // Node B hears the bells but reads nothing while `holding`: the row (and binding) A stores stays unseen.
    const b = await node(url, 'b', {
      wrapStore: (store): AsyncDocumentStore => ({
        ...store,
        async changesAfter(docName, seq, upto) {
          if (!holding) return store.changesAfter(docName, seq, upto);
          heldReads++;
          return { updates: [], seq, bindings: [] };
        },
      }),
    });
    const [onA, onB] = [await a.open('d'), await b.open('d')];
    const alice = { memberId: 'alice', clientIds: [7] };
    expect(await onA.feed.appendChecked(() => ({ update: editUpdate('alice'), binding: alice }), 'a')).toBe(1);
    await vi.waitFor(() => expect(heldReads).toBeGreaterThan(0));
    const bob = { memberId: 'bob', clientIds: [7] };
    await expect(onB.feed.appendChecked(() => ({ update: editUpdate('bob'), binding: bob }), 'b')).rejects.toThrow(
      ClientIdTakenError,
    );
    holding = false;
    expect(await onA.feed.append(editUpdate('marker'), 'a')).toBe(2);
    await vi.waitFor(() => expect(keysIn(onB.doc)).toEqual(['alice', 'marker']));
    expect(onA.bindings).toEqual([alice]);
    expect(onB.bindings).toEqual([alice]);
    expect(onB.feed.appliedSeq).toBe(2);
  });

  it('compactions through the feeds of two nodes keep every update for a node that loads later', async () => {
    const url = await server.createDatabase();
    const [a, b] = [await node(url, 'a'), await node(url, 'b')];
    const [onA, onB] = [await a.open('d'), await b.open('d')];
    await Promise.all([
      ...range(1, 25).map((k) => onA.feed.append(editUpdate(k), 'a')),
      ...range(26, 50).map((k) => onB.feed.append(editUpdate(k), 'b')),
      onA.feed.compact(() => encodeStateAsUpdate(onA.doc)),
      onB.feed.compact(() => encodeStateAsUpdate(onB.doc)),
    ]);
    await onA.feed.compact(() => encodeStateAsUpdate(onA.doc));
    await onB.feed.compact(() => encodeStateAsUpdate(onB.doc));
    const c = await node(url, 'c');
    const onC = await c.open('d');
    expect(keysIn(onC.doc)).toEqual(sorted(range(1, 50)));
    expect(onC.feed.appliedSeq).toBe(50);
  });
});
