import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { editUpdate } from './support/cluster-store.ts';
import { keysIn, startNode, type TestNode } from './support/cluster-node.ts';
import { startPostgres, type TestPostgres } from './support/postgres.ts';

let server: TestPostgres;
const nodes: TestNode[] = [];
beforeAll(async () => {
  server = await startPostgres();
});
afterEach(async () => {
  for (const node of nodes.splice(0)) await node.close();
});
afterAll(() => server?.stop());

/** mulberry32: a small seeded generator, so a failing run can be replayed from its printed seed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DOCS = ['d1', 'd2'];

async function cluster(url: string, names: string[]) {
  const started = [];
  for (const name of names) {
    const node = await startNode(url, name, { pollIntervalMs: 200 });
    nodes.push(node);
    started.push({ node, docs: new Map(await Promise.all(DOCS.map(async (d) => [d, await node.open(d)] as const))) });
  }
  return started;
}

/** Every node ends equal to a fresh load from PostgreSQL, and that load holds every acknowledged update. */
async function expectConverged(
  url: string,
  members: Awaited<ReturnType<typeof cluster>>,
  acknowledged: Map<string, Set<string>>,
) {
  const fresh = await startNode(url, 'fresh');
  nodes.push(fresh);
  for (const docName of DOCS) {
    const loaded = await fresh.store.load(docName);
    const doc = new Y.Doc();
    for (const update of loaded.updates) Y.applyUpdate(doc, update);
    const stored = keysIn(doc);
    expect(stored).toEqual(expect.arrayContaining([...acknowledged.get(docName)!]));
    await vi.waitFor(
      () => {
        for (const { docs } of members) {
          expect(docs.get(docName)!.feed.appliedSeq).toBe(loaded.seq);
          expect(keysIn(docs.get(docName)!.doc)).toEqual(stored);
        }
      },
      { timeout: 30_000 },
    );
  }
}

describe('the cluster under faults (over real PostgreSQL)', () => {
  for (const seed of [1, 2, 3, 4, 5].map((n) => n * 7919)) {
    it(`appends from three nodes with compactions and killed LISTEN connections lose nothing (seed ${seed})`, async () => {
      console.log(`cluster fault run, seed ${seed}`);
      const next = random(seed);
      const url = await server.createDatabase();
      const members = await cluster(url, ['a', 'b', 'c']);
      const acknowledged = new Map(DOCS.map((d) => [d, new Set<string>()]));
      const work: Promise<unknown>[] = [];
      for (let step = 0; step < 120; step++) {
        const member = members[Math.floor(next() * members.length)]!;
        const docName = DOCS[Math.floor(next() * DOCS.length)]!;
        const opened = member.docs.get(docName)!;
        const roll = next();
        if (roll < 0.8) {
          const key = `${member.node.name}-${step}`;
          work.push(opened.feed.append(editUpdate(key), 'client').then(() => acknowledged.get(docName)!.add(key)));
        } else if (roll < 0.93) {
          work.push(opened.feed.compact(() => Y.encodeStateAsUpdate(opened.doc)));
        } else {
          work.push(
            server.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
              `holdfast-listen-${member.node.name}`,
            ]),
          );
        }
        // Let some operations overlap and others run apart: wait for the batch now and then.
        if (next() < 0.2) await Promise.all(work.splice(0));
      }
      await Promise.all(work);
      await expectConverged(url, members, acknowledged);
    });
  }

  it('an immediate restart of PostgreSQL mid-run loses no acknowledged update; every node catches up', async () => {
    const url = await server.createDatabase();
    const members = await cluster(url, ['a', 'b']);
    const acknowledged = new Map(DOCS.map((d) => [d, new Set<string>()]));
    const append = (i: number) => {
      const member = members[i % 2]!;
      const docName = DOCS[i % DOCS.length]!;
      const key = `${member.node.name}-${i}`;
      return member.docs
        .get(docName)!
        .feed.append(editUpdate(key), 'client')
        .then(
          () => acknowledged.get(docName)!.add(key),
          () => undefined, // refused while the server was down: the client keeps it and resends
        );
    };
    const before = Array.from({ length: 40 }, (_, i) => append(i));
    await server.restartImmediate();
    await Promise.all(before);
    // After the restart every node can store again (the pools replace their dead connections).
    await vi.waitFor(async () => expect(await members[0]!.node.store.ping()).toBe(true), { timeout: 20_000 });
    await Promise.all(Array.from({ length: 20 }, (_, i) => append(100 + i)));
    expect(acknowledged.get('d1')!.size + acknowledged.get('d2')!.size).toBeGreaterThanOrEqual(20);
    await expectConverged(url, members, acknowledged);
  });
});
