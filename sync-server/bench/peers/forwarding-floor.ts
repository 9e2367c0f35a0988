// Peer for `pnpm bench relay`'s latency scenarios: the least a relay can do in this harness. Each
// frame a client sends is forwarded, unchanged and unread, to the other sockets of its document;
// sync step 1 is answered with an empty step 2 so the y-websocket clients count as synced. No Yjs,
// no state, no storage, no checks: no relay can deliver an edit sooner than this on the same
// machine, so a goal below this floor's figure is out of reach for any relay here.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

const SYNC = 0;
const SYNC_STEP_1 = 0;
/** y-protocols' sync step 2 carrying an empty Yjs update (no structs, no deletions). */
const EMPTY_SYNC_STEP_2 = Uint8Array.of(SYNC, 1, 2, 0, 0);

const documents = new Map<string, Set<WebSocket>>();
const server = createServer();
const wss = new WebSocketServer({ server });
wss.on('connection', (socket, request) => {
  const name = request.url ?? '/';
  const peers = documents.get(name) ?? new Set<WebSocket>();
  documents.set(name, peers);
  peers.add(socket);
  socket.on('close', () => peers.delete(socket));
  socket.on('message', (data: Buffer) => {
    if (data[0] === SYNC && data[1] === SYNC_STEP_1) return socket.send(EMPTY_SYNC_STEP_2);
    for (const peer of peers) if (peer !== socket) peer.send(data);
  });
});
server.listen(0, '127.0.0.1', () =>
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`),
);
