import { z } from 'zod';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/**
 * The settings a relay node adds to run in a cluster, in the shape of the relay's config schema
 * (spread them into it: `--store`, `HOLDFAST_RELAY_STORE`, …).
 */
export const clusterSettings = {
  /**
   * `sqlite` (the embedded store in the data directory; the default: no server needed) or a
   * PostgreSQL URL (`postgres://user:password@host:port/database`) shared by every node.
   */
  store: z
    .string()
    .min(1)
    .default('sqlite')
    .refine((value) => value === 'sqlite' || /^postgres(ql)?:\/\/./.test(value), {
      message: 'use "sqlite" or a PostgreSQL URL such as postgres://relay:secret@db:5432/holdfast',
    }),
  /** Names this node in PostgreSQL's pg_stat_activity; defaults to host and process id. */
  nodeName: z.string().min(1).max(40).optional(),
  /** Safety poll for missed notifications (document heads and directory version). */
  clusterPollMs: int(50, 60_000).default(2_000),
  /** Readiness fails while some loaded document has been behind the database longer than this. */
  fanOutLagBoundMs: int(100, 600_000).default(5_000),
};

export type StoreChoice = { kind: 'sqlite' } | { kind: 'postgres'; url: string };

export const storeChoice = (store: string): StoreChoice =>
  store === 'sqlite' ? { kind: 'sqlite' } : { kind: 'postgres', url: store };

/** The URL without its password, for logs and start-up messages. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}
