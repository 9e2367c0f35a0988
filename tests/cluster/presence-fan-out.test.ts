import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Registry } from 'prom-client';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { startClusterNode, type ClusterNode } from '../../sync-server/src/cluster/cluster-node.ts';
import { counterValue } from './support/cluster-node.ts';
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

async function node(url: string, name: string) {
  const registry = new Registry();
  const started = await startClusterNode({
    url,
    nodeName: name,
    pollIntervalMs: 3_600_000,
    fanOutLagBoundMs: 5_000,
    registry,
    onDirectoryChange: () => undefined,
    onError: () => undefined,
  });
  nodes.push(started);
  return { node: started, registry };
}

/** An awareness update of a client of its own with `state`, as a node stamped it. */
function presence(state: Record<string, unknown>): Uint8Array {
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  awareness.setLocalState(state);
  const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]);
  awareness.destroy();
  return update;
}

/** The states in an awareness update, as a node's awareness of the document holds them after applying it. */
function statesIn(updates: Uint8Array[]) {
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  for (const update of updates) awarenessProtocol.applyAwarenessUpdate(awareness, update, 'other node');
  const states = [...awareness.getStates().entries()].filter(([id]) => id !== awareness.clientID).map(([, s]) => s);
  awareness.destroy();
  return states;
}

describe('presence across nodes', () => {
  it('reaches the other nodes that hold the document, never back to the node that sent it', async () => {
    const url = await server.createDatabase();
    const [{ node: a }, { node: b }] = [await node(url, 'a'), await node(url, 'b')];
    const onA: Uint8Array[] = [];
    const onB: Uint8Array[] = [];
    a.presence.follow('d', (update) => onA.push(update));
    b.presence.follow('d', (update) => onB.push(update));
    const alex = { user: { memberId: 'partner:alex', name: 'Alex' }, viewing: '104000001' };
    a.presence.publish('d', presence(alex));
    await vi.waitFor(() => expect(statesIn(onB)).toEqual([alex]));
    // B's own message is the marker: once A has it, A would have had its own before it.
    const sam = { user: { memberId: 'partner:sam', name: 'Sam' } };
    b.presence.publish('d', presence(sam));
    await vi.waitFor(() => expect(onA).toHaveLength(1));
    expect(statesIn(onA)).toEqual([sam]);
    expect(onB).toHaveLength(1);
  });

  it('a state too large for a notification is dropped and counted, and the next one still goes', async () => {
    const url = await server.createDatabase();
    const [{ node: a, registry }, { node: b }] = [await node(url, 'a'), await node(url, 'b')];
    const onB: Uint8Array[] = [];
    b.presence.follow('d', (update) => onB.push(update));
    a.presence.publish('d', presence({ note: 'x'.repeat(10_000) }));
    expect(await counterValue(registry, 'holdfast_relay_presence_dropped_total', { reason: 'oversized' })).toBe(1);
    a.presence.publish('d', presence({ viewing: 'marker' }));
    await vi.waitFor(() => expect(onB).toHaveLength(1));
    expect(statesIn(onB)).toEqual([{ viewing: 'marker' }]);
  });

  it('a node that stopped following a document gets nothing more of it', async () => {
    const url = await server.createDatabase();
    const [{ node: a }, { node: b }] = [await node(url, 'a'), await node(url, 'b')];
    const onB: string[] = [];
    const stop = b.presence.follow('d', () => onB.push('d'));
    b.presence.follow('marker', () => onB.push('marker'));
    stop();
    a.presence.publish('d', presence({ viewing: '1' }));
    a.presence.publish('marker', presence({ viewing: '2' }));
    await vi.waitFor(() => expect(onB).toContain('marker'));
    expect(onB).toEqual(['marker']);
  });
});
