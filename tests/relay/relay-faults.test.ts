import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode, virtualAccountDocName } from '@holdfast/core/protocol';
import * as Y from 'yjs';
import { openDatabase } from '../../sync-server/src/persistence/open-database.ts';
import { startRelay, type RelayProcess } from './support/relay-process.ts';
import { TEAM, seedTeam } from './support/team.ts';
import { heldNumbers, importOrders, orderIn } from './support/orders.ts';
import { connectClient, eventually } from './support/test-client.ts';

const emeaDoc = virtualAccountDocName(TEAM.holding, TEAM.emea);

let relay: RelayProcess;
beforeAll(async () => {
  relay = await startRelay({
    args: [
      '--max-message-bytes',
      '65536',
      '--rate-limit-per-second',
      '50',
      '--rate-limit-burst',
      '100',
      '--compact-every-updates',
      '20',
    ],
  });
  seedTeam(relay.directory);
});
afterAll(() => relay?.dispose());

async function expectHealthyWith(orders: string[]) {
  expect((await fetch(`http://127.0.0.1:${relay.port}/healthz`)).status).toBe(200);
  const check = connectClient(relay.url, emeaDoc, await relay.token(TEAM.admin));
  await check.synced;
  expect(heldNumbers(check.doc)).toEqual(orders);
  check.close();
}

describe('the relay under bad input', () => {
  it('a garbage frame closes only that connection with 4400 and a reason; the document is intact', async () => {
    const writer = connectClient(relay.url, emeaDoc, await relay.token(TEAM.admin));
    await writer.synced;
    importOrders(writer.doc, orderIn('104000100'));
    const bystander = connectClient(relay.url, emeaDoc, await relay.token(TEAM.emeaUser));
    await bystander.synced;
    await eventually('the bystander has the edit', () => heldNumbers(bystander.doc).includes('104000100'));

    const vandal = connectClient(relay.url, emeaDoc, await relay.token(TEAM.emeaUser));
    await vandal.synced;
    vandal.sendRaw(new Uint8Array([0, 2, 5, 1, 2, 3, 4, 5])); // a sync update whose payload is not a Yjs update
    const closed = await vandal.closed;
    expect(closed.code).toBe(CloseCode.malformedMessage);
    expect(closed.reason).toMatch(/malformed message/);
    await bystander.roundTrip(); // a close meant for the vandal alone would have reached the bystander by now
    expect(bystander.socket.readyState).toBe(bystander.socket.OPEN);
    writer.close();
    bystander.close();
    await expectHealthyWith(['104000100']);
  });

  it('a truncated frame closes with 4400', async () => {
    const client = connectClient(relay.url, emeaDoc, await relay.token(TEAM.admin));
    await client.synced;
    client.sendRaw(new Uint8Array([0, 2, 200]));
    expect((await client.closed).code).toBe(CloseCode.malformedMessage);
  });

  it('an oversized frame closes with 1009 before it is read', async () => {
    const client = connectClient(relay.url, emeaDoc, await relay.token(TEAM.admin));
    await client.synced;
    client.sendRaw(new Uint8Array(70_000));
    expect((await client.closed).code).toBe(CloseCode.messageTooBig);
  });

  it('a flood of messages is cut off with 4429', async () => {
    const client = connectClient(relay.url, emeaDoc, await relay.token(TEAM.admin));
    await client.synced;
    for (let i = 0; i < 300; i++) client.sendRaw(new Uint8Array([3]));
    expect((await client.closed).code).toBe(CloseCode.rateLimited);
  });

  it('random frames never crash the relay nor change the document (fast-check, seed 20261122)', async () => {
    const token = await relay.token(TEAM.emeaUser);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 80 }), { minLength: 1, maxLength: 4 }),
        async (frames) => {
          const client = connectClient(relay.url, emeaDoc, token);
          await client.synced;
          for (const frame of frames) client.sendRaw(frame);
          client.sendRaw(new Uint8Array([9])); // always end with a frame the relay must refuse
          const closed = await client.closed;
          expect([CloseCode.malformedMessage, CloseCode.rateLimited, CloseCode.refusedUpdate]).toContain(closed.code);
        },
      ),
      { seed: 20261122, numRuns: 40 },
    );
    const content = connectClient(relay.url, emeaDoc, token);
    await content.synced;
    const orders = content.doc.getMap('orders').toJSON();
    content.close();
    // Random bytes may by chance be a valid empty update, never one that adds content.
    expect(Object.keys(orders)).toEqual(['104000100']);
  });
});

describe('durability', () => {
  it('after SIGKILL and restart, nothing that was broadcast is lost', async () => {
    const own = await startRelay({ args: ['--compact-every-updates', '10'] });
    seedTeam(own.directory);
    try {
      const writer = connectClient(own.url, emeaDoc, await own.token(TEAM.admin));
      const witness = connectClient(own.url, emeaDoc, await own.token(TEAM.emeaUser));
      await Promise.all([writer.synced, witness.synced]);
      for (let i = 0; i < 57; i++) importOrders(writer.doc, orderIn(`1040${String(i).padStart(5, '0')}`));
      // Everything the witness received was broadcast, hence stored first.
      await eventually('the witness has every edit', () => witness.doc.getMap('orders').size === 57);
      await own.kill9();
      const again = await own.restart();
      try {
        const reader = connectClient(again.url, emeaDoc, await again.token(TEAM.admin));
        await reader.synced;
        expect(reader.doc.getMap('orders').toJSON()).toEqual(witness.doc.getMap('orders').toJSON());
        reader.close();
      } finally {
        await again.stop();
      }
    } finally {
      own.dispose();
    }
  });

  it('a graceful stop compacts and closes sockets with 1001', async () => {
    const own = await startRelay();
    seedTeam(own.directory);
    try {
      const client = connectClient(own.url, emeaDoc, await own.token(TEAM.admin));
      await client.synced;
      // Two updates: a single stored row is already as compact as it gets and is left as it is.
      importOrders(client.doc, orderIn('104000300'));
      importOrders(client.doc, orderIn('104000301'));
      // The relay answers a sync step 1 only after it has stored the updates sent before it.
      await client.roundTrip();
      const looseRows = () => {
        const db = openDatabase(own.dataDir);
        try {
          return (db.prepare('SELECT COUNT(*) AS n FROM doc_updates WHERE doc = ?').get(emeaDoc) as { n: number }).n;
        } finally {
          db.close();
        }
      };
      expect(looseRows()).toBe(2); // stored as two updates: the stop is what compacts them
      const [closed, exitCode] = await Promise.all([client.closed, own.stop()]);
      expect(closed.code).toBe(CloseCode.goingAway);
      expect(exitCode).toBe(0);
      // Compacted: one snapshot holds both edits and no loose update rows are left for the document.
      expect(looseRows()).toBe(0);
      const db = openDatabase(own.dataDir);
      try {
        const snapshot = db.prepare('SELECT data FROM doc_snapshots WHERE doc = ?').get(emeaDoc) as { data: Buffer };
        const restored = new Y.Doc();
        Y.applyUpdate(restored, new Uint8Array(snapshot.data));
        expect(heldNumbers(restored).sort()).toEqual(['104000300', '104000301']);
      } finally {
        db.close();
      }
    } finally {
      own.dispose();
    }
  });
});

describe('configuration', () => {
  it('a bad value stops start-up with a message naming it', () => {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', new URL('../../sync-server/src/main.ts', import.meta.url).pathname, '--port', 'eighty'],
      { encoding: 'utf8' },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--port / HOLDFAST_RELAY_PORT');
  });
});
