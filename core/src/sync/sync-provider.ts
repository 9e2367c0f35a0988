import { Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import { remoteOrigin, type SyncOrigin } from './origins.ts';
import type * as Y from 'yjs';
import { CloseCode, DO_NOT_RECONNECT } from './close-codes.ts';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';
import { presenceSchema, type Presence } from './presence.ts';
import { frameBytes, WS_OPEN, type WebSocketConstructorLike, type WebSocketLike } from './websocket-like.ts';
import {
  encodeAwareness,
  encodeQueryAwareness,
  encodeSyncStep1,
  encodeSyncUpdate,
  HOLDFAST_PROTOCOL,
  readFrame,
  TOKEN_PROTOCOL_PREFIX,
} from './wire-protocol.ts';

export type SyncStatus = 'offline' | 'connecting' | 'synced' | 'unauthorized' | 'revoked' | 'read-only';

export interface SyncProviderOptions {
  /** The relay's base URL, for example `wss://relay.example.com/sync`. */
  url: string;
  docName: string;
  doc: Y.Doc;
  token: string;
  WebSocket: WebSocketConstructorLike;
  awareness?: Awareness;
  /** Presence announced once connected; `setViewing` changes what it is viewing. */
  user?: Presence['user'];
  onStatus: (status: SyncStatus) => void;
  /** Called with the doc name when the relay closes with 4410: delete the local copy. */
  onRevoked: (docName: string) => void;
  /** A frame that could not be read; the connection is closed and retried. */
  onError?: (error: unknown) => void;
  random: () => number;
  setTimeout: (callback: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  backoff?: BackoffOptions;
  /**
   * Send a small frame this often while connected (a query-awareness, which the relay answers).
   * An MV3 extension's service worker stays alive only while its WebSocket carries messages; Chrome
   * asks for one at least every 30 s, so the extension passes 20 s. Off when absent.
   */
  keepAliveMs?: number;
}

export interface SyncProvider {
  readonly status: SyncStatus;
  readonly awareness: Awareness;
  /** The origin of every transaction that applies a change received from the relay. */
  readonly origin: SyncOrigin;
  setViewing(salesOrderNumber: string | null): void;
  /** While offline and waiting to retry: retries now ("Retry now"); otherwise does nothing. */
  reconnectNow(): void;
  /** Closes the socket and stops reconnecting; local presence is withdrawn. */
  destroy(): void;
}

/** The document's URL on the relay. The token is not in it: it travels as a subprotocol ({@link syncProtocols}). */
export const syncUrl = (url: string, docName: string): string => `${url.replace(/\/+$/, '')}/${docName}`;
/** Offered on connect: the relay selects `holdfast` and reads the token from the second entry. */
export const syncProtocols = (token: string): string[] => [HOLDFAST_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`];

/**
 * A y-websocket-compatible client for one document. Sends sync step 1 on open, local updates as
 * they happen, and reconnects with capped exponential backoff and full jitter — except after a
 * close code in DO_NOT_RECONNECT. Changes received are applied with the provider as origin and
 * never sent back.
 */
export function createSyncProvider(options: SyncProviderOptions): SyncProvider {
  const { doc, docName, onStatus } = options;
  const awareness = options.awareness ?? new Awareness(doc);
  const origin = remoteOrigin(docName);
  let socket: WebSocketLike | null = null;
  let status: SyncStatus = 'offline';
  let attempt = 0;
  let timer: unknown = null;
  let stopped = false;
  let destroyed = false;
  let keepAlive: unknown = null;
  let readOnly = false;

  const setStatus = (next: SyncStatus): void => {
    if (next === status) return;
    status = next;
    onStatus(next);
  };
  const send = (frame: Uint8Array): void => {
    if (socket && socket.readyState === WS_OPEN) socket.send(frame);
  };
  if (options.user) awareness.setLocalState({ user: options.user, viewing: null } satisfies Presence);

  const onDocUpdate = (update: Uint8Array, updateOrigin: unknown): void => {
    if (updateOrigin !== origin && !readOnly) send(encodeSyncUpdate(update));
  };
  const onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    updateOrigin: unknown,
  ): void => {
    if (updateOrigin !== origin) send(encodeAwareness(awareness, [...added, ...updated, ...removed]));
  };
  doc.on('update', onDocUpdate);
  awareness.on('update', onAwarenessUpdate);

  const dropRemotePresence = (): void => {
    const others = [...awareness.getStates().keys()].filter((id) => id !== doc.clientID);
    if (others.length > 0) removeAwarenessStates(awareness, others, origin);
  };

  const stopKeepAlive = (): void => {
    if (keepAlive !== null) options.clearTimeout(keepAlive);
    keepAlive = null;
  };
  const scheduleKeepAlive = (ws: WebSocketLike): void => {
    if (!options.keepAliveMs) return;
    keepAlive = options.setTimeout(() => {
      if (socket !== ws) return;
      send(encodeQueryAwareness());
      scheduleKeepAlive(ws);
    }, options.keepAliveMs);
  };

  const connect = (): void => {
    timer = null;
    if (stopped) return;
    setStatus('connecting');
    readOnly = false;
    const ws = new options.WebSocket(syncUrl(options.url, docName), syncProtocols(options.token));
    ws.binaryType = 'arraybuffer';
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      send(encodeSyncStep1(doc));
      if (awareness.getLocalState() !== null) send(encodeAwareness(awareness, [doc.clientID]));
      send(encodeQueryAwareness());
      scheduleKeepAlive(ws);
    };
    ws.onmessage = (event) => {
      if (socket !== ws) return;
      try {
        const result = readFrame(frameBytes(event.data), doc, awareness, origin);
        if ((result.type === 'sync' || result.type === 'query-awareness') && result.reply) send(result.reply);
        if (result.type === 'sync' && result.step === 'step2') {
          attempt = 0;
          setStatus(readOnly ? 'read-only' : 'synced');
        }
        if (result.type === 'auth') {
          readOnly = true;
          setStatus('read-only');
        }
      } catch (error) {
        options.onError?.(error);
        ws.close(CloseCode.malformedMessage, 'unreadable frame');
      }
    };
    ws.onerror = () => undefined; // a close event always follows
    ws.onclose = (event) => {
      if (socket !== ws) return;
      socket = null;
      stopKeepAlive();
      dropRemotePresence();
      if (stopped) return;
      if (DO_NOT_RECONNECT.has(event.code)) {
        stopped = true;
        if (event.code === CloseCode.accessRevoked) {
          setStatus('revoked');
          options.onRevoked(docName);
        } else setStatus('unauthorized');
        return;
      }
      setStatus('offline');
      timer = options.setTimeout(connect, backoffDelay(attempt++, options.random, options.backoff ?? DEFAULT_BACKOFF));
    };
  };
  connect();

  return {
    get status() {
      return status;
    },
    awareness,
    origin,
    setViewing(salesOrderNumber) {
      const current = presenceSchema.safeParse(awareness.getLocalState());
      if (!current.success) throw new Error('setViewing needs a presence: pass `user` to createSyncProvider.');
      awareness.setLocalState({ ...current.data, viewing: salesOrderNumber } satisfies Presence);
    },
    reconnectNow() {
      if (stopped || socket !== null || timer === null) return;
      options.clearTimeout(timer);
      timer = null;
      attempt = 0;
      connect();
    },
    destroy() {
      // A revoked provider has stopped already but still holds its listeners: release them once.
      if (destroyed) return;
      destroyed = true;
      stopped = true;
      if (timer !== null) options.clearTimeout(timer);
      timer = null;
      stopKeepAlive();
      awareness.setLocalState(null);
      doc.off('update', onDocUpdate);
      awareness.off('update', onAwarenessUpdate);
      const ws = socket;
      socket = null;
      ws?.close(1000, 'closed by the client');
      dropRemotePresence();
      if (!options.awareness) awareness.destroy();
      setStatus('offline');
    },
  };
}
