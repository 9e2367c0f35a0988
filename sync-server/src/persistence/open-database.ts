import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir } from '../auth/signing-keys.ts';

export type Sqlite = Database.Database;

/**
 * Opens the relay's one SQLite file: the team directory and the documents live side by side, so
 * the admin CLI and the relay share it. WAL lets the CLI write while the relay reads. The data
 * directory is owner-only (0700) and the database file 0600 (SQLite gives its WAL the same mode).
 */
export function openDatabase(dataDir: string, durability: 'normal' | 'full' = 'normal'): Sqlite {
  ensurePrivateDir(dataDir);
  chmodSync(dataDir, 0o700);
  const file = join(dataDir, 'relay.sqlite');
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('busy_timeout = 5000');
  db.exec(`
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    INSERT OR IGNORE INTO meta (key, value) VALUES ('directory_version', '0');
    CREATE TABLE IF NOT EXISTS organizations (id TEXT PRIMARY KEY, row TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS smart_accounts (id TEXT PRIMARY KEY, row TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS virtual_accounts (id TEXT PRIMARY KEY, smart_account_id TEXT NOT NULL, row TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS members (id TEXT PRIMARY KEY, row TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS role_grants (id TEXT PRIMARY KEY, member_id TEXT NOT NULL, smart_account_id TEXT NOT NULL, row TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS role_grants_member ON role_grants (member_id);
    CREATE INDEX IF NOT EXISTS role_grants_account ON role_grants (smart_account_id);
    CREATE TABLE IF NOT EXISTS doc_updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, doc TEXT NOT NULL, data BLOB NOT NULL);
    CREATE INDEX IF NOT EXISTS doc_updates_doc ON doc_updates (doc, seq);
    CREATE TABLE IF NOT EXISTS revoked_tokens (jti TEXT PRIMARY KEY, revoked_at TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS doc_snapshots (doc TEXT PRIMARY KEY, data BLOB NOT NULL, upto_seq INTEGER NOT NULL);
    -- Which member each Yjs client id of a document is bound to: written with the update that binds it.
    CREATE TABLE IF NOT EXISTS doc_clients (doc TEXT NOT NULL, client INTEGER NOT NULL, member TEXT NOT NULL, PRIMARY KEY (doc, client));
  `);
  return db;
}
