// A throwaway PostgreSQL server on this computer, for `pnpm cluster`, `pnpm bench cluster` and the
// cluster tests: Debian's own binaries, a temporary data directory, loopback only, a free port, a
// random password. initdb refuses to run as root, so as root the server runs as the `postgres`
// user (the directory is handed to it first). Never loaded by the relay itself.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface LocalPostgres {
  readonly port: number;
  /** postgres:// URL of the admin database (`postgres`). */
  readonly adminUrl: string;
  /** The temporary directory (data, log, socket); removed by stop. */
  readonly root: string;
  /** Creates a fresh database and returns its URL: each test gets one of its own. */
  createDatabase(): Promise<string>;
  /** `pg_ctl restart -m immediate`: every connection dies, no clean shutdown (a crash, for PG). */
  restartImmediate(): Promise<void>;
  /** Stops the server (immediate: like a crash) until startServer; the data directory stays. */
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  /** Runs one SQL statement on the admin database (e.g. `pg_terminate_backend`). */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<R[]>;
  stop(): Promise<void>;
}

/** Where Debian put the server binaries (the newest major), or HOLDFAST_PG_BIN. */
export function postgresBinDir(): string {
  const fromEnv = process.env.HOLDFAST_PG_BIN;
  if (fromEnv) return fromEnv;
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!majors[0]) {
    throw new Error(
      "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: run scripts/ensure-postgres.sh (Debian's postgresql package) or set HOLDFAST_PG_BIN.",
    );
  }
  return join(root, majors[0], 'bin');
}

const asRoot = () => userInfo().uid === 0;

/** Runs a server binary as `postgres` when we are root (initdb and postgres refuse root). */
async function runServerTool(bin: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  const [file, argv] = asRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  // A session of its own (detached): a Ctrl-C meant for the program that started the server does
  // not reach it, so that program stops its relay nodes first and the server last.
  const child = spawn(file, argv, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  // 'exit', not 'close': the server pg_ctl starts may keep inherited descriptors open.
  const [code, error] = await new Promise<[number | null, Error | null]>((resolve) => {
    child.once('error', (e) => resolve([null, e]));
    child.once('exit', (c) => resolve([c, null]));
  });
  if (code === 0) return { stdout, stderr };
  throw new Error(`${bin} ${args.join(' ')} failed (${error?.message ?? `exit ${code}`})\n${stdout}${stderr}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface LocalPostgresOptions {
  /**
   * Skip fsync and full-page writes: for tests, whose data directory is thrown away. A process
   * crash (`pg_ctl restart -m immediate`) still loses nothing committed; only a power cut would.
   */
  fast?: boolean;
  maxConnections?: number;
}

export async function startLocalPostgres(settings: LocalPostgresOptions = {}): Promise<LocalPostgres> {
  const bin = postgresBinDir();
  const root = mkdtempSync(join(tmpdir(), 'holdfast-pg-'));
  const dataDir = join(root, 'data');
  const password = randomBytes(18).toString('base64url');
  const pwFile = join(root, 'pw');
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  if (asRoot()) {
    const { uid, gid } = await run('id', ['-u', 'postgres']).then(async ({ stdout }) => ({
      uid: Number(stdout.trim()),
      gid: Number((await run('id', ['-g', 'postgres'])).stdout.trim()),
    }));
    chownSync(root, uid, gid);
    chownSync(pwFile, uid, gid);
  }
  chmodSync(root, 0o700);
  await runServerTool(join(bin, 'initdb'), [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=scram-sha-256',
    `--pwfile=${pwFile}`,
    '--encoding=UTF8',
    '--no-sync',
  ]);

  // The port is free when we look; another process may take it before the server binds. Then
  // pg_ctl reports the failure and we try another one (a bind race, not a timing assumption).
  let port: number;
  let options: string;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    options = [
      `-c listen_addresses=127.0.0.1`,
      `-c port=${port}`,
      `-c unix_socket_directories=${root}`,
      // Test speed only (settings.fast): the data directory is thrown away. The store still asks
      // for synchronous_commit=on per session; with fsync off that costs nothing here.
      ...(settings.fast ? [`-c fsync=off`, `-c full_page_writes=off`] : []),
      `-c max_connections=${settings.maxConnections ?? 200}`,
    ].join(' ');
    try {
      // -w: pg_ctl itself waits until the server accepts connections (no fixed sleep).
      await runServerTool(join(bin, 'pg_ctl'), [
        'start',
        '-w',
        '-t',
        '120',
        '-D',
        dataDir,
        '-l',
        join(root, 'log'),
        '-o',
        options,
      ]);
      break;
    } catch (error) {
      if (attempt >= 5) throw error;
    }
  }

  const adminUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const admin = new pg.Pool({ connectionString: adminUrl, max: 2 });
  // An idle connection killed by a restart is dropped by the pool; the next query opens another.
  admin.on('error', () => undefined);
  // Readiness by connecting, not by time: pg_ctl -w already waited; this proves the password works.
  await admin.query('SELECT 1');
  let databases = 0;

  const pgCtl = (...args: string[]) => runServerTool(join(bin, 'pg_ctl'), [...args, '-D', dataDir]);

  return {
    port,
    adminUrl,
    root,
    async createDatabase() {
      const name = `holdfast_${++databases}`;
      await admin.query(`CREATE DATABASE ${name}`);
      return adminUrl.replace(/\/postgres$/, `/${name}`);
    },
    async restartImmediate() {
      // restart reuses the options the server was started with (postmaster.opts).
      await pgCtl('restart', '-w', '-t', '120', '-m', 'immediate', '-l', join(root, 'log'));
    },
    async stopServer() {
      await pgCtl('stop', '-w', '-m', 'immediate');
    },
    async startServer() {
      await pgCtl('start', '-w', '-t', '120', '-l', join(root, 'log'), '-o', options);
    },
    async query(sql, params) {
      return (await admin.query(sql, params)).rows;
    },
    async stop() {
      await admin.end().catch(() => undefined);
      await pgCtl('stop', '-w', '-m', 'immediate').catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
