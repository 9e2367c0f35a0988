// `pnpm bench relay`'s saturation (writers as fast as they can, with the CPU each side spent per
// edit) and idle memory (retained per connection and per loaded document). Their clients stay in
// the bench's own process: saturation counts that process's CPU as the clients', and memory
// measures the server alone.
import { performance } from 'node:perf_hooks';
import { connectBenchClient, syncAll, type BenchClient } from './bench-clients.ts';
import { startRelay, type RelayKind, type RunningRelay } from './relay-servers.ts';
import { cpuTimeOf, sleep } from './timing.ts';

async function connectAll(relay: RunningRelay, clients: number, docs: number): Promise<BenchClient[]> {
  const connected: BenchClient[] = [];
  for (let i = 0; i < clients; i++)
    connected.push(connectBenchClient(relay, relay.docName(i % docs), relay.tokenFor(i)));
  await syncAll(connected, relay.kind);
  return connected;
}

export interface Saturation {
  editsPerSecond: number;
  /** CPU time (user + system) per edit of the relay's process and of this one (all the clients), ms. */
  relayCpuPerEdit: number;
  clientsCpuPerEdit: number;
}

const ownCpuTime = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/**
 * Writers send as fast as they can (bounded count); throughput is edits seen by every peer per
 * second. On a busy machine wall-clock throughput is the scheduler's as much as the relay's, so the
 * CPU each side spent per edit is reported too: the relay's, and the clients' (this process).
 */
export async function measureSaturation(kind: RelayKind, writers: number, editsEach: number): Promise<Saturation> {
  const relay = await startRelay(kind, 1);
  try {
    const connected = await connectAll(relay, writers, 1);
    const total = writers * editsEach;
    const started = performance.now();
    const [relayCpu, clientsCpu] = [cpuTimeOf(relay.pid), ownCpuTime()];
    let seen = 0;
    const allSeen = new Promise<void>((resolve) =>
      connected.forEach((client) =>
        client.doc.getMap<number>('burst').observe((event) => {
          if (event.transaction.local) return;
          seen += event.keysChanged.size;
          if (seen >= total * (writers - 1)) resolve();
        }),
      ),
    );
    for (let round = 0; round < editsEach; round++) {
      connected.forEach((client, i) => client.doc.getMap<number>('burst').set(`${i}:${round}`, round));
      if (round % 50 === 49) await sleep(0);
    }
    await Promise.race([allSeen, sleep(60_000)]);
    const seconds = (performance.now() - started) / 1000;
    const relayCpuPerEdit = (cpuTimeOf(relay.pid) - relayCpu) / total;
    const clientsCpuPerEdit = (ownCpuTime() - clientsCpu) / total;
    connected.forEach((c) => c.destroy());
    return { editsPerSecond: seen / (writers - 1) / seconds, relayCpuPerEdit, clientsCpuPerEdit };
  } finally {
    relay.stop();
  }
}

export async function measureMemory(kind: RelayKind): Promise<{ perConnection: number; perDocument: number }> {
  const CONNECTIONS = 300;
  const DOCUMENTS = 100;
  const relay = await startRelay(kind, DOCUMENTS + 11);
  try {
    // Warm up first, so code loading and JIT are not counted as per-connection memory.
    const warmup = await connectAll(relay, 50, 10);
    warmup.forEach((c) => c.destroy());
    await sleep(1500);
    const base = await relay.retainedMemory();
    const onOneDoc = await connectAll(relay, CONNECTIONS, 1);
    await sleep(1000);
    const withConnections = await relay.retainedMemory();
    const docs: BenchClient[] = [];
    for (let n = 11; n < DOCUMENTS + 11; n++) docs.push(connectBenchClient(relay, relay.docName(n)));
    await Promise.all(docs.map((d) => d.synced));
    await sleep(1000);
    const withDocuments = await relay.retainedMemory();
    const perConnection = (withConnections - base) / CONNECTIONS;
    const perDocument = Math.max(0, (withDocuments - withConnections) / DOCUMENTS - perConnection);
    [...onOneDoc, ...docs].forEach((c) => c.destroy());
    return { perConnection, perDocument };
  } finally {
    relay.stop();
  }
}
