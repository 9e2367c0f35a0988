// Starts the real relay as a child process on port 0 with its own data directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTeamDirectory, type TeamDirectory } from '../../../sync-server/src/directory/team-directory.ts';
import { openDatabase } from '../../../sync-server/src/persistence/open-database.ts';
import { mintToken } from '../../../sync-server/src/auth/tokens.ts';

const MAIN = new URL('../../../sync-server/src/main.ts', import.meta.url).pathname;
export const TEST_SECRET = 'holdfast-test-secret-0123456789-abcdefghijklmnop';

export interface RelayProcess {
  url: string;
  port: number;
  dataDir: string;
  directory: TeamDirectory;
  child: ChildProcess;
  token(memberId: string, ttlSeconds?: number): Promise<string>;
  /** SIGTERM and wait for exit. */
  stop(): Promise<number | null>;
  kill9(): Promise<void>;
  /** Starts a new process on the same data directory and port (after a stop or kill). */
  restart(): Promise<RelayProcess>;
  dispose(): void;
}

export async function startRelay(
  options: { dataDir?: string; args?: string[]; port?: number } = {},
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
      env: { ...process.env, HOLDFAST_RELAY_SECRET: TEST_SECRET },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 30_000;
  while (!existsSync(readyFile)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`relay did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const { port } = JSON.parse(readFileSync(readyFile, 'utf8')) as { port: number };
  const directory = createTeamDirectory(openDatabase(dataDir));
  const secret = new TextEncoder().encode(TEST_SECRET);
  const relay: RelayProcess = {
    url: `ws://127.0.0.1:${port}`,
    port,
    dataDir,
    directory,
    child,
    token: (memberId, ttlSeconds = 3600) => mintToken(secret, memberId, ttlSeconds),
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    restart: () => startRelay({ dataDir, args: options.args, port }),
    dispose() {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return relay;
}
