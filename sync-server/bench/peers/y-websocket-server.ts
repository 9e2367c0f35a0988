// Peer for `pnpm bench relay`: @y/websocket-server's reference relay (0.1.1, the Yjs 13 line), in memory.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { setupWSConnection } from '@y/websocket-server/utils';

const server = createServer();
const wss = new WebSocketServer({ server });
wss.on('connection', (socket, request) => setupWSConnection(socket, request, { gc: true }));
server.listen(0, '127.0.0.1', () =>
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`),
);
