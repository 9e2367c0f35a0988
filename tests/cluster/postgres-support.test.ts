import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startPostgres, type TestPostgres } from './support/postgres.ts';

let server: TestPostgres;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(() => server?.stop());

describe('the test PostgreSQL server', () => {
  it('serves a fresh database on loopback and comes back after an immediate restart', async () => {
    const url = await server.createDatabase();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('CREATE TABLE t (x int); INSERT INTO t VALUES (1)');
    await client.end();
    await server.restartImmediate();
    const again = new pg.Client({ connectionString: url });
    await again.connect();
    expect((await again.query('SELECT x FROM t')).rows).toEqual([{ x: 1 }]);
    expect((await again.query("SELECT current_setting('listen_addresses') AS a")).rows[0].a).toBe('127.0.0.1');
    await again.end();
  });
});
