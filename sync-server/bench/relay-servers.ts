// Starts each relay under test as its own child process on 127.0.0.1, port 0.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintToken } from '../src/auth/tokens.ts';
import { createTeamDirectory, type TeamDirectory } from '../src/directory/team-directory.ts';
import { openDatabase } from '../src/persistence/open-database.ts';
import { virtualAccountDocName } from '@holdfast/core/protocol';

/** `forwarding-floor`: latency only, the least any relay can do here (peers/forwarding-floor.ts). */
export type RelayKind = 'holdfast' | 'hocuspocus' | 'hocuspocus-sqlite' | 'y-websocket-server' | 'forwarding-floor';

const PEER_SCRIPTS: Record<Exclude<RelayKind, 'holdfast'>, string> = {
  hocuspocus: './peers/hocuspocus-server.ts',
  'hocuspocus-sqlite': './peers/hocuspocus-server.ts',
  'y-websocket-server': './peers/y-websocket-server.ts',
  'forwarding-floor': './peers/forwarding-floor.ts',
};

/** Hocuspocus with its SQLite extension: a peer that keeps documents on disk, as Holdfast does. */
export const isHocuspocus = (kind: RelayKind) => kind === 'hocuspocus' || kind === 'hocuspocus-sqlite';

export interface RunningRelay {
  kind: RelayKind;
  url: string;
  pid: number;
  /** Live heap plus external memory after a full garbage collection, in bytes. */
  retainedMemory(): Promise<number>;
  /** The n-th document name this relay accepts. */
  docName(n: number): string;
  token: string | null;
  /** The token of the n-th client: its own member when the relay was started with `members`. */
  tokenFor(n: number): string | null;
  /** A token for any member of the relay's directory (Holdfast only). */
  mint(memberId: string): Promise<string>;
  stop(): void;
}

const SECRET = 'holdfast-bench-secret-0123456789-abcdefghijklmnop';
const here = (path: string) => new URL(path, import.meta.url).pathname;
/** How a child process of the bench loads TypeScript (the bench's client processes use it too). */
export const TS_NODE_ARGS = ['--import', 'tsx'];
const NODE_ARGS = ['--expose-gc', ...TS_NODE_ARGS, '--import', here('./peers/heap-probe.ts')];
// HOLDFAST_BENCH_CPU_PROF=<dir>: Holdfast's relay writes a V8 CPU profile there (it is stopped
// with SIGTERM then, so it can write it; the benchmark waits for it to exit).
const CPU_PROFILE_DIR = process.env.HOLDFAST_BENCH_CPU_PROF;

function heapProbe(pid: number, file: string) {
  return async (): Promise<number> => {
    const before = Date.now();
    process.kill(pid, 'SIGUSR2');
    for (let i = 0; i < 200; i++) {
      await new Promise((r) => setTimeout(r, 25));
      try {
        const probe = JSON.parse(readFileSync(file, 'utf8')) as { retained: number; at: number };
        if (probe.at >= before) return probe.retained;
      } catch {
        // not written yet
      }
    }
    throw new Error('the relay did not answer the heap probe');
  };
}

function waitForPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.includes('"port"'));
      if (line) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.on('exit', (code) => reject(new Error(`relay exited with ${code}: ${out}`)));
  });
}

export interface HoldfastBenchOptions {
  /** `lifted` (the default here): limits far above any load, so only speed is measured; `default`: the relay's own. */
  limits?: 'lifted' | 'default';
  /** Clients get a member each (`tokenFor`), as a team's members would, instead of one shared member. */
  members?: number;
  /**
   * Write validation (issue 12), off unless asked for: the shared workloads write raw map entries,
   * which validation refuses as not being orders.
   */
  validateWrites?: boolean;
  /** Seeds the directory instead of the bench's one-account team (documents are then the caller's). */
  seed?: (directory: TeamDirectory) => void | Promise<void>;
}

const LIFTED_LIMITS = [
  '--max-connections-per-member',
  '10000',
  '--rate-limit-per-second',
  '10000',
  '--rate-limit-burst',
  '10000',
  '--bytes-per-second',
  String(1024 ** 3),
  '--bytes-burst',
  String(1024 ** 3),
  '--max-unauthenticated',
  '100000',
];

export async function startRelay(
  kind: RelayKind,
  documents: number,
  options: HoldfastBenchOptions = {},
): Promise<RunningRelay> {
  if (kind !== 'holdfast') {
    const script = PEER_SCRIPTS[kind];
    const dataDir = mkdtempSync(join(tmpdir(), 'holdfast-bench-'));
    const probeFile = join(dataDir, 'heap.json');
    const child = spawn(process.execPath, [...NODE_ARGS, here(script)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        HEAP_PROBE_FILE: probeFile,
        ...(kind === 'hocuspocus-sqlite' ? { HOCUSPOCUS_SQLITE: join(dataDir, 'hocuspocus.sqlite') } : {}),
      },
    });
    const port = await waitForPort(child);
    return {
      kind,
      url: `ws://127.0.0.1:${port}`,
      pid: child.pid!,
      retainedMemory: heapProbe(child.pid!, probeFile),
      docName: (n) => `bench-doc-${n}`,
      token: null,
      tokenFor: () => null,
      mint: () => Promise.reject(new Error(`${kind} has no tokens`)),
      stop: () => {
        child.kill('SIGKILL');
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'holdfast-bench-'));
  const directory = createTeamDirectory(openDatabase(dataDir));
  if (options.seed) await options.seed(directory);
  else seedBenchTeam(directory, documents, options.members ?? 0);
  const members = Array.from({ length: options.members ?? 0 }, (_, i) => memberOf(i));
  const readyFile = join(dataDir, 'ready.json');
  const child = spawn(
    process.execPath,
    [
      ...NODE_ARGS,
      // Sampled every 100 µs: at the default 1 ms a 5 s run gives a few hundred samples of relay work.
      ...(CPU_PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-interval', '100', '--cpu-prof-dir', CPU_PROFILE_DIR] : []),
      here('../src/main.ts'),
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--ready-file',
      readyFile,
      '--log-level',
      'error',
      '--validate-writes',
      options.validateWrites ? 'on' : 'off',
      ...(options.limits === 'default' ? [] : LIFTED_LIMITS),
    ],
    {
      stdio: ['ignore', 'ignore', 'ignore'],
      env: { ...process.env, HOLDFAST_RELAY_SECRET: SECRET, HEAP_PROBE_FILE: join(dataDir, 'heap.json') },
    },
  );
  const deadline = Date.now() + 30_000;
  let port = 0;
  while (!port) {
    try {
      port = (JSON.parse(readFileSync(readyFile, 'utf8')) as { port: number }).port;
    } catch {
      if (Date.now() > deadline) throw new Error('holdfast relay did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const key = { kid: 'env', secret: new TextEncoder().encode(SECRET) };
  const shared = await mintToken(key, 'bench:admin', 3600);
  const memberTokens = await Promise.all(members.map((id) => mintToken(key, id, 3600)));
  return {
    kind,
    url: `ws://127.0.0.1:${port}`,
    pid: child.pid!,
    retainedMemory: heapProbe(child.pid!, join(dataDir, 'heap.json')),
    docName: (n) => virtualAccountDocName('sa', `va${n}`),
    token: shared,
    tokenFor: (n) => memberTokens[n % memberTokens.length] ?? shared,
    mint: (memberId) => mintToken(key, memberId, 3600),
    stop: () => {
      if (CPU_PROFILE_DIR) {
        child.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
        child.kill('SIGTERM');
        return;
      }
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The bench's own team: one holding account with a Virtual Account per document, administrators all. */
function seedBenchTeam(directory: TeamDirectory, documents: number, members: number): void {
  const at = new Date().toISOString();
  directory.addOrganization({ id: 'bench', name: 'Bench Partner', kind: 'partner', emailDomain: 'bench.example.com' });
  directory.createSmartAccount({
    id: 'sa',
    name: 'Bench Holding',
    kind: 'partner-holding',
    organizationId: 'bench',
    emailDomain: 'bench.example.com',
    createdAt: at,
  });
  for (let n = 0; n < documents; n++)
    directory.createVirtualAccount({ id: `va${n}`, smartAccountId: 'sa', name: `VA ${n}`, createdAt: at });
  directory.addMember({
    id: 'bench:admin',
    name: 'Bench Admin',
    email: 'admin@bench.example.com',
    organizationId: 'bench',
  });
  directory.grant({
    id: 'g',
    memberId: 'bench:admin',
    role: 'holding-account-administrator',
    smartAccountId: 'sa',
    grantedBy: 'bench',
    grantedAt: at,
  });
  for (let i = 0; i < members; i++) {
    const id = memberOf(i);
    directory.addMember({ id, name: id, email: `${id.slice(6)}@bench.example.com`, organizationId: 'bench' });
    directory.grant({
      id: `g-${id}`,
      memberId: id,
      role: 'holding-account-administrator',
      smartAccountId: 'sa',
      grantedBy: 'bench',
      grantedAt: at,
    });
  }
}

const memberOf = (i: number) => `bench:m${i}`;
