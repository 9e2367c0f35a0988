// Peer for `pnpm bench relay`: a stock @hocuspocus/server with no extensions, in memory.
import { Server } from '@hocuspocus/server';

const server = new Server({ port: 0, quiet: true });
await server.listen(0);
process.stdout.write(`${JSON.stringify({ port: server.address.port })}\n`);
