// Peer for `pnpm bench relay`: a stock @hocuspocus/server, in memory, or — with HOCUSPOCUS_SQLITE set
// to a file — with its own @hocuspocus/extension-sqlite as its store, at that extension's defaults
// (Hocuspocus stores the whole document on a debounce, 2 s after a change and at most 10 s later,
// and broadcasts each update before storing it; Holdfast stores each update before broadcasting it).
import { Server } from '@hocuspocus/server';
import { SQLite } from '@hocuspocus/extension-sqlite';

const file = process.env.HOCUSPOCUS_SQLITE;
const server = new Server({ port: 0, quiet: true, extensions: file ? [new SQLite({ database: file })] : [] });
await server.listen(0);
process.stdout.write(`${JSON.stringify({ port: server.address.port })}\n`);
