// Yjs client-id bindings across relay nodes on one PostgreSQL: a client id belongs, in a document,
// to the member who first stored an update with it — on whichever node — so another member cannot
// write under it on another node and silence the owner's later (offline) edits, and a node that
// restarts still knows it (the binding is stored with the update, in PostgreSQL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, virtualAccountDocName } from '@holdfast/core/protocol';
import { appendOrderEventToDoc, readOrderFromDoc } from '@holdfast/core/sync';
import type { RelayProcess } from '../relay/support/relay-process.ts';
import { heldNumbers, importOrders, orderIn } from '../relay/support/orders.ts';
import { TEAM } from '../relay/support/team.ts';
import { connectClient, eventually, type TestClient } from '../relay/support/test-client.ts';
import { startPostgres, type TestPostgres } from './support/postgres.ts';
import { openSharedDatabase, seedInPostgres, startRelayNode, type SharedDatabase } from './support/relay-nodes.ts';
import { LOCAL_EDIT } from '@holdfast/core/sync';

const emeaDoc = virtualAccountDocName(TEAM.holding, TEAM.emea);
const ORDER = '104300001';
const LATER = '2026-01-02T00:00:00.000Z';

let server: TestPostgres;
let db: SharedDatabase;
const nodes: RelayProcess[] = [];
const clients: TestClient[] = [];

beforeAll(async () => {
  server = await startPostgres();
  const url = await server.createDatabase();
  db = await openSharedDatabase(url);
  await seedInPostgres(db.directory);
  nodes.push(...(await Promise.all(['a', 'b'].map((name) => startRelayNode(url, name)))));
});
afterAll(async () => {
  for (const client of clients) client.close();
  for (const node of nodes) node.dispose();
  await db?.close();
  await server?.stop();
});

async function connect(node: RelayProcess, memberId: string, doc?: Y.Doc): Promise<TestClient> {
  const client = connectClient(node.url, emeaDoc, await node.token(memberId), doc);
  clients.push(client);
  await client.synced;
  return client;
}

const eventIds = (doc: Y.Doc): string[] => {
  const read = readOrderFromDoc(doc, ORDER);
  return read?.ok ? read.order.history.map((event) => event.id) : [];
};

/**
 * The EMEA user writes a review of the order from a replica that uses `clientId`. Returns the code
 * the relay closed it with, or 'accepted' when the review reached `watcher` first.
 */
async function reviewUnder(node: RelayProcess, clientId: number, id: string, watcher: Y.Doc) {
  const doc = new Y.Doc();
  const forger = await connect(node, TEAM.emeaUser, doc);
  await eventually('the EMEA user has the order', () => heldNumbers(doc).includes(ORDER));
  let closedWith: number | null = null;
  void forger.closed.then((closed) => (closedWith = closed.code));
  doc.clientID = clientId;
  appendOrderEventToDoc(doc, ORDER, { id, type: 'reviewed', at: LATER, by: TEAM.emeaUser }, LOCAL_EDIT);
  await eventually('the review is refused or arrives', () => closedWith !== null || eventIds(watcher).includes(id));
  return closedWith ?? 'accepted';
}

/** The administrator, whose client id the EMEA user tries to write under. */
let owner: TestClient;

describe('Yjs client-id bindings on a cluster', () => {
  it("a member cannot write on node B under a client id another member used first on node A, and the owner's later edits reach everyone", async () => {
    const [a, b] = nodes as [RelayProcess, RelayProcess];
    // Node B has the document loaded before the owner writes: the binding reaches it through the fan-out.
    const observerB = await connect(b, TEAM.admin);
    owner = await connect(a, TEAM.admin);
    const observerA = await connect(a, TEAM.admin);
    importOrders(owner.doc, orderIn(ORDER));
    await eventually('node B has the order', () => heldNumbers(observerB.doc).includes(ORDER));

    const closed = await reviewUnder(b, owner.doc.clientID, 'emea:under-the-admins-id', observerB.doc);
    expect(closed).toBe(CloseCode.refusedUpdate);

    // The owner goes on under its id; what it writes next reaches both nodes and PostgreSQL.
    appendOrderEventToDoc(
      owner.doc,
      ORDER,
      { id: 'admin:after', type: 'reviewed', at: LATER, by: TEAM.admin },
      LOCAL_EDIT,
    );
    for (const observer of [observerA, observerB])
      await eventually('the owner’s edit arrives', () => eventIds(observer.doc).includes('admin:after'));
    const stored = await db.stored(emeaDoc);
    expect(eventIds(stored)).toContain('admin:after');
    expect(eventIds(stored)).not.toContain('emea:under-the-admins-id');
    for (const observer of [observerA, observerB])
      expect(eventIds(observer.doc)).not.toContain('emea:under-the-admins-id');
    expect(await db.query(`SELECT member FROM document_clients WHERE client = ${owner.doc.clientID}`)).toEqual([
      { member: TEAM.admin },
    ]);
  });

  it('a node that restarts still knows whose client id it is', async () => {
    await nodes[1]!.stop();
    const b = await nodes[1]!.restart();
    nodes.push(b);
    const observer = await connect(b, TEAM.admin);
    const closed = await reviewUnder(b, owner.doc.clientID, 'emea:after-the-restart', observer.doc);
    expect(closed).toBe(CloseCode.refusedUpdate);
    // A marker the owner writes on node A after the refusal reaches the client on the restarted node:
    // anything node B had taken from the forger would have been stored and sent before it.
    appendOrderEventToDoc(
      owner.doc,
      ORDER,
      { id: 'admin:marker', type: 'reviewed', at: LATER, by: TEAM.admin },
      LOCAL_EDIT,
    );
    await eventually('the marker arrives', () => eventIds(observer.doc).includes('admin:marker'));
    expect(eventIds(observer.doc)).not.toContain('emea:after-the-restart');
    expect(eventIds(await db.stored(emeaDoc))).not.toContain('emea:after-the-restart');
  });
});
