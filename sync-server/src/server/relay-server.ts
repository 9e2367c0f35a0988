import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from 'pino';
import {
  CloseCode,
  closeReason,
  docAccess,
  parseDocName,
  writeAccountDirectory,
  writeMemberAccounts,
  type Actor,
  type DocAccess,
  type DocAccessContext,
  type DocAddress,
} from '@holdfast/core';
import { verifyToken } from '../auth/tokens.ts';
import type { RelayConfig } from '../config.ts';
import type { TeamDirectory } from '../directory/team-directory.ts';
import { createDocumentRegistry } from '../documents/document-registry.ts';
import { SERVER_ORIGIN, type RelayConnection, type RelayDocument } from '../documents/relay-document.ts';
import type { DocumentStore } from '../persistence/document-store.ts';
import { decodeMessage, MalformedMessageError } from '../protocol/messages.ts';
import { createHttpRoutes } from './http-routes.ts';
import { createRelayMetrics, type RelayMetrics } from './metrics.ts';
import { createRateLimiter } from './rate-limiter.ts';
import { createMemoryClientBindings, type ClientBindings } from '../validation/client-bindings.ts';
import { createWriteValidator } from '../validation/validate-writes.ts';

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
  secret: Uint8Array;
  log: Logger;
  /** Who each Yjs client id belongs to, per document (durable in the relay's database); in memory if absent. */
  bindings?: ClientBindings;
}

interface LiveConnection extends RelayConnection {
  address: DocAddress;
  document: RelayDocument | null;
}

export async function startRelayServer(options: RelayServerOptions): Promise<RelayServer> {
  const { config, store, directory, secret, log } = options;
  const metrics = createRelayMetrics();
  const live = new Set<LiveConnection>();
  let nextId = 1;

  const accessContext = (address: DocAddress, actor: Actor): DocAccessContext => {
    switch (address.kind) {
      case 'member':
        return { smartAccount: undefined, virtualAccounts: [] };
      case 'on-hold': {
        const accountIds = [...new Set(actor.grants.map((g) => g.smartAccountId))];
        return {
          smartAccount: undefined,
          virtualAccounts: [],
          memberAccounts: accountIds.flatMap((id) => directory.smartAccount(id) ?? []),
        };
      }
      default:
        return {
          smartAccount: directory.smartAccount(address.smartAccountId),
          virtualAccounts: directory.virtualAccounts(address.smartAccountId),
        };
    }
  };

  const accessOf = (memberId: string, address: DocAddress): DocAccess => {
    const actor = directory.actor(memberId);
    if (!actor) return 'none';
    const access = docAccess(actor, address, accessContext(address, actor));
    // Roles come from the team directory only: member and directory documents are never writable by a client.
    return (address.kind === 'member' || address.kind === 'directory') && access === 'write' ? 'read' : access;
  };

  /** Member and directory documents are the relay's view of the team directory, rewritten on every change. */
  const writeServerDoc = (document: RelayDocument) => {
    const address = parseDocName(document.name);
    if (address?.kind === 'directory') {
      const content = directory.accountDirectory(address.smartAccountId);
      if (content) writeAccountDirectory(document.doc, content, SERVER_ORIGIN);
    } else if (address?.kind === 'member') {
      const content = directory.memberAccounts(address.memberId);
      if (content) writeMemberAccounts(document.doc, content, SERVER_ORIGIN);
    }
  };

  const registry = createDocumentRegistry({
    store,
    metrics,
    compactEveryUpdates: config.compactEveryUpdates,
    idleUnloadMs: config.idleUnloadMs,
    onLoad: writeServerDoc,
    onError: (message, error) => log.error({ err: error }, message),
    validate:
      config.validateWrites === 'on'
        ? createWriteValidator({ directory, bindings: options.bindings ?? createMemoryClientBindings() })
        : undefined,
  });

  const close = (socket: WebSocket, code: number, reason: string) => {
    metrics.closes.inc({ code: String(code) });
    log.info({ code, reason }, 'closing connection');
    socket.close(code, closeReason(reason));
  };

  async function accept(socket: WebSocket, docName: string, token: string | null) {
    // Limits hold before authentication: a bounded queue while the token is checked.
    const pending: Uint8Array[] = [];
    let overflowed = false;
    const queue = (data: Buffer) => {
      if (pending.length >= config.maxPendingBeforeAuth) overflowed = true;
      else pending.push(new Uint8Array(data));
    };
    socket.on('message', queue);

    const checked = await verifyToken(secret, token);
    if (socket.readyState !== socket.OPEN) return;
    if (overflowed) return close(socket, CloseCode.rateLimited, 'too many messages before authentication');
    if (!checked.ok) return close(socket, CloseCode.unauthorized, checked.reason);
    const member = directory.member(checked.memberId);
    if (!member) return close(socket, CloseCode.unauthorized, `unknown member "${checked.memberId}"`);
    const address = parseDocName(docName);
    if (!address) return close(socket, CloseCode.unknownDocument, `"${docName}" is not a Holdfast document name`);
    const access = accessOf(member.id, address);
    if (access === 'none') return close(socket, CloseCode.forbidden, `your roles do not allow ${docName}`);
    if ([...live].filter((c) => c.member.id === member.id).length >= config.maxConnectionsPerMember) {
      return close(socket, CloseCode.rateLimited, `at most ${config.maxConnectionsPerMember} connections per member`);
    }

    const connection: LiveConnection = {
      id: nextId++,
      member: { id: member.id, name: member.name },
      access,
      awarenessClients: new Set(),
      address,
      document: null,
      send: (frame) => {
        if (socket.readyState === socket.OPEN) socket.send(frame);
      },
      close: (code, reason) => close(socket, code, reason),
    };
    try {
      connection.document = registry.open(docName, connection);
    } catch (error) {
      log.error({ err: error, docName }, 'loading a document failed');
      return close(socket, CloseCode.storageFailure, 'the relay could not load the document; reconnect later');
    }
    live.add(connection);
    metrics.connections.set(live.size);
    log.info({ member: member.id, docName, access }, 'connected');

    const limiter = createRateLimiter(config.rateLimitPerSecond, config.rateLimitBurst);
    const handle = (frame: Uint8Array) => {
      if (!connection.document || socket.readyState !== socket.OPEN) return;
      metrics.bytesIn.inc(frame.byteLength);
      if (!limiter.take())
        return close(socket, CloseCode.rateLimited, `more than ${config.rateLimitPerSecond} messages per second`);
      try {
        const message = decodeMessage(frame);
        metrics.messagesIn.inc({ type: message.type });
        connection.document.receive(connection, message);
      } catch (error) {
        if (!(error instanceof MalformedMessageError)) log.error({ err: error }, 'unexpected error handling a message');
        close(socket, CloseCode.malformedMessage, `malformed message: ${(error as Error).message}`);
      }
    };
    socket.off('message', queue);
    socket.on('message', (data: Buffer) => handle(new Uint8Array(data)));
    for (const frame of pending) handle(frame);

    socket.on('close', () => {
      live.delete(connection);
      metrics.connections.set(live.size);
      if (connection.document) registry.release(connection.document, connection);
      connection.document = null;
    });
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxMessageBytes });
  const routes = createHttpRoutes(store, metrics);
  const server: Server = createServer((request, response) => {
    routes(request, response).catch((error: unknown) => {
      log.error({ err: error }, 'http route failed');
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  server.on('upgrade', (request, duplex, head) => {
    const url = new URL(request.url ?? '/', 'ws://relay');
    // The path is the document name exactly as the client wrote it (ids inside are URI-encoded).
    const docName = url.pathname.slice(1);
    wss.handleUpgrade(request, duplex, head, (socket) => {
      let alive = true;
      socket.on('pong', () => (alive = true));
      const ping = setInterval(() => {
        if (!alive) return socket.terminate();
        alive = false;
        socket.ping();
      }, config.pingIntervalMs);
      socket.on('close', () => clearInterval(ping));
      socket.on('error', (error) => log.warn({ err: error }, 'socket error'));
      accept(socket, docName, url.searchParams.get('token')).catch((error: unknown) => {
        log.error({ err: error }, 'accepting a connection failed');
        close(socket, CloseCode.storageFailure, 'internal error');
      });
    });
  });

  // Role changes made with the admin CLI reach live connections within one poll.
  let seenVersion = directory.version();
  const watcher = setInterval(() => {
    const version = directory.version();
    if (version === seenVersion) return;
    seenVersion = version;
    for (const document of registry.loaded()) writeServerDoc(document);
    for (const connection of [...live]) {
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

  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
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
