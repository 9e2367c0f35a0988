// Issue 14, items 1, 5, 6: nothing a client sends ends the process, aliases of a document are
// refused, and presence belongs to the connection that announced it.
import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CloseCode, virtualAccountDocName } from '@holdfast/core/protocol';
import { startRelay, type RelayProcess } from './support/relay-process.ts';
import { TEAM, seedTeam } from './support/team.ts';
import { connectClient, eventually } from './support/test-client.ts';

const FUZZ_SEED = 14_001;
const emeaDoc = virtualAccountDocName(TEAM.holding, TEAM.emea);

let relay: RelayProcess;
beforeAll(async () => {
  relay = await startRelay();
  seedTeam(relay.directory);
});
afterAll(() => relay?.dispose());

/** Sends one raw HTTP upgrade request and resolves with the status line the relay answered (or '' if it hung up). */
function upgradeRequest(target: string, headers: string[]): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(relay.port, '127.0.0.1');
    let answer = '';
    const finish = () => {
      socket.destroy();
      resolve(answer.split('\r\n')[0] ?? '');
    };
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      if (answer.includes('\r\n')) finish();
    });
    socket.on('error', finish);
    socket.on('close', finish);
    socket.write(
      `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`,
      'latin1',
    );
  });
}

const UPGRADE = ['Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Version: 13'];
const KEY = 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==';

describe('hostile request targets and headers', () => {
  it('the target //a:b is answered 400 over HTTP and the relay keeps serving', async () => {
    expect(await upgradeRequest('//a:b', [...UPGRADE, KEY])).toMatch(/^HTTP\/1\.1 400/);
    const socket = new WebSocket(`ws://127.0.0.1:${relay.port}//x:y`);
    await new Promise((resolve) => socket.on('close', resolve).on('error', resolve));
    expect((await fetch(`http://127.0.0.1:${relay.port}/healthz`)).status).toBe(200);
  });

  it(`fuzzed request targets and headers never end the process (fast-check seed ${FUZZ_SEED})`, async () => {
    console.log(`request-target fuzz: fast-check seed ${FUZZ_SEED}`);
    const segment = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom('//a:b', '/', '%', '%%', '%zz', '..', '@', ':', '?', '#', 'holdfast:va:', 'http://x', '*'),
      fc.string({ unit: 'binary', maxLength: 20 }),
    );
    const target = fc
      .tuple(fc.constantFrom('', '/', '//', '///'), fc.array(segment, { maxLength: 4 }), fc.option(segment))
      .map(([lead, parts, query]) => `${lead}${parts.join('')}${query === null ? '' : `?${query}`}`);
    const header = fc.oneof(
      fc.constantFrom(...UPGRADE, KEY),
      fc.constant('Sec-WebSocket-Version: 99'),
      fc.constant('Sec-WebSocket-Key: x'),
      fc.string({ maxLength: 40 }).map((v) => `Sec-WebSocket-Protocol: ${v}`),
      fc.string({ maxLength: 40 }).map((v) => `Sec-WebSocket-Protocol: holdfast, holdfast-token.${v}`),
      fc.string({ maxLength: 40 }).map((v) => `Sec-WebSocket-Extensions: ${v}`),
      fc.tuple(fc.string({ maxLength: 12 }), fc.string({ maxLength: 40 })).map(([k, v]) => `${k}: ${v}`),
    );
    await fc.assert(
      fc.asyncProperty(target, fc.array(header, { maxLength: 8 }), async (t, headers) => {
        const status = await upgradeRequest(t, [...UPGRADE, KEY, ...headers]);
        // Either an HTTP answer or a hang-up; never a process that stopped listening.
        expect(status === '' || /^HTTP\/1\.1 \d{3}/.test(status)).toBe(true);
        expect(relay.child.exitCode).toBeNull();
      }),
      { seed: FUZZ_SEED, numRuns: 400 },
    );
    expect((await fetch(`http://127.0.0.1:${relay.port}/healthz`)).status).toBe(200);
    const client = connectClient(relay.url, emeaDoc, await relay.token(TEAM.admin));
    await client.synced;
    client.close();
  });
});

describe('document names', () => {
  it.each([
    virtualAccountDocName(TEAM.holding, TEAM.emea).replace('%2F', '/'),
    virtualAccountDocName(TEAM.holding, TEAM.emea).replace('%2F', '%2f'),
    virtualAccountDocName(TEAM.holding, TEAM.emea).replace('holdfast:va:sa', 'holdfast:va:%73a'),
  ])('an alias of a writable document, %s, is refused with 4404', async (alias) => {
    const closed = await connectClient(relay.url, alias, await relay.token(TEAM.admin)).closed;
    expect(closed.code).toBe(CloseCode.unknownDocument);
    expect(closed.reason).not.toContain(alias);
  });
});

describe('presence', () => {
  it("a writer cannot overwrite or remove another client's presence, and only 'viewing' survives besides the stamped member", async () => {
    const alice = connectClient(relay.url, emeaDoc, await relay.token(TEAM.admin));
    const mallory = connectClient(relay.url, emeaDoc, await relay.token(TEAM.emeaUser));
    const witness = connectClient(relay.url, emeaDoc, await relay.token(TEAM.admin));
    await Promise.all([alice.synced, mallory.synced, witness.synced]);
    alice.awareness.setLocalState({ viewing: '104000001' });
    const aliceId = alice.doc.clientID;
    await eventually(
      'the witness sees alice',
      () => witness.awareness.getStates().get(aliceId)?.viewing === '104000001',
    );

    // Mallory speaks for alice's client id with a higher clock: first a new state, then a removal.
    const forged = new (await import('y-protocols/awareness')).Awareness(new (await import('yjs')).Doc());
    forged.clientID = aliceId;
    for (let i = 0; i < 5; i++) forged.setLocalState({ viewing: 'forged', user: { memberId: TEAM.emeaUser } });
    const { encodeAwareness } = await import('@holdfast/core/protocol');
    mallory.sendRaw(encodeAwareness(forged, [aliceId]));
    forged.setLocalState(null);
    mallory.sendRaw(encodeAwareness(forged, [aliceId]));
    forged.destroy();
    // Barrier: mallory's own presence, sent after the forgeries, with identity fields of its choosing.
    mallory.awareness.setLocalState({ viewing: '104000002', email: 'ceo@acme.example.com', role: 'admin' });
    await eventually('the witness sees mallory', () => witness.awareness.getStates().has(mallory.doc.clientID));

    expect(witness.awareness.getStates().get(aliceId)).toEqual({
      viewing: '104000001',
      user: { memberId: TEAM.admin, name: 'admin' },
    });
    expect(witness.awareness.getStates().get(mallory.doc.clientID)).toEqual({
      viewing: '104000002',
      user: { memberId: TEAM.emeaUser, name: 'emea-user' },
    });
    for (const client of [alice, mallory, witness]) client.close();
  });
});
