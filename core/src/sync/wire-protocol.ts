import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { SyncOrigin } from './origins.ts';

/**
 * The y-websocket wire protocol, written once for the provider, the relay and the test relay.
 * Every frame starts with a varuint message type:
 *   0 sync            y-protocols/sync: step 1 (a state vector), step 2 or update (a Yjs update)
 *   1 awareness       a y-protocols/awareness update
 *   2 auth            y-protocols/auth permission denied (relay → client), or Holdfast's token
 *                     (client → relay, the first message, so the token stays out of URLs)
 *   3 query-awareness ask the peer for all awareness states it knows
 * Each message has one pure encoder and one decoder ({@link encodeMessage} / {@link decodeMessage});
 * an unknown type throws.
 */
/** The subprotocol Holdfast's client offers and the relay selects. */
export const HOLDFAST_PROTOCOL = 'holdfast';
/**
 * The token offered as a second subprotocol, `holdfast-token.<jwt>` (a JWT is made of header token
 * characters), so it stays out of URLs and proxy logs. The relay never selects it, so never echoes it.
 */
export const TOKEN_PROTOCOL_PREFIX = 'holdfast-token.';

export const MessageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;
export type MessageTypeValue = (typeof MessageType)[keyof typeof MessageType];
/** Sync sub-messages, numbered as y-protocols/sync numbers them. */
export const SyncMessageType = { step1: 0, step2: 1, update: 2 } as const;
/** Auth sub-messages: 0 as y-protocols/auth numbers it; 1 is Holdfast's token message. */
export const AuthMessageType = { permissionDenied: 0, token: 1 } as const;

export type WireMessage =
  | { type: 'sync-step-1'; stateVector: Uint8Array }
  | { type: 'sync-step-2' | 'update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'permission-denied'; reason: string }
  | { type: 'token'; token: string }
  | { type: 'query-awareness' };

/** A frame that is not one whole, known message. The message never quotes the frame's content. */
export class MalformedMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedMessageError';
  }
}

/** An unknown message type; names the types the protocol allows. */
export class UnknownMessageTypeError extends MalformedMessageError {
  constructor(type: number) {
    super(
      `Unknown y-websocket message type ${type}; expected ${Object.entries(MessageType)
        .map(([k, v]) => `${v} (${k})`)
        .join(', ')}.`,
    );
    this.name = 'UnknownMessageTypeError';
  }
}

const readSync = (decoder: decoding.Decoder): WireMessage => {
  const syncType = decoding.readVarUint(decoder);
  const payload = decoding.readVarUint8Array(decoder);
  switch (syncType) {
    case SyncMessageType.step1:
      return { type: 'sync-step-1', stateVector: payload };
    case SyncMessageType.step2:
      return { type: 'sync-step-2', update: payload };
    case SyncMessageType.update:
      return { type: 'update', update: payload };
    default:
      throw new MalformedMessageError(`unknown sync message type ${syncType}; expected 0, 1 or 2`);
  }
};

const readAuth = (decoder: decoding.Decoder): WireMessage => {
  const authType = decoding.readVarUint(decoder);
  switch (authType) {
    case AuthMessageType.permissionDenied:
      return { type: 'permission-denied', reason: decoding.readVarString(decoder) };
    case AuthMessageType.token:
      return { type: 'token', token: decoding.readVarString(decoder) };
    default:
      throw new MalformedMessageError(`unknown auth message type ${authType}; expected 0 or 1`);
  }
};

/** Decodes one frame; throws {@link MalformedMessageError} for anything that is not one whole, known message. */
export function decodeMessage(frame: Uint8Array): WireMessage {
  let message: WireMessage;
  const decoder = decoding.createDecoder(frame);
  try {
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MessageType.sync:
        message = readSync(decoder);
        break;
      case MessageType.awareness:
        message = { type: 'awareness', update: decoding.readVarUint8Array(decoder) };
        break;
      case MessageType.auth:
        message = readAuth(decoder);
        break;
      case MessageType.queryAwareness:
        message = { type: 'query-awareness' };
        break;
      default:
        throw new UnknownMessageTypeError(type);
    }
  } catch (error) {
    if (error instanceof MalformedMessageError) throw error;
    throw new MalformedMessageError('truncated or undecodable message');
  }
  if (decoding.hasContent(decoder)) throw new MalformedMessageError('trailing bytes after the message');
  return message;
}

/** Encodes one message; the inverse of {@link decodeMessage}. */
export function encodeMessage(message: WireMessage): Uint8Array {
  const e = encoding.createEncoder();
  switch (message.type) {
    case 'sync-step-1':
    case 'sync-step-2':
    case 'update':
      encoding.writeVarUint(e, MessageType.sync);
      encoding.writeVarUint(
        e,
        message.type === 'sync-step-1'
          ? SyncMessageType.step1
          : message.type === 'sync-step-2'
            ? SyncMessageType.step2
            : SyncMessageType.update,
      );
      encoding.writeVarUint8Array(e, message.type === 'sync-step-1' ? message.stateVector : message.update);
      break;
    case 'awareness':
      encoding.writeVarUint(e, MessageType.awareness);
      encoding.writeVarUint8Array(e, message.update);
      break;
    case 'permission-denied':
      encoding.writeVarUint(e, MessageType.auth);
      encoding.writeVarUint(e, AuthMessageType.permissionDenied);
      encoding.writeVarString(e, message.reason);
      break;
    case 'token':
      encoding.writeVarUint(e, MessageType.auth);
      encoding.writeVarUint(e, AuthMessageType.token);
      encoding.writeVarString(e, message.token);
      break;
    case 'query-awareness':
      encoding.writeVarUint(e, MessageType.queryAwareness);
      break;
    default: {
      const unknown: never = message;
      throw new MalformedMessageError(`cannot encode message ${JSON.stringify(unknown)}`);
    }
  }
  return encoding.toUint8Array(e);
}

export const encodeSyncStep1 = (doc: Y.Doc): Uint8Array =>
  encodeMessage({ type: 'sync-step-1', stateVector: Y.encodeStateVector(doc) });
export const encodeSyncStep2 = (doc: Y.Doc, stateVector: Uint8Array): Uint8Array =>
  encodeMessage({ type: 'sync-step-2', update: Y.encodeStateAsUpdate(doc, stateVector) });
export const encodeSyncUpdate = (update: Uint8Array): Uint8Array => encodeMessage({ type: 'update', update });
export const encodeAwarenessFrame = (update: Uint8Array): Uint8Array => encodeMessage({ type: 'awareness', update });
export const encodeAwareness = (awareness: awarenessProtocol.Awareness, clients: readonly number[]): Uint8Array =>
  encodeAwarenessFrame(awarenessProtocol.encodeAwarenessUpdate(awareness, [...clients]));
export const encodeQueryAwareness = (): Uint8Array => encodeMessage({ type: 'query-awareness' });
/** Tells a client it may not write (y-websocket shows it through `permissionDeniedHandler`). */
export const encodePermissionDenied = (reason: string): Uint8Array =>
  encodeMessage({ type: 'permission-denied', reason });
export const encodeToken = (token: string): Uint8Array => encodeMessage({ type: 'token', token });

/** One client's entry in an awareness update. */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: Record<string, unknown> | null;
}

/** Decodes an awareness update; a state must be a JSON object or null. */
export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const entries: AwarenessEntry[] = [];
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state: unknown = JSON.parse(decoding.readVarString(decoder));
      if (state !== null && (typeof state !== 'object' || Array.isArray(state)))
        throw new MalformedMessageError('awareness state must be an object or null');
      entries.push({ clientId, clock, state: state as Record<string, unknown> | null });
    }
    if (decoding.hasContent(decoder)) throw new MalformedMessageError('trailing bytes after the awareness update');
  } catch (error) {
    if (error instanceof MalformedMessageError) throw error;
    throw new MalformedMessageError('undecodable awareness update');
  }
  return entries;
}

export function encodeAwarenessUpdate(entries: readonly AwarenessEntry[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(e, entry.clientId);
    encoding.writeVarUint(e, entry.clock);
    encoding.writeVarString(e, JSON.stringify(entry.state));
  }
  return encoding.toUint8Array(e);
}

/** A frame read by {@link readFrame}: what it was and the reply to send, if any. */
export type ReadFrameResult =
  | { type: 'sync'; step: 'step1' | 'step2' | 'update'; reply: Uint8Array | null }
  | { type: 'awareness' }
  | { type: 'auth'; permissionDenied: string }
  | { type: 'query-awareness'; reply: Uint8Array };

/**
 * A client reads one frame from the relay into `doc` / `awareness`, applying remote changes with
 * `origin`. Throws {@link MalformedMessageError} on a frame it cannot read or a relay should not send.
 */
export function readFrame(
  data: Uint8Array,
  doc: Y.Doc,
  awareness: awarenessProtocol.Awareness,
  origin: SyncOrigin,
): ReadFrameResult {
  const message = decodeMessage(data);
  switch (message.type) {
    case 'sync-step-1':
      return { type: 'sync', step: 'step1', reply: encodeSyncStep2(doc, message.stateVector) };
    case 'sync-step-2':
    case 'update':
      Y.applyUpdate(doc, message.update, origin);
      return { type: 'sync', step: message.type === 'update' ? 'update' : 'step2', reply: null };
    case 'awareness':
      awarenessProtocol.applyAwarenessUpdate(awareness, message.update, origin);
      return { type: 'awareness' };
    case 'permission-denied':
      return { type: 'auth', permissionDenied: message.reason };
    case 'query-awareness':
      return { type: 'query-awareness', reply: encodeAwareness(awareness, [...awareness.getStates().keys()]) };
    case 'token':
      throw new MalformedMessageError('a token message goes from a client to the relay, never back');
    default: {
      const unknown: never = message;
      throw new MalformedMessageError(`unhandled message ${JSON.stringify(unknown)}`);
    }
  }
}
