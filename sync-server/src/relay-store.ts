import type { DirectoryReader } from './directory/directory-view.ts';
import { readAtVersion } from './directory/read-at-version.ts';
import { createTeamDirectory } from './directory/team-directory.ts';
import type { RelayHooks } from '@holdfast/core/relay';
import type { Registry } from 'prom-client';
import type { Readiness } from './server/http-routes.ts';
import type { DocumentFeeds } from './persistence/document-feeds.ts';
import { createLocalDocumentFeeds } from './persistence/local-document-feeds.ts';
import { openDatabase } from './persistence/open-database.ts';
import { createSqliteDocumentStore } from './persistence/sqlite-document-store.ts';
import { startWalCheckpointer } from './persistence/wal-checkpointer.ts';

/** What the relay process runs on: documents, directory, readiness, and what a cluster adds. */
export interface RelayStore {
  /** For the start-up message (never a password). */
  description: string;
  feeds: DocumentFeeds;
  directory: DirectoryReader;
  readiness(): Promise<Readiness>;
  hooks?: readonly RelayHooks[];
  writesServerDocs?: () => boolean;
  fillInServerDocsAfterMs?: number;
  registries?: readonly Registry[];
  /** Hands the running relay what the store announces (directory changes, the writer lease). */
  attach(relay: { directoryChanged(): void; rewriteServerDocs(): void }): void;
  close(): Promise<void>;
}

/** The embedded store: one SQLite file in the data directory holds documents and directory. */
export function openEmbeddedStore(
  dataDir: string,
  durability: 'normal' | 'full',
  onError: (message: string, error: unknown) => void,
): RelayStore {
  const db = openDatabase(dataDir, durability);
  const store = createSqliteDocumentStore(db);
  const feeds = createLocalDocumentFeeds(store);
  const checkpointer = startWalCheckpointer(db, { onError });
  return {
    description: `data in ${dataDir}`,
    feeds,
    directory: readAtVersion(createTeamDirectory(db)),
    readiness: async () => (store.ping() ? { ready: true } : { ready: false, reason: 'store unreachable' }),
    attach: () => undefined,
    async close() {
      feeds.close();
      await checkpointer.close();
      db.close();
    },
  };
}
