import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CloseCode } from '../close-codes.ts';
import {
  decodeAwarenessUpdate,
  decodeMessage,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncUpdate,
  type WireMessage,
} from '../wire-protocol.ts';
import { STORED_ORIGIN, type DocumentFeed, type FeedChange, type PreparedUpdate } from './document-feed.ts';
import { openRelayDocument } from './open-relay-document.ts';
import type { DroppedKind, RelayConnection, RelayDocument, RelayHooks } from './relay-hooks.ts';
import { RefusedUpdateError } from './write-validation.ts';
import { ClientIdTakenError, type ClientBinding } from './client-bindings.ts';

// The relay's per-document logic over a feed whose store commits only when the test says so: what
// is broadcast is what was stored, whoever stored it. The relay process runs the same document
// over SQLite and PostgreSQL (tests/relay, tests/cluster), the test relay over memory.

/**
 * A feed whose every store waits for `commit()` (or fails at `fail()`), as a slow database would.
 * Like the relay's feeds, it runs an append's `prepare` when its turn comes (at `commit()`), and
 * hands what it stored to `apply` before the append resolves.
 */
function heldFeeds() {
  const stored: Uint8Array[] = [];
  const bindings: ClientBinding[] = [];
  const waiting: { commit(): void; fail(error: Error): void }[] = [];
  let apply: (change: FeedChange) => void = () => undefined;
  let seq = 0;
  const feed: DocumentFeed = {
    docName: 'doc',
    get appliedSeq() {
      return seq;
    },
    append: async (update, origin) => (await feed.appendChecked(() => ({ update }), origin))!,
    appendChecked: (prepare, origin) =>
      new Promise((resolve, reject) =>
        waiting.push({
          commit() {
            let prepared: PreparedUpdate | null;
            try {
              prepared = prepare();
            } catch (error) {
              return reject(error);
            }
            if (prepared === null) return resolve(null);
            stored.push(prepared.update);
            if (prepared.binding) bindings.push(prepared.binding);
            const added = prepared.binding && [prepared.binding];
            apply({ updates: [prepared.update], seq: ++seq, origin, bindings: added });
            resolve(seq);
          },
          fail: reject,
        }),
      ),
    compact: async () => true,
    close: async () => undefined,
  };
  return {
    stored,
    bindings,
    waiting: () => waiting.length,
    commit: () => waiting.shift()!.commit(),
    fail: (error: Error) => waiting.shift()!.fail(error),
    /** A change another node stored, as the feed hands it over. */
    storedElsewhere: (update: Uint8Array, bindings?: ClientBinding[]) =>
      apply({ updates: [update], seq: ++seq, origin: STORED_ORIGIN, bindings }),
    feeds: {
      async open(_docName: string, applyChange: (change: FeedChange) => void) {
        apply = applyChange;
        seq = stored.length;
        applyChange({ updates: [...stored], seq, origin: STORED_ORIGIN });
        return feed;
      },
    },
  };
}

let ids = 0;
function connection(member: string, access: 'read' | 'write' = 'write') {
  const received: WireMessage[] = [];
  const closed: number[] = [];
  const c: RelayConnection & { received: WireMessage[]; closed: number[] } = {
    id: ++ids,
    member: { id: member, name: member },
    access,
    awarenessClients: new Set(),
    received,
    closed,
    send: (frame) => received.push(decodeMessage(frame)),
    reply: (frame) => received.push(decodeMessage(frame)),
    close: (code) => closed.push(code),
  };
  return c;
}

const updates = (c: { received: WireMessage[] }) => c.received.filter((m) => m.type === 'update');
const edit = (key: string) => {
  const doc = new Y.Doc();
  doc.getMap('m').set(key, key);
  return Y.encodeStateAsUpdate(doc);
};
const asMessage = (update: Uint8Array) => decodeMessage(encodeSyncUpdate(update));

const opened: RelayDocument[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((document) => document.destroy()));
});

async function open(hooks: RelayHooks[] = [], held = heldFeeds()) {
  const dropped: DroppedKind[] = [];
  const storageFailures: unknown[] = [];
  const document = await openRelayDocument({
    name: 'doc',
    feeds: held.feeds,
    hooks,
    events: { dropped: (kind) => dropped.push(kind) },
    onStorageFailure: (_document, error) => storageFailures.push(error),
    onError: (message) => {
      throw new Error(message);
    },
  });
  opened.push(document);
  return { held, document, dropped, storageFailures };
}

describe("the relay's document over its feed", () => {
  it("stores a client's update before anyone receives it, then broadcasts it to the others, never back", async () => {
    const { held, document } = await open();
    const alice = connection('alice');
    const bob = connection('bob');
    document.join(alice);
    document.join(bob);
    const update = edit('a');
    // Taken at once (the sender's next update is checked against it), seen by nobody yet.
    expect(document.receive(alice, asMessage(update))).toBeUndefined();
    expect(held.waiting()).toBe(1);
    expect(document.doc.getMap('m').toJSON()).toEqual({ a: 'a' });
    expect(updates(bob)).toEqual([]);
    held.commit();
    expect(held.stored).toEqual([update]);
    // Sent once the turn's work is done, to everyone at once: once bob has it, alice would too.
    await vi.waitUntil(() => updates(bob).length === 1);
    expect(updates(bob)).toEqual([{ type: 'update', update }]); // the very bytes stored
    expect(updates(alice)).toEqual([]);
  });

  it('sends the updates stored in one turn merged in one frame, back to a writer only when others share it', async () => {
    const { held, document } = await open();
    const [alice, bob, carol] = [connection('alice'), connection('bob'), connection('carol')];
    for (const each of [alice, bob, carol]) document.join(each);
    document.receive(alice, asMessage(edit('a')));
    document.receive(bob, asMessage(edit('b')));
    held.commit();
    held.commit(); // both stored in this turn
    await vi.waitUntil(() => updates(carol).length > 0);
    const contentOf = (client: typeof alice) =>
      updates(client).map((message) => {
        const replica = new Y.Doc();
        if (message.type === 'update') Y.applyUpdate(replica, message.update);
        return replica.getMap('m').toJSON();
      });
    for (const each of [alice, bob, carol]) expect(contentOf(each)).toEqual([{ a: 'a', b: 'b' }]);
    // A turn that stored alice's updates alone sends them to the others only.
    const local = new Y.Doc();
    const sent: Uint8Array[] = [];
    local.on('update', (update: Uint8Array) => sent.push(update));
    local.getMap('m').set('c', 'c');
    local.getMap('m').set('d', 'd');
    for (const update of sent) document.receive(alice, asMessage(update));
    held.commit();
    held.commit();
    await vi.waitUntil(() => updates(carol).length === 2);
    expect(contentOf(carol)[1]).toEqual({ c: 'c', d: 'd' });
    expect(updates(bob)).toHaveLength(2);
    expect(updates(alice)).toHaveLength(1);
  });

  it("takes a client's chained edits before the first is committed, and broadcasts each only once it is stored", async () => {
    const { held, document } = await open();
    const alice = connection('alice');
    const bob = connection('bob');
    document.join(alice);
    document.join(bob);
    const local = new Y.Doc();
    const sent: Uint8Array[] = [];
    local.on('update', (update: Uint8Array) => sent.push(update));
    local.getMap('m').set('a', 1);
    local.getMap('m').set('b', 2); // builds on the first: checked against memory holding it
    for (const update of sent) document.receive(alice, asMessage(update));
    expect(alice.closed).toEqual([]);
    expect(held.waiting()).toBe(2);
    expect(updates(bob)).toEqual([]);
    held.commit();
    await vi.waitUntil(() => updates(bob).length === 1);
    held.commit();
    expect(held.stored).toEqual(sent);
    await vi.waitUntil(() => updates(bob).length === 2);
  });

  it('answers sync step 1 only once the updates its answer includes are stored', async () => {
    const { held, document } = await open();
    const alice = connection('alice');
    const bob = connection('bob');
    document.join(alice);
    document.join(bob);
    document.receive(alice, asMessage(edit('a')));
    const answered = document.receive(bob, decodeMessage(encodeSyncStep1(new Y.Doc())));
    expect(bob.received.filter((m) => m.type === 'sync-step-2')).toEqual([]);
    held.commit();
    await answered;
    expect(bob.received.slice(-2).map((m) => m.type)).toEqual(['update', 'sync-step-2']);
  });

  it('refuses in the document’s turn: nothing stored or broadcast, the sender alone told why and closed with 4422', async () => {
    const { held, document } = await open([
      {
        beforeUpdate: ({ connection: from }) => {
          if (from.member.id === 'mallory') throw new RefusedUpdateError('not yours to write');
        },
      },
    ]);
    const alice = connection('alice');
    const mallory = connection('mallory');
    document.join(alice);
    document.join(mallory);
    await document.receive(mallory, asMessage(edit('x')));
    expect(held.waiting()).toBe(0);
    expect(held.stored).toEqual([]);
    expect(mallory.closed).toEqual([CloseCode.refusedUpdate]);
    expect(mallory.received.at(-1)).toEqual({
      type: 'permission-denied',
      reason: 'update refused: not yours to write',
    });
    expect(alice.received.filter((m) => m.type !== 'sync-step-1')).toEqual([]);
  });

  it('binds the client ids a hook names at once in memory and sends them with each of that member’s updates until stored', async () => {
    const owners: (string | undefined)[] = [];
    const { held, document } = await open([
      {
        beforeUpdate: ({ ownerOfClient }) => {
          const owner = ownerOfClient(7);
          owners.push(owner);
          return { bindClients: owner === undefined ? [7] : [] };
        },
      },
    ]);
    const alice = connection('alice');
    document.join(alice);
    // The second is checked before the first is stored: memory already knows whose id 7 is.
    document.receive(alice, asMessage(edit('a')));
    document.receive(alice, asMessage(edit('b')));
    held.commit();
    held.commit();
    await vi.waitUntil(() => held.waiting() === 0 && held.stored.length === 2);
    // Both went to the store with the binding: had another node bound 7 first, both are refused.
    expect(held.bindings).toEqual([
      { memberId: 'alice', clientIds: [7] },
      { memberId: 'alice', clientIds: [7] },
    ]);
    // Stored now: the next update binds nothing.
    const third = document.receive(alice, asMessage(edit('c')));
    held.commit();
    await third;
    await vi.waitUntil(() => held.stored.length === 3);
    expect(held.bindings).toHaveLength(2);
    expect(owners).toEqual([undefined, 'alice', 'alice']);
  });

  it('learns a binding another node stored with the change that brought it', async () => {
    const owners: (string | undefined)[] = [];
    const { held, document } = await open([
      { beforeUpdate: ({ ownerOfClient }) => void owners.push(ownerOfClient(7)) },
    ]);
    held.storedElsewhere(edit('remote'), [{ memberId: 'bob', clientIds: [7] }]);
    const alice = connection('alice');
    document.join(alice);
    const settled = document.receive(alice, asMessage(edit('a')));
    held.commit();
    await settled;
    expect(owners).toEqual(['bob']);
  });

  it('when the store finds a held update’s client id bound to another member, closes its sender with 4422 and drops the document', async () => {
    const { held, document, storageFailures } = await open();
    const alice = connection('alice');
    const mallory = connection('mallory');
    document.join(alice);
    document.join(mallory);
    document.receive(mallory, asMessage(edit('x')));
    held.fail(new ClientIdTakenError(7));
    await vi.waitUntil(() => storageFailures.length > 0);
    expect(mallory.closed[0]).toBe(CloseCode.refusedUpdate);
    expect(mallory.received).toContainEqual({
      type: 'permission-denied',
      reason: 'update refused: Yjs client id 7 belongs to another member in this document',
    });
    // Memory held the refused update and the store does not: everyone reconnects to what is stored.
    expect(updates(alice)).toEqual([]);
    expect(alice.closed).toEqual([CloseCode.storageFailure]);
    const { document: reloaded } = await open([], held);
    expect(reloaded.doc.getMap('m').toJSON()).toEqual({});
  });

  it('refuses whole an update that builds on changes the relay does not hold, closing the sender with 4400', async () => {
    const { held, document } = await open();
    const alice = connection('alice');
    document.join(alice);
    const doc = new Y.Doc();
    doc.getMap('m').set('a', 1); // never sent
    const before = Y.encodeStateVector(doc);
    doc.getMap('m').set('b', 2);
    await document.receive(alice, asMessage(Y.encodeStateAsUpdate(doc, before)));
    expect(alice.closed).toEqual([CloseCode.malformedMessage]);
    expect(held.stored).toEqual([]);
  });

  it('stores nothing for an update it already holds (a reconnect re-sends what the relay has)', async () => {
    const { held, document } = await open();
    const alice = connection('alice');
    document.join(alice);
    const update = edit('a');
    const first = document.receive(alice, asMessage(update));
    held.commit();
    await first;
    await document.receive(alice, asMessage(update));
    expect(held.waiting()).toBe(0);
    expect(held.stored).toEqual([update]);
  });

  it('broadcasts a change another node stored to every local connection, and stores it nowhere again', async () => {
    const changes: unknown[] = [];
    const { held, document } = await open([{ change: ({ origin }) => changes.push(origin) }]);
    const alice = connection('alice');
    const bob = connection('bob');
    document.join(alice);
    document.join(bob);
    held.storedElsewhere(edit('remote'));
    expect(updates(alice)).toHaveLength(1);
    expect(updates(bob)).toHaveLength(1);
    expect(held.stored).toEqual([]);
    expect(changes).toEqual([STORED_ORIGIN]);
  });

  it('reports a write that went around the store and sends it to nobody', async () => {
    const { held, document } = await open();
    const bob = connection('bob');
    document.join(bob);
    expect(() => document.doc.getMap('m').set('x', 'x')).toThrow('written around the store');
    held.storedElsewhere(edit('a')); // the marker: what is stored after it does arrive
    expect(updates(bob)).toHaveLength(1);
    expect(held.stored).toEqual([]);
  });

  it('of a change stored elsewhere sends only what memory lacked, and nothing when it holds it all', async () => {
    const { held, document } = await open();
    const bob = connection('bob');
    document.join(bob);
    const a = edit('a');
    held.storedElsewhere(a);
    // A catch-up that finds the rows compacted gets the whole snapshot: only `b` is news.
    held.storedElsewhere(Y.mergeUpdates([a, edit('b')]));
    held.storedElsewhere(a);
    const sent = updates(bob).map((message) => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, message.type === 'update' ? message.update : new Uint8Array());
      return doc.getMap('m').toJSON();
    });
    expect(sent).toEqual([{ a: 'a' }, { b: 'b' }]);
  });

  it('when a commit fails no peer receives the update nor any held after it, and the document is loaded again from the store', async () => {
    const { held, document, storageFailures } = await open();
    const alice = connection('alice');
    const bob = connection('bob');
    document.join(alice);
    document.join(bob);
    const stored = edit('stored');
    document.receive(alice, asMessage(stored));
    held.commit();
    const local = new Y.Doc();
    const sent: Uint8Array[] = [];
    local.on('update', (update: Uint8Array) => sent.push(update));
    local.getMap('m').set('lost', 1);
    local.getMap('m').set('after', 2); // held behind the failing one, builds on it
    for (const update of sent) document.receive(alice, asMessage(update));
    const answered = document.receive(bob, decodeMessage(encodeSyncStep1(new Y.Doc())));
    held.fail(new Error('disk full'));
    await vi.waitUntil(() => storageFailures.length > 0);
    held.commit(); // the next append's turn: the document failed, so it stores nothing
    await answered;
    expect(held.waiting()).toBe(0);
    expect(held.stored).toEqual([stored]);
    expect(updates(bob)).toHaveLength(1);
    expect(bob.received.filter((m) => m.type === 'sync-step-2')).toEqual([]);
    expect(alice.closed).toEqual([CloseCode.storageFailure]);
    expect(bob.closed).toEqual([CloseCode.storageFailure]);
    expect(storageFailures).toHaveLength(1);
    // The relay drops the failed document; loaded again, memory is exactly what is stored.
    const { document: reloaded } = await open([], held);
    expect(reloaded.doc.getMap('m').toJSON()).toEqual({ stored: 'stored' });
  });

  it('drops what a read-only connection writes, counts it, and tells the connection it is read-only', async () => {
    const { held, document, dropped } = await open();
    const viewer = connection('viewer', 'read');
    document.join(viewer);
    // Nothing to wait for (the relay holds a sender's next messages only behind a pending store),
    // whatever the metrics callback returns (`dropped.push` returns a number).
    expect(document.receive(viewer, asMessage(edit('x')))).toBeUndefined();
    expect(viewer.received).toContainEqual({ type: 'permission-denied', reason: 'read-only' });
    expect(held.waiting()).toBe(0);
    expect(dropped).toEqual(['update']);
  });

  it('publishes the presence of local clients to other nodes, stamped, and never publishes theirs again', async () => {
    const published: Uint8Array[] = [];
    const { document } = await open([{ awareness: ({ update }) => published.push(update) }]);
    const alice = connection('alice');
    const bob = connection('bob');
    document.join(alice);
    document.join(bob);
    const local = new Awareness(new Y.Doc());
    local.setLocalState({ user: { memberId: 'bob', name: 'forged' }, viewing: 'SO-1' });
    document.receive(alice, decodeMessage(encodeAwareness(local, [local.clientID])));
    expect(published.map((update) => decodeAwarenessUpdate(update).map((entry) => entry.state))).toEqual([
      [{ user: { memberId: 'alice', name: 'alice' }, viewing: 'SO-1' }],
    ]);

    const remote = new Awareness(new Y.Doc());
    remote.setLocalState({ user: { memberId: 'cy', name: 'Cy' }, viewing: null });
    const fromNode = decodeMessage(encodeAwareness(remote, [remote.clientID]));
    if (fromNode.type !== 'awareness') throw new Error('expected an awareness frame');
    document.applyPresenceFromOtherNode(fromNode.update);
    expect(published).toHaveLength(1);
    const seenByBob = bob.received.flatMap((m) =>
      m.type === 'awareness' ? decodeAwarenessUpdate(m.update).map((entry) => entry.state) : [],
    );
    expect(seenByBob).toContainEqual({ user: { memberId: 'cy', name: 'Cy' }, viewing: null });
    local.destroy();
    remote.destroy();
  });
});
