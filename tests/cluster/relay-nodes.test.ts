// Several real relay processes on one PostgreSQL (`--store postgres://…`) serve the same documents:
// what one node stores reaches the others, what one refuses reaches nobody, a directory change made
// with the admin CLI reaches every node, and readiness follows the database.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, memberDocName, virtualAccountDocName } from '@holdfast/core/protocol';
import { appendOrderEventToDoc, readMemberAccounts, readOrderFromDoc } from '@holdfast/core/sync';
import type { RelayProcess } from '../relay/support/relay-process.ts';
import { heldNumbers, importOrders, orderIn } from '../relay/support/orders.ts';
import { addEmeaUser, TEAM } from '../relay/support/team.ts';
import { connectClient, eventually, type TestClient } from '../relay/support/test-client.ts';
import { startPostgres, type TestPostgres } from './support/postgres.ts';
import { openSharedDatabase, seedInPostgres, startRelayNode, type SharedDatabase } from './support/relay-nodes.ts';
import { LOCAL_EDIT } from '@holdfast/core/sync';

const ADMIN = join(new URL('../../', import.meta.url).pathname, 'sync-server/src/cli/admin.ts');
const emeaDoc = virtualAccountDocName(TEAM.holding, TEAM.emea);
const LATER = '2026-01-02T00:00:00.000Z';

let server: TestPostgres;
let url: string;
let db: SharedDatabase;
let a: RelayProcess;
let b: RelayProcess;
const nodes: RelayProcess[] = [];
const clients: TestClient[] = [];

beforeAll(async () => {
  server = await startPostgres();
  url = await server.createDatabase();
  db = await openSharedDatabase(url);
  await seedInPostgres(db.directory);
  nodes.push(...(await Promise.all(['a', 'b'].map((name) => startRelayNode(url, name)))));
  [a, b] = nodes as [RelayProcess, RelayProcess];
});
afterAll(async () => {
  for (const client of clients) client.close();
  for (const node of nodes) node.dispose();
  await db?.close();
  await server?.stop();
});

async function connect(node: RelayProcess, memberId: string, token?: string): Promise<TestClient> {
  const client = connectClient(node.url, emeaDoc, token ?? (await node.token(memberId)));
  clients.push(client);
  await client.synced;
  return client;
}

/** `relay-admin --store <url> …`, as an operator runs it. */
function admin(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ADMIN, ...args, '--store', url]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const eventIds = (doc: Y.Doc, order: string): string[] => {
  const read = readOrderFromDoc(doc, order);
  return read?.ok ? read.order.history.map((e) => e.id) : [];
};

let markers = 0;
/** The admin on `writer` records a marker event and waits for it at `observer`: what was sent before it has arrived. */
async function marker(writer: TestClient, observer: TestClient, order: string): Promise<string> {
  const id = `marker:${++markers}`;
  appendOrderEventToDoc(writer.doc, order, { id, type: 'reviewed', at: LATER, by: TEAM.admin }, LOCAL_EDIT);
  await eventually(`marker ${id} reaches the observer`, () => eventIds(observer.doc, order).includes(id));
  return id;
}

describe('relay nodes on one PostgreSQL', () => {
  it('an update written on node A reaches a client on node B, and is in PostgreSQL', async () => {
    const writer = await connect(a, TEAM.admin);
    const reader = await connect(b, TEAM.emeaUser);
    importOrders(writer.doc, orderIn('104200001'));
    await eventually('the client on node B has the order', () => heldNumbers(reader.doc).includes('104200001'));
    expect(heldNumbers(await db.stored(emeaDoc))).toContain('104200001');
  });

  it('an update refused on node A (4422) reaches no client on node B and is not stored', async () => {
    const admin_ = await connect(a, TEAM.admin);
    const observer = await connect(b, TEAM.admin);
    await eventually('the observer has the order', () => heldNumbers(observer.doc).includes('104200001'));
    const forger = await connect(a, TEAM.emeaUser);
    await eventually('the forger has the order', () => heldNumbers(forger.doc).includes('104200001'));
    appendOrderEventToDoc(
      forger.doc,
      '104200001',
      { id: 'forged:note', type: 'note-added', at: LATER, by: TEAM.admin, text: 'the admin says so' },
      LOCAL_EDIT,
    );
    const closed = await forger.closed;
    expect(closed.code).toBe(CloseCode.refusedUpdate);
    await marker(admin_, observer, '104200001');
    expect(eventIds(observer.doc, '104200001')).not.toContain('forged:note');
    expect(eventIds(await db.stored(emeaDoc), '104200001')).not.toContain('forged:note');
  });

  it('presence crosses nodes, stamped with the member of the node that received it', async () => {
    const poser = await connect(a, TEAM.emeaUser);
    const watcher = await connect(b, TEAM.admin);
    poser.awareness.setLocalState({ viewing: '104200001', user: { memberId: TEAM.admin, name: 'admin' } });
    const seen = () => [...watcher.awareness.getStates().values()].find((state) => state.viewing === '104200001');
    await eventually('the watcher on node B sees the presence', () => seen() !== undefined);
    expect(seen()?.user).toEqual({ memberId: TEAM.emeaUser, name: 'emea-user' });
    poser.close();
    await eventually('the presence leaves with its connection', () => seen() === undefined);
  });

  it("a member's document follows a grant made with relay-admin --store, also on a node without the writer lease", async () => {
    await seedInPostgres(db.directory, (directory) =>
      directory.addMember({
        id: 'partner:newcomer',
        name: 'newcomer',
        email: 'newcomer@partner.example.com',
        organizationId: 'partner',
      }),
    );
    const version = await db.directory.version();
    for (const node of [a, b])
      await eventually(
        'both nodes know the newcomer',
        async () => (await node.metrics()).get('holdfast_relay_directory_version') === version,
      );
    const docName = memberDocName('partner:newcomer');
    // The document is loaded only where the writer lease is not: that node writes what the writer cannot.
    const lease = async (node: RelayProcess) => (await node.metrics()).get('holdfast_relay_writer_lease_held');
    await eventually(
      'one of the two nodes holds the writer lease',
      async () => (await lease(a)) === 1 || (await lease(b)) === 1,
    );
    const notWriter = (await lease(a)) === 1 ? b : a;
    const readers = await Promise.all(
      [notWriter].map(async (node) => {
        const client = connectClient(node.url, docName, await node.token('partner:newcomer'));
        clients.push(client);
        await client.synced;
        return client;
      }),
    );
    for (const reader of readers)
      await eventually('the member document arrives', () => readMemberAccounts(reader.doc) !== null);
    const granted = await admin([
      'role',
      'grant',
      '--member',
      'partner:newcomer',
      '--role',
      'virtual-account-user',
      '--account',
      TEAM.holding,
      '--va',
      TEAM.apac,
    ]);
    expect(granted.stderr).toBe('');
    for (const reader of readers)
      await eventually(
        'the new account is listed',
        () =>
          readMemberAccounts(reader.doc)
            ?.smartAccounts.map((sa) => sa.id)
            .join() === TEAM.holding,
      );
    expect(readMemberAccounts(await db.stored(docName))?.smartAccounts.map((sa) => sa.id)).toEqual([TEAM.holding]);
  }, 120_000);

  it('a node that cannot reach PostgreSQL stops in one line that names the database without its password', async () => {
    const failed = await startRelayNode('postgres://relay:hunter2-secret@127.0.0.1:1/holdfast', 'unreachable').then(
      () => null,
      (error: Error) => error.message,
    );
    expect(failed).toMatch(
      /relay did not start: PostgreSQL at postgres:\/\/relay:\*\*\*@127\.0\.0\.1:1\/holdfast could not be opened/,
    );
    expect(failed).not.toContain('hunter2-secret');
  });

  it('a node started after the writes loads the whole document from PostgreSQL', async () => {
    const writer = await connect(a, TEAM.admin);
    importOrders(writer.doc, orderIn('104200002'), orderIn('104200003'));
    await eventually('the orders are stored', async () => heldNumbers(await db.stored(emeaDoc)).includes('104200003'));
    const c = await startRelayNode(url, 'c');
    nodes.push(c);
    const late = await connect(c, TEAM.emeaUser);
    expect(heldNumbers(late.doc)).toEqual(heldNumbers(await db.stored(emeaDoc)));
    expect(heldNumbers(late.doc)).toEqual(expect.arrayContaining(['104200001', '104200002', '104200003']));
  });

  it('relay-admin --store closes a revoked token (4401) and a removed member (4410) on every node', async () => {
    await seedInPostgres(db.directory, (directory) => {
      addEmeaUser(directory, 'partner:leaver');
      addEmeaUser(directory, 'partner:lost-token');
    });
    // Three nodes (the third is the late one of the previous test, when it ran).
    while (nodes.length < 3) nodes.push(await startRelayNode(url, `node-${nodes.length}`));
    const version = await db.directory.version();
    for (const node of nodes)
      await eventually(
        'every node has read the directory with the new members',
        async () => (await node.metrics()).get('holdfast_relay_directory_version') === version,
      );
    const token = await a.token('partner:lost-token');
    const leavers = await Promise.all(nodes.map((node) => connect(node, 'partner:leaver')));
    const holders = await Promise.all(nodes.map((node) => connect(node, 'partner:lost-token', token)));

    // When each socket saw its close, on this machine's clock (PostgreSQL's now() is on the same clock).
    const closedAt = (client: TestClient) => client.closed.then((close) => ({ ...close, at: Date.now() }));
    const tokenClosing = Promise.all(holders.map(closedAt));
    const revoked = await admin(['token', 'revoke', '--jti', jtiOf(token)]);
    expect(revoked.stderr).toBe('');
    const tokenCloses = await tokenClosing;
    expect(tokenCloses.map((c) => c.code)).toEqual([
      CloseCode.unauthorized,
      CloseCode.unauthorized,
      CloseCode.unauthorized,
    ]);

    const memberClosing = Promise.all(leavers.map(closedAt));
    const removed = await admin(['member', 'remove', '--id', 'partner:leaver']);
    expect(removed.code).toBe(0);
    const memberCloses = await memberClosing;
    expect(memberCloses.map((c) => c.code)).toEqual([
      CloseCode.accessRevoked,
      CloseCode.accessRevoked,
      CloseCode.accessRevoked,
    ]);
    // A figure for the report, not an assertion: from the revocation's transaction (revoked_at) to the last close.
    const [row] = (await db.query(`SELECT extract(epoch FROM revoked_at) * 1000 AS ms FROM revoked_tokens`)) as {
      ms: string;
    }[];
    const lastClose = Math.max(...tokenCloses.map((c) => c.at));
    console.log(`token revocation to the last of 3 sockets closed: ${(lastClose - Number(row!.ms)).toFixed(0)} ms`);
  }, 180_000);

  it('a commit that fails is seen by no peer: the writer is closed (4500) and the update is nowhere', async () => {
    const writer = await connect(a, TEAM.admin);
    const observerA = await connect(a, TEAM.admin);
    const observerB = await connect(b, TEAM.admin);
    await marker(writer, observerB, '104200001');
    // From now on every insert of an update fails inside the transaction that would have stored it.
    await db.query(
      `CREATE FUNCTION refuse_updates() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$`,
    );
    await db.query(
      'CREATE TRIGGER refuse_updates BEFORE INSERT ON document_updates FOR EACH ROW EXECUTE FUNCTION refuse_updates()',
    );
    importOrders(writer.doc, orderIn('104200009'));
    expect((await writer.closed).code).toBe(CloseCode.storageFailure);
    // Node A dropped the document from memory: its other connections reconnect and load what is durable.
    expect((await observerA.closed).code).toBe(CloseCode.storageFailure);
    await db.query('DROP TRIGGER refuse_updates ON document_updates');
    // A marker written after the failure reaches node B: anything broadcast before it has arrived.
    await marker(await connect(b, TEAM.admin), observerB, '104200001');

    const stored = await db.stored(emeaDoc);
    expect(heldNumbers(stored)).not.toContain('104200009');
    for (const observer of [observerA, observerB]) {
      expect(heldNumbers(observer.doc)).not.toContain('104200009');
      expect(missingFrom(stored, observer.doc)).toEqual([]);
    }
  });

  it('/readyz answers 503 with the reason while PostgreSQL is down, and 200 once it is back', async () => {
    const ready = async (node: RelayProcess) => {
      const response = await fetch(`http://127.0.0.1:${node.port}/readyz`);
      return { status: response.status, body: (await response.json()) as { reason?: string } };
    };
    expect((await ready(a)).status).toBe(200);
    await server.stopServer();
    try {
      await eventually('node A is not ready', async () => (await ready(a)).status === 503, 60_000);
      expect((await ready(a)).body.reason).toMatch(/PostgreSQL|LISTEN/);
    } finally {
      await server.startServer();
    }
    await eventually('node A is ready again', async () => (await ready(a)).status === 200, 60_000);
    await eventually('node B is ready again', async () => (await ready(b)).status === 200, 60_000);
    // And it serves again: a write on B reaches a client on A.
    const writer = await connect(b, TEAM.admin);
    const reader = await connect(a, TEAM.emeaUser);
    importOrders(writer.doc, orderIn('104200010'));
    await eventually('the client on node A has the order', () => heldNumbers(reader.doc).includes('104200010'));
  });
});

/** The token's id (`jti`), which `token revoke` takes. */
const jtiOf = (token: string): string =>
  (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { jti: string }).jti;

/** (client, clock) pairs `doc` holds that `stored` does not: what a client saw that is not durable. */
function missingFrom(stored: Y.Doc, doc: Y.Doc): string[] {
  const durable = Y.decodeStateVector(Y.encodeStateVector(stored));
  return [...Y.decodeStateVector(Y.encodeStateVector(doc))]
    .filter(([client, clock]) => (durable.get(client) ?? 0) < clock)
    .map(([client, clock]) => `${client}:${clock}`);
}
