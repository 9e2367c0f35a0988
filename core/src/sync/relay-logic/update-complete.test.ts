import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { MalformedMessageError } from '../wire-protocol.ts';
import { checkUpdateComplete } from './update-complete.ts';

/** A replica with a fixed client id and every update it makes, in order. */
function replica(clientID: number) {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  return { doc, updates };
}

describe('an update is taken only when it applies completely', () => {
  it('accepts updates in order, a whole state, and a replay', () => {
    const relay = new Y.Doc();
    const a = replica(1);
    a.doc.getMap('orders').set('SO1', 1);
    a.doc.getMap('orders').set('SO2', 2);
    for (const update of [...a.updates, ...a.updates]) {
      expect(() => checkUpdateComplete(relay, update)).not.toThrow();
      Y.applyUpdate(relay, update);
    }
    expect(() => checkUpdateComplete(new Y.Doc(), Y.encodeStateAsUpdate(a.doc))).not.toThrow();
  });

  it('refuses an update that skips clocks of its client', () => {
    const a = replica(1);
    a.doc.getMap('orders').set('SO1', 1);
    a.doc.getMap('orders').set('SO2', 2);
    expect(() => checkUpdateComplete(new Y.Doc(), a.updates[1]!)).toThrow(/has not received/);
  });

  it("refuses an update built on another client's item the relay does not hold", () => {
    const a = replica(1);
    const b = replica(2);
    a.doc.getText('notes').insert(0, 'ab');
    Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc));
    b.doc.getText('notes').insert(1, 'x');
    expect(() => checkUpdateComplete(new Y.Doc(), b.updates.at(-1)!)).toThrow(/does not hold/);
  });

  it('refuses an update deleting items the relay does not hold', () => {
    const a = replica(1);
    const b = replica(2);
    a.doc.getText('notes').insert(0, 'ab');
    Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc));
    b.doc.getText('notes').delete(0, 1);
    expect(() => checkUpdateComplete(new Y.Doc(), b.updates.at(-1)!)).toThrow(MalformedMessageError);
  });

  it('refuses bytes that are not a whole update', () => {
    const a = replica(1);
    a.doc.getMap('orders').set('SO1', 'x'.repeat(20));
    const update = a.updates[0]!;
    expect(() => checkUpdateComplete(new Y.Doc(), update.slice(0, update.length - 5))).toThrow(MalformedMessageError);
  });
});
