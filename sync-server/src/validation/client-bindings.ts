import type { Sqlite } from '../persistence/open-database.ts';

import type { ClientBindings } from '@holdfast/core';

// The binding rule (the first member who wrote with a Yjs client id owns it) and the in-memory
// bindings are core's, shared with the test relay; the relay keeps them durably in SQLite here.
export { createMemoryClientBindings, type ClientBindings } from '@holdfast/core';

/** {@link ClientBindings} in the relay's SQLite database, beside the documents. */
export function createSqliteClientBindings(db: Sqlite): ClientBindings {
  db.exec(`CREATE TABLE IF NOT EXISTS doc_clients (
    doc TEXT NOT NULL, client INTEGER NOT NULL, member TEXT NOT NULL, PRIMARY KEY (doc, client)
  )`);
  const select = db.prepare<[string, number], { member: string }>(
    'SELECT member FROM doc_clients WHERE doc = ? AND client = ?',
  );
  const insert = db.prepare<[string, number, string]>(
    'INSERT OR IGNORE INTO doc_clients (doc, client, member) VALUES (?, ?, ?)',
  );
  const bindAll = db.transaction((docName: string, clientIds: readonly number[], memberId: string) => {
    for (const clientId of clientIds) insert.run(docName, clientId, memberId);
  });
  // Bindings never change once made, so a lookup answered once is answered for good.
  const cache = new Map<string, string>();
  const key = (docName: string, clientId: number) => `${clientId}@${docName}`;
  return {
    ownerOf(docName, clientId) {
      const cached = cache.get(key(docName, clientId));
      if (cached !== undefined) return cached;
      const member = select.get(docName, clientId)?.member;
      if (member !== undefined) cache.set(key(docName, clientId), member);
      return member;
    },
    bind(docName, clientIds, memberId) {
      if (clientIds.length === 0) return;
      bindAll(docName, clientIds, memberId);
      for (const clientId of clientIds) cache.set(key(docName, clientId), memberId);
    },
  };
}
