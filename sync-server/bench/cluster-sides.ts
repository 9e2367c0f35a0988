// The two sides `pnpm bench cluster` drives: three Holdfast nodes on PostgreSQL, and three
// Hocuspocus instances fanned out over a real Redis (Debian's redis-server) with a shared store.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect as connectTcp, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { virtualAccountDocName } from '@holdfast/core/protocol';
import { loadKeyRing } from '../src/auth/signing-keys.ts';
import { mintToken } from '../src/auth/tokens.ts';
import { startLocalCluster } from '../src/cli/local-cluster.ts';
import { createPostgresTeamDirectory } from '../src/directory/postgres-team-directory.ts';
import { createPostgresPool } from '../src/persistence/postgres/connect.ts';
import { migrate } from '../src/persistence/postgres/migrations.ts';
import { createPostgresDocumentStore } from '../src/persistence/postgres/postgres-document-store.ts';

export interface Side {
  kind: 'holdfast' | 'hocuspocus';
  urls: string[];
  token: string | null;
  docName(n: number): string;
  kill(node: number): Promise<void>;
  /** The document as a fresh load from the side's store gives it. */
  freshLoad(docName: string): Promise<Y.Doc>;
  /** Holdfast: removes a member through the shared directory (every node closes their sockets). */
  removeMember?(memberId: string): Promise<void>;
  memberToken?(memberId: string): Promise<string>;
  /** Holdfast: the p99 of appends (commit included) from node 1's histogram, in ms. */
  appendP99?(): Promise<number>;
  close(): Promise<void>;
}

const T = '2026-01-01T00:00:00.000Z';
const SA = 'bench-hold';
export const LEAVER = 'bench:leaver';

/** Relay flags for the bench: validation off (raw map writes) and member budgets lifted, as in `pnpm bench relay`. */
const RELAY_ARGS = [
  ...['--log-level', 'warn', '--validate-writes', 'off', '--max-connections-per-member', '2000'],
  ...['--rate-limit-per-second', '100000', '--rate-limit-burst', '100000'],
  ...['--bytes-per-second', '1073741824', '--bytes-burst', '1073741824', '--cluster-poll-ms', '1000'],
];

export async function startHoldfast(documents: number): Promise<Side> {
  const cluster = await startLocalCluster({ nodes: 3, basePort: 0, relayArgs: RELAY_ARGS });
  const pool = createPostgresPool({
    url: cluster.storeUrl,
    applicationName: 'holdfast-bench',
    max: 3,
    onIdleError: () => undefined,
  });
  await migrate(pool);
  const directory = createPostgresTeamDirectory(pool);
  await directory.addOrganization({ id: 'bench', name: 'Bench', kind: 'partner', emailDomain: 'bench.example.com' });
  await directory.createSmartAccount({
    id: SA,
    name: 'Bench',
    kind: 'partner-holding',
    organizationId: 'bench',
    emailDomain: 'bench.example.com',
    createdAt: T,
  });
  for (let n = 0; n <= documents; n++)
    await directory.createVirtualAccount({ id: `${SA}/va-${n}`, smartAccountId: SA, name: `VA ${n}`, createdAt: T });
  for (const [id, role, va] of [
    ['bench:writer', 'holding-account-administrator', null],
    [LEAVER, 'virtual-account-user', `${SA}/va-0`],
  ] as const) {
    await directory.addMember({
      id,
      name: id,
      email: `${id.split(':')[1]}@bench.example.com`,
      organizationId: 'bench',
    });
    await directory.grant({
      id: `${id}|grant`,
      memberId: id,
      role,
      smartAccountId: SA,
      virtualAccountId: va,
      grantedBy: 'bench',
      grantedAt: T,
    });
  }
  const version = await directory.version();
  for (const node of cluster.nodes)
    for (;;) {
      const text = await (await fetch(`http://127.0.0.1:${node.port}/metrics`)).text();
      if (new RegExp(`^holdfast_relay_directory_version ${version}$`, 'm').test(text)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  const key = loadKeyRing(cluster.keysDir, {}).current();
  const store = createPostgresDocumentStore(pool);
  return {
    kind: 'holdfast',
    urls: cluster.nodes.map((node) => node.url),
    token: await mintToken(key, 'bench:writer', 3600),
    docName: (n) => virtualAccountDocName(SA, `${SA}/va-${n}`),
    kill: (node) => cluster.nodes[node]!.kill(),
    async freshLoad(docName) {
      const doc = new Y.Doc();
      for (const update of (await store.load(docName)).updates) Y.applyUpdate(doc, update);
      return doc;
    },
    removeMember: async (memberId) => void (await directory.removeMember(memberId)),
    memberToken: (memberId) => mintToken(key, memberId, 3600),
    async appendP99() {
      const text = await (await fetch(`http://127.0.0.1:${cluster.nodes[0]!.port}/metrics`)).text();
      return histogramQuantile(text, 'holdfast_relay_persistence_seconds', 'operation="append"', 0.99) * 1000;
    },
    async close() {
      await pool.end();
      await cluster.stop();
    },
  };
}

/** The bucket bound below which `q` of the observations fall (Prometheus histogram text). */
function histogramQuantile(text: string, name: string, label: string, q: number): number {
  const buckets = [...text.matchAll(new RegExp(`^${name}_bucket\\{(?:[^}]*,)?le="([^"]+)"[^}]*\\} (\\S+)$`, 'gm'))]
    .filter((m) => m[0].includes(label))
    .map((m) => ({ le: m[1] === '+Inf' ? Infinity : Number(m[1]), count: Number(m[2]) }));
  const total = buckets.at(-1)?.count ?? 0;
  return buckets.find((b) => b.count >= q * total)?.le ?? NaN;
}

/** `redis-server` from Debian's package, or null with the reason (the bench then skips the peer). */
export function findRedis(): string | null {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  return probe.error ? null : 'redis-server';
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

async function redisAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connectTcp(port, '127.0.0.1');
    socket.once('error', () => resolve(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
  });
}

function startPeerProcess(file: string, args: string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', (line) => resolve({ child, port: (JSON.parse(String(line)) as { port: number }).port }));
    child.once('exit', (code) => reject(new Error(`${file} exited (${code}) before listening`)));
  });
}

export async function startHocuspocus(redis: string): Promise<Side> {
  const dir = mkdtempSync(join(tmpdir(), 'holdfast-bench-hocuspocus-'));
  const redisPort = await freePort();
  // Redis as a cache for pub/sub only: no RDB snapshot, no AOF (the extension keeps nothing there).
  const redisProcess = spawn(
    redis,
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  while (!(await redisAnswers(redisPort))) {
    if (redisProcess.exitCode !== null) throw new Error('redis-server exited at start');
    await new Promise((r) => setTimeout(r, 25));
  }
  const file = join(dir, 'documents.sqlite');
  const peer = new URL('./peers/hocuspocus-redis-server.ts', import.meta.url).pathname;
  const nodes: { child: ChildProcess; port: number }[] = [];
  for (let i = 0; i < 3; i++) nodes.push(await startPeerProcess(peer, [String(redisPort), file]));
  const exited = (child: ChildProcess) =>
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((r) => child.once('exit', () => r()));
  const stopNodes = async () => {
    for (const node of nodes) node.child.kill('SIGTERM');
    await Promise.all(nodes.map((node) => exited(node.child)));
  };
  return {
    kind: 'hocuspocus',
    urls: nodes.map((node) => `ws://127.0.0.1:${node.port}`),
    token: null,
    docName: (n) => `bench-${n}`,
    async kill(node) {
      nodes[node]!.child.kill('SIGKILL');
      await exited(nodes[node]!.child);
    },
    async freshLoad(docName) {
      const db = new Database(file, { readonly: true });
      const row = db.prepare<[string], { data: Buffer }>('SELECT data FROM documents WHERE name = ?').get(docName);
      db.close();
      const doc = new Y.Doc();
      if (row) Y.applyUpdate(doc, new Uint8Array(row.data));
      return doc;
    },
    async close() {
      await stopNodes();
      redisProcess.kill('SIGTERM');
      await exited(redisProcess);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
