import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../persistence/open-database.ts';
import type { DirectoryReader } from './directory-view.ts';
import { readAtVersion } from './read-at-version.ts';
import { seedDemoTeam } from './seed-demo-team.ts';
import { createTeamDirectory, type TeamDirectory } from './team-directory.ts';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const done of cleanup.splice(0)) done();
});

/** The relay's connection and the admin CLI's, to one data directory. */
function twoConnections(): { relay: TeamDirectory; admin: TeamDirectory } {
  const dir = mkdtempSync(join(tmpdir(), 'holdfast-read-at-version-'));
  const [relayDb, adminDb] = [openDatabase(dir), openDatabase(dir)];
  cleanup.push(() => {
    relayDb.close();
    adminDb.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { relay: createTeamDirectory(relayDb), admin: createTeamDirectory(adminDb) };
}

function everyRead(directory: DirectoryReader, memberIds: string[], accountIds: string[]) {
  return {
    version: directory.version(),
    isEmpty: directory.isEmpty(),
    revoked: directory.isTokenRevoked('jti-1'),
    grants: directory.grants(),
    members: memberIds.map((id) => [directory.member(id), directory.actor(id), directory.memberAccounts(id)]),
    accounts: accountIds.map((id) => [
      directory.smartAccount(id),
      directory.virtualAccounts(id),
      directory.accountDirectory(id),
    ]),
  };
}

describe('the embedded directory read at its version', () => {
  it('answers every read as the SQLite directory does, reading the rows once per version', async () => {
    const { relay, admin } = twoConnections();
    await seedDemoTeam(admin);
    let snapshots = 0;
    const reader = readAtVersion({ version: relay.version, snapshot: () => (snapshots++, relay.snapshot()) });
    const memberIds = relay.grants().map((g) => g.memberId);
    const accountIds = [...new Set(relay.grants().map((g) => g.smartAccountId))];
    expect(everyRead(reader, memberIds, accountIds)).toEqual(everyRead(relay, memberIds, accountIds));
    expect(snapshots).toBe(1);
  });

  it('sees a change the admin CLI committed from another connection at the next question', async () => {
    const { relay, admin } = twoConnections();
    await seedDemoTeam(admin);
    const reader = readAtVersion(relay);
    const grant = reader.grants()[0]!;
    expect(reader.actor(grant.memberId)?.grants).toContainEqual(grant);
    admin.revoke(grant.id);
    admin.revokeToken('jti-1');
    expect(reader.actor(grant.memberId)?.grants ?? []).not.toContainEqual(grant);
    expect(reader.isTokenRevoked('jti-1')).toBe(true);
    expect(reader.version()).toBe(admin.version());
  });
});
