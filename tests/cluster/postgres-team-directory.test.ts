import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Registry } from 'prom-client';
import { createClusterMetrics } from '../../sync-server/src/cluster/cluster-metrics.ts';
import { createNotificationListener } from '../../sync-server/src/cluster/notification-listener.ts';
import { watchDirectory } from '../../sync-server/src/directory/directory-watcher.ts';
import { createDirectoryView, type DirectoryReader } from '../../sync-server/src/directory/directory-view.ts';
import {
  createPostgresTeamDirectory,
  type PostgresTeamDirectory,
} from '../../sync-server/src/directory/postgres-team-directory.ts';
import { seedDemoTeam } from '../../sync-server/src/directory/seed-demo-team.ts';
import { createTeamDirectory, type TeamDirectory } from '../../sync-server/src/directory/team-directory.ts';
import { openDatabase } from '../../sync-server/src/persistence/open-database.ts';
import { CHANNEL } from '../../sync-server/src/persistence/postgres/channels.ts';
import { seedTeam, TEAM, T } from '../relay/support/team.ts';
import { openNodePool } from './support/cluster-store.ts';
import { startPostgres, type TestPostgres } from './support/postgres.ts';

let server: TestPostgres;
const cleanup: (() => unknown)[] = [];
beforeAll(async () => {
  server = await startPostgres();
});
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});
afterAll(() => server?.stop());

async function pgDirectory(url: string, node: string): Promise<PostgresTeamDirectory> {
  const pool = await openNodePool(url, node);
  cleanup.push(() => pool.end());
  return createPostgresTeamDirectory(pool);
}

function sqliteDirectory(): TeamDirectory {
  const dir = mkdtempSync(join(tmpdir(), 'holdfast-dir-'));
  const db = openDatabase(dir);
  cleanup.push(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return createTeamDirectory(db);
}

type Call = { method: string; args: unknown[]; error: string | null };
const WRITES = new Set([
  'addOrganization',
  'createSmartAccount',
  'createVirtualAccount',
  'addMember',
  'grant',
  'revoke',
  'removeMember',
  'revokeToken',
]);

/** Forwards to `directory` and records every change and whether (and how) it was refused. */
function recording(directory: TeamDirectory, calls: Call[]): TeamDirectory {
  return new Proxy(directory, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof key !== 'string' || !WRITES.has(key) || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        try {
          const result = (value as (...a: unknown[]) => unknown).apply(target, args);
          calls.push({ method: key, args, error: null });
          return result;
        } catch (error) {
          calls.push({ method: key, args, error: (error as Error).message });
          throw error;
        }
      };
    },
  });
}

async function replay(directory: PostgresTeamDirectory, calls: Call[]): Promise<Call[]> {
  const outcomes: Call[] = [];
  for (const { method, args } of calls) {
    try {
      await (directory as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!(...args);
      outcomes.push({ method, args, error: null });
    } catch (error) {
      outcomes.push({ method, args, error: (error as Error).message });
    }
  }
  return outcomes;
}

/** Every read the relay makes, for every member and account either directory knows. */
function reads(directory: DirectoryReader, memberIds: string[], accountIds: string[]) {
  return {
    isEmpty: directory.isEmpty(),
    revoked: ['jti-1', 'jti-2'].map((jti) => directory.isTokenRevoked(jti)),
    grants: directory.grants(),
    members: memberIds.map((id) => ({
      member: directory.member(id),
      grants: directory.grants(id),
      actor: directory.actor(id),
      memberAccounts: directory.memberAccounts(id),
    })),
    accounts: accountIds.map((id) => ({
      smartAccount: directory.smartAccount(id),
      virtualAccounts: directory.virtualAccounts(id),
      accountDirectory: directory.accountDirectory(id),
    })),
  };
}

async function watcher(url: string, node: string, pollIntervalMs = 3_600_000) {
  const registry = new Registry();
  const metrics = createClusterMetrics(registry);
  const listener = createNotificationListener({
    url,
    applicationName: `holdfast-listen-${node}`,
    channels: [CHANNEL.directory],
    metrics,
    onError: () => undefined,
  });
  await listener.start();
  cleanup.push(() => listener.close());
  const changes: number[] = [];
  const watching = await watchDirectory({
    source: await pgDirectory(url, `${node}-reader`),
    listener,
    metrics,
    pollIntervalMs,
    onChange: (directory) => changes.push(directory.version()),
    onError: () => undefined,
  });
  cleanup.push(() => watching.stop());
  return { watching, changes, registry };
}

describe('the team directory in PostgreSQL', () => {
  it('makes the same changes, refuses the same ones with the same words, and answers every read as the SQLite directory does', async () => {
    const calls: Call[] = [];
    const sqlite = sqliteDirectory();
    const report = await seedDemoTeam(recording(sqlite, calls));
    seedTeam(recording(sqlite, calls));
    // Changes the seeds do not make: a revocation, a removed member, refusals of each kind.
    const extra: Call[] = [
      { method: 'revoke', args: [`${TEAM.apacUser}|virtual-account-user|${TEAM.apac}`], error: null },
      { method: 'removeMember', args: [TEAM.emeaUser], error: null },
      { method: 'revokeToken', args: ['jti-1'], error: null },
      { method: 'revokeToken', args: ['jti-1'], error: null },
      { method: 'revoke', args: ['no-such-grant'], error: null },
      {
        method: 'createVirtualAccount',
        args: [{ id: 'x', smartAccountId: 'nope', name: 'X', createdAt: T }],
        error: null,
      },
      {
        method: 'addMember',
        args: [{ id: 'm', name: 'M', email: 'm@x.example.com', organizationId: 'nope' }],
        error: null,
      },
    ];
    for (const call of extra) {
      const method = (sqlite as unknown as Record<string, (...a: unknown[]) => unknown>)[call.method]!;
      try {
        method(...call.args);
        calls.push(call);
      } catch (error) {
        calls.push({ ...call, error: (error as Error).message });
      }
    }
    expect(report.refused.length).toBeGreaterThan(0);

    const postgres = await pgDirectory(await server.createDatabase(), 'a');
    expect(await replay(postgres, calls)).toEqual(calls);
    const snapshot = await postgres.snapshot();
    const memberIds = [...snapshot.members.map((m) => m.id), TEAM.emeaUser, 'nobody'];
    const accountIds = [...snapshot.smartAccounts.map((a) => a.id), 'nothing'];
    expect(reads(createDirectoryView(snapshot), memberIds, accountIds)).toEqual(reads(sqlite, memberIds, accountIds));
    expect(snapshot.version).toBe(calls.filter((c) => c.error === null).length);
  });

  it('removing a member removes every role they hold, in one change', async () => {
    const directory = await pgDirectory(await server.createDatabase(), 'a');
    const seeding = queued(directory);
    seedTeam(seeding.facade);
    await seeding.done();
    const before = await directory.version();
    await directory.removeMember(TEAM.emeaUser);
    const view = createDirectoryView(await directory.snapshot());
    expect(view.member(TEAM.emeaUser)).toBeUndefined();
    expect(view.grants().filter((g) => g.memberId === TEAM.emeaUser)).toEqual([]);
    expect(view.version()).toBe(before + 1);
    await expect(directory.removeMember(TEAM.emeaUser)).rejects.toThrow(`No member "${TEAM.emeaUser}"`);
  });

  it('a refused change writes nothing and leaves the version as it was', async () => {
    const directory = await pgDirectory(await server.createDatabase(), 'a');
    await directory.addOrganization({ id: 'p', name: 'P', kind: 'partner', emailDomain: 'p.example.com' });
    const before = await directory.snapshot();
    await expect(
      directory.grant({
        id: 'g',
        memberId: 'ghost',
        role: 'holding-account-administrator',
        smartAccountId: 'sa',
        virtualAccountId: null,
        grantedBy: 'test',
        grantedAt: T,
      }),
    ).rejects.toThrow('No member "ghost"');
    expect(await directory.snapshot()).toEqual(before);
  });

  it('a grant and a revocation on one node reach another node’s directory through the notification', async () => {
    const url = await server.createDatabase();
    const writer = await pgDirectory(url, 'cli');
    const { watching, changes, registry } = await watcher(url, 'b');
    const seeding = queued(writer);
    seedTeam(seeding.facade);
    await seeding.done();
    const grantId = `${TEAM.apacUser}|virtual-account-user|${TEAM.apac}`;
    await vi.waitFor(() =>
      expect(
        watching
          .current()
          .grants(TEAM.apacUser)
          .map((g) => g.id),
      ).toEqual([grantId]),
    );
    await writer.revoke(grantId);
    const version = await writer.version();
    await vi.waitFor(() => expect(watching.current().version()).toBe(version));
    expect(watching.current().grants(TEAM.apacUser)).toEqual([]);
    expect(changes.at(-1)).toBe(version);
    expect((await registry.getSingleMetric('holdfast_relay_directory_version')!.get()).values[0]!.value).toBe(version);
  });

  it('a version changed without a notification is found by the poll', async () => {
    const url = await server.createDatabase();
    const writer = await pgDirectory(url, 'cli');
    const { watching } = await watcher(url, 'b', 50);
    const organization = { id: 'p', name: 'P', kind: 'partner', emailDomain: 'p.example.com' };
    // A change stored the way the directory stores one, minus pg_notify: a notification that was lost.
    const pool = await openNodePool(url, 'raw');
    cleanup.push(() => pool.end());
    await pool.query('BEGIN');
    await pool.query('INSERT INTO organizations (id, row) VALUES ($1, $2)', ['p', JSON.stringify(organization)]);
    await pool.query('UPDATE directory_version SET version = version + 1');
    await pool.query('COMMIT');
    await vi.waitFor(() => expect(watching.current().version()).toBe(1));
    expect(await writer.version()).toBe(1);
  });

  it('changes made from two nodes at once take turns: each bumps the version exactly once', async () => {
    const url = await server.createDatabase();
    const [a, b] = [await pgDirectory(url, 'a'), await pgDirectory(url, 'b')];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? a : b).addOrganization({
          id: `o${i}`,
          name: `O${i}`,
          kind: 'partner',
          emailDomain: `o${i}.example.com`,
        }),
      ),
    );
    const snapshot = await a.snapshot();
    expect(snapshot.version).toBe(20);
    expect(snapshot.organizations).toHaveLength(20);
  });
});

/** seedTeam speaks the synchronous directory: this queues its calls onto the asynchronous one, in order. */
function queued(directory: PostgresTeamDirectory): { facade: TeamDirectory; done(): Promise<unknown> } {
  let chain: Promise<unknown> = Promise.resolve();
  const call = (method: string, args: unknown[]) =>
    (directory as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!(...args);
  const facade = new Proxy({} as TeamDirectory, {
    get:
      (_target, key) =>
      (...args: unknown[]) => {
        chain = chain.then(() => call(String(key), args));
      },
  });
  return { facade, done: () => chain };
}
