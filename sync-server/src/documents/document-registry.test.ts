import * as Y from 'yjs';
import { describe, expect, it, vi } from 'vitest';
import type { DocumentStore } from '../persistence/document-store.ts';
import { createRelayMetrics } from '../server/metrics.ts';
import {
  decodeAwarenessUpdate,
  decodeMessage,
  encodeAwarenessFrame,
  encodeAwarenessUpdate,
  encodeSyncUpdate,
} from '@holdfast/core/protocol';
import { createLocalDocumentFeeds } from '../persistence/local-document-feeds.ts';
import { createDocumentRegistry } from './document-registry.ts';
import type { RelayConnection } from '@holdfast/core/relay';

function memoryStore(
  overrides: Partial<DocumentStore> = {},
): DocumentStore & { rows: Map<string, Uint8Array[]>; compactions: number } {
  const rows = new Map<string, Uint8Array[]>();
  const store = {
    rows,
    compactions: 0,
    load: (name: string) => ({ updates: [...(rows.get(name) ?? [])], bindings: [] }),
    append: (name: string, update: Uint8Array) => {
      rows.set(name, [...(rows.get(name) ?? []), update]);
      return undefined;
    },
    compact: (name: string, snapshot: Uint8Array) => {
      store.compactions++;
      rows.set(name, [snapshot]);
    },
    ping: () => true,
    ...overrides,
  };
  return store;
}

let ids = 0;
function connection(
  access: 'read' | 'write' = 'write',
): RelayConnection & { sent: Uint8Array[]; closedWith: number | null } {
  const c = {
    id: ++ids,
    member: { id: `m${ids}`, name: `member ${ids}` },
    access,
    awarenessClients: new Set<number>(),
    sent: [] as Uint8Array[],
    closedWith: null as number | null,
    send: (frame: Uint8Array) => c.sent.push(frame),
    reply: (frame: Uint8Array) => c.sent.push(frame),
    close: (code: number) => (c.closedWith = code),
  };
  return c;
}

const edit = (key: string) => {
  const doc = new Y.Doc();
  doc.getMap('orders').set(key, key);
  return decodeMessage(encodeSyncUpdate(Y.encodeStateAsUpdate(doc)));
};

const registryWith = (store: DocumentStore, idleUnloadMs = 50) =>
  createDocumentRegistry({
    feeds: createLocalDocumentFeeds(store),
    metrics: createRelayMetrics(),
    hooks: [],
    compactEveryUpdates: 3,
    idleUnloadMs,
    onError: () => undefined,
  });

describe('the document registry', () => {
  it('stores an update before it broadcasts it to the other connections, never back to its sender', async () => {
    const order: string[] = [];
    const store = memoryStore();
    const append = store.append;
    store.append = (name, update) => {
      order.push('stored');
      return append(name, update);
    };
    const registry = registryWith(store);
    const a = connection();
    const b = connection();
    const doc = await registry.open('d', a);
    await registry.open('d', b);
    const sentBefore = { a: a.sent.length, b: b.sent.length };
    b.send = (frame) => {
      order.push('broadcast');
      b.sent.push(frame);
    };
    doc.receive(a, edit('SO1'));
    expect(order).toEqual([]); // taken, not stored yet: the group commit stores it at the end of the turn
    await vi.waitFor(() => expect(order).toEqual(['stored', 'broadcast']));
    expect(a.sent.length).toBe(sentBefore.a);
    expect(b.sent.length).toBe(sentBefore.b + 1);
  });

  it('unloads an idle document after compacting it, and loads it back with its content', async () => {
    const store = memoryStore();
    const registry = registryWith(store, 20);
    const a = connection();
    const doc = await registry.open('d', a);
    await doc.receive(a, edit('SO1'));
    await doc.receive(a, edit('SO2'));
    registry.release(doc, a);
    await vi.waitFor(() => expect([...registry.loaded()]).toHaveLength(0));
    expect(store.compactions).toBe(1);
    expect(doc.doc.isDestroyed).toBe(true);
    const again = await registry.open('d', connection());
    expect(again.doc.getMap('orders').toJSON()).toEqual({ SO1: 'SO1', SO2: 'SO2' });
  });

  it('a document that is used again before its idle timer fires stays loaded', async () => {
    vi.useFakeTimers();
    try {
      const registry = registryWith(memoryStore(), 20);
      const a = connection();
      const doc = await registry.open('d', a);
      registry.release(doc, a);
      await registry.open('d', connection());
      vi.advanceTimersByTime(1_000);
      expect([...registry.loaded()]).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('connections that ask while a document loads wait for that one load and all join it', async () => {
    const store = memoryStore();
    let loads = 0;
    const load = store.load;
    store.load = (name) => {
      loads++;
      return load(name);
    };
    const registry = registryWith(store);
    const [first, second] = await Promise.all([registry.open('d', connection()), registry.open('d', connection())]);
    expect(first).toBe(second);
    expect(loads).toBe(1);
    expect(first.connections.size).toBe(2);
  });

  it('a failed load leaves nothing in memory and throws', async () => {
    const registry = registryWith(
      memoryStore({
        load: () => {
          throw new Error('disk gone');
        },
      }),
    );
    await expect(registry.open('d', connection())).rejects.toThrow('disk gone');
    expect([...registry.loaded()]).toHaveLength(0);
  });

  it('a failed store closes every connection with 4500, broadcasts nothing and frees the document', async () => {
    const registry = registryWith(
      memoryStore({
        append: () => {
          throw new Error('disk full');
        },
      }),
    );
    const a = connection();
    const b = connection();
    const doc = await registry.open('d', a);
    await registry.open('d', b);
    const before = b.sent.length;
    doc.receive(a, edit('SO1'));
    await vi.waitFor(() => expect([a.closedWith, b.closedWith]).toEqual([4500, 4500]));
    expect(b.sent.length).toBe(before);
    expect([...registry.loaded()]).toHaveLength(0);
    await vi.waitFor(() => expect(doc.doc.isDestroyed).toBe(true));
  });

  it('a failed commit: no peer receives its updates, and the document loaded again is exactly what is stored', async () => {
    let failing = false;
    const store = memoryStore();
    const append = store.append;
    store.append = (name, update) => {
      if (failing) throw new Error('disk full');
      append(name, update);
    };
    const registry = registryWith(store);
    const a = connection();
    const b = connection();
    const doc = await registry.open('d', a);
    await registry.open('d', b);
    const writer = new Y.Doc();
    const sent: Uint8Array[] = [];
    writer.on('update', (update: Uint8Array) => sent.push(update));
    const send = (key: string) => {
      writer.getMap('orders').set(key, key);
      doc.receive(a, decodeMessage(encodeSyncUpdate(sent.at(-1)!)));
    };
    send('SO1');
    await vi.waitFor(() => expect(store.rows.get('d')).toHaveLength(1));
    const seen = b.sent.length;
    failing = true;
    send('SO2');
    send('SO3'); // builds on SO2, taken before SO2's commit
    expect(doc.doc.getMap('orders').toJSON()).toEqual({ SO1: 'SO1', SO2: 'SO2', SO3: 'SO3' });
    await vi.waitFor(() => expect([a.closedWith, b.closedWith]).toEqual([4500, 4500]));
    expect(b.sent.length).toBe(seen);
    expect([...registry.loaded()]).toHaveLength(0);
    failing = false;
    const again = await registry.open('d', connection());
    const stored = new Y.Doc();
    for (const update of store.rows.get('d')!) Y.applyUpdate(stored, update);
    expect(again.doc.getMap('orders').toJSON()).toEqual({ SO1: 'SO1' });
    expect(Y.encodeStateVector(again.doc)).toEqual(Y.encodeStateVector(stored));
  });

  it('compacts into a snapshot after the configured number of updates', async () => {
    const store = memoryStore();
    const registry = registryWith(store);
    const a = connection();
    const doc = await registry.open('d', a);
    for (const key of ['1', '2', '3']) await doc.receive(a, edit(key));
    await vi.waitFor(() => expect(store.compactions).toBe(1));
    expect(store.rows.get('d')).toHaveLength(1);
  });

  it('a read-only connection is told so on joining and its updates are dropped', async () => {
    const registry = registryWith(memoryStore());
    const reader = connection('read');
    const doc = await registry.open('d', reader);
    expect(reader.sent.some((frame) => frame[0] === 2)).toBe(true);
    await doc.receive(reader, edit('SO1'));
    expect(doc.doc.getMap('orders').size).toBe(0);
  });

  it("removes a connection's presence when it leaves", async () => {
    const registry = registryWith(memoryStore());
    const a = connection();
    const b = connection();
    const doc = await registry.open('d', a);
    await registry.open('d', b);
    await doc.receive(
      a,
      decodeMessage(
        encodeAwarenessFrame(encodeAwarenessUpdate([{ clientId: 77, clock: 1, state: { viewing: '104000001' } }])),
      ),
    );
    expect(a.awarenessClients.has(77)).toBe(true);
    const sent = b.sent.length;
    registry.release(doc, a);
    const removal = decodeMessage(b.sent[sent]!);
    expect(removal.type).toBe('awareness');
    expect(removal.type === 'awareness' && decodeAwarenessUpdate(removal.update)).toMatchObject([
      { clientId: 77, state: null },
    ]);
  });
});
