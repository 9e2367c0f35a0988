// A real relay process on real PostgreSQL loses a connection it has checked out of its pool, in the
// middle of a transaction (what `pg_ctl restart -m immediate` does to every connection at once). The
// node must stay up: the transaction fails, is reported, and the next one succeeds.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { virtualAccountDocName } from '@holdfast/core/protocol';
import { LOCK_NAMESPACE } from '../../sync-server/src/persistence/postgres/migrations.ts';
import type { RelayProcess } from '../relay/support/relay-process.ts';
import { TEAM } from '../relay/support/team.ts';
import { connectClient, eventually, type TestClient } from '../relay/support/test-client.ts';
import { startPostgres, type TestPostgres } from './support/postgres.ts';
import { openSharedDatabase, seedInPostgres, startRelayNode, type SharedDatabase } from './support/relay-nodes.ts';

const docName = virtualAccountDocName(TEAM.holding, TEAM.emea);
let server: TestPostgres;
let db: SharedDatabase;
let holder: pg.Client;
let node: RelayProcess;
let writer: TestClient | undefined;

beforeAll(async () => {
  server = await startPostgres();
  const url = await server.createDatabase();
  db = await openSharedDatabase(url);
  await seedInPostgres(db.directory);
  // Validation off: the writes are raw map entries. A compaction every 10 updates.
  node = await startRelayNode(url, 'solo', ['--validate-writes', 'off', '--compact-every-updates', '10']);
  holder = new pg.Client({ connectionString: url });
  await holder.connect();
}, 120_000);

afterAll(async () => {
  writer?.close();
  node?.dispose();
  await holder?.end();
  await db?.close();
  await server?.stop();
});

/** Fails at once, with the node's output, when the node has ended. */
function expectNodeUp() {
  const how = node.unexpectedExit();
  if (how) throw new Error(how);
}

const snapshots = async () =>
  (await holder.query('SELECT upto_seq FROM document_snapshots WHERE doc = $1', [docName])).rows.length;

describe('a relay node losing a PostgreSQL connection in the middle of a transaction', () => {
  it('stays up when its connection dies inside a compaction, and compacts at its next chance', async () => {
    // The test holds the document's compaction lock, so the node's compaction waits for it inside
    // its transaction, on a connection checked out of the node's pool.
    await holder.query('SELECT pg_advisory_lock($1, hashtext($2))', [LOCK_NAMESPACE.compaction, docName]);
    writer = connectClient(node.url, docName, await node.token(TEAM.admin));
    await writer.synced;
    for (let i = 0; i < 10; i++) writer.doc.getMap('orders').set(`before-${i}`, i);
    await writer.roundTrip();

    let waiting: number | undefined;
    await eventually('the node’s compaction waits for the lock', async () => {
      expectNodeUp();
      const { rows } = await holder.query<{ pid: number }>(
        "SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'",
        ['holdfast-relay-solo'],
      );
      waiting = rows[0]?.pid;
      return waiting !== undefined;
    });
    const terminated = await holder.query<{ done: boolean }>('SELECT pg_terminate_backend($1) AS done', [waiting]);
    expect(terminated.rows[0]?.done).toBe(true);
    await holder.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_NAMESPACE.compaction, docName]);
    expect(await snapshots()).toBe(0);

    // The next update triggers the next compaction, which now gets the lock and stores a snapshot.
    writer.doc.getMap('orders').set('after', 10);
    await eventually('a later compaction stores a snapshot', async () => {
      expectNodeUp();
      return (await snapshots()) === 1;
    });
    await writer.roundTrip();
    expectNodeUp();
    const stored = (await db.stored(docName)).getMap('orders');
    expect([...stored.keys()].sort()).toEqual([...writer.doc.getMap('orders').keys()].sort());
    // The node said so; its log reaches this process through a pipe, maybe after the database's answer.
    await eventually('the node logged the failed compaction', () =>
      node.output().includes(`compacting ${docName} failed`),
    );
  });
});
