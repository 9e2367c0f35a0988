import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { holdWriterLease, type WriterLease } from '../../sync-server/src/cluster/writer-lease.ts';
import { startPostgres, type TestPostgres } from './support/postgres.ts';

let server: TestPostgres;
const leases: WriterLease[] = [];
beforeAll(async () => {
  server = await startPostgres();
});
afterEach(async () => {
  for (const lease of leases.splice(0)) await lease.close();
});
afterAll(() => server?.stop());

function lease(url: string, name: string) {
  const changes: boolean[] = [];
  const held = holdWriterLease({
    url,
    applicationName: `holdfast-writer-${name}`,
    retryMs: 50,
    onChange: (value) => changes.push(value),
    onError: () => undefined,
  });
  leases.push(held);
  return { lease: held, changes };
}

describe('the writer lease', () => {
  it('one node of three holds it; when its connection is killed another takes over and the first knows it lost it', async () => {
    const url = await server.createDatabase();
    const nodes = ['a', 'b', 'c'].map((name) => ({ name, ...lease(url, name) }));
    await vi.waitFor(() => expect(nodes.filter((n) => n.lease.held)).toHaveLength(1));
    const first = nodes.find((n) => n.lease.held)!;

    await server.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
      `holdfast-writer-${first.name}`,
    ]);
    await vi.waitFor(() => expect(first.changes).toEqual([true, false]));
    await vi.waitFor(() => expect(nodes.filter((n) => n.lease.held)).toHaveLength(1));
    // Never two writers: every node that holds it now is the only one that does.
    expect(nodes.filter((n) => n.lease.held).length).toBe(1);
  });

  it('closing the holder hands the lease to a node that was waiting', async () => {
    const url = await server.createDatabase();
    const a = lease(url, 'a');
    await vi.waitFor(() => expect(a.lease.held).toBe(true));
    const b = lease(url, 'b');
    // B tries and fails at least once while A holds it: its connection exists and holds no lock.
    await vi.waitFor(async () =>
      expect(
        await server.query("SELECT 1 FROM pg_stat_activity WHERE application_name = 'holdfast-writer-b'"),
      ).toHaveLength(1),
    );
    expect(b.lease.held).toBe(false);
    await a.lease.close();
    expect(a.changes).toEqual([true, false]);
    await vi.waitFor(() => expect(b.lease.held).toBe(true));
  });
});
