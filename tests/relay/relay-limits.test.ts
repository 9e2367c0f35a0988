// Issue 14, items 2 and 3: a client that does not read cannot make the relay hold its backlog,
// replies count against whoever asked for them, and budgets are per member, not per socket.
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { CloseCode, encodeMessage, encodeQueryAwareness, virtualAccountDocName } from '@holdfast/core/protocol';
import { startRelay, type RelayProcess } from './support/relay-process.ts';
import { TEAM, seedTeam } from './support/team.ts';
import { connectClient, eventually, type TestClient } from './support/test-client.ts';

const emeaDoc = virtualAccountDocName(TEAM.holding, TEAM.emea);
const MiB = 1024 * 1024;

let relay: RelayProcess | undefined;
afterEach(() => relay?.dispose());

async function started(args: string[]): Promise<RelayProcess> {
  // These tests measure limits with raw map writes; write validation (relay-validation.test.ts) is off.
  relay = await startRelay({ args: ['--validate-writes', 'off', ...args] });
  seedTeam(relay.directory);
  return relay;
}

/** Stops reading: the kernel buffers fill, then the relay's send queue for this socket would grow. */
const stopReading = (client: TestClient) => (client.socket as unknown as { _socket: Socket })._socket.pause();

const closesWith = async (r: RelayProcess, code: number) =>
  (await r.metrics()).get(`holdfast_relay_closes_total{code="${code}"}`) ?? 0;

describe('a client that does not read', () => {
  it('is closed with 4413 once 1 MiB waits for it, and the bytes queued for one socket stay under that bound (measured)', async () => {
    const r = await started(['--max-queued-bytes-per-socket', String(MiB), '--bytes-burst', String(256 * MiB)]);
    const writer = connectClient(r.url, emeaDoc, await r.token(TEAM.admin));
    const slow = connectClient(r.url, emeaDoc, await r.token(TEAM.emeaUser));
    const reader = connectClient(r.url, emeaDoc, await r.token(TEAM.emeaUser));
    await Promise.all([writer.synced, slow.synced, reader.synced]);
    stopReading(slow);
    // 100 KB edits until the relay gives up on the slow reader; the reader that reads keeps up.
    const blob = 'x'.repeat(100_000);
    let edits = 0;
    while ((await closesWith(r, CloseCode.sendQueueFull)) === 0) {
      for (let i = 0; i < 4; i++) writer.doc.getMap('orders').set(`SO${edits % 50}`, `${edits++}${blob}`);
      const last = `SO${(edits - 1) % 50}`;
      await eventually(
        'the reader keeps up',
        () => reader.doc.getMap('orders').get(last) === writer.doc.getMap('orders').get(last),
      );
      if (edits > 2000) throw new Error('the slow reader was never closed');
    }
    const metrics = await r.metrics();
    const peak = metrics.get('holdfast_relay_send_queue_peak_bytes');
    console.log(`slow reader: closed after ${edits} edits of 100 KB; peak bytes queued for one socket ${peak}`);
    expect(peak).toBeDefined();
    expect(peak!).toBeLessThanOrEqual(MiB);
    // A close of the wrong socket would reach it before the answer to its next sync step 1.
    await writer.roundTrip();
    await reader.roundTrip();
    expect(writer.socket.readyState).toBe(WebSocket.OPEN);
    expect(reader.socket.readyState).toBe(WebSocket.OPEN);
    for (const client of [writer, slow, reader]) client.close();
  });

  it('a member asking again and again for a large document without reading is cut off by the bytes budget (4429)', async () => {
    const r = await started(['--bytes-per-second', String(MiB), '--bytes-burst', String(4 * MiB)]);
    const writer = connectClient(r.url, emeaDoc, await r.token(TEAM.admin));
    await writer.synced;
    for (let i = 0; i < 10; i++) writer.doc.getMap('orders').set(`SO${i}`, 'y'.repeat(200_000));
    const requester = connectClient(r.url, emeaDoc, await r.token(TEAM.emeaUser));
    await requester.synced;
    stopReading(requester);
    // Each sync step 1 with an empty state vector asks for the whole 2 MB document.
    const askAll = encodeMessage({ type: 'sync-step-1', stateVector: Y.encodeStateVector(new Y.Doc()) });
    for (let i = 0; i < 20; i++) requester.sendRaw(askAll);
    await eventually(
      'the requester is cut off with 4429',
      async () => (await closesWith(r, CloseCode.rateLimited)) >= 1,
    );
    await writer.roundTrip(); // a close of the writer too would reach it before this answer
    expect(writer.socket.readyState).toBe(WebSocket.OPEN);
    writer.close();
    requester.close();
  });
});

describe('budgets per member', () => {
  it('one member with several sockets shares one message budget (4429), while another member is unaffected', async () => {
    const r = await started(['--rate-limit-per-second', '50', '--rate-limit-burst', '100']);
    const token = await r.token(TEAM.admin);
    const sockets = [0, 1, 2, 3].map(() => connectClient(r.url, emeaDoc, token));
    const other = connectClient(r.url, emeaDoc, await r.token(TEAM.emeaUser));
    await Promise.all([...sockets, other].map((c) => c.synced));
    // 40 messages on each of 4 sockets: under a per-socket burst of 100, over a per-member one.
    for (const socket of sockets) for (let i = 0; i < 40; i++) socket.sendRaw(encodeQueryAwareness());
    const codes: number[] = [];
    for (const socket of sockets) void socket.closed.then(({ code }) => codes.push(code));
    await eventually('a socket of the flooding member is closed with 4429', () =>
      codes.includes(CloseCode.rateLimited),
    );
    // The other member still writes and is heard.
    const witness = connectClient(r.url, emeaDoc, await r.token(TEAM.emeaUser));
    await witness.synced;
    other.doc.getMap('orders').set('still', 'served');
    await eventually('the other member is still served', () => witness.doc.getMap('orders').get('still') === 'served');
    for (const client of [...sockets, other, witness]) client.close();
  });

  it('connections per relay are capped: the next upgrade is answered 503 over HTTP', async () => {
    const r = await started(['--max-connections', '2']);
    const open = [
      connectClient(r.url, emeaDoc, await r.token(TEAM.admin)),
      connectClient(r.url, emeaDoc, await r.token(TEAM.emeaUser)),
    ];
    await Promise.all(open.map((c) => c.synced));
    expect(await upgradeStatus(`${r.url}/${emeaDoc}?token=${await r.token(TEAM.admin)}`)).toBe('503');
    for (const c of open) c.close();
  });

  it('connections waiting to authenticate are capped: the next upgrade is answered 503 over HTTP', async () => {
    const r = await started(['--max-unauthenticated', '2', '--auth-timeout-ms', '60000']);
    // Without a token in the URL the relay waits for a first message carrying it; these send nothing.
    const waiting = [0, 1].map(() => new WebSocket(`${r.url}/${emeaDoc}`));
    await Promise.all(waiting.map((w) => new Promise((resolve) => w.on('open', resolve))));
    expect(await upgradeStatus(`${r.url}/${emeaDoc}`)).toBe('503');
    for (const w of waiting) w.close();
  });
});

/** The HTTP status an upgrade was refused with, or 'opened'. */
function upgradeStatus(url: string): Promise<string> {
  const socket = new WebSocket(url);
  return new Promise((resolve) =>
    socket
      .on('unexpected-response', (_request, response) => resolve(String(response.statusCode)))
      .on('open', () => {
        socket.close();
        resolve('opened');
      }),
  );
}
