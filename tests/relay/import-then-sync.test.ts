// Turning sync on after an import shares what the member may write and deletes nothing local.
import { readFileSync } from 'node:fs';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createStore, type HoldfastStore } from '@holdfast/core/store';
import { createTeamSync, importIntoDocuments, type TeamSync, type WebSocketConstructorLike } from '@holdfast/core/sync';
import { seedDemoTeam } from '../../sync-server/src/directory/seed-demo-team.ts';
import { eventually } from './support/test-client.ts';
import { startRelay, type RelayProcess } from './support/relay-process.ts';

const SAMPLE = readFileSync(new URL('../../core/sample/holdfast-sample.json', import.meta.url), 'utf8');
const ALEX = 'keystone-integrators:alex'; // Holding Account Administrator
const TOMAS = 'keystone-integrators:tomas'; // Virtual Account User of Enterprise

const started: { team: TeamSync; store: HoldfastStore }[] = [];
let relay: RelayProcess | undefined;
const retired: RelayProcess[] = [];
afterAll(async () => {
  for (const { team, store } of started) {
    await team.destroy();
    store.close();
  }
  for (const old of retired) old.dispose();
  relay?.dispose();
});

async function member(memberId: string, errors: unknown[], name = `import-then-sync-${memberId}`) {
  const store = createStore({ name, indexedDB, IDBKeyRange });
  const team = (token: string) =>
    createTeamSync({
      url: relay!.url,
      token,
      memberId,
      db: store.db,
      persist: false,
      WebSocket: WebSocket as unknown as WebSocketConstructorLike,
      random: Math.random,
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
      onChange: () => undefined,
      onError: (error) => errors.push(error),
    });
  return { store, start: async () => team(await relay!.token(memberId)) };
}

describe('import, then turn sync on', () => {
  it('keeps every sample order, shares what the member may write, and a member who imported nothing receives their Virtual Account’s', async () => {
    relay = await startRelay();
    await seedDemoTeam(relay.directory);
    const errors: unknown[] = [];
    const alex = await member(ALEX, errors);
    const outcome = await alex.store.importFile(SAMPLE, { fileName: 'sample.json', now: new Date(), actorId: ALEX });
    expect(outcome.ok).toBe(true);
    const total = await alex.store.db.orders.count();
    const alexTeam = await alex.start();
    started.push({ team: alexTeam, store: alex.store });
    await eventually('alex is synced', async () => alexTeam.state().status === 'synced');
    await alexTeam.idle();

    const tomas = await member(TOMAS, errors);
    const tomasTeam = await tomas.start();
    started.push({ team: tomasTeam, store: tomas.store });
    const enterprise = (await alex.store.db.orders.toArray()).filter(
      (row) => row.virtualAccountId === 'sa-keystone-integrators-holding/enterprise',
    ).length;
    expect(enterprise).toBeGreaterThan(0);
    await eventually('tomas has Enterprise’s orders', async () => (await tomas.store.db.orders.count()) === enterprise);

    expect(total).toBe(240);
    expect(await alex.store.db.orders.count()).toBe(total);
    const onHold = (await alex.store.db.orders.toArray()).filter((r) => r.virtualAccountId.startsWith('~on-hold:'));
    expect(onHold.length).toBeGreaterThan(0);
    // Keystone's orders on hold are shared: the on-hold document's projection holds their rows now.
    const keystoneOnHold = onHold.filter((r) => r.virtualAccountId === '~on-hold:keystone-integrators');
    expect(keystoneOnHold.length).toBeGreaterThan(0);
    expect(keystoneOnHold.every((r) => r.sourceDoc === 'holdfast:on-hold:keystone-integrators')).toBe(true);
    expect(alexTeam.state().documents.every((d) => d.status === 'synced' || d.status === 'read-only')).toBe(true);
    expect(errors).toEqual([]);
  }, 90_000);

  it('with sync on, an import writes the documents (their projections write the rows) and keeps the rest local', async () => {
    // A relay of its own: the first test's documents already hold the sample.
    if (relay) retired.push(relay);
    relay = await startRelay();
    await seedDemoTeam(relay.directory);
    const errors: unknown[] = [];
    const alex = await member(ALEX, errors, 'sync-then-import-alex');
    const alexTeam = await alex.start();
    started.push({ team: alexTeam, store: alex.store });
    await eventually('alex is synced', async () => alexTeam.state().status === 'synced');
    await eventually('alex’s order documents are open', () =>
      alexTeam.openPlaces().includes('sa-keystone-integrators-holding/enterprise'),
    );
    await alexTeam.idle();
    // Rows are only ever written by a projection for documents: record any other write of a synced place.
    const documents = new Set(alexTeam.openPlaces());
    const unbound: string[] = [];
    const watch = (row: { salesOrderNumber: string; virtualAccountId: string; sourceDoc?: string }) => {
      if (documents.has(row.virtualAccountId) && row.sourceDoc === undefined) unbound.push(row.salesOrderNumber);
    };
    alex.store.db.orders.hook('creating', (_key, row) => watch(row));

    const outcome = await importIntoDocuments(alex.store, alexTeam, SAMPLE, {
      fileName: 'sample.json',
      now: new Date(),
      actorId: ALEX,
    });
    expect(outcome.ok).toBe(true);
    const rows = await alex.store.db.orders.toArray();
    expect(rows.length).toBe(240);
    const shared = rows.filter((row) => row.sourceDoc !== undefined);
    expect(shared.length).toBeGreaterThan(0);
    expect(
      shared.filter((row) => !documents.has(row.virtualAccountId)).map((r) => [r.virtualAccountId, r.sourceDoc]),
    ).toEqual([]);
    expect(
      rows.filter((row) => row.virtualAccountId === '~on-hold:keystone-integrators').every((r) => r.sourceDoc),
    ).toBe(true);
    expect(unbound).toEqual([]);
    expect(outcome.ok && outcome.sync).toEqual({
      shared: shared.length,
      keptLocal: rows.length - shared.length,
      notImported: [],
    });

    // Tomas, a Virtual Account User of Enterprise, receives Enterprise's orders from the documents.
    const tomas = await member(TOMAS, errors, 'sync-then-import-tomas');
    const tomasTeam = await tomas.start();
    started.push({ team: tomasTeam, store: tomas.store });
    const enterprise = rows.filter((row) => row.virtualAccountId === 'sa-keystone-integrators-holding/enterprise');
    expect(enterprise.length).toBeGreaterThan(0);
    await eventually(
      'tomas has Enterprise’s orders',
      async () => (await tomas.store.db.orders.count()) === enterprise.length,
    );
    expect(alexTeam.state().documents.every((d) => d.status === 'synced' || d.status === 'read-only')).toBe(true);
    expect(errors).toEqual([]);
  }, 90_000);
});
