import {
  actorOf,
  memberSchema,
  organizationSchema,
  roleGrantSchema,
  smartAccountSchema,
  virtualAccountSchema,
  type AccountDirectory,
  type Actor,
  type Member,
  type Organization,
  type RoleGrant,
  type RoleGrantInput,
  type SmartAccount,
  type SmartAccountInput,
  type VirtualAccount,
  type VirtualAccountInput,
} from '@holdfast/core';
import type { MemberAccounts } from '@holdfast/core/relay';
import type { z } from 'zod';
import type { Statement } from 'better-sqlite3';
import type { Sqlite } from '../persistence/open-database.ts';
import { directoryChanges } from './directory-changes.ts';
import type { DirectorySnapshot } from './directory-snapshot.ts';

export { DirectoryError } from './directory-changes.ts';

/**
 * The team directory the relay authorizes from: organisations, Smart Accounts, Virtual Accounts,
 * members and role grants, validated by core's schemas. Only this directory (changed through the
 * admin CLI) grants roles; no client edit of a document can. Every change bumps a version number
 * that the running relay polls to re-authorize live connections.
 */
export interface TeamDirectory {
  version(): number;
  addOrganization(organization: z.input<typeof organizationSchema>): Organization;
  createSmartAccount(input: SmartAccountInput): { smartAccount: SmartAccount; defaultVirtualAccount: VirtualAccount };
  createVirtualAccount(input: VirtualAccountInput): VirtualAccount;
  addMember(member: Member): Member;
  grant(input: RoleGrantInput): RoleGrant;
  revoke(grantId: string): RoleGrant;
  /** Removes a member and every role they hold; their live connections close with 4410. */
  removeMember(memberId: string): Member;
  /** Refuses a token by its id (`jti`) from now on; live connections holding it close with 4401. */
  revokeToken(tokenId: string): void;
  isTokenRevoked(tokenId: string): boolean;
  member(id: string): Member | undefined;
  grants(memberId?: string): RoleGrant[];
  actor(memberId: string): Actor | undefined;
  smartAccount(id: string): SmartAccount | undefined;
  virtualAccounts(smartAccountId: string): VirtualAccount[];
  accountDirectory(smartAccountId: string): AccountDirectory | undefined;
  /** The member and the Smart Accounts they hold a role on: the content of their member document. */
  memberAccounts(memberId: string): MemberAccounts | undefined;
  isEmpty(): boolean;
  /** The whole directory at one version, read in one transaction (what `readAtVersion` caches). */
  snapshot(): DirectorySnapshot;
}

export function createTeamDirectory(db: Sqlite): TeamDirectory {
  // Statements are prepared once: the relay asks the directory on every connection.
  const statements = new Map<string, Statement<unknown[]>>();
  const statement = (sql: string) => {
    let prepared = statements.get(sql);
    if (!prepared) statements.set(sql, (prepared = db.prepare<unknown[]>(sql)));
    return prepared;
  };
  const rows = <T>(sql: string, schema: z.ZodType<T>, ...params: unknown[]): T[] =>
    (statement(sql).all(...params) as { row: string }[]).map((r) => schema.parse(JSON.parse(r.row)));
  const one = <T>(sql: string, schema: z.ZodType<T>, ...params: unknown[]): T | undefined =>
    rows(sql, schema, ...params)[0];
  const bump = db.prepare("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'directory_version'");
  const getVersion = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'directory_version'");
  // IMMEDIATE: a change takes the write lock before it reads, so under a busy relay it waits
  // (busy_timeout) instead of failing with SQLITE_BUSY when its read snapshot goes stale.
  const changing = <A extends unknown[], R>(fn: (...args: A) => R) => {
    const transaction = db.transaction((...args: A) => {
      const result = fn(...args);
      bump.run();
      return result;
    });
    return (...args: A): R => transaction.immediate(...args);
  };

  const organizationExists = (id: string) =>
    statement('SELECT 1 FROM organizations WHERE id = ?').get(id) !== undefined;

  const directory: TeamDirectory = {
    version: () => Number(getVersion.get()?.value ?? 0),
    addOrganization: changing((input: z.input<typeof organizationSchema>) => {
      const organization = directoryChanges.organization(input);
      statement(
        'INSERT INTO organizations (id, row) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET row = excluded.row',
      ).run(organization.id, JSON.stringify(organization));
      return organization;
    }),
    createSmartAccount: changing((input: SmartAccountInput) => {
      const created = directoryChanges.smartAccount(directory, organizationExists, input);
      statement('INSERT INTO smart_accounts (id, row) VALUES (?, ?)').run(
        created.smartAccount.id,
        JSON.stringify(created.smartAccount),
      );
      insertVirtualAccount(created.defaultVirtualAccount);
      return created;
    }),
    createVirtualAccount: changing((input: VirtualAccountInput) => {
      const va = directoryChanges.virtualAccount(directory, input);
      insertVirtualAccount(va);
      return va;
    }),
    addMember: changing((input: Member) => {
      const member = directoryChanges.member(organizationExists, input);
      statement('INSERT INTO members (id, row) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET row = excluded.row').run(
        member.id,
        JSON.stringify(member),
      );
      return member;
    }),
    grant: changing((input: RoleGrantInput) => {
      const grant = directoryChanges.grant(directory, input);
      statement(
        'INSERT INTO role_grants (id, member_id, smart_account_id, row) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET row = excluded.row',
      ).run(grant.id, grant.memberId, grant.smartAccountId, JSON.stringify(grant));
      return grant;
    }),
    revoke: changing((grantId: string) => {
      const grant = directoryChanges.revoke(directory, grantId);
      statement('DELETE FROM role_grants WHERE id = ?').run(grantId);
      return grant;
    }),
    removeMember: changing((memberId: string) => {
      const member = directoryChanges.removeMember(directory, memberId);
      statement('DELETE FROM role_grants WHERE member_id = ?').run(memberId);
      statement('DELETE FROM members WHERE id = ?').run(memberId);
      return member;
    }),
    revokeToken: changing((tokenId: string) => {
      statement('INSERT OR IGNORE INTO revoked_tokens (jti, revoked_at) VALUES (?, ?)').run(
        tokenId,
        new Date().toISOString(),
      );
    }),
    isTokenRevoked: (tokenId) => statement('SELECT 1 FROM revoked_tokens WHERE jti = ?').get(tokenId) !== undefined,
    member: (id) => one('SELECT row FROM members WHERE id = ?', memberSchema, id),
    grants: (memberId) =>
      memberId
        ? rows('SELECT row FROM role_grants WHERE member_id = ? ORDER BY id', roleGrantSchema, memberId)
        : rows('SELECT row FROM role_grants ORDER BY id', roleGrantSchema),
    actor(memberId) {
      const member = directory.member(memberId);
      return member ? actorOf(member, directory.grants(memberId)) : undefined;
    },
    smartAccount: (id) => one('SELECT row FROM smart_accounts WHERE id = ?', smartAccountSchema, id),
    virtualAccounts: (smartAccountId) =>
      rows(
        'SELECT row FROM virtual_accounts WHERE smart_account_id = ? ORDER BY id',
        virtualAccountSchema,
        smartAccountId,
      ),
    accountDirectory(smartAccountId) {
      const smartAccount = directory.smartAccount(smartAccountId);
      if (!smartAccount) return undefined;
      const roleGrants = rows(
        'SELECT row FROM role_grants WHERE smart_account_id = ? ORDER BY id',
        roleGrantSchema,
        smartAccountId,
      );
      const members = [...new Set(roleGrants.map((g) => g.memberId))].flatMap((id) => directory.member(id) ?? []);
      const organizationIds = new Set([smartAccount.organizationId, ...members.map((m) => m.organizationId)]);
      const organizations = [...organizationIds].flatMap(
        (id) => one('SELECT row FROM organizations WHERE id = ?', organizationSchema, id) ?? [],
      );
      return {
        smartAccount,
        virtualAccounts: directory.virtualAccounts(smartAccountId),
        organizations,
        members,
        roleGrants,
      };
    },
    memberAccounts(memberId) {
      const member = directory.member(memberId);
      if (!member) return undefined;
      const accountIds = [...new Set(directory.grants(memberId).map((g) => g.smartAccountId))].sort();
      return { member, smartAccounts: accountIds.flatMap((id) => directory.smartAccount(id) ?? []) };
    },
    isEmpty: () => (statement('SELECT COUNT(*) AS n FROM members').get() as { n: number }).n === 0,
    snapshot: db.transaction((): DirectorySnapshot => ({
      version: directory.version(),
      organizations: rows('SELECT row FROM organizations', organizationSchema),
      smartAccounts: rows('SELECT row FROM smart_accounts', smartAccountSchema),
      virtualAccounts: rows('SELECT row FROM virtual_accounts', virtualAccountSchema),
      members: rows('SELECT row FROM members', memberSchema),
      roleGrants: rows('SELECT row FROM role_grants', roleGrantSchema),
      revokedTokens: (statement('SELECT jti FROM revoked_tokens').all() as { jti: string }[]).map((r) => r.jti),
    })),
  };

  function insertVirtualAccount(va: VirtualAccount) {
    const parsed = virtualAccountSchema.parse(va);
    statement(
      'INSERT INTO virtual_accounts (id, smart_account_id, row) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET row = excluded.row',
    ).run(parsed.id, parsed.smartAccountId, JSON.stringify(parsed));
  }
  return directory;
}
