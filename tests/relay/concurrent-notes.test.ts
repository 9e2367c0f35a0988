// Two members type an order's first notes while both offline: through the relay, with write
// validation on, neither is refused (no 4422) and every replica ends with both members' words —
// stored, broadcast, and read back after a restart.
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { virtualAccountDocName } from '@holdfast/core/protocol';
import { editOrderNotes, readOrderFromDoc } from '@holdfast/core/sync';
import { startRelay, type RelayProcess } from './support/relay-process.ts';
import { heldNumbers, importOrders, orderIn } from './support/orders.ts';
import { TEAM, seedTeam } from './support/team.ts';
import { connectClient, eventually, type TestClient } from './support/test-client.ts';
import { LOCAL_EDIT } from '@holdfast/core/sync';

const emeaDoc = virtualAccountDocName(TEAM.holding, TEAM.emea);
const ORDER = '104400001';
const ADMIN_WORDS = 'admin: customer asked for the Smart Account link';
const USER_WORDS = 'user: PO number corrected';

let relay: RelayProcess | undefined;
const clients: TestClient[] = [];
afterAll(() => {
  for (const client of clients) client.close();
  relay?.dispose();
});

const notesOf = (doc: Y.Doc): string => {
  const read = readOrderFromDoc(doc, ORDER);
  return read?.ok ? read.notes : '';
};
const hasBoth = (doc: Y.Doc): boolean => notesOf(doc).includes(ADMIN_WORDS) && notesOf(doc).includes(USER_WORDS);

/** Connects and waits until the relay answered everything sent, or closed the socket instead. */
async function connectAndSend(doc: Y.Doc, memberId: string): Promise<TestClient> {
  const client = connectClient(relay!.url, emeaDoc, await relay!.token(memberId), doc);
  clients.push(client);
  await Promise.race([client.synced.then(() => client.roundTrip()), client.closed]);
  return client;
}

describe("two members typing an order's first notes at the same time", () => {
  it('both stay connected, and every replica and the stored document hold both members’ words', async () => {
    relay = await startRelay();
    seedTeam(relay.directory);
    const importer = connectClient(relay.url, emeaDoc, await relay.token(TEAM.admin));
    clients.push(importer);
    await importer.synced;
    importOrders(importer.doc, orderIn(ORDER));
    await importer.roundTrip();

    // Both start from the imported order and type its first notes offline.
    const base = Y.encodeStateAsUpdate(importer.doc);
    const adminDoc = new Y.Doc();
    const userDoc = new Y.Doc();
    Y.applyUpdate(adminDoc, base);
    Y.applyUpdate(userDoc, base);
    // The user's client id is the higher, and the user's arrives second: where each replica created
    // the order's text, the user's would have replaced the administrator's, and been refused (4422).
    adminDoc.clientID = 1_000;
    userDoc.clientID = 2_000;
    editOrderNotes(adminDoc, ORDER, { index: 0, deleteCount: 0, insert: ADMIN_WORDS }, LOCAL_EDIT);
    editOrderNotes(userDoc, ORDER, { index: 0, deleteCount: 0, insert: USER_WORDS }, LOCAL_EDIT);

    const admin = await connectAndSend(adminDoc, TEAM.admin);
    const user = await connectAndSend(userDoc, TEAM.emeaUser);
    expect(admin.permissionDenied).toEqual([]);
    expect(user.permissionDenied).toEqual([]);

    for (const [name, client] of [
      ['the importer', importer],
      ['the administrator', admin],
      ['the user', user],
    ] as const) {
      await eventually(`${name} holds both members' words`, () => hasBoth(client.doc));
      expect(notesOf(client.doc)).toBe(notesOf(importer.doc));
    }
    expect(admin.socket.readyState).toBe(admin.socket.OPEN);
    expect(user.socket.readyState).toBe(user.socket.OPEN);

    // What the relay stored is what it holds: a restarted relay serves the same notes.
    const merged = notesOf(importer.doc);
    for (const client of clients.splice(0)) client.close();
    await relay.stop();
    relay = await relay.restart();
    const fresh = connectClient(relay.url, emeaDoc, await relay.token(TEAM.emeaUser));
    clients.push(fresh);
    await fresh.synced;
    expect(heldNumbers(fresh.doc)).toEqual([ORDER]);
    expect(notesOf(fresh.doc)).toBe(merged);
  }, 90_000);
});
