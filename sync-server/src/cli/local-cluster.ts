// Several relay processes on one throwaway PostgreSQL on this computer: what `pnpm cluster` runs
// for a try-out and `pnpm bench cluster` measures. Every node shares one data directory, which
// holds nothing but the signing key files (the store is PostgreSQL), as the nodes of a real
// cluster share key files or HOLDFAST_RELAY_SECRET. Never loaded by the relay itself.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalPostgres, type LocalPostgres, type LocalPostgresOptions } from './local-postgres.ts';

const SERVER_DIR = join(import.meta.dirname, '../..');
const MAIN = join(SERVER_DIR, 'src/main.ts');
const ADMIN = join(SERVER_DIR, 'src/cli/admin.ts');

export interface LocalNode {
  name: string;
  port: number;
  url: string;
  child: ChildProcess;
  /** What the process printed (start-up problems, logs at the chosen level). */
  output(): string;
  /** SIGTERM (sockets closed with 1001, documents compacted) and wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL: a crash, nothing tidied. */
  kill(): Promise<void>;
}

export interface LocalCluster {
  postgres: LocalPostgres;
  /** The relay's database (`postgres://…`, with its password: keep it off screens and logs). */
  storeUrl: string;
  /** The data directory every node shares: the signing key files. */
  keysDir: string;
  nodes: LocalNode[];
  /** Starts a node (again) under a name, on a port (0: any free one). */
  startNode(name: string, port: number): Promise<LocalNode>;
  /** `relay-admin … --store <url> --data-dir <keys>`: its standard output, or an error with its stderr. */
  admin(args: string[]): Promise<string>;
  stop(): Promise<void>;
}

export interface LocalClusterOptions {
  nodes: number;
  /** First node's port; the next nodes take the ports after it. 0: any free ports. */
  basePort: number;
  /** More relay flags for every node (`--log-level warn`, `--validate-writes off`, …). */
  relayArgs?: string[];
  postgres?: LocalPostgresOptions;
  /** Seed the demo team (`relay-admin demo`) before the nodes start. */
  seedDemo?: boolean;
  /** Called with what `relay-admin demo` printed. */
  onSeeded?: (output: string) => void;
}

/** Nodes still running when this process exits (a crash, an uncaught error) are killed with it. */
const orphans = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of orphans) child.kill('SIGKILL');
});

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startLocalCluster(options: LocalClusterOptions): Promise<LocalCluster> {
  const postgres = await startLocalPostgres(options.postgres);
  const nodes: LocalNode[] = [];
  try {
    const storeUrl = await postgres.createDatabase();
    const keysDir = join(postgres.root, 'relay');
    mkdirSync(keysDir, { mode: 0o700, recursive: true });
    // The relay reads the store URL from the environment: it never shows up in `ps`.
    // The key files in keysDir sign, for every node alike (not a secret from the environment).
    const { HOLDFAST_RELAY_SECRET: _unused, ...inherited } = process.env;
    const env = { ...inherited, HOLDFAST_RELAY_STORE: storeUrl };

    const admin = (args: string[]) =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', ADMIN, ...args, '--data-dir', keysDir], {
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('exit', (code) =>
          code === 0 ? resolve(stdout) : reject(new Error(`relay-admin ${args[0]} failed: ${stderr || stdout}`)),
        );
      });

    const startNode = async (name: string, port: number): Promise<LocalNode> => {
      const readyFile = join(postgres.root, `ready-${name}-${Date.now()}.json`);
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          MAIN,
          '--node-name',
          name,
          '--port',
          String(port),
          '--data-dir',
          keysDir,
          '--ready-file',
          readyFile,
          ...(options.relayArgs ?? []),
        ],
        // Detached: Ctrl-C reaches only the program that started the node, which stops the nodes
        // before PostgreSQL (a node compacts its documents as it stops).
        { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
      );
      orphans.add(child);
      child.once('exit', () => orphans.delete(child));
      let output = '';
      child.stdout!.on('data', (d) => (output += d));
      child.stderr!.on('data', (d) => (output += d));
      // The node writes its ready file once it listens; until then, or until it exits, wait.
      await new Promise<void>((resolve, reject) => {
        const check = setInterval(() => {
          if (existsSync(readyFile)) {
            clearInterval(check);
            resolve();
          } else if (child.exitCode !== null) {
            clearInterval(check);
            reject(new Error(`relay node ${name} did not start:\n${output}`));
          }
        }, 25);
      });
      const ready = JSON.parse(readFileSync(readyFile, 'utf8')) as { port: number };
      const node: LocalNode = {
        name,
        port: ready.port,
        url: `ws://127.0.0.1:${ready.port}`,
        child,
        output: () => output,
        async stop() {
          child.kill('SIGTERM');
          await waitForExit(child);
        },
        async kill() {
          child.kill('SIGKILL');
          await waitForExit(child);
        },
      };
      const index = nodes.findIndex((n) => n.name === name);
      if (index >= 0) nodes[index] = node;
      else nodes.push(node);
      return node;
    };

    if (options.seedDemo) options.onSeeded?.(await admin(['demo']));
    // The first node creates the signing key; the others start once it exists and share it.
    for (let i = 0; i < options.nodes; i++)
      await startNode(`node-${i + 1}`, options.basePort === 0 ? 0 : options.basePort + i);

    return {
      postgres,
      storeUrl,
      keysDir,
      nodes,
      startNode,
      admin,
      async stop() {
        await Promise.all(nodes.map((node) => node.stop()));
        await postgres.stop();
      },
    };
  } catch (error) {
    for (const node of nodes) node.child.kill('SIGKILL');
    await postgres.stop();
    throw error;
  }
}

/** Writes `text` to a file only its owner may read (0600). */
export function writePrivateFile(path: string, text: string): void {
  writeFileSync(path, text, { mode: 0o600 });
}
