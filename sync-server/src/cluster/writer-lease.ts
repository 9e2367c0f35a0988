import pg from 'pg';
import { LOCK_NAMESPACE } from '../persistence/postgres/migrations.ts';

export interface WriterLeaseOptions {
  url: string;
  /** Shown in pg_stat_activity. */
  applicationName: string;
  /** How often a node without the lease tries to take it, and the holder checks it still has it. */
  retryMs: number;
  /** Called with true when this node becomes the writer, false when it stops being it. */
  onChange(held: boolean): void;
  onError(message: string, error: unknown): void;
}

export interface WriterLease {
  readonly held: boolean;
  close(): Promise<void>;
}

/**
 * Which node writes the documents the relay writes itself (member and directory documents), so
 * that a directory change is written once for the cluster, not once per node. The lease is a
 * session advisory lock on a connection of its own: PostgreSQL releases it when that connection
 * ends, however the node dies, and another node takes it at its next try. The holder checks its
 * connection every `retryMs` and gives the lease up the moment the connection fails.
 *
 * A holder whose connection died silently may believe it still writes for up to one check after
 * another node took over. The relay's own documents are maps written key by key to the directory's
 * values (core's writeAccountDirectory / writeMemberAccounts), so two writers then store a
 * duplicate update that converges to the same document, never a different one.
 */
export function holdWriterLease(options: WriterLeaseOptions): WriterLease {
  let client: pg.Client | null = null;
  let held = false;
  let closed = false;
  let trying = false;

  const drop = (current: pg.Client, error: unknown) => {
    if (client !== current) return;
    client = null;
    current.end().catch(() => undefined);
    if (held) {
      held = false;
      options.onError('lost the writer lease with its connection', error);
      options.onChange(false);
    }
  };

  const attempt = async () => {
    if (closed || trying) return;
    trying = true;
    try {
      if (!client) {
        const current = new pg.Client({
          connectionString: options.url,
          application_name: options.applicationName,
          keepAlive: true,
          query_timeout: options.retryMs * 4,
        });
        current.on('error', (error) => drop(current, error));
        current.on('end', () => drop(current, new Error('connection ended')));
        client = current;
        await current.connect();
      }
      const current = client;
      const { rows } = await current.query<{ locked: boolean }>(
        held ? 'SELECT true AS locked' : 'SELECT pg_try_advisory_lock($1, 0) AS locked',
        held ? [] : [LOCK_NAMESPACE.relayWriter],
      );
      if (!held && rows[0]?.locked && client === current && !closed) {
        held = true;
        options.onChange(true);
      }
    } catch (error) {
      if (client) drop(client, error);
    } finally {
      trying = false;
    }
  };

  void attempt();
  const timer = setInterval(() => void attempt(), options.retryMs);
  timer.unref();

  return {
    get held() {
      return held;
    },
    async close() {
      closed = true;
      clearInterval(timer);
      const current = client;
      client = null;
      if (held) {
        held = false;
        options.onChange(false);
      }
      // Ending the session releases the lock.
      await current?.end().catch(() => undefined);
    },
  };
}
