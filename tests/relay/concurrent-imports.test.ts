// Two members import the same new order while both offline: through the relay, with write
// validation on, the second import merges with the first and every event of both is kept — stored,
// broadcast, and read back after a restart.
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Order } from '@holdfast/core';
import { virtualAccountDocName } from '@holdfast/core/protocol';
import { readOrderFromDoc, tickChecklistStep } from '@holdfast/core/sync';
import { startRelay, type RelayProcess } from './support/relay-process.ts';
import { importOrders, orderIn } from './support/orders.ts';
import { T, TEAM, seedTeam } from './support/team.ts';
import { connectClient, eventually, type TestClient } from './support/test-client.ts';
import { LOCAL_EDIT } from '@holdfast/core/sync';

const emeaDoc = virtualAccountDocName(TEAM.holding, TEAM.emea);
const ORDER = '104300001';
const LATER = '2026-01-02T00:00:00.000Z';

let relay: RelayProcess | undefined;
const clients: TestClient[] = [];
afterAll(() => {
  for (const client of clients) client.close();
  relay?.dispose();
});

/** The order as one member's file has it: the portal's placing event, and a review of their own. */
const fileOf = (by: string): Order => {
  const order = orderIn(ORDER);
  return { ...order, history: [...order.history, { id: `${by}:r1`, type: 'reviewed', at: LATER, by }] };
};

const eventIds = (doc: Y.Doc): string[] => {
  const read = readOrderFromDoc(doc, ORDER);
  return read?.ok ? read.order.history.map((e) => e.id) : [];
};
const stepIds = (doc: Y.Doc): string[] => {
  const read = readOrderFromDoc(doc, ORDER);
  return read?.ok ? read.ticks.map((t) => t.stepId) : [];
};

describe('concurrent imports of the same new order', () => {
  it('merge through the relay with every event and tick of both replicas kept', async () => {
    relay = await startRelay();
    seedTeam(relay.directory);
    const every = [`placed:${ORDER}`, `${TEAM.admin}:r1`, `${TEAM.emeaUser}:r1`].sort();

    // Both import while offline (nothing connected yet), each ticking a step of their own.
    const adminDoc = new Y.Doc();
    importOrders(adminDoc, fileOf(TEAM.admin));
    tickChecklistStep(
      adminDoc,
      ORDER,
      { salesOrderNumber: ORDER, stepId: 'a', ticked: true, by: TEAM.admin, at: T },
      LOCAL_EDIT,
    );
    const userDoc = new Y.Doc();
    importOrders(userDoc, fileOf(TEAM.emeaUser));
    tickChecklistStep(
      userDoc,
      ORDER,
      { salesOrderNumber: ORDER, stepId: 'b', ticked: true, by: TEAM.emeaUser, at: T },
      LOCAL_EDIT,
    );

    const admin = connectClient(relay.url, emeaDoc, await relay.token(TEAM.admin), adminDoc);
    clients.push(admin);
    await admin.synced;
    await admin.roundTrip(); // the relay holds the administrator's import
    const user = connectClient(relay.url, emeaDoc, await relay.token(TEAM.emeaUser), userDoc);
    clients.push(user);
    await user.synced;
    await user.roundTrip(); // the relay handled the user's import: merged, or refused and closed

    const observer = connectClient(relay.url, emeaDoc, await relay.token(TEAM.admin));
    clients.push(observer);
    await observer.synced;
    for (const [name, client] of [
      ['the observer', observer],
      ['the administrator', admin],
      ['the user', user],
    ] as const) {
      await eventually(`${name} holds every event of both imports`, () => eventIds(client.doc).length === 3);
      expect([...eventIds(client.doc)].sort()).toEqual(every);
      expect(stepIds(client.doc)).toEqual(['a', 'b']);
    }
    expect(user.permissionDenied).toEqual([]);
    expect(admin.permissionDenied).toEqual([]);

    // What the relay stored is what it holds: a restarted relay serves the same.
    for (const client of clients.splice(0)) client.close();
    await relay.stop();
    relay = await relay.restart();
    const fresh = connectClient(relay.url, emeaDoc, await relay.token(TEAM.admin));
    clients.push(fresh);
    await fresh.synced;
    expect([...eventIds(fresh.doc)].sort()).toEqual(every);
    expect(stepIds(fresh.doc)).toEqual(['a', 'b']);
  }, 90_000);
});
