import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Registry } from 'prom-client';
import { startClusterNode, type ClusterNode } from '../../sync-server/src/cluster/cluster-node.ts';
import type { DirectoryReader } from '../../sync-server/src/directory/directory-view.ts';
import type { AsyncDocumentStore } from '../../sync-server/src/persistence/async-document-store.ts';
import { editUpdate } from './support/cluster-store.ts';
import { startPostgres, type TestPostgres } from './support/postgres.ts';

let server: TestPostgres;
const nodes: ClusterNode[] = [];
beforeAll(async () => {
  server = await startPostgres();
});
afterEach(async () => {
  for (const node of nodes.splice(0)) await node.close();
});
afterAll(() => server?.stop());

async function node(
  url: string,
  name: string,
  extra: {
    wrapStore?: (store: AsyncDocumentStore) => AsyncDocumentStore;
    fanOutLagBoundMs?: number;
    pollIntervalMs?: number;
  } = {},
) {
  const registry = new Registry();
  const directories: DirectoryReader[] = [];
  const started = await startClusterNode({
    url,
    nodeName: name,
    pollIntervalMs: extra.pollIntervalMs ?? 3_600_000,
    fanOutLagBoundMs: extra.fanOutLagBoundMs ?? 5_000,
    registry,
    onDirectoryChange: (directory) => directories.push(directory),
    onError: () => undefined,
    ...(extra.wrapStore ? { wrapStore: extra.wrapStore } : {}),
  });
  nodes.push(started);
  return { node: started, registry, directories };
}

describe('a relay node on PostgreSQL', () => {
  it('is ready when the database answers, not while it is down, and ready again once it is back', async () => {
    const { node: a, registry } = await node(await server.createDatabase(), 'a');
    expect(await a.readiness()).toEqual({ ready: true });
    const names = (await registry.getMetricsAsJSON()).map((m) => m.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'holdfast_relay_fanout_lag_seconds',
        'holdfast_relay_catch_up_rows_total',
        'holdfast_relay_listen_reconnects_total',
        'holdfast_relay_directory_version',
      ]),
    );
    await server.stopServer();
    try {
      expect(await a.readiness()).toEqual({ ready: false, reason: 'PostgreSQL does not answer' });
    } finally {
      await server.startServer();
    }
    await vi.waitFor(async () => expect(await a.readiness()).toEqual({ ready: true }), { timeout: 20_000 });
  });

  it('is not ready while a document has stayed behind the database longer than the bound', async () => {
    const url = await server.createDatabase();
    const { node: a } = await node(url, 'a');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const { node: b } = await node(url, 'b', {
      fanOutLagBoundMs: 100,
      wrapStore: (store) => ({
        ...store,
        async changesAfter(docName, seq) {
          await held; // the catch-up read stalls, as under an overloaded database
          return store.changesAfter(docName, seq);
        },
      }),
    });
    const feedA = await a.feeds.open('d', () => undefined);
    await b.feeds.open('d', () => undefined);
    await feedA.append(editUpdate('1'), 'client');
    await vi.waitFor(async () => {
      const readiness = await b.readiness();
      expect(readiness.ready).toBe(false);
      expect(!readiness.ready && readiness.reason).toMatch(/^fan-out is .* behind the database \(bound 100 ms\)$/);
    });
    release();
    await vi.waitFor(async () => expect(await b.readiness()).toEqual({ ready: true }));
  });

  it('a grant written through one node reaches every node’s directory; exactly one node writes the relay’s documents', async () => {
    const url = await server.createDatabase();
    const { node: a } = await node(url, 'a', { pollIntervalMs: 50 });
    const { node: b, directories } = await node(url, 'b', { pollIntervalMs: 50 });
    await vi.waitFor(() => expect([a, b].filter((n) => n.writerLease.held)).toHaveLength(1));
    await a.directoryWriter.addOrganization({ id: 'p', name: 'P', kind: 'partner', emailDomain: 'p.example.com' });
    await vi.waitFor(() => expect(b.directory.current().version()).toBe(1));
    expect(directories.map((d) => d.version())).toEqual([1]);
  });
});
