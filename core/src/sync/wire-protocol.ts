import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';

/**
 * The y-websocket wire protocol: every frame starts with a varuint message type.
 *   0 sync            y-protocols/sync step 1, step 2 or update
 *   1 awareness       y-protocols/awareness update
 *   2 auth            y-protocols/auth (permission denied, with a reason)
 *   3 query-awareness ask the peer for all awareness states it knows
 */
export const MessageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;
export type MessageTypeValue = (typeof MessageType)[keyof typeof MessageType];

const frame = (type: MessageTypeValue, write: (encoder: encoding.Encoder) => void): Uint8Array => {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
};

export const encodeSyncStep1 = (doc: Y.Doc): Uint8Array =>
  frame(MessageType.sync, (e) => syncProtocol.writeSyncStep1(e, doc));
export const encodeSyncUpdate = (update: Uint8Array): Uint8Array =>
  frame(MessageType.sync, (e) => syncProtocol.writeUpdate(e, update));
export const encodeAwareness = (awareness: awarenessProtocol.Awareness, clients: readonly number[]): Uint8Array =>
  frame(MessageType.awareness, (e) =>
    encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, [...clients])),
  );
export const encodeQueryAwareness = (): Uint8Array => frame(MessageType.queryAwareness, () => undefined);
export const encodePermissionDenied = (reason: string): Uint8Array =>
  frame(MessageType.auth, (e) => authProtocol.writePermissionDenied(e, reason));

/** A frame read by {@link readFrame}: what it was and the reply to send, if any. */
export type ReadFrameResult =
  | { type: 'sync'; step: 'step1' | 'step2' | 'update'; reply: Uint8Array | null }
  | { type: 'awareness' }
  | { type: 'auth'; permissionDenied: string }
  | { type: 'query-awareness'; reply: Uint8Array };

const SYNC_STEPS = {
  [syncProtocol.messageYjsSyncStep1]: 'step1',
  [syncProtocol.messageYjsSyncStep2]: 'step2',
  [syncProtocol.messageYjsUpdate]: 'update',
} as const;

/** An unknown message type; names the types the protocol allows. */
export class UnknownMessageTypeError extends Error {
  constructor(type: number) {
    super(
      `Unknown y-websocket message type ${type}; expected ${Object.entries(MessageType)
        .map(([k, v]) => `${v} (${k})`)
        .join(', ')}.`,
    );
    this.name = 'UnknownMessageTypeError';
  }
}

/**
 * Reads one frame into `doc` / `awareness`, applying remote changes with `origin`.
 * Throws {@link UnknownMessageTypeError} on a type it does not know.
 */
export function readFrame(
  data: Uint8Array,
  doc: Y.Doc,
  awareness: awarenessProtocol.Awareness,
  origin: unknown,
): ReadFrameResult {
  const decoder = decoding.createDecoder(data);
  const type = decoding.readVarUint(decoder);
  switch (type) {
    case MessageType.sync: {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.sync);
      const step = syncProtocol.readSyncMessage(decoder, encoder, doc, origin) as keyof typeof SYNC_STEPS;
      return {
        type: 'sync',
        step: SYNC_STEPS[step],
        reply: encoding.length(encoder) > 1 ? encoding.toUint8Array(encoder) : null,
      };
    }
    case MessageType.awareness:
      awarenessProtocol.applyAwarenessUpdate(awareness, decoding.readVarUint8Array(decoder), origin);
      return { type: 'awareness' };
    case MessageType.auth: {
      let reason = 'unknown auth message';
      authProtocol.readAuthMessage(decoder, doc, (_doc, denied) => (reason = denied));
      return { type: 'auth', permissionDenied: reason };
    }
    case MessageType.queryAwareness:
      return { type: 'query-awareness', reply: encodeAwareness(awareness, [...awareness.getStates().keys()]) };
    default:
      throw new UnknownMessageTypeError(type);
  }
}
