import type { DirectoryReader } from '../directory/directory-view.ts';
import { createDirectoryView } from '../directory/directory-view.ts';
import { createPostgresTeamDirectory, type PostgresTeamDirectory } from '../directory/postgres-team-directory.ts';
import { createTeamDirectory } from '../directory/team-directory.ts';
import { createPostgresPool } from '../persistence/postgres/connect.ts';
import { migrate } from '../persistence/postgres/migrations.ts';
import { openDatabase } from '../persistence/open-database.ts';
import type { StoreChoice } from '../cluster/cluster-settings.ts';

/** The directory's changes, awaited the same way wherever the directory lives. */
export type DirectoryChanges = Omit<PostgresTeamDirectory, 'snapshot' | 'version'>;

export interface AdminDirectory extends DirectoryChanges {
  /** The directory as it is now. */
  read(): Promise<DirectoryReader>;
  close(): Promise<void>;
}

/**
 * The directory the admin CLI changes: the relay's SQLite file in the data directory, or the
 * cluster's PostgreSQL (where a change notifies every node in the transaction that makes it).
 */
export async function openAdminDirectory(store: StoreChoice, dataDir: string): Promise<AdminDirectory> {
  if (store.kind === 'postgres') {
    const pool = createPostgresPool({
      url: store.url,
      applicationName: 'holdfast-relay-admin',
      max: 2,
      onIdleError: () => undefined,
    });
    try {
      await migrate(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    const directory = createPostgresTeamDirectory(pool);
    return {
      ...directory,
      read: async () => createDirectoryView(await directory.snapshot()),
      close: () => pool.end(),
    };
  }
  const db = openDatabase(dataDir);
  const directory = createTeamDirectory(db);
  return {
    addOrganization: async (input) => directory.addOrganization(input),
    createSmartAccount: async (input) => directory.createSmartAccount(input),
    createVirtualAccount: async (input) => directory.createVirtualAccount(input),
    addMember: async (input) => directory.addMember(input),
    grant: async (input) => directory.grant(input),
    revoke: async (grantId) => directory.revoke(grantId),
    removeMember: async (memberId) => directory.removeMember(memberId),
    revokeToken: async (tokenId) => directory.revokeToken(tokenId),
    read: async () => directory,
    async close() {
      db.close();
    },
  };
}
