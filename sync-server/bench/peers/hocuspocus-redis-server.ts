// Peer for `pnpm bench cluster`: one @hocuspocus/server instance of several, fanned out over Redis
// by @hocuspocus/extension-redis, persisting as the Database extension does (onLoadDocument /
// onStoreDocument, Hocuspocus's default debounce) into one SQLite file every instance shares.
// argv: <redis port> <sqlite file>. Prints { port } once it listens.
import { Redis } from '@hocuspocus/extension-redis';
import { Server } from '@hocuspocus/server';
import Database from 'better-sqlite3';
import * as Y from 'yjs';

const [redisPort, file] = process.argv.slice(2);
const db = new Database(file!);
db.pragma('journal_mode = WAL');
db.pragma('busy_timeout = 5000');
db.exec('CREATE TABLE IF NOT EXISTS documents (name TEXT PRIMARY KEY, data BLOB NOT NULL)');
const read = db.prepare<[string], { data: Buffer }>('SELECT data FROM documents WHERE name = ?');
const write = db.prepare(
  'INSERT INTO documents (name, data) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET data = excluded.data',
);

const server = new Server({
  port: 0,
  quiet: true,
  extensions: [new Redis({ host: '127.0.0.1', port: Number(redisPort) })],
  async onLoadDocument({ document, documentName }) {
    const row = read.get(documentName);
    if (row) Y.applyUpdate(document, new Uint8Array(row.data));
  },
  async onStoreDocument({ document, documentName }) {
    write.run(documentName, Buffer.from(Y.encodeStateAsUpdate(document)));
  },
});
await server.listen(0);
process.stdout.write(`${JSON.stringify({ port: server.address.port })}\n`);
const stop = async () => {
  // Hocuspocus stores every loaded document on destroy (its debounced stores run now).
  await server.destroy();
  db.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
