import {
  memberSchema,
  organizationSchema,
  roleGrantSchema,
  smartAccountSchema,
  virtualAccountSchema,
  type Member,
  type Organization,
  type RoleGrant,
  type RoleGrantInput,
  type SmartAccount,
  type SmartAccountInput,
  type VirtualAccount,
  type VirtualAccountInput,
} from '@holdfast/core';
import type pg from 'pg';
import type { z } from 'zod';
import { CHANNEL } from '../persistence/postgres/channels.ts';
import { inTransaction } from '../persistence/postgres/transaction.ts';
import { directoryChanges } from './directory-changes.ts';
import type { DirectorySnapshot } from './directory-snapshot.ts';
import { createDirectoryView, type DirectoryReader } from './directory-view.ts';

/**
 * The team directory in PostgreSQL, shared by every relay node and the admin CLI. Each change is
 * one transaction: it takes the version row's lock (directory changes take turns), checks the
 * change against the directory as it is, writes, bumps the version and notifies the new version;
 * the nodes see the change, the version and the notification together or not at all. Reads go
 * through a snapshot held in memory (see directory-watcher.ts), so authorizing a connection never
 * waits for the database.
 */
export interface PostgresTeamDirectory {
  /** The whole directory, read in one consistent snapshot. */
  snapshot(): Promise<DirectorySnapshot>;
  version(): Promise<number>;
  addOrganization(organization: z.input<typeof organizationSchema>): Promise<Organization>;
  createSmartAccount(
    input: SmartAccountInput,
  ): Promise<{ smartAccount: SmartAccount; defaultVirtualAccount: VirtualAccount }>;
  createVirtualAccount(input: VirtualAccountInput): Promise<VirtualAccount>;
  addMember(member: Member): Promise<Member>;
  grant(input: RoleGrantInput): Promise<RoleGrant>;
  revoke(grantId: string): Promise<RoleGrant>;
  /** Removes a member and every role they hold. */
  removeMember(memberId: string): Promise<Member>;
  /** Refuses a token by its id (`jti`) from now on. */
  revokeToken(tokenId: string): Promise<void>;
}

type Queryable = Pick<pg.PoolClient, 'query'>;

async function readSnapshot(db: Queryable): Promise<DirectorySnapshot> {
  const rows = async <T>(sql: string, schema: z.ZodType<T>) =>
    (await db.query<{ row: unknown }>(sql)).rows.map((r) => schema.parse(r.row));
  const version = (await db.query<{ version: number }>('SELECT version FROM directory_version')).rows[0]!.version;
  return {
    version,
    organizations: await rows('SELECT row FROM organizations', organizationSchema),
    smartAccounts: await rows('SELECT row FROM smart_accounts', smartAccountSchema),
    virtualAccounts: await rows('SELECT row FROM virtual_accounts', virtualAccountSchema),
    members: await rows('SELECT row FROM members', memberSchema),
    roleGrants: await rows('SELECT row FROM role_grants', roleGrantSchema),
    revokedTokens: (await db.query<{ jti: string }>('SELECT jti FROM revoked_tokens')).rows.map((r) => r.jti),
  };
}

export function createPostgresTeamDirectory(pool: pg.Pool): PostgresTeamDirectory {
  const transaction = <R>(isolation: string, work: (client: pg.PoolClient) => Promise<R>): Promise<R> =>
    inTransaction(pool, work, `BEGIN ISOLATION LEVEL ${isolation}`);

  /** One change: lock, check against the current directory, write, bump the version, notify. */
  const change = <R>(
    work: (client: pg.PoolClient, current: DirectoryReader, organizationExists: (id: string) => boolean) => Promise<R>,
  ) =>
    transaction('READ COMMITTED', async (client) => {
      // Holding the version row, this transaction reads the directory no other change is altering.
      await client.query('SELECT version FROM directory_version FOR UPDATE');
      const snapshot = await readSnapshot(client);
      const organizations = new Set(snapshot.organizations.map((o) => o.id));
      const result = await work(client, createDirectoryView(snapshot), (id) => organizations.has(id));
      await client.query(
        `WITH bumped AS (UPDATE directory_version SET version = version + 1 RETURNING version)
         SELECT pg_notify($1, version::text) FROM bumped`,
        [CHANNEL.directory],
      );
      return result;
    });

  const upsert = (client: pg.PoolClient, table: string, columns: Record<string, unknown>, row: object) => {
    const names = ['id', ...Object.keys(columns).filter((c) => c !== 'id'), 'row'];
    const values = [columns.id, ...names.slice(1, -1).map((c) => columns[c]), JSON.stringify(row)];
    return client.query(
      `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})
       ON CONFLICT (id) DO UPDATE SET row = excluded.row`,
      values,
    );
  };

  return {
    snapshot: () => transaction('REPEATABLE READ READ ONLY', readSnapshot),
    async version() {
      return (await pool.query<{ version: number }>('SELECT version FROM directory_version')).rows[0]!.version;
    },
    addOrganization: (input) =>
      change(async (client) => {
        const organization = directoryChanges.organization(input);
        await upsert(client, 'organizations', { id: organization.id }, organization);
        return organization;
      }),
    createSmartAccount: (input) =>
      change(async (client, current, organizationExists) => {
        const created = directoryChanges.smartAccount(current, organizationExists, input);
        await upsert(client, 'smart_accounts', { id: created.smartAccount.id }, created.smartAccount);
        const va = created.defaultVirtualAccount;
        await upsert(client, 'virtual_accounts', { id: va.id, smart_account_id: va.smartAccountId }, va);
        return created;
      }),
    createVirtualAccount: (input) =>
      change(async (client, current) => {
        const va = directoryChanges.virtualAccount(current, input);
        await upsert(client, 'virtual_accounts', { id: va.id, smart_account_id: va.smartAccountId }, va);
        return va;
      }),
    addMember: (input) =>
      change(async (client, _current, organizationExists) => {
        const member = directoryChanges.member(organizationExists, input);
        await upsert(client, 'members', { id: member.id }, member);
        return member;
      }),
    grant: (input) =>
      change(async (client, current) => {
        const grant = directoryChanges.grant(current, input);
        await upsert(
          client,
          'role_grants',
          { id: grant.id, member_id: grant.memberId, smart_account_id: grant.smartAccountId },
          grant,
        );
        return grant;
      }),
    revoke: (grantId) =>
      change(async (client, current) => {
        const grant = directoryChanges.revoke(current, grantId);
        await client.query('DELETE FROM role_grants WHERE id = $1', [grantId]);
        return grant;
      }),
    removeMember: (memberId) =>
      change(async (client, current) => {
        const member = directoryChanges.removeMember(current, memberId);
        await client.query('DELETE FROM role_grants WHERE member_id = $1', [memberId]);
        await client.query('DELETE FROM members WHERE id = $1', [memberId]);
        return member;
      }),
    revokeToken: (tokenId) =>
      change(async (client) => {
        await client.query('INSERT INTO revoked_tokens (jti) VALUES ($1) ON CONFLICT (jti) DO NOTHING', [tokenId]);
      }),
  };
}
