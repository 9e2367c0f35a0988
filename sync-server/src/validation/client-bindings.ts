import type { Sqlite } from '../persistence/open-database.ts';

/**
 * Which member each Yjs client id belongs to, per document: the first member who wrote with it.
 * Kept durably beside the documents, so a restart does not let another member take over an id and
 * make the owner's later (offline) edits look like duplicates everyone ignores.
 */
export interface ClientBindings {
  ownerOf(docName: string, clientId: number): string | undefined;
  /** Binds ids to a member; durable when it returns (called before the update is stored). */
  bind(docName: string, clientIds: readonly number[], memberId: string): void;
}

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

/** Bindings in memory, for relays without a database (tests). */
export function createMemoryClientBindings(): ClientBindings {
  const owners = new Map<string, string>();
  return {
    ownerOf: (docName, clientId) => owners.get(`${clientId}@${docName}`),
    bind(docName, clientIds, memberId) {
      for (const clientId of clientIds)
        if (!owners.has(`${clientId}@${docName}`)) owners.set(`${clientId}@${docName}`, memberId);
    },
  };
}
