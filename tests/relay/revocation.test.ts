// Revocation leaves nothing of the lost document behind: through the real relay, a member whose
// grant is revoked loses every row that document brought (a delivered order included) and its
// stored y-indexeddb copy; rows that exist only on their computer stay.
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { orderSchema, type Order } from '@holdfast/core';
import { virtualAccountDocName } from '@holdfast/core/protocol';
import { HoldfastDb, putOrders } from '@holdfast/core/store';
import { createTeamSync, type TeamSync, type WebSocketConstructorLike } from '@holdfast/core/sync';
import { startRelay, type RelayProcess } from './support/relay-process.ts';
import { importOrders, orderIn } from './support/orders.ts';
import { TEAM, seedTeam } from './support/team.ts';
import { connectClient, eventually } from './support/test-client.ts';

const emeaDoc = virtualAccountDocName(TEAM.holding, TEAM.emea);

/** An EMEA order reassigned to the customer's account and delivered there: it stays in EMEA's document. */
function deliveredIn(salesOrderNumber: string): Order {
  const placed = orderIn(salesOrderNumber);
  return orderSchema.parse({
    ...placed,
    history: [
      ...placed.history,
      {
        id: `started:${salesOrderNumber}`,
        type: 'reassignment-started',
        at: '2026-01-05T00:00:00.000Z',
        by: TEAM.admin,
        target: {
          smartAccountId: TEAM.customerAccount,
          virtualAccountId: `${TEAM.customerAccount}/default`,
          kind: 'customer',
        },
        via: 'portal',
      },
      { id: `delivered:${salesOrderNumber}`, type: 'delivered', at: '2026-01-06T00:00:00.000Z', by: TEAM.admin },
    ],
  });
}

let relay: RelayProcess;
let team: TeamSync | undefined;
let db: HoldfastDb;
beforeAll(() => {
  // y-indexeddb reads the globals; set after Dexie loaded (see docs/sync-design.md, "Note for tests").
  Object.assign(globalThis, { indexedDB, IDBKeyRange });
});
afterAll(async () => {
  await team?.destroy();
  db?.close();
  relay?.dispose();
});

describe('revocation through the relay', () => {
  it('deletes every row the revoked document brought, a delivered order included, and its stored copy', async () => {
    relay = await startRelay();
    seedTeam(relay.directory);
    const admin = connectClient(relay.url, emeaDoc, await relay.token(TEAM.admin));
    await admin.synced;
    importOrders(admin.doc, orderIn('104500001'), deliveredIn('104500002'));
    await admin.roundTrip();
    admin.close();

    db = new HoldfastDb({ name: 'revocation-emea-user', indexedDB, IDBKeyRange });
    await putOrders(db, [orderIn('104500009', TEAM.apac)]); // exists only here
    const errors: unknown[] = [];
    team = createTeamSync({
      url: relay.url,
      token: await relay.token(TEAM.emeaUser),
      memberId: TEAM.emeaUser,
      db,
      persist: true,
      WebSocket: WebSocket as unknown as WebSocketConstructorLike,
      random: Math.random,
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
      onChange: () => undefined,
      onError: (error) => errors.push(error),
    });
    await eventually('both EMEA orders are projected', async () => (await db.orders.count()) === 3);
    const delivered = (await db.orders.get('104500002'))!;
    expect([delivered.status, delivered.sourceDoc]).toEqual(['delivered', emeaDoc]);
    await eventually('the EMEA document is stored', async () =>
      (await indexedDB.databases()).some((d) => d.name === emeaDoc),
    );

    relay.directory.revoke(`${TEAM.emeaUser}|virtual-account-user|${TEAM.emea}`);
    await eventually('the EMEA document is revoked', () => team!.state().revoked.includes(emeaDoc));
    await team.idle();
    await eventually('the stored copy is deleted', async () =>
      (await indexedDB.databases()).every((d) => d.name !== emeaDoc),
    );
    expect((await db.orders.toArray()).map((row) => row.salesOrderNumber)).toEqual(['104500009']);
    expect(errors).toEqual([]);
  }, 90_000);
});
