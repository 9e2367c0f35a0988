import type { DocumentStore } from './document-store.ts';
import type { Sqlite } from './open-database.ts';

export function createSqliteDocumentStore(db: Sqlite): DocumentStore {
  const snapshot = db.prepare<[string], { data: Buffer; upto_seq: number }>(
    'SELECT data, upto_seq FROM doc_snapshots WHERE doc = ?',
  );
  const updatesAfter = db.prepare<[string, number], { data: Buffer }>(
    'SELECT data FROM doc_updates WHERE doc = ? AND seq > ? ORDER BY seq',
  );
  const insert = db.prepare<[string, Buffer]>('INSERT INTO doc_updates (doc, data) VALUES (?, ?)');
  const maxSeq = db.prepare<[string], { seq: number | null }>('SELECT MAX(seq) AS seq FROM doc_updates WHERE doc = ?');
  const upsertSnapshot = db.prepare<[string, Buffer, number]>(
    'INSERT INTO doc_snapshots (doc, data, upto_seq) VALUES (?, ?, ?) ON CONFLICT (doc) DO UPDATE SET data = excluded.data, upto_seq = excluded.upto_seq',
  );
  const deleteUpTo = db.prepare<[string, number]>('DELETE FROM doc_updates WHERE doc = ? AND seq <= ?');
  const ping = db.prepare('SELECT 1 AS ok');

  const compact = db.transaction((docName: string, state: Uint8Array) => {
    const upto = maxSeq.get(docName)?.seq ?? snapshot.get(docName)?.upto_seq ?? 0;
    upsertSnapshot.run(docName, Buffer.from(state), upto);
    deleteUpTo.run(docName, upto);
  });

  return {
    load(docName) {
      const base = snapshot.get(docName);
      const rest = updatesAfter.all(docName, base?.upto_seq ?? 0).map((row) => new Uint8Array(row.data));
      return base ? [new Uint8Array(base.data), ...rest] : rest;
    },
    append(docName, update) {
      insert.run(docName, Buffer.from(update.buffer, update.byteOffset, update.byteLength));
    },
    compact(docName, state) {
      compact(docName, state);
    },
    transaction<T>(work: () => T): T {
      return db.transaction(work)();
    },
    ping() {
      try {
        return ping.get() !== undefined;
      } catch {
        return false;
      }
    },
  };
}
