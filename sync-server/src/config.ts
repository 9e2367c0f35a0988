import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { z } from 'zod';

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
  /** Token bucket per connection: sustained messages per second and burst. */
  rateLimitPerSecond: int(1, 100_000).default(200),
  rateLimitBurst: int(1, 100_000).default(400),
  maxConnectionsPerMember: int(1, 10_000).default(32),
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
});
export type RelayConfig = z.infer<typeof relayConfigSchema>;

const KEYS = Object.keys(relayConfigSchema.shape) as (keyof RelayConfig)[];
const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const envName = (key: string) => `HOLDFAST_RELAY_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

export class ConfigError extends Error {}

/** Reads flags over environment over defaults; a bad value throws a ConfigError naming it. */
export function loadRelayConfig(argv: readonly string[], env: NodeJS.ProcessEnv): RelayConfig {
  const { values } = parseArgs({
    args: [...argv],
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
