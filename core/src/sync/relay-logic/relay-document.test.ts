import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../close-codes.ts';
import {
  decodeAwarenessUpdate,
  decodeMessage,
  encodeAwareness,
  encodeSyncUpdate,
  type WireMessage,
} from '../wire-protocol.ts';
import { STORED_ORIGIN, type DocumentFeed, type FeedChange } from './document-feed.ts';
import { openRelayDocument } from './relay-document.ts';
import type { DroppedKind, RelayConnection, RelayDocument, RelayHooks } from './relay-hooks.ts';
import { RefusedUpdateError } from './write-validation.ts';
import { ClientIdTakenError, type ClientBinding } from './client-bindings.ts';

// The relay's per-document logic over a feed whose store commits only when the test says so: what
// is broadcast is what was stored, whoever stored it. The relay process runs the same document
// over SQLite and PostgreSQL (tests/relay, tests/cluster), the test relay over memory.

/** A feed whose every store waits for `commit()` (or fails at `fail()`), as a slow database would. */
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
    async appendChecked(prepare, origin) {
      const prepared = prepare();
      if (prepared === null) return null;
      await new Promise<void>((commit, fail) => waiting.push({ commit, fail }));
      stored.push(prepared.update);
      if (prepared.binding) bindings.push(prepared.binding);
      apply({ updates: [prepared.update], seq: ++seq, origin, bindings: prepared.binding && [prepared.binding] });
      return seq;
    },
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
        applyChange({ updates: [], seq: 0, origin: STORED_ORIGIN });
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

async function open(hooks: RelayHooks[] = []) {
  const held = heldFeeds();
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
    const settled = document.receive(alice, asMessage(update));
    expect(held.waiting()).toBe(1);
    expect(updates(bob)).toEqual([]);
    expect(document.doc.getMap('m').toJSON()).toEqual({});
    held.commit();
    await settled;
    expect(held.stored).toEqual([update]);
    expect(document.doc.getMap('m').toJSON()).toEqual({ a: 'a' });
    expect(updates(bob)).toHaveLength(1);
    expect(updates(alice)).toEqual([]);
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

  it('stores the client ids a hook binds with the update, and knows their owner once it is stored, not before', async () => {
    const owners: (string | undefined)[] = [];
    const { held, document } = await open([
      {
        beforeUpdate: ({ ownerOfClient }) => {
          owners.push(ownerOfClient(7));
          return { bindClients: [7] };
        },
      },
    ]);
    const alice = connection('alice');
    document.join(alice);
    const first = document.receive(alice, asMessage(edit('a')));
    expect(held.waiting()).toBe(1);
    held.commit();
    await first;
    expect(held.bindings).toEqual([{ memberId: 'alice', clientIds: [7] }]);
    const second = document.receive(alice, asMessage(edit('b')));
    held.commit();
    await second;
    expect(owners).toEqual([undefined, 'alice']);
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

  it('closes only the sender with 4422 when the store finds its client id bound to another member; nothing is applied', async () => {
    const { held, document, storageFailures } = await open();
    const alice = connection('alice');
    const mallory = connection('mallory');
    document.join(alice);
    document.join(mallory);
    const settled = document.receive(mallory, asMessage(edit('x')));
    held.fail(new ClientIdTakenError(7));
    await settled;
    expect(mallory.closed).toEqual([CloseCode.refusedUpdate]);
    expect(mallory.received.at(-1)).toEqual({
      type: 'permission-denied',
      reason: 'update refused: Yjs client id 7 belongs to another member in this document',
    });
    expect(alice.closed).toEqual([]);
    expect(storageFailures).toEqual([]);
    expect(document.doc.getMap('m').toJSON()).toEqual({});
    // The document goes on: the next update is stored and applied.
    const next = document.receive(alice, asMessage(edit('a')));
    held.commit();
    await next;
    expect(document.doc.getMap('m').toJSON()).toEqual({ a: 'a' });
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

  it('closes every connection with 4500 and reports the failure when storing fails; nothing is applied', async () => {
    const { held, document, storageFailures } = await open();
    const alice = connection('alice');
    const bob = connection('bob');
    document.join(alice);
    document.join(bob);
    const settled = document.receive(alice, asMessage(edit('a')));
    held.fail(new Error('disk full'));
    await settled;
    expect(alice.closed).toEqual([CloseCode.storageFailure]);
    expect(bob.closed).toEqual([CloseCode.storageFailure]);
    expect(storageFailures).toHaveLength(1);
    expect(document.doc.getMap('m').toJSON()).toEqual({});
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
