// `pnpm bench cluster`: three Holdfast nodes on PostgreSQL against three Hocuspocus instances on
// Redis (@hocuspocus/extension-redis, Debian's redis-server), under the same load: 200 clients over
// 50 documents, per document a writer and an observer on node 1 and an observer on each of nodes
// 2 and 3. Prints propagation, appends/s, a 1 MB cold load, revocation, what a node kill costs, and
// what each side loses when the nodes left crash right after broadcasting updates.
import { setMaxListeners } from 'node:events';
import { cpus, loadavg } from 'node:os';
import WebSocket from 'ws';
import { connectBenchClient, type BenchClient } from './bench-clients.ts';
import { findRedis, LEAVER, startHocuspocus, startHoldfast, type Side } from './cluster-sides.ts';

const DOCUMENTS = 50;
const RATE = 200; // updates per second, over all writers
const STEADY_SECONDS = 10;
const SATURATION_UPDATES = 2_000;

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN;
};
const ms = (value: number) =>
  Number.isFinite(value) ? `${value.toFixed(1)} ms` : value === Infinity ? '> 500 ms (top bucket)' : 'n/a';

async function until(what: string, check: () => boolean | Promise<boolean>, limitMs = 120_000) {
  const deadline = performance.now() + limitMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

interface Doc {
  name: string;
  writer: BenchClient;
  /** [same node as the writer, node 2, node 3] */
  observers: BenchClient[];
}

interface Figures {
  sameP50: number;
  sameP99: number;
  crossP50: number;
  crossP99: number;
  appendP99: number;
  appendsPerSecond: number;
  coldLoadMs: number;
  revocationMs: number;
  recoveryMs: number;
  lost: number;
  seen: number;
}

async function run(side: Side): Promise<Figures> {
  const sent = new Map<string, number>();
  const same: number[] = [];
  const cross: number[] = [];
  const connect = (node: number, name: string, token = side.token) =>
    connectBenchClient({ kind: side.kind, url: side.urls[node]!, token }, name, token);
  const watch = (client: BenchClient, into: number[] | null) =>
    client.doc.getMap('orders').observe((event) => {
      const now = performance.now();
      if (into) for (const key of event.keysChanged) into.push(now - (sent.get(key) ?? now));
    });

  const docs: Doc[] = [];
  for (let n = 0; n < DOCUMENTS; n++) {
    const name = side.docName(n);
    const writer = connect(0, name);
    const observers = [connect(0, name), connect(1, name), connect(2, name)];
    docs.push({ name, writer, observers });
  }
  await Promise.all(docs.flatMap((d) => [d.writer, ...d.observers].map((c) => c.synced)));
  docs.forEach((d) => d.observers.forEach((o, i) => watch(o, i === 0 ? same : cross)));

  let counter = 0;
  const written = new Map<Doc, string[]>(docs.map((d) => [d, []]));
  const write = (doc: Doc) => {
    const key = `k${++counter}`;
    sent.set(key, performance.now());
    doc.writer.doc.getMap('orders').set(key, counter);
    written.get(doc)!.push(key);
    return key;
  };
  const everyObserverHasAll = () =>
    docs.every((d) => d.observers.every((o) => written.get(d)!.every((k) => o.doc.getMap('orders').has(k))));

  // Steady load: RATE updates a second spread over the writers, in 20 ms ticks.
  const ticks = (STEADY_SECONDS * 1000) / 20;
  const start = performance.now();
  for (let tick = 0; tick < ticks; tick++) {
    for (let i = 0; i < RATE / 50; i++) write(docs[(tick * (RATE / 50) + i) % DOCUMENTS]!);
    const next = start + (tick + 1) * 20;
    await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
  }
  await until('every observer has the steady load', everyObserverHasAll);
  const figures: Partial<Figures> = {
    sameP50: quantile(same, 0.5),
    sameP99: quantile(same, 0.99),
    crossP50: quantile(cross, 0.5),
    crossP99: quantile(cross, 0.99),
  };
  figures.appendP99 = side.appendP99 ? await side.appendP99() : NaN;

  // Saturation: as fast as the writers can send; done when every observer on node 3 has it all.
  const burstStart = performance.now();
  const burst = Array.from(
    { length: SATURATION_UPDATES },
    (_, i) => [i % DOCUMENTS, write(docs[i % DOCUMENTS]!)] as const,
  );
  await until('node 3 has the burst', () =>
    burst.every(([n, key]) => docs[n]!.observers[2]!.doc.getMap('orders').has(key)),
  );
  figures.appendsPerSecond = SATURATION_UPDATES / ((performance.now() - burstStart) / 1000);

  // Cold load: a 1 MB document written on node 1, stored, then opened on node 3, which never held it.
  const bigName = side.docName(DOCUMENTS);
  const big = connect(0, bigName);
  await big.synced;
  const chunk = 'x'.repeat(100 * 1024);
  for (let i = 0; i < 10; i++) big.doc.getMap('orders').set(`big-${i}`, chunk);
  await until(
    'the 1 MB document is stored',
    async () => (await side.freshLoad(bigName)).getMap('orders').size === 10,
    60_000,
  );
  const coldStart = performance.now();
  const cold = connect(2, bigName);
  await cold.synced;
  await until('the cold client holds 1 MB', () => cold.doc.getMap('orders').size === 10);
  figures.coldLoadMs = performance.now() - coldStart;
  big.destroy();
  cold.destroy();

  // Revocation: a member with a socket on every node is removed; time until the last closes.
  figures.revocationMs = NaN;
  if (side.removeMember && side.memberToken) {
    const token = await side.memberToken(LEAVER);
    const sockets = side.urls.map(
      (url) => new WebSocket(`${url}/${side.docName(0)}?token=${encodeURIComponent(token)}`),
    );
    await Promise.all(sockets.map((s) => new Promise((r) => s.once('message', r))));
    const closed = sockets.map((s) => new Promise((r) => s.once('close', r)));
    const revokeStart = performance.now();
    await side.removeMember(LEAVER);
    await Promise.all(closed);
    figures.revocationMs = performance.now() - revokeStart;
  }

  // Node kill: node 1 (the writers' node) dies mid-write, and its writers with it (a crashed
  // machine). Its observers reconnect to node 2. Recovery: until they hold what node 2's observers
  // saw. Lost: keys any observer saw that a fresh load from the store lacks once the rest stopped.
  for (let i = 0; i < 100; i++) write(docs[i % DOCUMENTS]!);
  await side.kill(0);
  const killedAt = performance.now();
  for (const d of docs) d.writer.destroy();
  for (const d of docs) {
    d.observers[0]!.destroy();
    d.observers[0] = connect(1, d.name);
  }
  await Promise.all(docs.map((d) => d.observers[0]!.synced));
  await until('the moved observers caught up with node 2', () =>
    docs.every((d) => {
      const there = d.observers[1]!.doc.getMap('orders');
      const moved = d.observers[0]!.doc.getMap('orders');
      return [...there.keys()].every((k) => moved.has(k));
    }),
  );
  figures.recoveryMs = performance.now() - killedAt;

  // Crash: one more update per document, written on node 2; once every observer (on nodes 2 and 3)
  // has seen it broadcast, both nodes are SIGKILLed at once — a host or deployment crash, well
  // inside Hocuspocus's 2 s store debounce. Lost: keys any observer saw that a fresh load from the
  // store lacks. Holdfast broadcasts only what PostgreSQL has committed, so it can lose none.
  const last = docs.map((d) => {
    const key = `k${++counter}`;
    sent.set(key, performance.now());
    d.observers[1]!.doc.getMap('orders').set(key, counter);
    return key;
  });
  await until('every observer saw the last updates', () =>
    docs.every((d, n) => d.observers.every((o) => o.doc.getMap('orders').has(last[n]!))),
  );
  const seen = new Map<string, Set<string>>();
  for (const d of docs) seen.set(d.name, new Set(d.observers.flatMap((o) => [...o.doc.getMap('orders').keys()])));
  await Promise.all([side.kill(1), side.kill(2)]);
  for (const d of docs) d.observers.forEach((o) => o.destroy());
  let lost = 0;
  let seenCount = 0;
  for (const d of docs) {
    const stored = (await side.freshLoad(d.name)).getMap('orders');
    for (const key of seen.get(d.name)!) {
      seenCount++;
      if (!stored.has(key)) lost++;
    }
  }
  figures.lost = lost;
  figures.seen = seenCount;
  return figures as Figures;
}

const line = (label: string, value: string, goal = '') =>
  console.log(`${label.padEnd(44)} ${value.padEnd(34)} ${goal}`);

// Every client provider adds a process exit listener while it lives; 200 and more are intended here.
setMaxListeners(1000, process);
console.log(
  `cluster bench on ${cpus().length} cores, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} at start`,
);
const holdfast = await startHoldfast(DOCUMENTS);
let h: Figures;
try {
  h = await run(holdfast);
} finally {
  await holdfast.close();
}
const redis = findRedis();
let p: Figures | null = null;
if (!redis) {
  console.log(
    "Hocuspocus peer skipped: redis-server is missing. Install Debian's package: sudo apt-get install redis-server",
  );
} else {
  const peer = await startHocuspocus(redis);
  try {
    p = await run(peer);
  } finally {
    await peer.close();
  }
}
const ratio = (a: number, b: number | undefined) => (p && b && Number.isFinite(a) ? ` (${(a / b).toFixed(2)}×)` : '');
const both = (a: number, b: number | undefined) => `${ms(a)} vs ${p ? ms(b!) : '—'}${ratio(a, b)}`;
console.log(
  `\n${'Holdfast vs Hocuspocus+Redis (ratio = Holdfast / Hocuspocus)'.padEnd(44)} ${'figures'.padEnd(34)} goal`,
);
line('same-node propagation p50', both(h.sameP50, p?.sameP50));
line('same-node propagation p99', both(h.sameP99, p?.sameP99), '≤ 25 ms');
line('cross-node propagation p50', both(h.crossP50, p?.crossP50));
line(`cross-node propagation p99 at ${RATE} updates/s`, both(h.crossP99, p?.crossP99), '≤ 50 ms');
line('durable append p99 (commit included)', `${ms(h.appendP99)} vs — (stores on a debounce)`);
line(
  'appends/s (saturation, until node 3 has all)',
  `${h.appendsPerSecond.toFixed(0)} vs ${p ? p.appendsPerSecond.toFixed(0) : '—'}${p ? ` (${(h.appendsPerSecond / p.appendsPerSecond).toFixed(2)}×)` : ''}`,
);
line('cold load of a 1 MB document', both(h.coldLoadMs, p?.coldLoadMs));
line('revocation to last close, 3 nodes', `${ms(h.revocationMs)} vs — (no revocation)`, '≤ 1 s');
line('recovery after a node kill', both(h.recoveryMs, p?.recoveryMs));
line(
  'lost: node 1 killed, then nodes 2+3 crashed',
  `${h.lost} of ${h.seen} vs ${p ? `${p.lost} of ${p.seen}` : '—'}`,
  '0 where the peer loses any',
);
console.log(
  `load average at end: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
// Hocuspocus's provider keeps a reconnect back-off timer (up to its 30 s maximum delay) after it is
// destroyed when its node was killed: say we are done rather than wait for it.
process.exit(0);
