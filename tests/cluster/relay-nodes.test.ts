// Several real relay processes on one PostgreSQL (`--store postgres://…`) serve the same documents.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { virtualAccountDocName } from '@holdfast/core';
import type { RelayProcess } from '../relay/support/relay-process.ts';
import { heldNumbers, importOrders, orderIn } from '../relay/support/orders.ts';
import { TEAM } from '../relay/support/team.ts';
import { connectClient, eventually, type TestClient } from '../relay/support/test-client.ts';
import { startPostgres, type TestPostgres } from './support/postgres.ts';
import { openSharedDatabase, seedTeamInPostgres, startRelayNode, type SharedDatabase } from './support/relay-nodes.ts';

const emeaDoc = virtualAccountDocName(TEAM.holding, TEAM.emea);

let server: TestPostgres;
let url: string;
let db: SharedDatabase;
const nodes: RelayProcess[] = [];
const clients: TestClient[] = [];

beforeAll(async () => {
  server = await startPostgres();
  url = await server.createDatabase();
  db = await openSharedDatabase(url);
  await seedTeamInPostgres(db.directory);
  nodes.push(...(await Promise.all(['a', 'b'].map((name) => startRelayNode(url, name)))));
});
afterAll(async () => {
  for (const client of clients) client.close();
  for (const node of nodes) node.dispose();
  await db?.close();
  await server?.stop();
});

async function connect(node: RelayProcess, memberId: string, docName = emeaDoc): Promise<TestClient> {
  const client = connectClient(node.url, docName, await node.token(memberId));
  clients.push(client);
  await client.synced;
  return client;
}

describe('relay nodes on one PostgreSQL', () => {
  it('an update written on node A reaches a client on node B, and is in PostgreSQL', async () => {
    const [a, b] = nodes as [RelayProcess, RelayProcess];
    const writer = await connect(a, TEAM.admin);
    const reader = await connect(b, TEAM.emeaUser);
    importOrders(writer.doc, orderIn('104200001'));
    await eventually('the client on node B has the order', () => heldNumbers(reader.doc).includes('104200001'));
    expect(heldNumbers(await db.stored(emeaDoc))).toContain('104200001');
  });
});
