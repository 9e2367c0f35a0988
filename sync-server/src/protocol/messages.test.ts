import fc from 'fast-check';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  decodeAwarenessUpdate,
  decodeMessage,
  encodeAwareness,
  encodeAwarenessUpdate,
  encodeSyncStep1,
  encodeUpdate,
  MalformedMessageError,
} from './messages.ts';

describe('relay wire messages', () => {
  it('decodes what y-protocols encodes', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'hello');
    expect(decodeMessage(encodeSyncStep1(doc)).type).toBe('sync-step-1');
    const update = Y.encodeStateAsUpdate(doc);
    expect(decodeMessage(encodeUpdate(update))).toEqual({ type: 'update', update });
  });

  it('round-trips awareness entries', () => {
    const entries = [
      { clientId: 7, clock: 2, state: { viewing: '104000037' } },
      { clientId: 9, clock: 1, state: null },
    ];
    const update = encodeAwarenessUpdate(entries);
    expect(decodeAwarenessUpdate(update)).toEqual(entries);
    expect(decodeMessage(encodeAwareness(update))).toEqual({ type: 'awareness', update });
  });

  it('rejects unknown types, truncation and trailing bytes as malformed', () => {
    expect(() => decodeMessage(new Uint8Array([9]))).toThrow(/unknown message type 9/);
    expect(() => decodeMessage(new Uint8Array([0, 7, 0]))).toThrow(/unknown sync message type 7/);
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
