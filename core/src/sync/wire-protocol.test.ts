import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
  decodeAwarenessUpdate,
  decodeMessage,
  encodeAwarenessFrame,
  encodeAwarenessUpdate,
  encodeMessage,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncUpdate,
  encodeToken,
  MalformedMessageError,
  readFrame,
  UnknownMessageTypeError,
  type WireMessage,
} from './wire-protocol.ts';
import { LOCAL_EDIT } from './origins.ts';

describe('the y-websocket wire protocol', () => {
  it('refuses an unknown message type and lists the allowed ones', () => {
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    expect(() => readFrame(new Uint8Array([7]), doc, awareness, LOCAL_EDIT)).toThrow(UnknownMessageTypeError);
    expect(() => readFrame(new Uint8Array([7]), doc, awareness, LOCAL_EDIT)).toThrow(
      /0 \(sync\), 1 \(awareness\), 2 \(auth\), 3 \(queryAwareness\)/,
    );
    awareness.destroy();
  });

  it('answers sync step 1 with step 2 carrying what the peer lacks', () => {
    const server = new Y.Doc();
    server.getMap('orders').set('SO-1', 'x');
    const client = new Y.Doc();
    const awareness = new Awareness(server);
    const result = readFrame(encodeSyncStep1(client), server, awareness, LOCAL_EDIT);
    expect(result).toMatchObject({ type: 'sync', step: 'step1' });
    const clientAwareness = new Awareness(client);
    const applied = readFrame((result as { reply: Uint8Array }).reply, client, clientAwareness, LOCAL_EDIT);
    expect(applied).toMatchObject({ type: 'sync', step: 'step2', reply: null });
    expect(client.getMap('orders').get('SO-1')).toBe('x');
    awareness.destroy();
    clientAwareness.destroy();
  });

  it('reads a permission-denied auth message with its reason', () => {
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    expect(readFrame(encodePermissionDenied('read-only role'), doc, awareness, LOCAL_EDIT)).toEqual({
      type: 'auth',
      permissionDenied: 'read-only role',
    });
    awareness.destroy();
  });

  it('decodes what it encodes, message by message', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'hello');
    const update = Y.encodeStateAsUpdate(doc);
    const messages: WireMessage[] = [
      { type: 'sync-step-1', stateVector: Y.encodeStateVector(doc) },
      { type: 'sync-step-2', update },
      { type: 'update', update },
      { type: 'awareness', update: new Uint8Array([0]) },
      { type: 'permission-denied', reason: 'read-only' },
      { type: 'token', token: 'a.b.c' },
      { type: 'query-awareness' },
    ];
    for (const message of messages) expect(decodeMessage(encodeMessage(message))).toEqual(message);
    expect(decodeMessage(encodeSyncStep1(doc)).type).toBe('sync-step-1');
    expect(decodeMessage(encodeSyncUpdate(update))).toEqual({ type: 'update', update });
    expect(decodeMessage(encodeToken('t'))).toEqual({ type: 'token', token: 't' });
  });

  it('round-trips awareness entries', () => {
    const entries = [
      { clientId: 7, clock: 2, state: { viewing: '104000037' } },
      { clientId: 9, clock: 1, state: null },
    ];
    const update = encodeAwarenessUpdate(entries);
    expect(decodeAwarenessUpdate(update)).toEqual(entries);
    expect(decodeMessage(encodeAwarenessFrame(update))).toEqual({ type: 'awareness', update });
  });

  it('rejects unknown types, truncation and trailing bytes as malformed', () => {
    expect(() => decodeMessage(new Uint8Array([9]))).toThrow(/message type 9/);
    expect(() => decodeMessage(new Uint8Array([0, 7, 0]))).toThrow(/unknown sync message type 7/);
    expect(() => decodeMessage(new Uint8Array([2, 5, 0]))).toThrow(/unknown auth message type 5/);
    expect(() => decodeMessage(new Uint8Array([0, 2, 10, 1]))).toThrow(MalformedMessageError);
    expect(() => decodeMessage(new Uint8Array([3, 3]))).toThrow(/trailing bytes/);
  });

  it('any byte string either decodes or throws MalformedMessageError, never anything else (seed 5)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          decodeMessage(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(MalformedMessageError);
        }
      }),
      { seed: 5, numRuns: 2000 },
    );
  });
});
