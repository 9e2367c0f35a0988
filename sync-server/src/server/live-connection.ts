import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { Logger } from 'pino';
import {
  CloseCode,
  decodeMessage,
  parseDocName,
  type DocAccess,
  type DocAddress,
  type WireMessage,
} from '@holdfast/core/protocol';
import type { RelayConnection, RelayDocument } from '@holdfast/core/relay';
import type { KeyRing } from '../auth/signing-keys.ts';
import { TokenReason, verifyToken } from '../auth/tokens.ts';
import type { RelayConfig } from '../config.ts';
import type { DirectoryReader } from '../directory/directory-view.ts';
import type { DocumentRegistry } from '../documents/document-registry.ts';
import { waitForToken } from './first-message-token.ts';
import type { MemberBudgets } from './member-budgets.ts';
import type { RelayMetrics } from './metrics.ts';

export interface LiveConnection extends RelayConnection {
  address: DocAddress;
  document: RelayDocument | null;
  tokenId: string;
}

/** What accepting a connection needs from the relay around it. */
export interface AcceptContext {
  config: RelayConfig;
  keys: KeyRing;
  directory: DirectoryReader;
  registry: DocumentRegistry;
  metrics: RelayMetrics;
  budgets: MemberBudgets;
  log: Logger;
  live: Set<LiveConnection>;
  accessOf(memberId: string, address: DocAddress): DocAccess;
  close(socket: WebSocket, code: number, reason: string): void;
  /** Counts sockets waiting for their token (the relay bounds them). */
  waitingForToken(delta: 1 | -1): void;
  nextId(): number;
}

/** The most a WebSocket frame header adds to a payload (server frames are not masked). */
const FRAME_HEADER_BYTES = 10;

/** setTimeout cannot wait longer than this; a longer wait is taken in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * One socket's life: authenticate (token, member, document name, role, per-member limit), load
 * the document (the socket waits; a failed load closes only it), then handle its messages in the
 * order they came — a client update that is being stored holds back the messages after it, so a
 * refused update is never followed by anything its sender sent next.
 */
export async function acceptConnection(
  context: AcceptContext,
  socket: WebSocket,
  docName: string,
  tokenFromRequest: string | null,
  /** The TCP stream under `socket`: frames sent to it in one turn leave in one write. */
  stream?: Pick<Duplex, 'cork' | 'uncork'>,
): Promise<void> {
  const { config, directory, metrics, budgets, log } = context;
  const close = (code: number, reason: string) => context.close(socket, code, reason);
  const wait = waitForToken(socket, tokenFromRequest, {
    maxPending: config.maxPendingBeforeAuth,
    timeoutMs: config.authTimeoutMs,
  });
  context.waitingForToken(1);
  let checked;
  try {
    checked = await verifyToken(context.keys, await wait.token, directory.isTokenRevoked);
  } finally {
    context.waitingForToken(-1);
    wait.stop(); // from here on messages wait in `queued` until the document is open
  }
  if (socket.readyState !== socket.OPEN) return;
  if (wait.overflowed()) return close(CloseCode.rateLimited, 'too many messages before authentication');
  if (!checked.ok) return close(CloseCode.unauthorized, checked.reason);
  const member = directory.member(checked.memberId);
  if (!member) return close(CloseCode.unauthorized, 'the token names a member this relay does not know');
  const address = parseDocName(docName);
  if (!address) return close(CloseCode.unknownDocument, 'not a Holdfast document name in canonical form');
  const access = context.accessOf(member.id, address);
  if (access === 'none') return close(CloseCode.forbidden, 'your roles do not allow this document');
  if (budgets.sockets(member.id) >= config.maxConnectionsPerMember) {
    return close(CloseCode.rateLimited, `at most ${config.maxConnectionsPerMember} connections per member`);
  }

  // A group commit broadcasts many updates in one turn: corked until the turn ends, the frames
  // for this socket go out in one system call instead of one each.
  let corked = false;
  const uncork = () => {
    corked = false;
    stream?.uncork();
  };
  const transmit = (frame: Uint8Array) => {
    if (socket.readyState !== socket.OPEN) return;
    if (stream && !corked) {
      corked = true;
      stream.cork();
      process.nextTick(uncork);
    }
    // A client that does not read must not make the relay hold its backlog: bound the bytes queued.
    if (socket.bufferedAmount + frame.byteLength + FRAME_HEADER_BYTES > config.maxQueuedBytesPerSocket) {
      close(CloseCode.sendQueueFull, 'too much waiting to be sent: the client does not read');
      setTimeout(() => socket.terminate(), 1000).unref();
      return;
    }
    socket.send(frame);
    metrics.observeQueued(socket.bufferedAmount);
  };
  const connection: LiveConnection = {
    id: context.nextId(),
    member: { id: member.id, name: member.name },
    access,
    awarenessClients: new Set(),
    address,
    document: null,
    tokenId: checked.tokenId,
    send(frame) {
      metrics.messagesOut.inc();
      metrics.bytesOut.inc(frame.byteLength);
      transmit(frame);
    },
    reply(frame) {
      if (!budgets.reply(member.id, frame.byteLength))
        return close(CloseCode.rateLimited, 'over the bytes per second budget of this member');
      connection.send(frame);
    },
    close,
  };

  // Messages that arrive while the document loads or an update is stored wait here, in order.
  const queued: Uint8Array[] = [...wait.pending];
  let busy = true;
  let closed = false;
  socket.on('message', (data: Buffer) => {
    queued.push(new Uint8Array(data));
    if (!busy) drain();
  });
  let expiry: NodeJS.Timeout | undefined;
  budgets.join(member.id);
  socket.on('close', () => {
    closed = true;
    queued.length = 0;
    clearTimeout(expiry);
    budgets.leave(member.id);
    if (!context.live.delete(connection)) return;
    metrics.connections.set(context.live.size);
    if (connection.document) context.registry.release(connection.document, connection);
    connection.document = null;
  });

  try {
    const document = await context.registry.open(docName, connection);
    if (closed) return context.registry.release(document, connection);
    connection.document = document;
  } catch (error) {
    log.error({ err: error, docName }, 'loading a document failed');
    return close(CloseCode.storageFailure, 'the relay could not load the document; reconnect later');
  }
  context.live.add(connection);
  metrics.connections.set(context.live.size);
  log.info({ member: member.id, docName, access }, 'connected');

  // A token is good until it expires, not only when the socket opened.
  const watchExpiry = () => {
    const left = checked.expiresAt - Date.now();
    if (left <= 0) return close(CloseCode.unauthorized, TokenReason.expired);
    expiry = setTimeout(watchExpiry, Math.min(left, MAX_TIMER_MS));
    expiry.unref();
  };
  watchExpiry();

  /**
   * Handles one frame; returns the promise of a client update being stored, if any. What the
   * document will not take (a malformed frame too) refuses the connection through the document,
   * which tells it why and closes it (core's relay-logic/refusal.ts).
   */
  const handle = (frame: Uint8Array): Promise<void> | void => {
    const document = connection.document;
    if (!document || socket.readyState !== socket.OPEN) return;
    metrics.bytesIn.inc(frame.byteLength);
    if (!budgets.message(member.id, frame.byteLength))
      return close(CloseCode.rateLimited, 'over the messages or bytes per second budget of this member');
    let message: WireMessage;
    try {
      message = decodeMessage(frame);
    } catch (error) {
      return document.refuse(connection, error);
    }
    metrics.messagesIn.inc({ type: message.type });
    return document.receive(connection, message);
  };

  function drain(): void {
    busy = false;
    while (queued.length && !closed) {
      const pending = handle(queued.shift()!);
      if (pending) {
        busy = true;
        void pending.then(drain);
        return;
      }
    }
  }
  drain();
}
