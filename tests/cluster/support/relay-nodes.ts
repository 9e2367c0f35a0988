// Real relay processes on one PostgreSQL (`--store postgres://…`), and the directory they share.
import * as Y from 'yjs';
import type { TeamDirectory } from '../../../sync-server/src/directory/team-directory.ts';
import {
  createPostgresTeamDirectory,
  type PostgresTeamDirectory,
} from '../../../sync-server/src/directory/postgres-team-directory.ts';
import { createPostgresDocumentStore } from '../../../sync-server/src/persistence/postgres/postgres-document-store.ts';
import { startRelay, type RelayProcess } from '../../relay/support/relay-process.ts';
import { seedTeam } from '../../relay/support/team.ts';
import { openNodePool } from './cluster-store.ts';

/**
 * Starts a relay node on the database. Every node gets the same signing secret (the test secret),
 * as every node of a real cluster gets the same key files or HOLDFAST_RELAY_SECRET.
 */
export function startRelayNode(url: string, name: string, args: string[] = []): Promise<RelayProcess> {
  return startRelay({ args: ['--store', url, '--node-name', name, '--cluster-poll-ms', '200', ...args] });
}

export interface SharedDatabase {
  directory: PostgresTeamDirectory;
  /** The document as a fresh load from PostgreSQL gives it. */
  stored(docName: string): Promise<Y.Doc>;
  query(sql: string): Promise<unknown[]>;
  close(): Promise<void>;
}

/** The test's own connections to the cluster's database (migrated, so it can seed before any node starts). */
export async function openSharedDatabase(url: string): Promise<SharedDatabase> {
  const pool = await openNodePool(url, 'test', 3);
  const store = createPostgresDocumentStore(pool);
  return {
    directory: createPostgresTeamDirectory(pool),
    async stored(docName) {
      const doc = new Y.Doc();
      for (const update of (await store.load(docName)).updates) Y.applyUpdate(doc, update);
      return doc;
    },
    query: async (sql) => (await pool.query(sql)).rows,
    close: () => pool.end(),
  };
}

/**
 * Makes in PostgreSQL the changes a seeding function of the relay tests makes (support/team.ts),
 * one after another.
 */
export async function seedInPostgres(
  directory: PostgresTeamDirectory,
  seed: (directory: TeamDirectory) => void = seedTeam,
): Promise<void> {
  const calls: [string, unknown[]][] = [];
  const recorder = new Proxy(
    {},
    {
      get:
        (_target, method: string) =>
        (...args: unknown[]) =>
          void calls.push([method, args]),
    },
  ) as TeamDirectory;
  seed(recorder);
  const target = directory as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const [method, args] of calls) await target[method]!(...args);
}
