import type pg from 'pg';
import { inTransaction } from './transaction.ts';

/**
 * Every schema change of the PostgreSQL store, in order; a node applies the ones the database has
 * not seen at start-up. Append new migrations; never edit one that has shipped.
 */
const MIGRATIONS: readonly string[] = [
  // 1: documents with their gap-free sequence, update rows, snapshots; the team directory.
  `
  CREATE TABLE documents (
    name text PRIMARY KEY,
    head_seq bigint NOT NULL CHECK (head_seq >= 0)
  );
  CREATE TABLE document_updates (
    doc text NOT NULL REFERENCES documents (name),
    seq bigint NOT NULL CHECK (seq > 0),
    data bytea NOT NULL,
    PRIMARY KEY (doc, seq)
  );
  CREATE TABLE document_snapshots (
    doc text PRIMARY KEY REFERENCES documents (name),
    upto_seq bigint NOT NULL,
    data bytea NOT NULL
  );
  CREATE TABLE directory_version (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    version bigint NOT NULL
  );
  INSERT INTO directory_version (version) VALUES (0);
  CREATE TABLE organizations (id text PRIMARY KEY, row jsonb NOT NULL);
  CREATE TABLE smart_accounts (id text PRIMARY KEY, row jsonb NOT NULL);
  CREATE TABLE virtual_accounts (id text PRIMARY KEY, smart_account_id text NOT NULL, row jsonb NOT NULL);
  CREATE TABLE members (id text PRIMARY KEY, row jsonb NOT NULL);
  CREATE TABLE role_grants (id text PRIMARY KEY, member_id text NOT NULL, smart_account_id text NOT NULL, row jsonb NOT NULL);
  CREATE INDEX role_grants_member ON role_grants (member_id);
  CREATE INDEX role_grants_account ON role_grants (smart_account_id);
  `,
  // 2: tokens refused by their id (jti) before they expire.
  `
  CREATE TABLE revoked_tokens (jti text PRIMARY KEY, revoked_at timestamptz NOT NULL DEFAULT now());
  `,
  // 3: which member each Yjs client id of a document is bound to, written in the transaction that
  // stores the update binding it (`seq`: that update's number, so a catch-up read brings the
  // bindings of the rows it reads). Never deleted: a compaction folds updates, not bindings.
  `
  CREATE TABLE document_clients (
    doc text NOT NULL REFERENCES documents (name),
    client bigint NOT NULL CHECK (client >= 0),
    member text NOT NULL,
    seq bigint NOT NULL CHECK (seq > 0),
    PRIMARY KEY (doc, client)
  );
  CREATE INDEX document_clients_seq ON document_clients (doc, seq);
  `,
];

/** Advisory lock key (first half) of the migration step, so two nodes starting together take turns. */
const MIGRATION_LOCK = 0x486f6c64; // "Hold"

/** Brings the schema up to date; safe to run from every node at once. Returns the schema version. */
export async function migrate(pool: pg.Pool): Promise<number> {
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1, 0)', [MIGRATION_LOCK]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS holdfast_schema (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const { rows } = await client.query<{ version: number | null }>(
      'SELECT max(version) AS version FROM holdfast_schema',
    );
    const current = rows[0]?.version ?? 0;
    for (let version = current + 1; version <= MIGRATIONS.length; version++) {
      await client.query(MIGRATIONS[version - 1]!);
      await client.query('INSERT INTO holdfast_schema (version) VALUES ($1)', [version]);
    }
    return MIGRATIONS.length;
  });
}

/** Advisory lock namespaces (first key of the two-key form), one per purpose. */
export const LOCK_NAMESPACE = {
  migration: MIGRATION_LOCK,
  compaction: 0x436f6d70, // "Comp"
  relayWriter: 0x57726974, // "Writ"
} as const;
