import pg from 'pg';

// bigint columns (sequence numbers, versions) come back as numbers: they stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`bigint ${value} is beyond what the relay counts to`);
  return n;
});

export interface PostgresOptions {
  url: string;
  /** Shown in pg_stat_activity, so an operator sees which node holds which connection. */
  applicationName: string;
  max?: number;
  /** An idle pooled connection failed (server restart, terminated backend); the pool replaces it. */
  onIdleError(error: Error): void;
}

/**
 * A pool whose every session commits synchronously: an append is on disk before it is
 * acknowledged, whatever the server's default says.
 */
export function createPostgresPool(options: PostgresOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.url,
    application_name: options.applicationName,
    max: options.max ?? 10,
    // An unreachable server fails a query (and /readyz) in seconds instead of hanging it.
    connectionTimeoutMillis: 5_000,
    options: '-c synchronous_commit=on',
  });
  // The pool drops the dead connection and opens another for the next query; without a listener
  // the 'error' event would end the process.
  pool.on('error', options.onIdleError);
  // A connection that dies while checked out (a compaction's or a directory change's transaction
  // when PostgreSQL restarts) emits 'error' on its client too, and the pool listens only while the
  // client is idle: unheard, that 'error' would end the process. Nothing is swallowed: the same
  // failure rejects the client's current or next query, whose caller reports it and releases the
  // client with it, so the pool drops the connection.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}
