// Turning sync on after an import shares what the member may write and deletes nothing local.
import { readFileSync } from 'node:fs';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createStore, type HoldfastStore } from '@holdfast/core/store';
import { createTeamSync, type TeamSync, type WebSocketConstructorLike } from '@holdfast/core/sync';
import { seedDemoTeam } from '../../sync-server/src/directory/seed-demo-team.ts';
import { eventually } from './support/test-client.ts';
import { startRelay, type RelayProcess } from './support/relay-process.ts';

const SAMPLE = readFileSync(new URL('../../core/sample/holdfast-sample.json', import.meta.url), 'utf8');
const ALEX = 'keystone-integrators:alex'; // Holding Account Administrator
const TOMAS = 'keystone-integrators:tomas'; // Virtual Account User of Enterprise

const started: { team: TeamSync; store: HoldfastStore }[] = [];
let relay: RelayProcess | undefined;
afterAll(async () => {
  for (const { team, store } of started) {
    await team.destroy();
    store.close();
  }
  relay?.dispose();
});

async function member(memberId: string, errors: unknown[]) {
  const store = createStore({ name: `import-then-sync-${memberId}`, indexedDB, IDBKeyRange });
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

    expect(await alex.store.db.orders.count()).toBe(total);
    const onHold = (await alex.store.db.orders.toArray()).filter((r) => r.virtualAccountId.startsWith('~on-hold:'));
    expect(onHold.length).toBeGreaterThan(0);
    expect(alexTeam.state().documents.every((d) => d.status === 'synced' || d.status === 'read-only')).toBe(true);
    expect(errors).toEqual([]);
  }, 90_000);
});
