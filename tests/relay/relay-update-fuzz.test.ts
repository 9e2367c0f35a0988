// Item 10 of issue 14: the relay takes a client's update completely or not at all, so it never holds
// content (for example structs Yjs keeps pending) that the connected clients did not receive.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { encodeMessage, encodeQueryAwareness, encodeSyncUpdate, virtualAccountDocName } from '@holdfast/core/protocol';
import { startRelay, type RelayProcess } from './support/relay-process.ts';
import { TEAM, seedTeam } from './support/team.ts';
import { connectClient, eventually, type TestClient } from './support/test-client.ts';

const SEED = 1;
const FRAMES = 10_000;
const emeaDoc = virtualAccountDocName(TEAM.holding, TEAM.emea);

let relay: RelayProcess;
beforeAll(async () => {
  relay = await startRelay({
    // Fuzzed structures are not Holdfast orders: this file tests completeness, not write validation.
    args: [
      '--validate-writes',
      'off',
      '--rate-limit-per-second',
      '100000',
      '--rate-limit-burst',
      '100000',
      '--compact-every-updates',
      '200',
    ],
  });
  seedTeam(relay.directory);
});
afterAll(() => relay?.dispose());

/** Updates from three replicas that edit and sometimes sync with each other (so updates refer across clients). */
function updatePool(size: number): Uint8Array[] {
  const docs = [1, 2, 3].map((clientID) => {
    const doc = new Y.Doc();
    doc.clientID = clientID;
    return doc;
  });
  const pool: Uint8Array[] = [];
  for (const doc of docs)
    doc.on('update', (update: Uint8Array, origin: unknown) => origin !== 'peer' && pool.push(update));
  for (let i = 0; pool.length < size; i++) {
    const doc = docs[i % 3]!;
    if (i % 7 === 0) doc.getText('notes').insert(0, `n${i}`);
    else if (i % 11 === 0 && doc.getText('notes').length > 2) doc.getText('notes').delete(0, 2);
    else doc.getMap('orders').set(`SO${i % 40}`, i);
    if (i % 5 === 0) {
      const other = docs[(i + 1) % 3]!;
      Y.applyUpdate(other, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(other)), 'peer');
    }
  }
  return pool;
}

type Pick =
  | { kind: 'next'; asStep2: boolean }
  | { kind: 'any'; index: number; asStep2: boolean }
  | { kind: 'truncated'; index: number; keep: number }
  | { kind: 'flipped'; index: number; at: number; bit: number };

const pickArbitrary: fc.Arbitrary<Pick> = fc.oneof(
  { weight: 16, arbitrary: fc.record({ kind: fc.constant('next' as const), asStep2: fc.boolean() }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('any' as const), index: fc.nat(), asStep2: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncated' as const), index: fc.nat(), keep: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('flipped' as const),
      index: fc.nat(),
      at: fc.nat(),
      bit: fc.integer({ min: 0, max: 7 }),
    }),
  },
);

// 10,000 round trips: a fixed amount of work that takes minutes on a loaded 2-core machine. The
// timeout only catches a hang; nothing is timed.
vi.setConfig({ testTimeout: 300_000 });

describe('a client update is applied completely or not at all', () => {
  it(`after ${FRAMES} fuzzed update frames (fast-check seed ${SEED}), a new client receives exactly what the connected ones did`, async () => {
    console.log(`update fuzz: fast-check seed ${SEED}, ${FRAMES} frames`);
    const pool = updatePool(600);
    const [picks] = fc.sample(fc.array(pickArbitrary, { minLength: FRAMES, maxLength: FRAMES }), {
      seed: SEED,
      numRuns: 1,
    });
    const token = await relay.token(TEAM.admin);
    const observer = connectClient(relay.url, emeaDoc, await relay.token(TEAM.emeaUser));
    await observer.synced;

    let writer: TestClient | null = null;
    let next = 0;
    let closes = 0;
    for (const pick of picks!) {
      if (!writer || writer.socket.readyState !== writer.socket.OPEN) {
        if (writer) closes++;
        writer = connectClient(relay.url, emeaDoc, token, new Y.Doc());
        await writer.synced;
      }
      const from = (index: number) => pool[index % pool.length]!;
      let frame: Uint8Array;
      switch (pick.kind) {
        case 'next':
          frame = encodeMessage({ type: pick.asStep2 ? 'sync-step-2' : 'update', update: pool[next++ % pool.length]! });
          break;
        case 'any':
          frame = encodeMessage({ type: pick.asStep2 ? 'sync-step-2' : 'update', update: from(pick.index) });
          break;
        case 'truncated': {
          const update = from(pick.index);
          frame = encodeSyncUpdate(update.slice(0, pick.keep % update.length));
          break;
        }
        case 'flipped': {
          const update = from(pick.index).slice();
          update[pick.at % update.length]! ^= 1 << pick.bit;
          frame = encodeSyncUpdate(update);
          break;
        }
      }
      // Round trip after each frame: the relay answers a query-awareness, or has closed the writer.
      const socket = writer.socket;
      const answered = new Promise<void>((resolve) => {
        const done = () => {
          socket.off('message', done);
          socket.off('close', done);
          resolve();
        };
        socket.on('message', done);
        socket.on('close', done);
      });
      writer.sendRaw(frame);
      writer.sendRaw(encodeQueryAwareness());
      await answered;
    }
    // A barrier: a marker written after every fuzzed frame reaches the observer, so all before it has.
    const marker = new Y.Doc();
    marker.getMap('orders').set('marker', 'done');
    const last = connectClient(relay.url, emeaDoc, token, marker);
    await last.synced;
    await eventually('the observer has the marker', () => observer.doc.getMap('orders').get('marker') === 'done');

    const fresh = connectClient(relay.url, emeaDoc, token);
    await fresh.synced;
    const pending = (doc: Y.Doc) => (doc.store as unknown as { pendingStructs: unknown }).pendingStructs;
    expect(pending(fresh.doc), 'the relay sent structs it could not integrate itself').toBeNull();
    expect(Y.encodeStateVector(fresh.doc)).toEqual(Y.encodeStateVector(observer.doc));
    expect(fresh.doc.getMap('orders').toJSON()).toEqual(observer.doc.getMap('orders').toJSON());
    expect(fresh.doc.getText('notes').toString()).toEqual(observer.doc.getText('notes').toString());
    console.log(`update fuzz: the writer was closed and reconnected ${closes} times`);
    for (const client of [observer, writer, last, fresh]) client?.close();
  });
});
