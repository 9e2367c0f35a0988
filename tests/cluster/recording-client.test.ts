// The checker the fault tests rely on must catch what it claims to: an update a client saw that
// the database lacks (created or deleted), and a client that differs from the database.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkAgainstStored, missingFrom, type RecordingClient } from './support/recording-client.ts';

const docWith = (...keys: string[]) => {
  const doc = new Y.Doc();
  for (const key of keys) doc.getMap('orders').set(key, key);
  return doc;
};
const recorded = (name: string, doc: Y.Doc, received: Uint8Array[]): RecordingClient => ({
  name,
  docName: 'd',
  doc,
  received,
  current: () => {
    throw new Error('not connected');
  },
  moveTo: async () => undefined,
  isOpen: () => false,
  close: () => undefined,
});

describe('the lost-update checker', () => {
  it('finds nothing missing when the stored document holds every update, and the client equal', () => {
    const writer = docWith('a', 'b');
    const stored = new Y.Doc();
    Y.applyUpdate(stored, Y.encodeStateAsUpdate(writer));
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(writer));
    expect(checkAgainstStored(stored, [recorded('c', client, [Y.encodeStateAsUpdate(writer)])])).toEqual({
      lost: [],
      unequal: [],
    });
  });

  it('reports an update a client saw that is not stored, and the client as unequal', () => {
    const writer = docWith('a');
    const stored = new Y.Doc();
    Y.applyUpdate(stored, Y.encodeStateAsUpdate(writer));
    const before = Y.encodeStateVector(writer);
    writer.getMap('orders').set('b', 'b');
    const seen = Y.encodeStateAsUpdate(writer, before);
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(writer));
    const verdict = checkAgainstStored(stored, [recorded('c', client, [seen])]);
    expect(verdict.lost).toEqual([`c: ${writer.clientID}:1`]);
    expect(verdict.unequal).toHaveLength(1);
  });

  it('reports a deletion a client saw that is not stored', () => {
    const writer = docWith('a');
    const stored = new Y.Doc();
    Y.applyUpdate(stored, Y.encodeStateAsUpdate(writer));
    const before = Y.encodeStateVector(writer);
    writer.getMap('orders').delete('a');
    const deletion = Y.encodeStateAsUpdate(writer, before);
    expect(missingFrom(stored, deletion)).toEqual([`deleted ${writer.clientID}:0`]);
    Y.applyUpdate(stored, deletion);
    expect(missingFrom(stored, deletion)).toEqual([]);
  });
});
