import { createServer, STATUS_CODES, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { CloseCode, closeReason, HOLDFAST_PROTOCOL } from '@holdfast/core/protocol';
import type { RelayHooks } from '@holdfast/core/relay';
import type { KeyRing } from '../auth/signing-keys.ts';
import type { RelayConfig } from '../config.ts';
import type { DirectoryReader } from '../directory/directory-view.ts';
import { createDocumentRegistry } from '../documents/document-registry.ts';
import type { DocumentFeeds } from '../persistence/document-feeds.ts';
import { createWriteValidator } from '../validation/validate-writes.ts';
import { writeValidationHook } from '../validation/validation-hook.ts';
import { createAccessPolicy } from './access-policy.ts';
import { createHttpRoutes, type Readiness } from './http-routes.ts';
import { documentEvents } from './document-events.ts';
import { acceptConnection, type LiveConnection } from './live-connection.ts';
import { createMemberBudgets } from './member-budgets.ts';
import { createRelayMetrics, type RelayMetrics } from './metrics.ts';
import { reauthorize } from './reauthorize.ts';
import { parseRequestTarget } from './request-target.ts';

export interface RelayServer {
  readonly port: number;
  readonly metrics: RelayMetrics;
  /**
   * The directory changed: rewrite the relay's own documents (when this node writes them) and
   * re-authorize every live connection (revoked tokens 4401, lost roles 4410, downgrades read-only).
   */
  directoryChanged(): void;
  /** This node became the writer of the relay's own documents: bring the loaded ones up to date. */
  rewriteServerDocs(): void;
  /** Closes every socket with 1001, compacts and frees every document, stops listening. */
  close(): Promise<void>;
}

export interface RelayServerOptions {
  config: RelayConfig;
  /** Where documents are stored and followed (embedded SQLite, or PostgreSQL for several nodes). */
  feeds: DocumentFeeds;
  /** The team directory as this node knows it now (read on every connection and re-authorization). */
  directory: DirectoryReader;
  keys: KeyRing;
  log: Logger;
  /** `/readyz`: ready when the store answers (and, on a cluster node, fan-out keeps up). */
  readiness(): Promise<Readiness>;
  /** Extensions after the relay's own (validation first), in order; see core's relay-logic/relay-hooks.ts. */
  hooks?: readonly RelayHooks[];
  /**
   * Whether this node writes member and directory documents at once after a directory change (on
   * a cluster: the writer lease). A node that does not fills in, `fillInServerDocsAfterMs` later,
   * what the writer has not written (the writer may not hold the document); writing what a
   * document already says stores nothing, so that is a no-op when the writer was there first.
   */
  writesServerDocs?: () => boolean;
  fillInServerDocsAfterMs?: number;
  /** More metrics served on `/metrics` beside the relay's (the cluster's). */
  registries?: readonly Registry[];
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

/**
 * The relay's core: HTTP routes, WebSocket upgrades, the document registry and the ordered hook
 * chain (core's relay-logic/relay-hooks.ts). What a connection does lives in live-connection.ts,
 * re-authorization in reauthorize.ts, what a document does in core's relay-logic/relay-document.ts,
 * storage and fan-out behind the document feeds.
 */
export async function startRelayServer(options: RelayServerOptions): Promise<RelayServer> {
  const { config, directory, log } = options;
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
  const writesServerDocs = options.writesServerDocs ?? (() => true);
  const onError = (message: string, error: unknown) => log.error({ err: error }, message);

  const { accessOf, writeServerDoc } = createAccessPolicy(directory);

  const hooks: RelayHooks[] = [
    // The relay is the authority on what clients write: validation runs before anything is stored
    // (the client ids an update uses first are bound to its writer in the transaction that stores it).
    ...(config.validateWrites === 'on'
      ? [{ beforeUpdate: writeValidationHook(createWriteValidator({ directory })) }]
      : []),
    // Loaded on any node, a member or directory document is brought up to the directory (nothing is
    // stored when it already says the same).
    { load: ({ document }) => writeServerDoc(document) },
    ...(options.hooks ?? []),
  ];
  const registry = createDocumentRegistry({
    feeds: options.feeds,
    metrics,
    compactEveryUpdates: config.compactEveryUpdates,
    idleUnloadMs: config.idleUnloadMs,
    hooks,
    events: documentEvents(metrics, log),
    onError,
  });
  const rewriteServerDocs = () => {
    for (const document of registry.loaded())
      writeServerDoc(document).catch((error: unknown) => onError(`rewriting ${document.name} failed`, error));
  };

  /** Close reasons are the relay's own fixed sentences: never the client's input. */
  const close = (socket: WebSocket, code: number, reason: string) => {
    if (socket.readyState === socket.CLOSING || socket.readyState === socket.CLOSED) return;
    metrics.closes.inc({ code: String(code) });
    log.info({ code, reason }, 'closing connection');
    socket.close(code, closeReason(reason));
  };
  const context = {
    config,
    keys: options.keys,
    directory,
    registry,
    metrics,
    budgets,
    log,
    live,
    accessOf,
    close,
    waitingForToken: (delta: 1 | -1) => (unauthenticated += delta),
    nextId: () => nextId++,
  };

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.maxMessageBytes,
    // Holdfast's client offers `holdfast` and `holdfast-token.<jwt>`: select the first, never echo the token.
    handleProtocols: (protocols) => (protocols.has(HOLDFAST_PROTOCOL) ? HOLDFAST_PROTOCOL : false),
  });
  const routes = createHttpRoutes(options.readiness, [metrics.registry, ...(options.registries ?? [])]);
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
        acceptConnection(context, socket, target.docName, target.token, duplex).catch((error: unknown) => {
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

  const directoryChanged = () => {
    if (writesServerDocs()) rewriteServerDocs();
    else setTimeout(rewriteServerDocs, options.fillInServerDocsAfterMs ?? 0).unref();
    reauthorize(live, directory, accessOf);
  };
  // The safety net where nobody announces changes (the embedded directory, changed by the admin CLI).
  let seenVersion = directory.version();
  const watcher = setInterval(() => {
    if (directory.version() === seenVersion) return;
    seenVersion = directory.version();
    directoryChanged();
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
    directoryChanged() {
      seenVersion = directory.version();
      directoryChanged();
    },
    rewriteServerDocs,
    async close() {
      clearInterval(watcher);
      for (const client of wss.clients) {
        metrics.closes.inc({ code: String(CloseCode.goingAway) });
        client.close(CloseCode.goingAway, 'relay shutting down');
      }
      await registry.closeAll();
      await new Promise<void>((resolve) => {
        wss.close(() => server.close(() => resolve()));
        setTimeout(() => {
          for (const client of wss.clients) client.terminate();
        }, 1000).unref();
      });
    },
  };
}
