// Starts the real relay as a child process on port 0 with its own data directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTeamDirectory, type TeamDirectory } from '../../../sync-server/src/directory/team-directory.ts';
import { openDatabase } from '../../../sync-server/src/persistence/open-database.ts';
import { mintToken } from '../../../sync-server/src/auth/tokens.ts';
import { ENV_KID } from '../../../sync-server/src/auth/signing-keys.ts';
import { pollUntil } from '../../support/poll-until.ts';

// HOLDFAST_RELAY_MAIN runs another relay build (for example the previous commit's) against these tests.
const MAIN = process.env.HOLDFAST_RELAY_MAIN ?? new URL('../../../sync-server/src/main.ts', import.meta.url).pathname;
export const TEST_SECRET = 'holdfast-test-secret-0123456789-abcdefghijklmnop';

export interface RelayProcess {
  url: string;
  port: number;
  dataDir: string;
  directory: TeamDirectory;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far (the relay logs warnings and errors). */
  output(): string;
  /**
   * How the process ended when nobody asked it to (no stop, kill9 or dispose), with its output:
   * a relay must never exit on its own, and when one does this says why. Null while it runs or
   * when it ended as asked.
   */
  unexpectedExit(): string | null;
  token(memberId: string, ttlSeconds?: number): Promise<string>;
  /** The relay's Prometheus text, as one number per metric line (`name{labels}` → value). */
  metrics(): Promise<Map<string, number>>;
  /** SIGTERM and wait for exit. */
  stop(): Promise<number | null>;
  kill9(): Promise<void>;
  /** Starts a new process on the same data directory and port (after a stop or kill). */
  restart(): Promise<RelayProcess>;
  dispose(): void;
}

export async function startRelay(
  options: { dataDir?: string; args?: string[]; port?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<RelayProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'holdfast-relay-'));
  const readyFile = join(dataDir, `ready-${Date.now()}-${Math.random()}.json`);
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      MAIN,
      '--port',
      String(options.port ?? 0),
      '--data-dir',
      dataDir,
      '--ready-file',
      readyFile,
      '--log-level',
      'warn',
      ...(options.args ?? []),
    ],
    {
      env: { ...process.env, HOLDFAST_RELAY_SECRET: TEST_SECRET, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  let askedToEnd = false;
  let ended: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code, signal) => {
      ended = { code, signal };
      resolve(code);
    }),
  );
  // Started once it writes the ready file; a relay that exits first, or not within 30 s, did not.
  const notStarted = () => new Error(`relay did not start:\n${output}`);
  await pollUntil(
    `the relay writes ${readyFile}`,
    () => {
      if (existsSync(readyFile)) return true;
      if (child.exitCode !== null) throw notStarted();
      return false;
    },
    { everyMs: 50, timeoutMs: 30_000, timeoutError: notStarted },
  );
  const { port } = JSON.parse(readFileSync(readyFile, 'utf8')) as { port: number };
  const directory = createTeamDirectory(openDatabase(dataDir));
  const key = { kid: ENV_KID, secret: new TextEncoder().encode(TEST_SECRET) };
  const relay: RelayProcess = {
    url: `ws://127.0.0.1:${port}`,
    port,
    dataDir,
    directory,
    child,
    output: () => output,
    unexpectedExit() {
      if (!ended || askedToEnd) return null;
      const how = ended.signal ? `was killed by ${ended.signal}` : `exited with code ${ended.code}`;
      return `the relay on port ${port} (pid ${child.pid}) ${how} although nobody stopped it; its output:\n${output}`;
    },
    token: (memberId, ttlSeconds = 3600) => mintToken(key, memberId, ttlSeconds),
    async metrics() {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      const values = new Map<string, number>();
      for (const line of text.split('\n')) {
        const match = /^([^#\s][^\s]*) ([^\s]+)$/.exec(line);
        if (match) values.set(match[1]!, Number(match[2]));
      }
      return values;
    },
    async stop() {
      askedToEnd = true;
      child.kill('SIGTERM');
      return exited;
    },
    async kill9() {
      askedToEnd = true;
      child.kill('SIGKILL');
      await exited;
    },
    restart: () => startRelay({ dataDir, args: options.args, port, env: options.env }),
    dispose() {
      askedToEnd = true;
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return relay;
}
