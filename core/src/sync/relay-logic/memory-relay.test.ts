import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../close-codes.ts';
import { createMemoryRelay, type MemoryRelay, type MemoryRelayOptions } from '../testing/memory-relay.ts';
import {
  decodeAwarenessUpdate,
  decodeMessage,
  encodeAwareness,
  encodeSyncUpdate,
  TOKEN_PROTOCOL_PREFIX,
  type WireMessage,
} from '../wire-protocol.ts';
import { writeValidationHook } from './relay-hooks.ts';

// The relay's per-document logic, driven through the test relay that runs it: what the relay
// process does with the same room is tested against a real process in tests/relay/.
let relay: MemoryRelay;
afterEach(() => relay?.destroy());

function connect(token: string, docName = 'doc') {
  const socket = new relay.WebSocket(`ws://memory/${docName}`, [`${TOKEN_PROTOCOL_PREFIX}${token}`]);
  const received: WireMessage[] = [];
  const closed: number[] = [];
  socket.onmessage = (event) => received.push(decodeMessage(new Uint8Array(event.data as ArrayBuffer)));
  socket.onclose = (event) => closed.push(event.code);
  return { socket, received, closed };
}
const start = (options: MemoryRelayOptions = {}) => (relay = createMemoryRelay(options));

/** An update of `doc` since `before` (a state vector). */
function edit(doc: Y.Doc, change: (doc: Y.Doc) => void, before = Y.encodeStateVector(doc)): Uint8Array {
  change(doc);
  return Y.encodeStateAsUpdate(doc, before);
}

describe("the relay's per-document logic", () => {
  it('refuses whole an update that builds on changes the relay does not hold, closing the sender with 4400', () => {
    start();
    const alice = connect('alice');
    const bob = connect('bob');
    relay.flush();
    const doc = new Y.Doc();
    edit(doc, (d) => d.getMap('m').set('a', 1)); // never sent
    const second = edit(doc, (d) => d.getMap('m').set('b', 2));
    alice.socket.send(encodeSyncUpdate(second));
    relay.flush();
    expect(alice.closed).toEqual([CloseCode.malformedMessage]);
    expect(relay.serverDoc('doc').getMap('m').toJSON()).toEqual({});
    expect(bob.received.filter((m) => m.type === 'update')).toEqual([]);
  });

  it('runs the write validation hook before applying: a refused update reaches nobody and the sender learns why, with 4422', () => {
    start({
      hooks: [
        {
          beforeUpdate: writeValidationHook(({ memberId }) =>
            memberId === 'mallory' ? { ok: false, reason: 'not yours to write' } : { ok: true, newClients: [] },
          ),
        },
      ],
    });
    const alice = connect('alice');
    const mallory = connect('mallory');
    relay.flush();
    mallory.socket.send(encodeSyncUpdate(edit(new Y.Doc(), (d) => d.getMap('m').set('x', 1))));
    alice.socket.send(encodeSyncUpdate(edit(new Y.Doc(), (d) => d.getMap('m').set('y', 2))));
    relay.flush();
    expect(mallory.closed).toEqual([CloseCode.refusedUpdate]);
    expect(mallory.received.at(-1)).toEqual({
      type: 'permission-denied',
      reason: 'update refused: not yours to write',
    });
    expect(relay.serverDoc('doc').getMap('m').toJSON()).toEqual({ y: 2 });
    expect(alice.closed).toEqual([]);
  });

  it('says itself who is present: the token’s member, whatever name the client claims', () => {
    start({ memberOf: (token) => ({ id: token, name: token === 'alice' ? 'Alice Martin' : token }) });
    const alice = connect('alice');
    const bob = connect('bob');
    relay.flush();
    const awareness = new Awareness(new Y.Doc());
    awareness.setLocalState({ user: { memberId: 'bob', name: 'Bob (forged)' }, viewing: 'SO-1', extra: 'x' });
    alice.socket.send(encodeAwareness(awareness, [awareness.clientID]));
    relay.flush();
    const states = bob.received.flatMap((frame) =>
      frame.type === 'awareness' ? decodeAwarenessUpdate(frame.update).map((entry) => entry.state) : [],
    );
    expect(states).toEqual([{ user: { memberId: 'alice', name: 'Alice Martin' }, viewing: 'SO-1' }]);
    awareness.destroy();
  });

  it('drops what a read-only connection writes and tells it it is read-only', () => {
    start({ authorize: (_doc, token) => (token === 'viewer' ? 'read' : 'write') });
    const viewer = connect('viewer');
    relay.flush();
    viewer.socket.send(encodeSyncUpdate(edit(new Y.Doc(), (d) => d.getMap('m').set('x', 1))));
    relay.flush();
    expect(viewer.received).toContainEqual({ type: 'permission-denied', reason: 'read-only' });
    expect(viewer.closed).toEqual([]);
    expect(relay.serverDoc('doc').getMap('m').toJSON()).toEqual({});
  });
});
