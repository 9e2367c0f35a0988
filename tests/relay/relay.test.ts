import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import {
  CloseCode,
  directoryDocName,
  memberDocName,
  onHoldDocName,
  virtualAccountDocName,
} from '@holdfast/core/protocol';
import { readAccountDirectory, readMemberAccounts } from '@holdfast/core/relay';
import { mintToken } from '../../sync-server/src/auth/tokens.ts';
import { startRelay, type RelayProcess } from './support/relay-process.ts';
import { TEAM, seedTeam } from './support/team.ts';
import { heldNumbers, importOrders, onHoldOrderIn, orderIn } from './support/orders.ts';
import { connectClient, eventually } from './support/test-client.ts';

const emeaDoc = virtualAccountDocName(TEAM.holding, TEAM.emea);
const apacDoc = virtualAccountDocName(TEAM.holding, TEAM.apac);
const customerDefaultDoc = virtualAccountDocName(TEAM.customerAccount, `${TEAM.customerAccount}/default`);

let relay: RelayProcess;
beforeAll(async () => {
  relay = await startRelay();
  seedTeam(relay.directory);
});
afterAll(() => relay?.dispose());

describe('the relay process', () => {
  it('answers health, readiness and metrics over HTTP', async () => {
    const base = `http://127.0.0.1:${relay.port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ status: 'ready' });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('holdfast_relay_connections');
    expect(metrics).toContain('holdfast_relay_persistence_seconds');
  });

  it('two clients of one Virtual Account converge', async () => {
    const a = connectClient(relay.url, emeaDoc, await relay.token(TEAM.admin));
    const b = connectClient(relay.url, emeaDoc, await relay.token(TEAM.emeaUser));
    await Promise.all([a.synced, b.synced]);
    importOrders(a.doc, orderIn('104000001'));
    importOrders(b.doc, orderIn('104000002'));
    await eventually('both see both edits', () => heldNumbers(a.doc).length === 2 && heldNumbers(b.doc).length === 2);
    expect(a.doc.getMap('orders').toJSON()).toEqual(b.doc.getMap('orders').toJSON());
    a.close();
    b.close();
  });

  it('a stock y-websocket WebsocketProvider interoperates with the token as a URL parameter', async () => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(relay.url, emeaDoc, doc, {
      WebSocketPolyfill: WebSocket as never,
      params: { token: await relay.token(TEAM.emeaUser) },
      disableBc: true,
    });
    const raw = connectClient(relay.url, emeaDoc, await relay.token(TEAM.admin));
    await raw.synced;
    importOrders(doc, orderIn('104000003'));
    await eventually('the raw client sees the stock client edit', () => heldNumbers(raw.doc).includes('104000003'));
    importOrders(raw.doc, orderIn('104000004'));
    await eventually('the stock client sees the raw edit', () => heldNumbers(doc).includes('104000004'));
    provider.destroy();
    raw.close();
  });
});

describe('authentication', () => {
  it('closes a socket without a token with 4401', async () => {
    expect(await connectClient(relay.url, emeaDoc, null).closed).toEqual({
      code: CloseCode.unauthorized,
      reason: 'no token: send it as the first message, as a holdfast-token subprotocol, or as ?token=',
    });
  });

  it('closes a token signed with another secret with 4401', async () => {
    const forged = await mintToken({ kid: 'env', secret: new TextEncoder().encode('x'.repeat(48)) }, TEAM.admin, 3600);
    expect(await connectClient(relay.url, emeaDoc, forged).closed).toEqual({
      code: CloseCode.unauthorized,
      reason: 'token signature invalid',
    });
  });

  it('closes an expired token with 4401', async () => {
    expect(await connectClient(relay.url, emeaDoc, await relay.token(TEAM.admin, -10)).closed).toEqual({
      code: CloseCode.unauthorized,
      reason: 'token expired',
    });
  });

  it('closes a token for a member the directory does not know with 4401', async () => {
    expect((await connectClient(relay.url, emeaDoc, await relay.token('partner:ghost')).closed).code).toBe(
      CloseCode.unauthorized,
    );
  });

  it('closes a garbage token with 4401', async () => {
    expect((await connectClient(relay.url, emeaDoc, 'not.a.jwt').closed).code).toBe(CloseCode.unauthorized);
  });
});

describe('authorization per document', () => {
  it("a Virtual Account User cannot open another Virtual Account's document (4403)", async () => {
    const closed = await connectClient(relay.url, apacDoc, await relay.token(TEAM.emeaUser)).closed;
    expect(closed.code).toBe(CloseCode.forbidden);
  });

  it("an organisation's on-hold document is shared by its holding-account team and closed to Virtual Account Users and other organisations", async () => {
    const onHold = onHoldDocName('partner');
    const admin = connectClient(relay.url, onHold, await relay.token(TEAM.admin));
    const colleague = connectClient(relay.url, onHold, await relay.token(TEAM.admin));
    await Promise.all([admin.synced, colleague.synced]);
    importOrders(admin.doc, onHoldOrderIn('104000009'));
    await eventually('the holding team sees the on-hold order', () => heldNumbers(colleague.doc).includes('104000009'));
    expect(admin.permissionDenied).toEqual([]);
    expect((await connectClient(relay.url, onHold, await relay.token(TEAM.emeaUser)).closed).code).toBe(
      CloseCode.forbidden,
    );
    expect((await connectClient(relay.url, onHold, await relay.token(TEAM.viewer)).closed).code).toBe(
      CloseCode.forbidden,
    );
    expect((await connectClient(relay.url, onHoldDocName('customer'), await relay.token(TEAM.admin)).closed).code).toBe(
      CloseCode.forbidden,
    );
    admin.close();
    colleague.close();
  });

  it('a name that is not a Holdfast document is refused with 4404', async () => {
    expect((await connectClient(relay.url, 'some-room', await relay.token(TEAM.admin)).closed).code).toBe(
      CloseCode.unknownDocument,
    );
  });

  it('a member who may view but not manage gets a read-only connection: told, and their updates and presence dropped', async () => {
    const writerToken = await relay.token(TEAM.viewer);
    // The customer's Smart Account Viewer may view their account's orders, not manage them.
    const reader = connectClient(relay.url, customerDefaultDoc, writerToken);
    await reader.synced;
    await eventually('the reader is told it is read-only', () => reader.permissionDenied.includes('read-only'));
    reader.doc.getMap('orders').set('forged', 'x');
    reader.awareness.setLocalState({ viewing: '104000001' });
    const observer = connectClient(relay.url, customerDefaultDoc, writerToken);
    await observer.synced;
    // Barriers: the relay has handled the reader's update and presence, then answered the observer
    // after anything it would have relayed to it.
    await reader.roundTrip();
    await observer.roundTrip();
    expect(observer.doc.getMap('orders').has('forged')).toBe(false);
    expect([...observer.awareness.getStates().values()].some((s) => s.viewing)).toBe(false);
    reader.close();
    observer.close();
  });

  it('the directory document carries the account directory and is read-only even for its administrator', async () => {
    const client = connectClient(relay.url, directoryDocName(TEAM.holding), await relay.token(TEAM.admin));
    await client.synced;
    await eventually('the directory arrives', () => readAccountDirectory(client.doc) !== null);
    expect(
      readAccountDirectory(client.doc)
        ?.virtualAccounts.map((va) => va.name)
        .sort(),
    ).toEqual(['APAC', 'DEFAULT', 'EMEA']);
    expect(client.permissionDenied).toContain('read-only');
    client.doc.getMap('roleGrants').set('self-grant', { forged: true });
    await client.roundTrip(); // the relay has handled the forged write before the other member syncs
    const other = connectClient(relay.url, directoryDocName(TEAM.holding), await relay.token(TEAM.emeaUser));
    await other.synced;
    await eventually('the directory arrives', () => readAccountDirectory(other.doc) !== null);
    expect(other.doc.getMap('roleGrants').has('self-grant')).toBe(false);
    client.close();
    other.close();
  });

  it("a member's document lists the Smart Accounts they hold a role on, read-only, and follows new grants", async () => {
    relay.directory.addMember({
      id: 'partner:newcomer',
      name: 'newcomer',
      email: 'newcomer@partner.example.com',
      organizationId: 'partner',
    });
    const client = connectClient(relay.url, memberDocName('partner:newcomer'), await relay.token('partner:newcomer'));
    await client.synced;
    await eventually('the member doc arrives', () => readMemberAccounts(client.doc) !== null);
    expect(readMemberAccounts(client.doc)).toMatchObject({ member: { id: 'partner:newcomer' }, smartAccounts: [] });
    expect(client.permissionDenied).toContain('read-only');
    relay.directory.grant({
      id: 'newcomer-grant',
      memberId: 'partner:newcomer',
      role: 'virtual-account-user',
      smartAccountId: TEAM.holding,
      virtualAccountId: TEAM.apac,
      grantedBy: 'test',
      grantedAt: '2026-01-01T00:00:00.000Z',
    });
    await eventually(
      'the new account is listed',
      () =>
        readMemberAccounts(client.doc)
          ?.smartAccounts.map((sa) => sa.id)
          .join() === TEAM.holding,
    );
    client.close();
  });

  it("nobody may open another member's document (4403), and the reason does not echo the name asked for", async () => {
    const closed = await connectClient(relay.url, memberDocName(TEAM.emeaUser), await relay.token(TEAM.admin)).closed;
    expect(closed).toEqual({ code: CloseCode.forbidden, reason: 'your roles do not allow this document' });
  });

  it('stamps the authenticated member on presence so nobody can pose as someone else', async () => {
    const poser = connectClient(relay.url, emeaDoc, await relay.token(TEAM.emeaUser));
    const watcher = connectClient(relay.url, emeaDoc, await relay.token(TEAM.admin));
    await Promise.all([poser.synced, watcher.synced]);
    poser.awareness.setLocalState({ viewing: '104000001', user: { memberId: TEAM.admin, name: 'admin' } });
    await eventually('the watcher sees the presence', () =>
      [...watcher.awareness.getStates().values()].some((s) => s.viewing === '104000001'),
    );
    const seen = [...watcher.awareness.getStates().values()].find((s) => s.viewing === '104000001');
    expect(seen?.user).toEqual({ memberId: TEAM.emeaUser, name: 'emea-user' });
    poser.close();
    watcher.close();
  });

  it('revoking a role closes the live connection with the do-not-reconnect code 4410', async () => {
    relay.directory.addMember({
      id: 'partner:temp',
      name: 'temp',
      email: 'temp@partner.example.com',
      organizationId: 'partner',
    });
    const grant = relay.directory.grant({
      id: 'temp-grant',
      memberId: 'partner:temp',
      role: 'virtual-account-user',
      smartAccountId: TEAM.holding,
      virtualAccountId: TEAM.emea,
      grantedBy: 'test',
      grantedAt: '2026-01-01T00:00:00.000Z',
    });
    const client = connectClient(relay.url, emeaDoc, await relay.token('partner:temp'));
    await client.synced;
    relay.directory.revoke(grant.id);
    const closed = await client.closed;
    expect(closed.code).toBe(CloseCode.accessRevoked);
    expect(closed.reason).toContain('delete your local copy');
  });
});
