import { orderState } from '@holdfast/core';
import { generateSample } from '@holdfast/core/sample';
import type { HoldfastStore } from '@holdfast/core/store';
import {
  directoryDocName,
  memberDocName,
  readVirtualAccountDoc,
  virtualAccountDocName,
  writeAccountDirectory,
  writeMemberAccounts,
  writeOrder,
} from '@holdfast/core/sync';
import { createManualClock, createMemoryRelay, type MemoryRelay } from '@holdfast/core/sync/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestStore, type TestStore } from '../testing/browser-store.ts';
import { preferencesSchema, type Preferences } from '../data/preferences.ts';
import { createTeamSyncHost, type TeamSyncHost } from './team-sync-host.ts';
import { LOCAL_EDIT } from '@holdfast/core/sync';

const sample = generateSample({ orders: 60 });
const TOMAS = 'keystone-integrators:tomas';
const HOLDING = 'sa-keystone-integrators-holding';
const ENTERPRISE = `${HOLDING}/enterprise`;
const enterpriseOrders = sample.orders.filter((o) => orderState(o).holder?.virtualAccountId === ENTERPRISE);
const RELAY_URL = 'wss://relay.bluewave.example';
/** A token as the relay mints them; the memory relay only compares the whole string. */
const TOKEN = `header.${btoa(JSON.stringify({ sub: TOMAS })).replace(/=+$/, '')}.signature`;

function startRelay({ withOrders = true } = {}): MemoryRelay {
  const relay = createMemoryRelay({ authorize: (docName) => (docName.startsWith('holdfast:va:') ? 'write' : 'read') });
  const directory = {
    smartAccount: sample.smartAccounts.find((sa) => sa.id === HOLDING)!,
    virtualAccounts: sample.virtualAccounts.filter((va) => va.smartAccountId === HOLDING),
    organizations: sample.organizations,
    members: sample.members,
    roleGrants: sample.roleGrants.filter((g) => g.smartAccountId === HOLDING),
  };
  writeMemberAccounts(
    relay.serverDoc(memberDocName(TOMAS)),
    { member: sample.members.find((m) => m.id === TOMAS)!, smartAccounts: [directory.smartAccount] },
    LOCAL_EDIT,
  );
  writeAccountDirectory(relay.serverDoc(directoryDocName(HOLDING)), directory, LOCAL_EDIT);
  for (const order of withOrders ? enterpriseOrders : [])
    writeOrder(relay.serverDoc(virtualAccountDocName(HOLDING, ENTERPRISE)), order, LOCAL_EDIT);
  return relay;
}

const preferences = (change: Partial<Preferences>): Preferences =>
  preferencesSchema.parse({ memberId: TOMAS, relayUrl: RELAY_URL, relayToken: TOKEN, ...change });

let relay: MemoryRelay;
let testStore: TestStore | undefined;
let store: HoldfastStore;
let host: TeamSyncHost;
let errors: unknown[] = [];
afterEach(async () => {
  await host?.stop();
  expect(errors).toEqual([]);
  errors = [];
  await testStore?.remove();
  relay?.destroy();
});

function createHost(granted: string[], relayOptions?: { withOrders?: boolean }): TeamSyncHost {
  relay = startRelay(relayOptions);
  testStore = createTestStore('host-test');
  store = testStore.store;
  const clock = createManualClock();
  return (host = createTeamSyncHost({
    store,
    hasPermission: async (origin) => granted.includes(origin),
    environment: {
      WebSocket: relay.WebSocket,
      setTimeout: clock.setTimeout,
      clearTimeout: clock.clearTimeout,
      random: () => 0.5,
    },
    persist: false,
    onChange: () => undefined,
    onError: (error) => errors.push(error),
  }));
}

/** Delivers relay frames until `check` passes. */
const until = (check: () => Promise<void> | void) =>
  vi.waitFor(async () => {
    relay.flush();
    await check();
  });

describe('the team sync in the background worker', () => {
  it('stays off while the preferences leave sync off', async () => {
    const host = createHost(['wss://relay.bluewave.example/*']);
    await host.apply(preferences({ syncEnabled: false }));
    expect(host.summary().status).toBe('off');
    // A socket opened by apply would have its open delivered here and send its sync step 1.
    relay.flush();
    expect(relay.openConnectionsBy(TOKEN)).toBe(0);
    expect(relay.sentBy(TOKEN)).toEqual([]);
  });

  it('does not connect before the relay origin is granted', async () => {
    const host = createHost([]);
    await host.apply(preferences({ syncEnabled: true }));
    expect(host.summary().status).toBe('needs-permission');
    // A socket opened by apply would have its open delivered here and send its sync step 1.
    relay.flush();
    expect(relay.openConnectionsBy(TOKEN)).toBe(0);
    expect(relay.sentBy(TOKEN)).toEqual([]);
  });

  it("syncs the token's member into the store, and a tick goes into the order's document and reaches the store from it", async () => {
    const host = createHost(['wss://relay.bluewave.example/*']);
    await host.apply(preferences({ syncEnabled: true }));
    await until(async () => expect(await store.db.orders.count()).toBe(enterpriseOrders.length));
    await until(() => expect(host.summary()).toMatchObject({ status: 'synced', memberName: 'Tomas Keystone' }));

    const tick = {
      salesOrderNumber: enterpriseOrders[0]!.salesOrderNumber,
      stepId: 'confirm-customer',
      ticked: true,
      by: TOMAS,
      at: '2026-11-23T10:00:00.000Z',
    };
    expect(await host.sharedWrites()!.tick(await store.checkChecklistTick(TOMAS, tick))).toBe(true);
    await until(() =>
      expect(readVirtualAccountDoc(relay.serverDoc(virtualAccountDocName(HOLDING, ENTERPRISE))).ticks).toEqual([tick]),
    );
    await until(async () => expect(await store.db.checklistTicks.toArray()).toEqual([tick]));
  });

  it('imports into the documents with sync on: the projection writes the shared rows, the rest stays local', async () => {
    const host = createHost(['wss://relay.bluewave.example/*'], { withOrders: false });
    expect(await host.importFile('{}', 'none.json', new Date())).toEqual({ handled: false });
    await host.apply(preferences({ syncEnabled: true }));
    await until(() => expect(host.summary()).toMatchObject({ status: 'synced', memberName: 'Tomas Keystone' }));
    await until(async () => expect(await store.db.virtualAccounts.count()).toBeGreaterThan(0));

    const answer = await host.importFile(JSON.stringify(sample), 'sample.json', new Date());
    expect(answer).toMatchObject({
      handled: true,
      outcome: {
        ok: true,
        sync: { shared: enterpriseOrders.length, keptLocal: sample.orders.length - enterpriseOrders.length },
      },
    });
    await until(() =>
      expect(readVirtualAccountDoc(relay.serverDoc(virtualAccountDocName(HOLDING, ENTERPRISE))).orders).toHaveLength(
        enterpriseOrders.length,
      ),
    );
    const rows = await store.db.orders.toArray();
    expect(rows).toHaveLength(sample.orders.length);
    const bound = rows.filter((row) => row.sourceDoc !== undefined);
    expect(bound.map((row) => row.salesOrderNumber).sort()).toEqual(
      enterpriseOrders.map((order) => order.salesOrderNumber).sort(),
    );
  });

  it('imports an order tracked from the portal into its document with sync on: the projection writes its row', async () => {
    const host = createHost(['wss://relay.bluewave.example/*'], { withOrders: false });
    const tracked = { ...enterpriseOrders[0]!, salesOrderNumber: '104999999' };
    const snapshot = {
      ...sample,
      organizations: [],
      smartAccounts: [],
      virtualAccounts: [],
      members: [],
      roleGrants: [],
      orders: [tracked],
      checklistTicks: [],
    };
    const options = { now: new Date(), source: 'order 104999999 from the portal page' };
    expect(await host.importOrders(snapshot, options)).toEqual({ handled: false });
    await host.apply(preferences({ syncEnabled: true }));
    await until(() => expect(host.summary()).toMatchObject({ status: 'synced', memberName: 'Tomas Keystone' }));
    await until(async () => expect(await store.db.virtualAccounts.count()).toBeGreaterThan(0));

    expect(await host.importOrders(snapshot, options)).toMatchObject({ handled: true, report: { added: 1 } });
    await until(() =>
      expect(
        readVirtualAccountDoc(relay.serverDoc(virtualAccountDocName(HOLDING, ENTERPRISE))).orders.map(
          (order) => order.salesOrderNumber,
        ),
      ).toEqual(['104999999']),
    );
    // The row came from the document (the store never wrote it on its own).
    expect((await store.db.orders.get('104999999'))?.sourceDoc).toBe(virtualAccountDocName(HOLDING, ENTERPRISE));
  });

  it('stops sending when sync is turned off', async () => {
    const host = createHost(['wss://relay.bluewave.example/*']);
    await host.apply(preferences({ syncEnabled: true }));
    await until(async () => expect(await store.db.orders.count()).toBe(enterpriseOrders.length));
    await host.apply(preferences({ syncEnabled: false }));
    expect(host.summary().status).toBe('off');
    relay.flush();
    expect(relay.openConnectionsBy(TOKEN)).toBe(0);
    const sent = relay.sentBy(TOKEN).length;
    const tick = {
      salesOrderNumber: enterpriseOrders[0]!.salesOrderNumber,
      stepId: 'confirm-customer',
      ticked: true,
      by: TOMAS,
      at: '2026-11-23T10:00:00.000Z',
    };
    expect(host.sharedWrites()).toBeNull();
    await store.tickChecklistStep(TOMAS, tick);
    relay.flush();
    expect(relay.sentBy(TOKEN)).toHaveLength(sent);
  });
});
