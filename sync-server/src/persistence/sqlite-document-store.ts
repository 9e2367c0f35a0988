import { groupBindings, settleBindings } from '@holdfast/core/relay';
import type { ClientBinding } from './document-feeds.ts';
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
  const bindingsOf = db.prepare<[string], { client: number; member: string }>(
    'SELECT client, member FROM doc_clients WHERE doc = ?',
  );
  const ownerOf = db.prepare<[string, number], { member: string }>(
    'SELECT member FROM doc_clients WHERE doc = ? AND client = ?',
  );
  const bind = db.prepare<[string, number, string]>('INSERT INTO doc_clients (doc, client, member) VALUES (?, ?, ?)');
  const ping = db.prepare('SELECT 1 AS ok');
  // Made once: better-sqlite3 builds four wrapper functions per `db.transaction` call, which cost a
  // third of a small commit when a group commit made them anew for every batch.
  const inTransaction = db.transaction((work: () => unknown) => work());

  const stored = (update: Uint8Array) => Buffer.from(update.buffer, update.byteOffset, update.byteLength);

  const compact = db.transaction((docName: string, state: Uint8Array) => {
    const upto = maxSeq.get(docName)?.seq ?? snapshot.get(docName)?.upto_seq ?? 0;
    upsertSnapshot.run(docName, Buffer.from(state), upto);
    deleteUpTo.run(docName, upto);
  });

  // The update and its bindings together (a savepoint inside the group commit's transaction).
  const appendBound = db.transaction((docName: string, update: Uint8Array, binding: ClientBinding) => {
    const owners = new Map<number, string>();
    for (const clientId of binding.clientIds) {
      const member = ownerOf.get(docName, clientId)?.member;
      if (member !== undefined) owners.set(clientId, member);
    }
    const { taken, added } = settleBindings([binding], owners);
    if (taken[0] !== undefined) return taken[0];
    for (const { clientId, memberId } of added) bind.run(docName, clientId, memberId);
    insert.run(docName, stored(update));
    return undefined;
  });

  return {
    load(docName) {
      const base = snapshot.get(docName);
      const rest = updatesAfter.all(docName, base?.upto_seq ?? 0).map((row) => new Uint8Array(row.data));
      return {
        updates: base ? [new Uint8Array(base.data), ...rest] : rest,
        bindings: groupBindings(bindingsOf.all(docName).map((row) => ({ clientId: row.client, memberId: row.member }))),
      };
    },
    append(docName, update, binding) {
      if (binding) return appendBound(docName, update, binding);
      insert.run(docName, stored(update));
      return undefined;
    },
    compact(docName, state) {
      compact(docName, state);
    },
    transaction<T>(work: () => T): T {
      return inTransaction(work) as T;
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
