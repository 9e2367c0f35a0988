import { hostname } from 'node:os';
import type { Registry } from 'prom-client';
import { watchDirectory, type DirectoryWatcher } from '../directory/directory-watcher.ts';
import type { DirectoryReader } from '../directory/directory-view.ts';
import { createPostgresTeamDirectory, type PostgresTeamDirectory } from '../directory/postgres-team-directory.ts';
import type { AsyncDocumentStore } from '../persistence/async-document-store.ts';
import type { DocumentFeeds } from '../persistence/document-feeds.ts';
import { CHANNEL } from '../persistence/postgres/channels.ts';
import { createPostgresPool } from '../persistence/postgres/connect.ts';
import { migrate } from '../persistence/postgres/migrations.ts';
import { createPostgresDocumentStore } from '../persistence/postgres/postgres-document-store.ts';
import { createClusterMetrics, type ClusterMetrics } from './cluster-metrics.ts';
import { createDocumentFanOut } from './document-fan-out.ts';
import { createNotificationListener, type NotificationListener } from './notification-listener.ts';
import { createPresenceFanOut, type PresenceFanOut } from './presence-fan-out.ts';
import { holdWriterLease, type WriterLease } from './writer-lease.ts';

export interface ClusterNodeOptions {
  url: string;
  nodeName?: string;
  pollIntervalMs: number;
  fanOutLagBoundMs: number;
  /** The relay's metrics registry: the cluster's metrics are served beside the relay's. */
  registry: Registry;
  /** A newer directory is in place: re-authorize live connections, rewrite directory documents. */
  onDirectoryChange(directory: DirectoryReader): void;
  /** This node became (true) or stopped being (false) the writer of the relay's own documents. */
  onWriterLease?(held: boolean): void;
  onError(message: string, error: unknown): void;
  /** Wraps the store (tests hold or fail calls with it). */
  wrapStore?: (store: AsyncDocumentStore) => AsyncDocumentStore;
}

export type Readiness = { ready: true } | { ready: false; reason: string };

/** Everything a relay node needs from PostgreSQL, wired: documents, directory, readiness. */
export interface ClusterNode {
  readonly name: string;
  readonly feeds: DocumentFeeds;
  /** Presence to and from the other nodes. */
  readonly presence: PresenceFanOut;
  readonly directory: DirectoryWatcher;
  /** The directory's writes (admin CLI, demo seeding). */
  readonly directoryWriter: PostgresTeamDirectory;
  readonly metrics: ClusterMetrics;
  readonly listener: NotificationListener;
  /** Whether this node writes the relay's own documents (member and directory documents). */
  readonly writerLease: WriterLease;
  /** Ready when the database answers, the LISTEN connection is up and fan-out is within its bound. */
  readiness(): Promise<Readiness>;
  close(): Promise<void>;
}

export async function startClusterNode(options: ClusterNodeOptions): Promise<ClusterNode> {
  const name = options.nodeName ?? `${hostname()}-${process.pid}`;
  const pool = createPostgresPool({
    url: options.url,
    applicationName: `holdfast-relay-${name}`,
    onIdleError: (error) => options.onError('an idle PostgreSQL connection failed; the pool replaces it', error),
  });
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  const stored = createPostgresDocumentStore(pool);
  const store = options.wrapStore ? options.wrapStore(stored) : stored;
  const metrics = createClusterMetrics(options.registry);
  const listener = createNotificationListener({
    url: options.url,
    applicationName: `holdfast-listen-${name}`,
    channels: [CHANNEL.documents, CHANNEL.directory, CHANNEL.presence],
    metrics,
    onError: options.onError,
  });
  const feeds = createDocumentFanOut({
    store,
    listener,
    metrics,
    pollIntervalMs: options.pollIntervalMs,
    onError: options.onError,
  });
  const presence = createPresenceFanOut({
    nodeName: name,
    listener,
    notify: (channel, payload) => pool.query('SELECT pg_notify($1, $2)', [channel, payload]),
    metrics,
    onError: options.onError,
  });
  const directoryWriter = createPostgresTeamDirectory(pool);
  let directory: DirectoryWatcher;
  try {
    await listener.start();
    directory = await watchDirectory({
      source: directoryWriter,
      listener,
      metrics,
      pollIntervalMs: options.pollIntervalMs,
      onChange: options.onDirectoryChange,
      onError: options.onError,
    });
  } catch (error) {
    feeds.close();
    await listener.close();
    await pool.end();
    throw error;
  }

  const writerLease = holdWriterLease({
    url: options.url,
    applicationName: `holdfast-writer-${name}`,
    retryMs: options.pollIntervalMs,
    onChange: (held) => options.onWriterLease?.(held),
    onError: options.onError,
  });

  return {
    name,
    writerLease,
    feeds,
    presence,
    directory,
    directoryWriter,
    metrics,
    listener,
    async readiness() {
      if (!(await store.ping())) return { ready: false, reason: 'PostgreSQL does not answer' };
      if (!listener.listening) return { ready: false, reason: 'the LISTEN connection to PostgreSQL is down' };
      const lag = feeds.lagSeconds();
      if (lag * 1000 > options.fanOutLagBoundMs)
        return {
          ready: false,
          reason: `fan-out is ${lag.toFixed(1)} s behind the database (bound ${options.fanOutLagBoundMs} ms)`,
        };
      return { ready: true };
    },
    async close() {
      await writerLease.close();
      directory.stop();
      feeds.close();
      await listener.close();
      await pool.end();
    },
  };
}
