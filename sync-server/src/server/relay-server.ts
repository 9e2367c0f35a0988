import { createServer, STATUS_CODES, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from 'pino';
import {
  CloseCode,
  closeReason,
  encodePermissionDenied,
  decodeMessage,
  HOLDFAST_PROTOCOL,
  MalformedMessageError,
  parseDocName,
  type DocAddress,
} from '@holdfast/core';
import type { KeyRing } from '../auth/signing-keys.ts';
import { TokenReason, verifyToken } from '../auth/tokens.ts';
import type { RelayConfig } from '../config.ts';
import type { TeamDirectory } from '../directory/team-directory.ts';
import { createDocumentRegistry } from '../documents/document-registry.ts';
import { type BeforeUpdateHook, type RelayConnection, type RelayDocument } from '../documents/relay-document.ts';
import type { DocumentStore } from '../persistence/document-store.ts';
import { createHttpRoutes } from './http-routes.ts';
import { createRelayMetrics, type RelayMetrics } from './metrics.ts';
import { createAccessPolicy } from './access-policy.ts';
import { waitForToken } from './first-message-token.ts';
import { createMemberBudgets } from './member-budgets.ts';
import { parseRequestTarget } from './request-target.ts';
import { createMemoryClientBindings, type ClientBindings } from '../validation/client-bindings.ts';
import { createWriteValidator } from '../validation/validate-writes.ts';
import { RefusedUpdateError, writeValidationHook } from '../validation/validation-hook.ts';

export interface RelayServer {
  readonly port: number;
  readonly metrics: RelayMetrics;
  /** Closes every socket with 1001, compacts and frees every document, stops listening. */
  close(): Promise<void>;
}

export interface RelayServerOptions {
  config: RelayConfig;
  store: DocumentStore;
  directory: TeamDirectory;
  keys: KeyRing;
  log: Logger;
  /**
   * Checks run on every client update after the relay's completeness check and before the update
   * is applied, stored or broadcast; a throw refuses it whole. Content validation plugs in here.
   */
  beforeUpdate?: readonly BeforeUpdateHook[];
  /** Who each Yjs client id belongs to, per document (durable in the relay's database); in memory if absent. */
  bindings?: ClientBindings;
}

interface LiveConnection extends RelayConnection {
  address: DocAddress;
  document: RelayDocument | null;
  tokenId: string;
}

/** Answers a request over HTTP before any upgrade, and ends the socket. */
function refuse(duplex: Duplex, status: 400 | 503, reason: string): void {
  const body = `${reason}\n`;
  duplex.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** A start-up failure the operator fixes; main prints its message as one line. */
export class StartupError extends Error {}

/** The most a WebSocket frame header adds to a payload (server frames are not masked). */
const FRAME_HEADER_BYTES = 10;

/** setTimeout cannot wait longer than this; a longer wait is taken in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export async function startRelayServer(options: RelayServerOptions): Promise<RelayServer> {
  const { config, store, directory, keys, log } = options;
  const live = new Set<LiveConnection>();
  const sockets = new Set<WebSocket>();
  const metrics = createRelayMetrics(() => [...sockets].map((socket) => socket.bufferedAmount));
  const budgets = createMemberBudgets({
    messagesPerSecond: config.rateLimitPerSecond,
    messagesBurst: config.rateLimitBurst,
    bytesPerSecond: config.bytesPerSecond,
    bytesBurst: config.bytesBurst,
  });
  let unauthenticated = 0;
  let nextId = 1;

  const { accessOf, writeServerDoc } = createAccessPolicy(directory);

  const registry = createDocumentRegistry({
    store,
    metrics,
    compactEveryUpdates: config.compactEveryUpdates,
    idleUnloadMs: config.idleUnloadMs,
    // The relay is the authority on what clients write: validation runs before anything is stored.
    beforeUpdate: [
      ...(config.validateWrites === 'on'
        ? [
            writeValidationHook(
              createWriteValidator({ directory, bindings: options.bindings ?? createMemoryClientBindings() }),
            ),
          ]
        : []),
      ...(options.beforeUpdate ?? []),
    ],
    onLoad: writeServerDoc,
    onError: (message, error) => log.error({ err: error }, message),
  });

  /** Close reasons are the relay's own fixed sentences: never the client's input. */
  const close = (socket: WebSocket, code: number, reason: string) => {
    if (socket.readyState === socket.CLOSING || socket.readyState === socket.CLOSED) return;
    metrics.closes.inc({ code: String(code) });
    log.info({ code, reason }, 'closing connection');
    socket.close(code, closeReason(reason));
  };

  async function accept(socket: WebSocket, docName: string, tokenFromRequest: string | null) {
    const wait = waitForToken(socket, tokenFromRequest, {
      maxPending: config.maxPendingBeforeAuth,
      timeoutMs: config.authTimeoutMs,
    });
    unauthenticated++;
    let checked;
    try {
      checked = await verifyToken(keys, await wait.token, directory.isTokenRevoked);
    } finally {
      unauthenticated--;
      wait.stop(); // from here on everything runs synchronously until `handle` is attached
    }
    if (socket.readyState !== socket.OPEN) return;
    if (wait.overflowed()) return close(socket, CloseCode.rateLimited, 'too many messages before authentication');
    if (!checked.ok) return close(socket, CloseCode.unauthorized, checked.reason);
    const member = directory.member(checked.memberId);
    if (!member) return close(socket, CloseCode.unauthorized, 'the token names a member this relay does not know');
    const address = parseDocName(docName);
    if (!address) return close(socket, CloseCode.unknownDocument, 'not a Holdfast document name in canonical form');
    const access = accessOf(member.id, address);
    if (access === 'none') return close(socket, CloseCode.forbidden, 'your roles do not allow this document');
    if (budgets.sockets(member.id) >= config.maxConnectionsPerMember) {
      return close(socket, CloseCode.rateLimited, `at most ${config.maxConnectionsPerMember} connections per member`);
    }

    const send = (frame: Uint8Array) => {
      if (socket.readyState !== socket.OPEN) return;
      // A client that does not read must not make the relay hold its backlog: bound the bytes queued.
      if (socket.bufferedAmount + frame.byteLength + FRAME_HEADER_BYTES > config.maxQueuedBytesPerSocket) {
        close(socket, CloseCode.sendQueueFull, 'too much waiting to be sent: the client does not read');
        setTimeout(() => socket.terminate(), 1000).unref();
        return;
      }
      socket.send(frame);
      metrics.observeQueued(socket.bufferedAmount);
    };
    const connection: LiveConnection = {
      id: nextId++,
      member: { id: member.id, name: member.name },
      access,
      awarenessClients: new Set(),
      address,
      document: null,
      tokenId: checked.tokenId,
      send,
      reply: (frame) => {
        if (!budgets.reply(member.id, frame.byteLength))
          return close(socket, CloseCode.rateLimited, 'over the bytes per second budget of this member');
        metrics.messagesOut.inc();
        metrics.bytesOut.inc(frame.byteLength);
        send(frame);
      },
      close: (code, reason) => close(socket, code, reason),
    };
    budgets.join(member.id);
    try {
      connection.document = registry.open(docName, connection);
    } catch (error) {
      budgets.leave(member.id);
      log.error({ err: error, docName }, 'loading a document failed');
      return close(socket, CloseCode.storageFailure, 'the relay could not load the document; reconnect later');
    }
    live.add(connection);
    metrics.connections.set(live.size);
    log.info({ member: member.id, docName, access }, 'connected');

    // A token is good until it expires, not only when the socket opened.
    let expiry: NodeJS.Timeout;
    const watchExpiry = () => {
      const left = checked.expiresAt - Date.now();
      if (left <= 0) return close(socket, CloseCode.unauthorized, TokenReason.expired);
      expiry = setTimeout(watchExpiry, Math.min(left, MAX_TIMER_MS));
      expiry.unref();
    };
    watchExpiry();

    const handle = (frame: Uint8Array) => {
      if (!connection.document || socket.readyState !== socket.OPEN) return;
      metrics.bytesIn.inc(frame.byteLength);
      if (!budgets.message(member.id, frame.byteLength))
        return close(socket, CloseCode.rateLimited, 'over the messages or bytes per second budget of this member');
      try {
        const message = decodeMessage(frame);
        metrics.messagesIn.inc({ type: message.type });
        connection.document.receive(connection, message);
      } catch (error) {
        if (error instanceof RefusedUpdateError) {
          // The sender alone learns which entry was refused; the close reason stays the relay's own words.
          metrics.dropped.inc({ type: 'refused-update' });
          log.info({ member: member.id, problem: error.reason }, 'refused update');
          connection.reply(encodePermissionDenied(error.message));
          return close(socket, CloseCode.refusedUpdate, 'update refused: not allowed for this member');
        }
        if (!(error instanceof MalformedMessageError)) log.error({ err: error }, 'unexpected error handling a message');
        else log.info({ member: member.id, problem: error.message }, 'malformed message');
        close(socket, CloseCode.malformedMessage, 'malformed message');
      }
    };
    socket.on('message', (data: Buffer) => handle(new Uint8Array(data)));
    for (const frame of wait.pending) handle(frame);

    socket.on('close', () => {
      clearTimeout(expiry);
      live.delete(connection);
      budgets.leave(member.id);
      metrics.connections.set(live.size);
      if (connection.document) registry.release(connection.document, connection);
      connection.document = null;
    });
  }

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.maxMessageBytes,
    // Holdfast's client offers `holdfast` and `holdfast-token.<jwt>`: select the first, never echo the token.
    handleProtocols: (protocols) => (protocols.has(HOLDFAST_PROTOCOL) ? HOLDFAST_PROTOCOL : false),
  });
  const routes = createHttpRoutes(store, metrics);
  const server: Server = createServer((request, response) => {
    routes(request, response).catch((error: unknown) => {
      log.error({ err: error }, 'http route failed');
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  // Nothing thrown while handling a request may end the process: every path below is guarded.
  server.on('upgrade', (request, duplex: Duplex, head: Buffer) => {
    duplex.on('error', (error) => log.debug({ err: error }, 'upgrade socket error'));
    try {
      const target = parseRequestTarget(request.url, request.headers);
      if (!target.ok) return refuse(duplex, target.status, target.reason);
      if (sockets.size >= config.maxConnections) return refuse(duplex, 503, 'the relay is at its connection limit');
      if (unauthenticated >= config.maxUnauthenticated)
        return refuse(duplex, 503, 'too many connections waiting to authenticate');
      wss.handleUpgrade(request, duplex, head, (socket) => {
        sockets.add(socket);
        let alive = true;
        socket.on('pong', () => (alive = true));
        const ping = setInterval(() => {
          if (!alive) return socket.terminate();
          alive = false;
          socket.ping();
        }, config.pingIntervalMs);
        socket.on('close', () => {
          clearInterval(ping);
          sockets.delete(socket);
        });
        socket.on('error', (error) => log.warn({ err: error }, 'socket error'));
        accept(socket, target.docName, target.token).catch((error: unknown) => {
          log.error({ err: error }, 'accepting a connection failed');
          close(socket, CloseCode.storageFailure, 'internal error');
        });
      });
    } catch (error) {
      log.error({ err: error }, 'handling an upgrade failed');
      if (duplex.writable) refuse(duplex, 400, 'bad request');
      else duplex.destroy();
    }
  });

  // Role changes made with the admin CLI reach live connections within one poll.
  let seenVersion = directory.version();
  const watcher = setInterval(() => {
    const version = directory.version();
    if (version === seenVersion) return;
    seenVersion = version;
    for (const document of registry.loaded()) writeServerDoc(document);
    for (const connection of [...live]) {
      if (directory.isTokenRevoked(connection.tokenId)) {
        connection.close(CloseCode.unauthorized, TokenReason.revoked);
        continue;
      }
      const access = accessOf(connection.member.id, connection.address);
      if (access === 'none')
        connection.close(CloseCode.accessRevoked, 'your role no longer allows this document; delete your local copy');
      else if (access === 'read' && connection.access === 'write') {
        connection.access = 'read';
        connection.document?.tellReadOnly(connection);
      } else connection.access = access;
    }
  }, config.directoryPollMs);
  watcher.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new StartupError(`port ${config.port} on ${config.host} is already in use; choose another with --port`)
          : error,
      ),
    );
    server.listen(config.port, config.host, resolve);
  });
  server.on('error', (error) => log.error({ err: error }, 'server error'));
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    metrics,
    async close() {
      clearInterval(watcher);
      for (const client of wss.clients) {
        metrics.closes.inc({ code: String(CloseCode.goingAway) });
        client.close(CloseCode.goingAway, 'relay shutting down');
      }
      registry.closeAll();
      await new Promise<void>((resolve) => {
        wss.close(() => server.close(() => resolve()));
        setTimeout(() => {
          for (const client of wss.clients) client.terminate();
        }, 1000).unref();
      });
    },
  };
}
