// Issue 14, item 7: tokens carry exp, sub, iat and jti, name their key, can be revoked, expire on
// open sockets, and travel outside the URL for Holdfast's own client.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode, virtualAccountDocName } from '@holdfast/core/protocol';
import { mintToken } from '../../sync-server/src/auth/tokens.ts';
import { createSigningKey, listKeyIds, retireSigningKey } from '../../sync-server/src/auth/signing-keys.ts';
import { heldNumbers, importOrders, orderIn } from './support/orders.ts';
import { startRelay, TEST_SECRET, type RelayProcess } from './support/relay-process.ts';
import { TEAM, addEmeaUser, seedTeam } from './support/team.ts';
import { connectClient, eventually } from './support/test-client.ts';

const emeaDoc = virtualAccountDocName(TEAM.holding, TEAM.emea);

let relay: RelayProcess;
beforeAll(async () => {
  relay = await startRelay();
  seedTeam(relay.directory);
});
afterAll(() => relay?.dispose());

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** A token signed with the test secret carrying exactly these claims. */
function signed(claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'HS256', kid: 'env' }) {
  const body = `${base64url(header)}.${base64url(claims)}`;
  return `${body}.${createHmac('sha256', TEST_SECRET).update(body).digest('base64url')}`;
}
const jtiOf = (token: string) =>
  (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { jti: string }).jti;
const now = () => Math.floor(Date.now() / 1000);

describe('token claims', () => {
  it.each([
    ['exp', { sub: TEAM.admin, iat: now(), jti: 'a', iss: 'holdfast-relay' }],
    ['sub', { exp: now() + 600, iat: now(), jti: 'b', iss: 'holdfast-relay' }],
    ['iat', { sub: TEAM.admin, exp: now() + 600, jti: 'c', iss: 'holdfast-relay' }],
    ['jti', { sub: TEAM.admin, exp: now() + 600, iat: now(), iss: 'holdfast-relay' }],
  ])('a token without %s is refused with 4401', async (_claim, claims) => {
    expect((await connectClient(relay.url, emeaDoc, signed(claims)).closed).code).toBe(CloseCode.unauthorized);
  });

  it('a token without a key id is refused, and the reason never repeats the token', async () => {
    const token = signed(
      { sub: TEAM.admin, exp: now() + 600, iat: now(), jti: 'd', iss: 'holdfast-relay' },
      { alg: 'HS256' },
    );
    const closed = await connectClient(relay.url, emeaDoc, token).closed;
    expect(closed.code).toBe(CloseCode.unauthorized);
    expect(closed.reason).not.toContain(token.slice(0, 10));
  });

  it('an open socket is closed with 4401 when its token expires', async () => {
    const client = connectClient(relay.url, emeaDoc, await relay.token(TEAM.admin, 2));
    await client.synced;
    expect(await client.closed).toEqual({ code: CloseCode.unauthorized, reason: 'token expired' });
  });
});

describe('where the token travels', () => {
  it.each(['protocol', 'message'] as const)('a token sent as a %s is accepted', async (via) => {
    const writer = connectClient(relay.url, emeaDoc, await relay.token(TEAM.admin), undefined, via);
    const reader = connectClient(relay.url, emeaDoc, await relay.token(TEAM.emeaUser));
    await Promise.all([writer.synced, reader.synced]);
    const number = via === 'protocol' ? '104000501' : '104000502';
    importOrders(writer.doc, orderIn(number));
    await eventually('the reader has the order', () => heldNumbers(reader.doc).includes(number));
    expect(writer.socket.protocol).toBe(via === 'protocol' ? 'holdfast' : '');
    writer.close();
    reader.close();
  });
});

describe('revocation', () => {
  it('revoking a token closes its sockets with 4401 and refuses it from then on; the member’s other tokens still work', async () => {
    const token = await relay.token(TEAM.emeaUser);
    const other = await relay.token(TEAM.emeaUser);
    const client = connectClient(relay.url, emeaDoc, token);
    await client.synced;
    relay.directory.revokeToken(jtiOf(token));
    expect(await client.closed).toEqual({ code: CloseCode.unauthorized, reason: 'token revoked' });
    expect((await connectClient(relay.url, emeaDoc, token).closed).code).toBe(CloseCode.unauthorized);
    const still = connectClient(relay.url, emeaDoc, other);
    await still.synced;
    still.close();
  });

  it('removing a member closes their sockets with 4410 and refuses their tokens', async () => {
    addEmeaUser(relay.directory, 'partner:leaver');
    const token = await relay.token('partner:leaver');
    const client = connectClient(relay.url, emeaDoc, token);
    await client.synced;
    relay.directory.removeMember('partner:leaver');
    expect((await client.closed).code).toBe(CloseCode.accessRevoked);
    expect((await connectClient(relay.url, emeaDoc, token).closed).code).toBe(CloseCode.unauthorized);
  });
});

describe('key rotation', () => {
  it('a rotated key signs new tokens while tokens of the old key stay valid until it is retired', async () => {
    const own = await startRelay({ env: { HOLDFAST_RELAY_SECRET: '' } });
    seedTeam(own.directory);
    try {
      const keyOf = (kid: string) => ({
        kid,
        secret: new TextEncoder().encode(readFileSync(join(own.dataDir, 'keys', kid), 'utf8').trim()),
      });
      const [first] = listKeyIds(own.dataDir);
      const oldToken = await mintToken(keyOf(first!), TEAM.admin, 600);
      const second = createSigningKey(own.dataDir);
      const newToken = await mintToken(keyOf(second), TEAM.admin, 600);
      for (const token of [oldToken, newToken]) {
        const client = connectClient(own.url, emeaDoc, token);
        await client.synced;
        client.close();
      }
      retireSigningKey(own.dataDir, first!);
      expect(await connectClient(own.url, emeaDoc, oldToken).closed).toEqual({
        code: CloseCode.unauthorized,
        reason: 'token signed with a key this relay does not keep',
      });
      const client = connectClient(own.url, emeaDoc, newToken);
      await client.synced;
      client.close();
    } finally {
      own.dispose();
    }
  });
});
