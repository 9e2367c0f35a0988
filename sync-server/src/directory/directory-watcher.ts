import type { ClusterMetrics } from '../cluster/cluster-metrics.ts';
import type { NotificationListener } from '../cluster/notification-listener.ts';
import { CHANNEL } from '../persistence/postgres/channels.ts';
import type { DirectorySnapshot } from './directory-snapshot.ts';
import { createDirectoryView, type DirectoryReader } from './directory-view.ts';

export interface DirectoryWatcherOptions {
  source: { snapshot(): Promise<DirectorySnapshot>; version(): Promise<number> };
  listener: NotificationListener;
  metrics: ClusterMetrics;
  /** Safety net for a missed notification: how often the version is compared. */
  pollIntervalMs: number;
  /** Runs after a newer directory is in place (the relay re-authorizes its live connections here). */
  onChange(directory: DirectoryReader): void;
  onError(message: string, error: unknown): void;
}

export interface DirectoryWatcher {
  /** The directory at the newest version this node has read. */
  current(): DirectoryReader;
  /** Re-reads now if the database has a newer version; resolves once it is in place. */
  refresh(): Promise<void>;
  stop(): void;
}

/**
 * Keeps a node's in-memory directory at the database's version: re-read on the notification a
 * change sends, on every reconnect of the LISTEN connection, and when the safety poll finds a
 * newer version. One read at a time; notifications during a read lead to one more read after it.
 */
export async function watchDirectory(options: DirectoryWatcherOptions): Promise<DirectoryWatcher> {
  let current = createDirectoryView(await options.source.snapshot());
  options.metrics.directoryVersion.set(current.version());
  let reading: Promise<void> | null = null;
  let again = false;

  const install = (snapshot: DirectorySnapshot) => {
    if (snapshot.version <= current.version()) return;
    current = createDirectoryView(snapshot);
    options.metrics.directoryVersion.set(snapshot.version);
    options.onChange(current);
  };

  const reread = (): Promise<void> => {
    if (reading) {
      again = true;
      return reading;
    }
    reading = (async () => {
      do {
        again = false;
        install(await options.source.snapshot());
      } while (again);
    })().finally(() => (reading = null));
    return reading;
  };
  const rereadInBackground = (why: string) =>
    reread().catch((error: unknown) => options.onError(`re-reading the directory (${why}) failed`, error));

  options.listener.on(CHANNEL.directory, (payload) => {
    if (Number(payload) > current.version()) void rereadInBackground('notification');
  });
  options.listener.onConnected((reconnect) => {
    if (reconnect) void rereadInBackground('LISTEN reconnected');
  });
  const poll = setInterval(() => {
    options.source
      .version()
      .then((version) => (version > current.version() ? reread() : undefined))
      .catch((error: unknown) => options.onError('polling the directory version failed', error));
  }, options.pollIntervalMs);
  poll.unref();

  return {
    current: () => current,
    async refresh() {
      if ((await options.source.version()) > current.version()) await reread();
    },
    stop: () => clearInterval(poll),
  };
}
