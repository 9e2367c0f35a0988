// The relay checks what a client writes before it stores or broadcasts it: a forged update is refused
// whole, the sender told why (4422), and no other client nor the store ever sees it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, virtualAccountDocName } from '@holdfast/core/protocol';
import {
  appendOrderEventToDoc,
  eventsMapOf,
  ordersMapOf,
  partKey,
  readOrderFromDoc,
  tickChecklistStep,
  ticksMapOf,
} from '@holdfast/core/sync';
import { startRelay, type RelayProcess } from './support/relay-process.ts';
import { heldNumbers, importOrders, orderIn } from './support/orders.ts';
import { T, TEAM, seedTeam } from './support/team.ts';
import { connectClient, eventually, type TestClient } from './support/test-client.ts';
import { LOCAL_EDIT } from '@holdfast/core/sync';

const emeaDoc = virtualAccountDocName(TEAM.holding, TEAM.emea);
const LATER = '2026-01-02T00:00:00.000Z';

let relay: RelayProcess;
let admin: TestClient;
let observer: TestClient;
let markers = 0;

beforeAll(async () => {
  relay = await startRelay();
  seedTeam(relay.directory);
  admin = connectClient(relay.url, emeaDoc, await relay.token(TEAM.admin));
  observer = connectClient(relay.url, emeaDoc, await relay.token(TEAM.admin));
  await Promise.all([admin.synced, observer.synced]);
  importOrders(admin.doc, orderIn('104100001'));
  appendOrderEventToDoc(
    admin.doc,
    '104100001',
    { id: 'admin:r1', type: 'reviewed', at: T, by: TEAM.admin },
    LOCAL_EDIT,
  );
  await eventually('the observer has the order', () => heldNumbers(observer.doc).includes('104100001'));
});
afterAll(() => {
  admin?.close();
  observer?.close();
  relay?.dispose();
});

/** A connected EMEA user (a Virtual Account User of EMEA, who may manage EMEA's orders). */
async function emeaUser(doc?: Y.Doc): Promise<TestClient> {
  const client = connectClient(relay.url, emeaDoc, await relay.token(TEAM.emeaUser), doc);
  await client.synced;
  await eventually('the user has the order', () => heldNumbers(client.doc).includes('104100001'));
  return client;
}

/**
 * Waits for the forger to be closed, then for a marker the administrator writes after it to reach
 * the observer: anything the relay had broadcast from the forger would have arrived before it.
 */
async function expectRefused(forger: TestClient, reason: RegExp): Promise<void> {
  const closed = await forger.closed;
  expect(closed.code).toBe(CloseCode.refusedUpdate);
  // The close reason is the relay's own words; the sender alone is told which entry, before the close.
  expect(closed.reason).toBe('update refused: not allowed for this member');
  expect(forger.permissionDenied.join('\n')).toMatch(reason);
  const marker = `marker:${++markers}`;
  appendOrderEventToDoc(
    admin.doc,
    '104100001',
    { id: marker, type: 'reviewed', at: LATER, by: TEAM.admin },
    LOCAL_EDIT,
  );
  await eventually('the marker reaches the observer', () => eventIds(observer.doc).includes(marker));
}

const eventIds = (doc: Y.Doc): string[] => {
  const read = readOrderFromDoc(doc, '104100001');
  return read?.ok ? read.order.history.map((e) => e.id) : [];
};

/** What a member who connects now gets from the relay's store and memory. */
async function freshCopy(): Promise<Y.Doc> {
  const reader = connectClient(relay.url, emeaDoc, await relay.token(TEAM.admin));
  await reader.synced;
  reader.close();
  return reader.doc;
}

describe('the relay refuses forged writes whole, and tells the sender why', () => {
  it('an event recorded in another member’s name never reaches another client', async () => {
    const forger = await emeaUser();
    appendOrderEventToDoc(
      forger.doc,
      '104100001',
      { id: 'forged:delivered-note', type: 'note-added', at: LATER, by: TEAM.admin, text: 'the admin says so' },
      LOCAL_EDIT,
    );
    await expectRefused(forger, /recorded by partner:admin; yours must say by partner:emea-user/);
    expect(eventIds(observer.doc)).not.toContain('forged:delivered-note');
    expect(eventIds(await freshCopy())).not.toContain('forged:delivered-note');
  });

  it('an event type the writer’s role does not allow is refused', async () => {
    const forger = await emeaUser();
    eventsMapOf(forger.doc).set(partKey('104100001', 'forged:agreement'), {
      id: 'forged:agreement',
      type: 'agreement-accepted',
      at: LATER,
      by: TEAM.emeaUser,
      smartAccountId: 'sa-cust',
    });
    await expectRefused(forger, /do not allow recording "agreement-accepted"/);
    expect(eventIds(observer.doc)).not.toContain('forged:agreement');
  });

  it('facts rewritten outside an import are refused', async () => {
    const forger = await emeaUser();
    const orders = ordersMapOf(forger.doc);
    orders.set('104100001', {
      ...(orders.get('104100001') as object),
      createdAt: '2025-06-01T00:00:00.000Z',
      poNumber: 'PO-X',
    });
    await expectRefused(forger, /keeps the order's identity/);
    const facts = ordersMapOf(observer.doc).get('104100001') as { poNumber: string };
    expect(facts.poNumber).toBe('PO-104100001');
  });

  it('deleting another member’s entries is refused', async () => {
    const forger = await emeaUser();
    forger.doc.transact(() => {
      for (const key of [...eventsMapOf(forger.doc).keys()]) eventsMapOf(forger.doc).delete(key);
    });
    await expectRefused(forger, /deletes events\/104100001\/placed:104100001 written by another member/);
    expect(eventIds(observer.doc)).toEqual(expect.arrayContaining(['placed:104100001', 'admin:r1']));
    expect(eventIds(await freshCopy())).toEqual(expect.arrayContaining(['placed:104100001', 'admin:r1']));
  });

  it('writing under a Yjs client id another member wrote with first is refused', async () => {
    const doc = new Y.Doc();
    const forger = await emeaUser(doc);
    // Taken after loading: Yjs would pick a new id on seeing its own in the relay's state.
    doc.clientID = admin.doc.clientID;
    tickChecklistStep(
      doc,
      '104100001',
      { salesOrderNumber: '104100001', stepId: 'confirm-customer', ticked: true, by: TEAM.emeaUser, at: LATER },
      LOCAL_EDIT,
    );
    await expectRefused(forger, new RegExp(`client id ${admin.doc.clientID} belongs to another member`));
    expect(ticksMapOf(observer.doc).size).toBe(0);
  });

  it('a member’s own event, in their name and allowed by their role, goes through', async () => {
    const user = await emeaUser();
    appendOrderEventToDoc(
      user.doc,
      '104100001',
      { id: 'emea:r1', type: 'reviewed', at: LATER, by: TEAM.emeaUser },
      LOCAL_EDIT,
    );
    await eventually('the observer sees the review', () => eventIds(observer.doc).includes('emea:r1'));
    expect(user.socket.readyState).toBe(user.socket.OPEN);
    user.close();
  });
});

describe('client id bindings are durable', () => {
  it('after a restart, an id stays with the member who used it first', async () => {
    const own = await startRelay();
    seedTeam(own.directory);
    try {
      const first = connectClient(own.url, emeaDoc, await own.token(TEAM.admin));
      await first.synced;
      importOrders(first.doc, orderIn('104100002'));
      const witness = connectClient(own.url, emeaDoc, await own.token(TEAM.admin));
      await eventually('stored and broadcast', () => heldNumbers(witness.doc).includes('104100002'));
      witness.close();
      first.close();
      await own.stop();
      const again = await own.restart();
      try {
        const doc = new Y.Doc();
        const forger = connectClient(again.url, emeaDoc, await again.token(TEAM.emeaUser), doc);
        await forger.synced;
        await eventually('the forger has the order', () => heldNumbers(doc).includes('104100002'));
        doc.clientID = first.doc.clientID;
        appendOrderEventToDoc(
          doc,
          '104100002',
          { id: 'emea:r2', type: 'reviewed', at: LATER, by: TEAM.emeaUser },
          LOCAL_EDIT,
        );
        const closed = await forger.closed;
        expect(closed.code).toBe(CloseCode.refusedUpdate);
      } finally {
        await again.stop();
      }
    } finally {
      own.dispose();
    }
  });
});
