import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import {
  appendOrderEventToDoc,
  createSyncProvider,
  readVirtualAccountDoc,
  virtualAccountDocName,
  writeOrder,
  type SyncProvider,
  type SyncStatus,
  type WebSocketConstructorLike,
} from '@holdfast/core/sync';
import { generateSample } from '@holdfast/core/sample';
import { startRelay, type RelayProcess } from './support/relay-process.ts';
import { TEAM, addEmeaUser, seedTeam } from './support/team.ts';
import { heldNumbers, importOrders, orderIn } from './support/orders.ts';
import { connectClient, eventually } from './support/test-client.ts';
import { LOCAL_EDIT } from '@holdfast/core/sync';

const emeaDoc = virtualAccountDocName(TEAM.holding, TEAM.emea);
const apacDoc = virtualAccountDocName(TEAM.holding, TEAM.apac);

let relay: RelayProcess;
beforeAll(async () => {
  relay = await startRelay();
  seedTeam(relay.directory);
});
afterAll(() => relay?.dispose());

/** Every URL the providers opened a socket to. */
const openedUrls: string[] = [];
class RecordingWebSocket extends WebSocket {
  constructor(url: string, protocols?: string[]) {
    openedUrls.push(url);
    super(url, protocols);
  }
}

function provider(docName: string, token: string, doc = new Y.Doc()) {
  const statuses: SyncStatus[] = [];
  const revoked: string[] = [];
  const instance: SyncProvider = createSyncProvider({
    url: relay.url,
    docName,
    doc,
    token,
    WebSocket: RecordingWebSocket as unknown as WebSocketConstructorLike,
    onStatus: (status) => statuses.push(status),
    onRevoked: (name) => revoked.push(name),
    random: Math.random,
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  });
  return { doc, statuses, revoked, instance };
}

describe("Holdfast's own provider against the real relay", () => {
  it('two members sharing a Virtual Account see each other’s order events', async () => {
    const order = generateSample({ orders: 1 }).orders[0]!;
    const admin = provider(emeaDoc, await relay.token(TEAM.admin));
    const rep = provider(emeaDoc, await relay.token(TEAM.emeaUser));
    await eventually('both are synced', () => admin.instance.status === 'synced' && rep.instance.status === 'synced');
    writeOrder(admin.doc, order, LOCAL_EDIT);
    await eventually('the rep has the order', () => readVirtualAccountDoc(rep.doc).orders.length === 1);
    appendOrderEventToDoc(
      rep.doc,
      order.salesOrderNumber,
      { id: 'rep:reviewed', type: 'reviewed', at: new Date().toISOString(), by: TEAM.emeaUser },
      LOCAL_EDIT,
    );
    await eventually(
      'the admin sees the review',
      () => readVirtualAccountDoc(admin.doc).orders[0]?.history.some((e) => e.id === 'rep:reviewed') === true,
    );
    admin.instance.destroy();
    rep.instance.destroy();
  });

  it('keeps the token out of the URL: it travels as a subprotocol the relay does not echo', async () => {
    const token = await relay.token(TEAM.admin);
    const admin = provider(emeaDoc, token);
    await eventually('synced', () => admin.instance.status === 'synced');
    expect(openedUrls.length).toBeGreaterThan(0);
    for (const url of openedUrls) expect(url).not.toContain(token.split('.')[2]!);
    expect(openedUrls.at(-1)).toBe(`${relay.url}/${emeaDoc}`);
    admin.instance.destroy();
  });

  it('reports unauthorized and stops retrying when its role does not allow the document', async () => {
    const outsider = provider(apacDoc, await relay.token(TEAM.emeaUser));
    await eventually('the provider gives up', () => outsider.instance.status === 'unauthorized');
    expect(outsider.statuses).toContain('connecting');
    outsider.instance.destroy();
  });

  it('a revoked member is told to delete the document and does not reconnect', async () => {
    addEmeaUser(relay.directory, 'partner:leaver');
    const leaver = provider(emeaDoc, await relay.token('partner:leaver'));
    await eventually('synced', () => leaver.instance.status === 'synced');
    relay.directory.revoke('partner:leaver|emea');
    await eventually('revoked', () => leaver.instance.status === 'revoked');
    expect(leaver.revoked).toEqual([emeaDoc]);
    leaver.instance.destroy();
  });

  it('interoperates with a raw y-protocols client on the same document', async () => {
    const own = provider(emeaDoc, await relay.token(TEAM.admin));
    const raw = connectClient(relay.url, emeaDoc, await relay.token(TEAM.emeaUser));
    await raw.synced;
    await eventually('synced', () => own.instance.status === 'synced');
    importOrders(raw.doc, orderIn('104000201'));
    await eventually('the provider sees it', () => heldNumbers(own.doc).includes('104000201'));
    own.instance.destroy();
    raw.close();
  });
});
