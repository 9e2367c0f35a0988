import type pg from 'pg';

/**
 * Runs `work` in one transaction on a pooled connection: committed when it resolves, rolled back
 * when it throws. The connection goes back to the pool unless the rollback failed too — then it is
 * broken (the server restarted, the backend was terminated) and the pool destroys it. A failure of
 * the work alone (a refused check, a constraint) leaves a healthy connection.
 */
export async function inTransaction<R>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<R>,
  begin = 'BEGIN',
): Promise<R> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    client.release(broken);
  }
}
