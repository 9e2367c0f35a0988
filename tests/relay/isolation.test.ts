// "A member of VA-A never receives a byte of VA-B's document", tested where it used to break: a
// Holding Account Administrator's client syncs both Virtual Accounts into one store, and a Virtual
// Account User of EMEA plants entries under the number of an order held only in APAC.
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CloseCode, virtualAccountDocName } from '@holdfast/core/protocol';
import { HoldfastDb } from '@holdfast/core/store';
import {
  appendOrderEventToDoc,
  createTeamSync,
  movedToMapOf,
  orderDocJson,
  partKey,
  ticksMapOf,
  type TeamSync,
  type WebSocketConstructorLike,
} from '@holdfast/core/sync';
import { startRelay, type RelayProcess } from './support/relay-process.ts';
import { heldNumbers, importOrders, orderIn } from './support/orders.ts';
import { T, TEAM, seedTeam } from './support/team.ts';
import { connectClient, eventually, type TestClient } from './support/test-client.ts';
import { LOCAL_EDIT } from '@holdfast/core/sync';

const emeaDoc = virtualAccountDocName(TEAM.holding, TEAM.emea);
const apacDoc = virtualAccountDocName(TEAM.holding, TEAM.apac);
const SECRET = 'APAC only: the customer disputes the invoice';
const ORDER = '104200001';

let relay: RelayProcess;
let admin: TeamSync;
let db: HoldfastDb;
const errors: unknown[] = [];

beforeAll(async () => {
  relay = await startRelay();
  seedTeam(relay.directory);
  // The APAC order and its note, written by the administrator.
  const writer = connectClient(relay.url, apacDoc, await relay.token(TEAM.admin));
  await writer.synced;
  importOrders(writer.doc, orderIn(ORDER, TEAM.apac));
  appendOrderEventToDoc(
    writer.doc,
    ORDER,
    { id: 'admin:secret', type: 'note-added', at: T, by: TEAM.admin, text: SECRET },
    LOCAL_EDIT,
  );
  const check = connectClient(relay.url, apacDoc, await relay.token(TEAM.admin));
  await eventually('the note is stored', () => JSON.stringify(orderDocJson(check.doc)).includes(SECRET));
  check.close();
  writer.close();

  db = new HoldfastDb({ name: 'isolation-admin', indexedDB, IDBKeyRange });
  admin = createTeamSync({
    url: relay.url,
    token: await relay.token(TEAM.admin),
    memberId: TEAM.admin,
    db,
    persist: false,
    WebSocket: WebSocket as unknown as WebSocketConstructorLike,
    random: Math.random,
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
    onChange: () => undefined,
    onError: (error) => errors.push(error),
  });
  await eventually('the administrator has the APAC order', async () => (await db.orders.get(ORDER)) !== undefined);
}, 60_000);
afterAll(async () => {
  await admin?.destroy();
  db?.close();
  relay?.dispose();
});

/** Every frame the relay sends a client, as text, to search for the secret in any encoding of it. */
function recordFrames(client: TestClient): string[] {
  const frames: string[] = [];
  client.socket.on('message', (data: ArrayBuffer) => frames.push(Buffer.from(data).toString('latin1')));
  return frames;
}

describe('isolation between Virtual Accounts, with an administrator syncing both', () => {
  it('an EMEA user never receives a byte of an order held only in APAC, whatever entries they plant', async () => {
    const planter = connectClient(relay.url, emeaDoc, await relay.token(TEAM.emeaUser));
    const frames = recordFrames(planter);
    await planter.synced;
    // An import of an order under the APAC order's number, placed in EMEA: valid, so accepted.
    importOrders(planter.doc, orderIn(ORDER, TEAM.emea), orderIn('104200002', TEAM.emea));
    await eventually(
      'the planted entries reach the administrator',
      async () => (await db.orders.get('104200002')) !== undefined,
    );

    // A forwarding address pointing into APAC: refused by the relay (the history does not prove it).
    const mover = connectClient(relay.url, emeaDoc, await relay.token(TEAM.emeaUser));
    const moverFrames = recordFrames(mover);
    await mover.synced;
    await eventually('the mover has the entry', () => heldNumbers(mover.doc).includes(ORDER));
    movedToMapOf(mover.doc).set(ORDER, TEAM.apac);
    expect((await mover.closed).code).toBe(CloseCode.refusedUpdate);

    // Marker: once the administrator's client has processed everything, a tick of theirs in EMEA.
    await admin.idle();
    expect(
      await admin.tick({ salesOrderNumber: '104200002', stepId: 'marker', ticked: true, by: TEAM.admin, at: T }),
    ).toBe(true);
    await eventually('the marker reaches the EMEA user', () => {
      return ticksMapOf(planter.doc).has(partKey('104200002', 'marker'));
    });

    for (const received of [...frames, ...moverFrames]) {
      expect(received).not.toContain(SECRET);
      expect(received).not.toContain('admin:secret');
    }
    expect(JSON.stringify(orderDocJson(planter.doc))).not.toContain(SECRET);
    // The administrator's store keeps the APAC row as APAC's: nothing was merged across documents.
    const row = (await db.orders.get(ORDER))!;
    expect(row.sourceDoc).toBe(apacDoc);
    expect(row.order.history.map((e) => e.id).sort()).toEqual(['admin:secret', `placed:${ORDER}`]);
    expect(errors).toEqual([]);
    planter.close();
  });
});
