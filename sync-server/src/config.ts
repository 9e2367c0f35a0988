import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { z } from 'zod';
import { clusterSettings } from './cluster/cluster-settings.ts';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Every setting, its default and its bounds; env `HOLDFAST_RELAY_<NAME>` or flag `--<name>`. */
export const relayConfigSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: int(0, 65535).default(1234),
  dataDir: z
    .string()
    .min(1)
    .default(resolve(import.meta.dirname, '../data')),
  /** Frames larger than this close the socket with 1009 before anything else reads them. */
  maxMessageBytes: int(1024, 64 * 1024 * 1024).default(1024 * 1024),
  /** Budget per member, shared by all their sockets: sustained messages per second and burst. */
  rateLimitPerSecond: int(1, 100_000).default(400),
  rateLimitBurst: int(1, 100_000).default(800),
  /** Budget per member in bytes: what they send plus the replies they ask for (sync step 2). */
  bytesPerSecond: int(1024, 1024 * 1024 * 1024).default(16 * 1024 * 1024),
  bytesBurst: int(1024, 1024 * 1024 * 1024).default(64 * 1024 * 1024),
  /** Bytes waiting to be sent to one socket before the relay gives up on it (4413): a client that does not read. */
  maxQueuedBytesPerSocket: int(64 * 1024, 1024 * 1024 * 1024).default(16 * 1024 * 1024),
  maxConnectionsPerMember: int(1, 10_000).default(32),
  /** Open sockets per relay, authenticated or not; more are answered 503 before the upgrade. */
  maxConnections: int(1, 1_000_000).default(10_000),
  /** Sockets still waiting for their token to be checked; more are answered 503 before the upgrade. */
  maxUnauthenticated: int(1, 100_000).default(256),
  /** How long a socket may take to present its token (first message) before it is closed with 4401. */
  authTimeoutMs: int(100, 600_000).default(10_000),
  /** Messages a socket may send while its token is still being verified. */
  maxPendingBeforeAuth: int(1, 1000).default(32),
  idleUnloadMs: int(100, 24 * 3_600_000).default(30_000),
  compactEveryUpdates: int(10, 1_000_000).default(500),
  pingIntervalMs: int(100, 3_600_000).default(30_000),
  directoryPollMs: int(20, 60_000).default(250),
  /** SQLite `synchronous`: NORMAL survives a killed process, FULL also a power cut. */
  durability: z.enum(['normal', 'full']).default('normal'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Check every client update against the writer's roles before storing it (sync-server/src/validation).
   * `off` exists only to measure what the check costs (`pnpm bench relay`); never run a team's relay so.
   */
  validateWrites: z.enum(['on', 'off']).default('on'),
  /** When set, the relay writes `{ "port": N }` here once it listens (for tests and supervisors). */
  readyFile: z.string().min(1).optional(),
  /** `sqlite` (embedded, the default) or a PostgreSQL URL shared by several nodes; see cluster-settings.ts. */
  ...clusterSettings,
});
export type RelayConfig = z.infer<typeof relayConfigSchema>;

const KEYS = Object.keys(relayConfigSchema.shape) as (keyof RelayConfig)[];
const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const envName = (key: string) => `HOLDFAST_RELAY_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

export class ConfigError extends Error {}

/** Reads flags over environment over defaults; a bad value throws a ConfigError naming it. */
export function loadRelayConfig(argv: readonly string[], env: NodeJS.ProcessEnv): RelayConfig {
  // `pnpm start -- --port N` passes the `--` along; it separates pnpm's flags from ours, nothing more.
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  const { values } = parseArgs({
    args,
    options: Object.fromEntries(KEYS.map((key) => [kebab(key), { type: 'string' as const }])),
    strict: true,
  });
  const raw: Record<string, unknown> = {};
  for (const key of KEYS) {
    const value = (values as Record<string, string | undefined>)[kebab(key)] ?? env[envName(key)];
    if (value !== undefined) raw[key] = value;
  }
  const parsed = relayConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0]);
      return `--${kebab(key)} / ${envName(key)}: ${issue.message} (got ${JSON.stringify(raw[key])})`;
    });
    throw new ConfigError(`Invalid relay configuration:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}
