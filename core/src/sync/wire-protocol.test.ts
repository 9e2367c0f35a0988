import { describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { encodePermissionDenied, encodeSyncStep1, readFrame, UnknownMessageTypeError } from './wire-protocol.ts';

describe('the y-websocket wire protocol', () => {
  it('refuses an unknown message type and lists the allowed ones', () => {
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    expect(() => readFrame(new Uint8Array([7]), doc, awareness, 'test')).toThrow(UnknownMessageTypeError);
    expect(() => readFrame(new Uint8Array([7]), doc, awareness, 'test')).toThrow(
      /0 \(sync\), 1 \(awareness\), 2 \(auth\), 3 \(queryAwareness\)/,
    );
    awareness.destroy();
  });

  it('answers sync step 1 with step 2 carrying what the peer lacks', () => {
    const server = new Y.Doc();
    server.getMap('orders').set('SO-1', 'x');
    const client = new Y.Doc();
    const awareness = new Awareness(server);
    const result = readFrame(encodeSyncStep1(client), server, awareness, 'test');
    expect(result).toMatchObject({ type: 'sync', step: 'step1' });
    const clientAwareness = new Awareness(client);
    const applied = readFrame((result as { reply: Uint8Array }).reply, client, clientAwareness, 'relay');
    expect(applied).toMatchObject({ type: 'sync', step: 'step2', reply: null });
    expect(client.getMap('orders').get('SO-1')).toBe('x');
    awareness.destroy();
    clientAwareness.destroy();
  });

  it('reads a permission-denied auth message with its reason', () => {
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    expect(readFrame(encodePermissionDenied('read-only role'), doc, awareness, 'relay')).toEqual({
      type: 'auth',
      permissionDenied: 'read-only role',
    });
    awareness.destroy();
  });
});
