// The cost of write validation (issue 12) under real order traffic: the sample team's members tick
// checklist steps, type into notes and record reviews on the sample's orders, each in the Virtual
// Account documents their roles let them write, through core's own document functions (the shapes
// the extension writes). The same Holdfast relay runs with validation on and off.
import { performance } from 'node:perf_hooks';
import type * as Y from 'yjs';
import { can, CHECKLIST_STEP_IDS, orderState, type Action, type Order } from '@holdfast/core';
import { generateSample } from '@holdfast/core/sample';
import {
  appendOrderEventToDoc,
  editOrderNotes,
  heldOrderNumbers,
  tickChecklistStep,
  virtualAccountDocName,
  writeOrder,
} from '@holdfast/core/sync';
import { seedDemoTeam } from '../src/directory/seed-demo-team.ts';
import type { TeamDirectory } from '../src/directory/team-directory.ts';
import { connectBenchClient, syncAll, type BenchClient } from './bench-clients.ts';
import { startRelay, type RunningRelay } from './relay-servers.ts';
import { percentile, sleep } from './timing.ts';
import { LOCAL_EDIT } from '@holdfast/core/sync';

/** A Virtual Account document of the sample: its orders, who imports them, who works on them. */
interface TrafficDocument {
  name: string;
  orders: Order[];
  importer: string;
  members: string[];
}

export interface TrafficFigures {
  p50: number;
  p99: number;
  /** Edits seen by every other client of their document, per second. */
  deliveredPerSecond: number;
  lost: number;
  /** Connections the relay closed (a refused update closes its sender). */
  closed: number;
}

const WORK: Action[] = ['tick-checklist-step', 'annotate-order']; // a review is `annotate-order` too

/** The sample's Partner Holding Virtual Accounts with the most orders, and their members by role. */
function planDocuments(directory: TeamDirectory, documents: number): TrafficDocument[] {
  const sample = generateSample();
  const byVa = new Map<string, Order[]>();
  for (const order of sample.orders) {
    const holder = orderState(order).holder;
    if (holder?.kind !== 'partner-holding' || !holder.virtualAccountId) continue;
    const key = `${holder.smartAccountId}\n${holder.virtualAccountId}`;
    byVa.set(key, [...(byVa.get(key) ?? []), order]);
  }
  const planned: TrafficDocument[] = [];
  for (const [key, orders] of [...byVa].sort((a, b) => b[1].length - a[1].length)) {
    const [smartAccountId, virtualAccountId] = key.split('\n') as [string, string];
    const smartAccount = directory.smartAccount(smartAccountId)!;
    const may = (memberId: string, action: Action) => {
      const actor = directory.actor(memberId);
      return actor !== undefined && can(actor, action, { smartAccount, virtualAccountId });
    };
    const members = sample.members.map((m) => m.id).filter((id) => WORK.every((action) => may(id, action)));
    const importer = members.find((id) => may(id, 'reassign-order'));
    if (importer && planned.length < documents)
      planned.push({ name: virtualAccountDocName(smartAccountId, virtualAccountId), orders, importer, members });
  }
  if (planned.length < documents) throw new Error(`the sample has ${planned.length} documents to work on`);
  return planned;
}

interface Sent {
  end: number;
  at: number;
}

/**
 * Latency of every edit to every other client, whatever the edit is: a sender notes the clock its
 * transaction ended at; a receiver whose transaction moves that client past it has the edit.
 */
function trackLatency(doc: Y.Doc, sent: Map<number, Sent[]>, latencies: number[]): void {
  doc.on('afterTransaction', (transaction: Y.Transaction) => {
    const now = performance.now();
    if (transaction.local) {
      const end = transaction.afterState.get(doc.clientID) ?? 0;
      if (end <= (transaction.beforeState.get(doc.clientID) ?? 0)) return;
      const list = sent.get(doc.clientID);
      if (list) list.push({ end, at: now });
      else sent.set(doc.clientID, [{ end, at: now }]);
      return;
    }
    for (const [client, after] of transaction.afterState) {
      const before = transaction.beforeState.get(client) ?? 0;
      const list = sent.get(client);
      if (!list || after <= before) continue;
      let low = 0;
      for (let high = list.length; low < high;) {
        const mid = (low + high) >> 1;
        if (list[mid]!.end <= before) low = mid + 1;
        else high = mid;
      }
      for (let i = low; i < list.length && list[i]!.end <= after; i++) latencies.push(now - list[i]!.at);
    }
  });
}

interface Worker {
  client: BenchClient;
  memberId: string;
  numbers: string[];
  seq: number;
}

/** One edit as a member makes it in the side panel: a tick, a few words of notes, or a review. */
function work(worker: Worker, index: number): void {
  const { client, memberId, numbers } = worker;
  const seq = worker.seq++;
  const number = numbers[(index * 7 + seq) % numbers.length]!;
  const at = new Date().toISOString();
  if (seq % 3 === 0) {
    const stepId = CHECKLIST_STEP_IDS[seq % CHECKLIST_STEP_IDS.length]!;
    tickChecklistStep(
      client.doc,
      number,
      { salesOrderNumber: number, stepId, ticked: true, by: memberId, at },
      LOCAL_EDIT,
    );
  } else if (seq % 3 === 1) {
    editOrderNotes(client.doc, number, { index: 1e9, deleteCount: 0, insert: `${memberId} ${seq}. ` }, LOCAL_EDIT);
  } else {
    const id = `bench:${client.doc.clientID}:${seq}`;
    appendOrderEventToDoc(client.doc, number, { id, type: 'reviewed', at, by: memberId }, LOCAL_EDIT);
  }
}

/** Starts a relay seeded with the sample team, imports each document's orders and connects the workers. */
async function setUp(
  validateWrites: boolean,
  clients: number,
  documents: number,
): Promise<{ relay: RunningRelay; workers: Worker[]; docs: TrafficDocument[] }> {
  let docs: TrafficDocument[] = [];
  const relay = await startRelay('holdfast', documents, {
    validateWrites,
    seed: async (directory) => {
      await seedDemoTeam(directory);
      docs = planDocuments(directory, documents);
    },
  });
  // The importer (a member who may manage the orders) writes them; everyone else then loads them.
  const importers: BenchClient[] = [];
  for (const doc of docs) {
    const importer = connectBenchClient(relay, doc.name, await relay.mint(doc.importer));
    importers.push(importer);
    await syncAll([importer], 'order traffic: the importer');
    // Notes are not started here: each order's notes text is a root every member types into by
    // name, so members typing an order's first notes at the same time merge (no refusal).
    importer.doc.transact(() => {
      for (const order of doc.orders) writeOrder(importer.doc, order, LOCAL_EDIT);
    }, 'import');
  }
  const workers: Worker[] = [];
  for (let i = 0; i < clients; i++) {
    const doc = docs[i % documents]!;
    const memberId = doc.members[Math.floor(i / documents) % doc.members.length]!;
    workers.push({
      client: connectBenchClient(relay, doc.name, await relay.mint(memberId)),
      memberId,
      numbers: [],
      seq: 0,
    });
  }
  await syncAll(
    workers.map((w) => w.client),
    'order traffic',
  );
  for (const [i, worker] of workers.entries()) {
    const expected = docs[i % documents]!.orders.length;
    await waitFor(() => heldOrderNumbers(worker.client.doc).length === expected, `client ${i} did not load the orders`);
    worker.numbers = heldOrderNumbers(worker.client.doc);
  }
  importers.forEach((importer) => importer.destroy());
  return { relay, workers, docs };
}

async function waitFor(condition: () => boolean, failure: string): Promise<void> {
  const deadline = performance.now() + 60_000;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(failure);
    await sleep(20);
  }
}

function measure(workers: Worker[]): { latencies: number[]; closed: () => number } {
  const sent = new Map<number, Sent[]>();
  const latencies: number[] = [];
  workers.forEach((w) => trackLatency(w.client.doc, sent, latencies));
  return { latencies, closed: () => workers.filter((w) => w.client.closeCodes.length > 0).length };
}

/** Every client edits at `perSecond` for `durationMs`; latency is edit → every other client of its document. */
export async function runOrderTraffic(
  validateWrites: boolean,
  {
    clients,
    documents,
    perSecond,
    durationMs,
  }: { clients: number; documents: number; perSecond: number; durationMs: number },
): Promise<TrafficFigures> {
  const { relay, workers } = await setUp(validateWrites, clients, documents);
  try {
    const { latencies, closed } = measure(workers);
    let expected = 0;
    const timers: NodeJS.Timeout[] = [];
    workers.forEach((worker, i) =>
      timers.push(
        setTimeout(
          () =>
            timers.push(
              setInterval(() => {
                work(worker, i);
                expected += clients / documents - 1;
              }, 1000 / perSecond),
            ),
          (i / clients) * (1000 / perSecond),
        ),
      ),
    );
    await sleep(durationMs);
    timers.forEach((t) => clearTimeout(t));
    await sleep(1_500);
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      deliveredPerSecond: latencies.length / (durationMs / 1000),
      lost: Math.max(0, expected - latencies.length),
      closed: closed(),
    };
  } finally {
    workers.forEach((w) => w.client.destroy());
    relay.stop();
  }
}

/** `writers` members' clients on one document make `editsEach` edits as fast as they can; edits/s seen by all. */
export async function saturateOrderTraffic(
  validateWrites: boolean,
  writers: number,
  editsEach: number,
): Promise<{ editsPerSecond: number; closed: number }> {
  const { relay, workers } = await setUp(validateWrites, writers, 1);
  try {
    const { latencies, closed } = measure(workers);
    const total = writers * editsEach * (writers - 1);
    const started = performance.now();
    for (let round = 0; round < editsEach; round++) {
      workers.forEach((worker, i) => work(worker, i));
      if (round % 50 === 49) await sleep(0);
    }
    const deadline = performance.now() + 60_000;
    while (latencies.length < total && closed() === 0 && performance.now() < deadline) await sleep(5);
    const seconds = (performance.now() - started) / 1000;
    return { editsPerSecond: latencies.length / (writers - 1) / seconds, closed: closed() };
  } finally {
    workers.forEach((w) => w.client.destroy());
    relay.stop();
  }
}
