// Issue 14, items 4, 8, 9: operator commands under load, file modes and secrets, the command line.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CloseCode, virtualAccountDocName } from '@holdfast/core/protocol';
import { startRelay } from './support/relay-process.ts';
import { TEAM, seedTeam } from './support/team.ts';
import { connectClient, eventually } from './support/test-client.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const MAIN = join(ROOT, 'sync-server/src/main.ts');
// HOLDFAST_RELAY_ADMIN runs another build of the CLI (for example the previous commit's) against these tests.
const ADMIN = process.env.HOLDFAST_RELAY_ADMIN ?? join(ROOT, 'sync-server/src/cli/admin.ts');
const emeaDoc = virtualAccountDocName(TEAM.holding, TEAM.emea);
const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

/** Runs `relay-admin` without blocking the event loop (a writer keeps writing meanwhile). */
function admin(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ADMIN, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

// Eight admin commands (each a new Node process) and a directory under load: a fixed amount of work
// that takes minutes on a loaded 2-core machine. The timeout only catches a hang; nothing is timed.
vi.setConfig({ testTimeout: 300_000 });

describe('operator commands', () => {
  it('role grants and revokes made while a writer updates the document all succeed', async () => {
    // The load is raw map writes (what is written does not matter here), so write validation is off.
    const relay = await startRelay({ args: ['--validate-writes', 'off'] });
    seedTeam(relay.directory);
    try {
      const writer = connectClient(relay.url, emeaDoc, await relay.token(TEAM.admin));
      await writer.synced;
      let written = 0;
      // About 100 updates a second: load, paced by a timer (nothing is asserted after it).
      const load = setInterval(() => writer.doc.getMap('orders').set(`SO${written % 20}`, written++), 10);
      const results = [];
      for (let i = 0; i < 4; i++) {
        const dataDir = ['--data-dir', relay.dataDir];
        results.push(
          await admin([
            'role',
            'grant',
            '--member',
            TEAM.apacUser,
            '--role',
            'virtual-account-user',
            '--account',
            TEAM.holding,
            '--va',
            TEAM.emea,
            ...dataDir,
          ]),
        );
        results.push(
          await admin([
            'role',
            'revoke',
            '--id',
            `${TEAM.apacUser}|virtual-account-user|${TEAM.holding}|${TEAM.emea}`,
            ...dataDir,
          ]),
        );
      }
      clearInterval(load);
      console.log(`operator commands: ${written} updates written during 8 commands`);
      expect(results.map((r) => [r.code, r.stderr])).toEqual(results.map(() => [0, '']));
      writer.close();
    } finally {
      relay.dispose();
    }
  });

  it('token mint prints a token and its id; token revoke and member remove act on live sockets', async () => {
    const relay = await startRelay();
    seedTeam(relay.directory);
    try {
      const dataDir = ['--data-dir', relay.dataDir];
      const minted = await admin(['token', 'mint', '--member', TEAM.emeaUser, ...dataDir]);
      expect(minted.code).toBe(0);
      const token = minted.stdout.trim();
      const jti = /token id \(jti\): (\S+)/.exec(minted.stderr)?.[1];
      expect(jti).toBeDefined();
      const client = connectClient(relay.url, emeaDoc, token);
      await client.synced;
      expect((await admin(['token', 'revoke', '--jti', jti!, ...dataDir])).code).toBe(0);
      expect((await client.closed).code).toBe(CloseCode.unauthorized);

      const other = connectClient(relay.url, emeaDoc, await relay.token(TEAM.admin));
      await other.synced;
      expect((await admin(['member', 'remove', '--id', TEAM.admin, ...dataDir])).code).toBe(0);
      expect((await other.closed).code).toBe(CloseCode.accessRevoked);
    } finally {
      relay.dispose();
    }
  });

  it('a failing command says why in one line and exits non-zero', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'holdfast-admin-'));
    try {
      const result = await admin(['role', 'revoke', '--id', 'no-such-grant', '--data-dir', dataDir], {
        HOLDFAST_RELAY_SECRET: '',
      });
      expect(result.code).not.toBe(0);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain('No role grant');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('files and secrets', () => {
  it('the data directory is 0700 and the database and key files 0600', async () => {
    const relay = await startRelay({ env: { HOLDFAST_RELAY_SECRET: '' } });
    try {
      expect(mode(relay.dataDir)).toBe('700');
      expect(mode(join(relay.dataDir, 'relay.sqlite'))).toBe('600');
      const keys = readdirSync(join(relay.dataDir, 'keys'));
      expect(keys).toHaveLength(1);
      expect(mode(join(relay.dataDir, 'keys'))).toBe('700');
      expect(mode(join(relay.dataDir, 'keys', keys[0]!))).toBe('600');
      expect(readFileSync(join(relay.dataDir, 'keys', keys[0]!), 'utf8').length).toBeGreaterThanOrEqual(32);
    } finally {
      relay.dispose();
    }
  });

  it('the relay refuses to start on a key file others can read, or on a short secret, in one line', async () => {
    const relay = await startRelay({ env: { HOLDFAST_RELAY_SECRET: '' } });
    const dataDir = relay.dataDir;
    await relay.stop();
    try {
      const [kid] = readdirSync(join(dataDir, 'keys'));
      chmodSync(join(dataDir, 'keys', kid!), 0o644);
      const run = (env: NodeJS.ProcessEnv) =>
        spawnSync(process.execPath, ['--import', 'tsx', MAIN, '--port', '0', '--data-dir', dataDir], {
          encoding: 'utf8',
          env: { ...process.env, ...env },
        });
      const readable = run({ HOLDFAST_RELAY_SECRET: '' });
      expect(readable.status).toBe(2);
      expect(readable.stderr.trim().split('\n')).toHaveLength(1);
      expect(readable.stderr).toContain('chmod 600');
      chmodSync(join(dataDir, 'keys', kid!), 0o600);
      const short = run({ HOLDFAST_RELAY_SECRET: 'short-secret' });
      expect(short.status).toBe(2);
      expect(short.stderr).toContain('HOLDFAST_RELAY_SECRET must be at least 32 characters');
    } finally {
      relay.dispose();
    }
  });
});

describe('the command line', () => {
  it('relay-admin --help prints usage, not a stack trace', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', ADMIN, '--help'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage: relay-admin');
    expect(run.stderr).not.toContain('    at ');
  });

  it('a port already in use is said in one line', async () => {
    const relay = await startRelay();
    try {
      const run = spawnSync(
        process.execPath,
        ['--import', 'tsx', MAIN, '--port', String(relay.port), '--data-dir', relay.dataDir],
        {
          encoding: 'utf8',
        },
      );
      expect(run.status).toBe(2);
      expect(run.stderr.trim().split('\n')).toEqual([
        `relay did not start: port ${relay.port} on 127.0.0.1 is already in use; choose another with --port`,
      ]);
    } finally {
      relay.dispose();
    }
  });

  it('pnpm --filter @holdfast/sync-server start -- --port N starts the relay with those flags', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'holdfast-start-'));
    const readyFile = join(dataDir, 'ready.json');
    const child = spawn(
      'pnpm',
      [
        '--filter',
        '@holdfast/sync-server',
        'start',
        '--',
        '--port',
        '0',
        '--data-dir',
        dataDir,
        '--ready-file',
        readyFile,
        '--log-level',
        'warn',
      ],
      {
        cwd: ROOT,
        detached: true,
        stdio: 'ignore',
      },
    );
    try {
      await eventually('the relay is ready', () => existsSync(readyFile) || child.exitCode !== null, 60_000);
      expect(child.exitCode).toBeNull();
      const { port } = JSON.parse(readFileSync(readyFile, 'utf8')) as { port: number };
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
