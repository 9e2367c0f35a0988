// A minimal y-protocols client over `ws`, so tests see exactly what the relay sends and closes with.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { encodeToken } from '@holdfast/core/protocol';
import { pollUntil } from '../../support/poll-until.ts';

export interface TestClient {
  doc: Y.Doc;
  awareness: awarenessProtocol.Awareness;
  socket: WebSocket;
  /** Resolves with the close code and reason the relay sent. */
  closed: Promise<{ code: number; reason: string }>;
  /** Resolves once the relay answered our sync step 1. */
  synced: Promise<void>;
  permissionDenied: string[];
  /**
   * Sends a sync step 1 and resolves when the relay answers it: the relay has then handled every
   * message this client sent before, and sent this socket everything it queued for it before.
   */
  roundTrip(): Promise<void>;
  sendRaw(bytes: Uint8Array): void;
  close(): void;
}

const REMOTE = Symbol('remote');

/** Where the client puts its token: the query string (stock y-websocket), a subprotocol or the first message. */
export type TokenVia = 'query' | 'protocol' | 'message';

export function connectClient(
  url: string,
  docName: string,
  token: string | null,
  doc = new Y.Doc(),
  via: TokenVia = 'query',
): TestClient {
  const query = token !== null && via === 'query' ? `?token=${encodeURIComponent(token)}` : '';
  const protocols = token !== null && via === 'protocol' ? ['holdfast', `holdfast-token.${token}`] : undefined;
  const socket = new WebSocket(`${url}/${docName}${query}`, protocols);
  socket.binaryType = 'arraybuffer';
  const awareness = new awarenessProtocol.Awareness(doc);
  const permissionDenied: string[] = [];
  let markSynced!: () => void;
  const synced = new Promise<void>((resolve) => (markSynced = resolve));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const send = (bytes: Uint8Array) => {
    if (socket.readyState === WebSocket.OPEN) socket.send(bytes);
  };
  const sendSyncStep1 = () => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    syncProtocol.writeSyncStep1(encoder, doc);
    send(encoding.toUint8Array(encoder));
  };
  // Each answered sync step 1 after the first resolves the oldest round trip waiting.
  const roundTrips: (() => void)[] = [];
  let answered = 0;

  socket.on('open', () => {
    if (token !== null && via === 'message') send(encodeToken(token));
    sendSyncStep1();
  });
  socket.on('message', (data: ArrayBuffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    const type = decoding.readVarUint(decoder);
    if (type === 0) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      const syncType = syncProtocol.readSyncMessage(decoder, encoder, doc, REMOTE);
      if (encoding.length(encoder) > 1) send(encoding.toUint8Array(encoder));
      if (syncType === syncProtocol.messageYjsSyncStep2 && answered++ === 0) markSynced();
      else if (syncType === syncProtocol.messageYjsSyncStep2) roundTrips.shift()?.();
    } else if (type === 1) {
      awarenessProtocol.applyAwarenessUpdate(awareness, decoding.readVarUint8Array(decoder), REMOTE);
    } else if (type === 2) {
      authProtocol.readAuthMessage(decoder, doc, (_doc, reason) => permissionDenied.push(reason));
    }
  });
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === REMOTE) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    syncProtocol.writeUpdate(encoder, update);
    send(encoding.toUint8Array(encoder));
  });
  awareness.on(
    'update',
    ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      if (origin === REMOTE) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 1);
      encoding.writeVarUint8Array(
        encoder,
        awarenessProtocol.encodeAwarenessUpdate(awareness, [...added, ...updated, ...removed]),
      );
      send(encoding.toUint8Array(encoder));
    },
  );
  const roundTrip = async () => {
    await synced;
    const answer = new Promise<void>((resolve) => roundTrips.push(resolve));
    sendSyncStep1();
    await answer;
  };
  return {
    doc,
    awareness,
    socket,
    closed,
    synced,
    permissionDenied,
    roundTrip,
    sendRaw: send,
    close: () => socket.close(),
  };
}

/** Polls every 10 ms until `check` holds, or fails after `ms` with `what`. Waits on events, never asserts on time. */
export function eventually(what: string, check: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  return pollUntil(what, check, { everyMs: 10, timeoutMs: ms });
}
