import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { daysAfter, T0 } from '../testing/builders.ts';
import { CloseCode } from './close-codes.ts';
import { othersPresence } from './presence.ts';
import { createSyncProvider, syncProtocols, syncUrl } from './sync-provider.ts';
import { createManualClock } from './testing/manual-clock.ts';
import { createMemoryRelay, type MemoryRelay } from './testing/memory-relay.ts';
import { connectReplica, type Replica } from './testing/replica.ts';
import { heldOrder } from './testing/va-fixtures.ts';
import { appendOrderEventToDoc, writeOrder } from './virtual-account-doc.ts';
import { readVirtualAccountDoc } from './virtual-account-reads.ts';
import { virtualAccountDocName } from './doc-names.ts';
import { MessageType } from './wire-protocol.ts';
import { LOCAL_EDIT } from './origins.ts';

const DOC = virtualAccountDocName('sa-hold', 'va-a');
let relay: MemoryRelay;
const replicas: Replica[] = [];
const replica = (...args: Parameters<typeof connectReplica>) => {
  const made = connectReplica(...args);
  replicas.push(made);
  return made;
};
afterEach(() => {
  for (const r of replicas.splice(0)) r.provider.destroy();
  relay?.destroy();
});

describe('the sync provider', () => {
  it('puts the doc name in the path and keeps the token out of the URL, in a subprotocol', () => {
    expect(syncUrl('wss://relay.example/sync/', 'holdfast:va:sa:va')).toBe(
      'wss://relay.example/sync/holdfast:va:sa:va',
    );
    expect(syncProtocols('h.p.s')).toEqual(['holdfast', 'holdfast-token.h.p.s']);
  });

  it('syncs two replicas through the relay and reports synced', () => {
    relay = createMemoryRelay();
    const clock = createManualClock();
    const alice = replica(relay, clock, DOC, 'alice');
    const bob = replica(relay, clock, DOC, 'bob');
    writeOrder(alice.doc, heldOrder('SO-1'), LOCAL_EDIT);
    relay.flush();
    appendOrderEventToDoc(bob.doc, 'SO-1', { id: 'r1', type: 'reviewed', at: daysAfter(T0, 1), by: 'bob' }, LOCAL_EDIT);
    relay.flush();
    expect(readVirtualAccountDoc(alice.doc)).toEqual(readVirtualAccountDoc(bob.doc));
    expect(readVirtualAccountDoc(alice.doc).orders[0]!.history).toHaveLength(2);
    expect(alice.statuses).toEqual(['connecting', 'synced']);
  });

  it('applies received updates with its own origin and never sends them back', () => {
    relay = createMemoryRelay();
    const clock = createManualClock();
    const alice = replica(relay, clock, DOC, 'alice');
    const bob = replica(relay, clock, DOC, 'bob');
    relay.flush();
    const origins: unknown[] = [];
    bob.doc.on('update', (_u: Uint8Array, origin: unknown) => origins.push(origin));
    writeOrder(alice.doc, heldOrder('SO-1'), LOCAL_EDIT);
    relay.flush();
    expect(origins).toEqual([bob.provider.origin]);
    const isDocUpdate = (frame: Uint8Array) => frame[0] === 0 && frame[1] === 2;
    expect(relay.sentBy('alice').filter(isDocUpdate)).toHaveLength(1);
    expect(relay.sentBy('bob').filter(isDocUpdate)).toHaveLength(0);
  });

  it('reconnects after a dropped connection with jittered, capped exponential backoff', () => {
    relay = createMemoryRelay();
    const clock = createManualClock();
    const alice = replica(relay, clock, DOC, 'alice', new Y.Doc(), () => 0.999);
    relay.flush();
    relay.partition('alice');
    const delays: number[] = [];
    for (let i = 0; i < 10; i++) {
      relay.flush();
      delays.push(...clock.pendingTimers());
      clock.advance(60_000);
    }
    // Capped at 1.5 s, so a panel is synced again within 2 s of the relay returning.
    expect(delays).toEqual([499, 999, 1498, 1498, 1498, 1498, 1498, 1498, 1498, 1498]);
    expect(alice.statuses.slice(0, 4)).toEqual(['connecting', 'synced', 'offline', 'connecting']);
    relay.heal('alice');
    relay.flush();
    clock.advance(60_000);
    relay.flush();
    expect(alice.provider.status).toBe('synced');
  });

  it('retries at once when asked to ("Retry now"), without waiting out its backoff', () => {
    relay = createMemoryRelay();
    const clock = createManualClock();
    const alice = replica(relay, clock, DOC, 'alice', new Y.Doc(), () => 0.999);
    relay.flush();
    relay.partition('alice');
    relay.flush();
    expect(alice.provider.status).toBe('offline');
    expect(clock.pendingTimers()).toHaveLength(1);
    relay.heal('alice');
    alice.provider.reconnectNow();
    expect(clock.pendingTimers()).toHaveLength(0);
    relay.flush();
    expect(alice.provider.status).toBe('synced');
    // Connected, it has nothing to retry.
    alice.provider.reconnectNow();
    expect(alice.provider.status).toBe('synced');
  });

  it('stops and reports revoked on 4410, naming the doc to delete', () => {
    relay = createMemoryRelay();
    const clock = createManualClock();
    const alice = replica(relay, clock, DOC, 'alice');
    relay.flush();
    relay.closeConnections('alice', CloseCode.accessRevoked);
    relay.flush();
    expect(alice.provider.status).toBe('revoked');
    expect(alice.revoked).toEqual([DOC]);
    expect(clock.pendingTimers()).toEqual([]);
  });

  it('stops and reports unauthorized when the relay refuses the token', () => {
    relay = createMemoryRelay({
      authorize: (_doc, token) => (token === 'mallory' ? { closeCode: CloseCode.unauthorized } : 'write'),
    });
    const clock = createManualClock();
    const mallory = replica(relay, clock, DOC, 'mallory');
    relay.flush();
    expect(mallory.statuses).toEqual(['connecting', 'unauthorized']);
    expect(clock.pendingTimers()).toEqual([]);
  });

  it('reports read-only when the relay denies writes, and its edits do not reach others', () => {
    relay = createMemoryRelay({ authorize: (_doc, token) => (token === 'viewer' ? 'read' : 'write') });
    const clock = createManualClock();
    const owner = replica(relay, clock, DOC, 'owner');
    writeOrder(owner.doc, heldOrder('SO-1'), LOCAL_EDIT);
    const viewer = replica(relay, clock, DOC, 'viewer');
    relay.flush();
    expect(viewer.provider.status).toBe('read-only');
    expect(readVirtualAccountDoc(viewer.doc).orders).toHaveLength(1);
    writeOrder(viewer.doc, heldOrder('SO-2'), LOCAL_EDIT);
    relay.flush();
    expect(readVirtualAccountDoc(owner.doc).orders.map((o) => o.salesOrderNumber)).toEqual(['SO-1']);
  });

  it('shares who is viewing which order and withdraws it on disconnect', () => {
    relay = createMemoryRelay();
    const clock = createManualClock();
    const alice = replica(relay, clock, DOC, 'alice');
    const bob = replica(relay, clock, DOC, 'bob');
    relay.flush();
    alice.provider.setViewing('SO-7');
    relay.flush();
    expect([...othersPresence(bob.provider.awareness).values()]).toEqual([
      { user: { memberId: 'alice', name: 'alice' }, viewing: 'SO-7' },
    ]);
    alice.provider.destroy();
    relay.flush();
    expect(othersPresence(bob.provider.awareness).size).toBe(0);
  });

  it('reports an unreadable frame, drops that connection and reconnects', () => {
    relay = createMemoryRelay();
    const clock = createManualClock();
    const errors: unknown[] = [];
    const doc = new Y.Doc();
    const provider = createSyncProvider({
      url: 'ws://relay.test/sync',
      docName: DOC,
      doc,
      token: 'alice',
      WebSocket: relay.WebSocket,
      onStatus: () => undefined,
      onRevoked: () => undefined,
      onError: (error) => errors.push(error),
      random: () => 0.5,
      setTimeout: clock.setTimeout,
      clearTimeout: clock.clearTimeout,
    });
    relay.flush();
    relay.sendRaw('alice', new Uint8Array([9, 9]));
    relay.flush();
    expect(errors).toHaveLength(1);
    expect(provider.status).toBe('offline');
    clock.advance(60_000);
    relay.flush();
    expect(provider.status).toBe('synced');
    provider.destroy();
  });

  it('sends a keep-alive frame at the given interval while connected, and none once destroyed', () => {
    relay = createMemoryRelay();
    const clock = createManualClock();
    const provider = createSyncProvider({
      url: 'ws://relay.test/sync',
      docName: DOC,
      doc: new Y.Doc(),
      token: 'alice',
      WebSocket: relay.WebSocket,
      onStatus: () => undefined,
      onRevoked: () => undefined,
      random: () => 0.5,
      setTimeout: clock.setTimeout,
      clearTimeout: clock.clearTimeout,
      keepAliveMs: 20_000,
    });
    relay.flush();
    const queries = () => relay.sentBy('alice').filter((frame) => frame[0] === MessageType.queryAwareness).length;
    const afterOpen = queries();
    clock.advance(19_000);
    relay.flush();
    expect(queries()).toBe(afterOpen);
    clock.advance(1_000);
    relay.flush();
    expect(queries()).toBe(afterOpen + 1);
    clock.advance(40_000);
    relay.flush();
    expect(queries()).toBe(afterOpen + 3);
    provider.destroy();
    clock.advance(60_000);
    relay.flush();
    expect(queries()).toBe(afterOpen + 3);
    expect(clock.pendingTimers()).toEqual([]);
  });
});
