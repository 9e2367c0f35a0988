// `pnpm bench sync`: the Virtual Account document at 10k orders — time to apply edits, encoded
// size against a plain JSON snapshot of the same data, and the time to merge two replicas that
// diverged by 1,000 edits each (target < 50 ms). Prints a table.
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import * as Y from 'yjs';
import { generateSample } from '../src/sample/generate-sample.ts';
import { appendOrderEventToDoc, tickChecklistStep, writeOrder } from '../src/sync/virtual-account-doc.ts';
import { readVirtualAccountDoc } from '../src/sync/virtual-account-reads.ts';
import { editOrderNotes } from '../src/sync/order-notes.ts';
import { LOCAL_EDIT } from '../src/sync/origins.ts';

const ORDERS = 10_000;
const DIVERGENCE = 1_000;
const MERGE_RUNS = 7;
const SEED = 42;
const MERGE_TARGET_MS = 50;

const time = <T>(run: () => T): [T, number] => {
  const start = performance.now();
  const result = run();
  return [result, performance.now() - start];
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(2)} ms`);
const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;

console.log(
  `sync bench: ${ORDERS} orders (generateSample seed ${SEED}), merge of ${DIVERGENCE} edits per side, median of ${MERGE_RUNS} merges`,
);
const orders = generateSample({ seed: SEED, orders: ORDERS, validate: false }).orders;
const numbers = orders.map((o) => o.salesOrderNumber);

const doc = new Y.Doc();
const [, importMs] = time(() => doc.transact(() => orders.forEach((o) => writeOrder(doc, o, LOCAL_EDIT)), 'import'));
const [, eventMs] = time(() =>
  numbers.forEach((son, i) =>
    appendOrderEventToDoc(
      doc,
      son,
      {
        id: `bench:note:${i}`,
        type: 'note-added',
        at: '2026-11-02T00:00:00.000Z',
        by: 'bench',
        text: 'called the customer',
      },
      LOCAL_EDIT,
    ),
  ),
);
const [, tickMs] = time(() =>
  numbers.forEach((son) =>
    tickChecklistStep(
      doc,
      son,
      { salesOrderNumber: son, stepId: 'collect-domain', ticked: true, by: 'bench', at: '2026-11-02T00:00:00.000Z' },
      LOCAL_EDIT,
    ),
  ),
);
const [content, readMs] = time(() => readVirtualAccountDoc(doc));

const [update, encodeMs] = time(() => Y.encodeStateAsUpdate(doc));
const [json, jsonMs] = time(() =>
  JSON.stringify({ orders: content.orders, ticks: content.ticks, notes: content.notes }),
);
const jsonBytes = Buffer.byteLength(json);
const [, loadMs] = time(() => Y.applyUpdate(new Y.Doc(), update));

/** Two replicas from the same base, each makes `DIVERGENCE` edits (events, ticks, note text), then they exchange diffs. */
function mergeOnce(run: number): { ms: number; bytes: number; converged: boolean } {
  const a = new Y.Doc();
  const b = new Y.Doc();
  Y.applyUpdate(a, update, 'load');
  Y.applyUpdate(b, update, 'load');
  for (const [side, replica] of [
    ['a', a],
    ['b', b],
  ] as const) {
    for (let i = 0; i < DIVERGENCE; i++) {
      const son = numbers[(i * 7 + (side === 'a' ? 0 : 3)) % numbers.length]!;
      const at = `2026-11-03T00:00:${String(i % 60).padStart(2, '0')}.000Z`;
      if (i % 3 === 0)
        appendOrderEventToDoc(
          replica,
          son,
          { id: `${side}:${run}:${i}`, type: 'note-added', at, by: side, text: `edit ${i}` },
          LOCAL_EDIT,
        );
      else if (i % 3 === 1)
        tickChecklistStep(
          replica,
          son,
          { salesOrderNumber: son, stepId: `step-${i % 5}`, ticked: i % 2 === 0, by: side, at },
          LOCAL_EDIT,
        );
      else editOrderNotes(replica, son, { index: 0, deleteCount: 0, insert: `${side}${i} ` }, LOCAL_EDIT);
    }
  }
  const start = performance.now();
  const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, toB, 'remote');
  Y.applyUpdate(a, toA, 'remote');
  const elapsed = performance.now() - start;
  const converged = Buffer.compare(Buffer.from(Y.encodeStateVector(a)), Buffer.from(Y.encodeStateVector(b))) === 0;
  return { ms: elapsed, bytes: toA.length + toB.length, converged };
}
const merges = Array.from({ length: MERGE_RUNS }, (_, run) => mergeOnce(run));
const mergeMs = median(merges.map((m) => m.ms));

const rows: [string, string, string][] = [
  ['write 10k orders (one transaction)', ms(importMs), `${((importMs * 1000) / ORDERS).toFixed(1)} µs/order`],
  ['append 10k validated events', ms(eventMs), `${((eventMs * 1000) / ORDERS).toFixed(1)} µs/edit`],
  ['tick 10k checklist steps', ms(tickMs), `${((tickMs * 1000) / ORDERS).toFixed(1)} µs/edit`],
  ['read the whole doc (zod + fold)', ms(readMs), ''],
  [
    'encode the doc (Yjs update)',
    ms(encodeMs),
    `JSON.stringify of the same data: ${ms(jsonMs)} (${(encodeMs / jsonMs).toFixed(2)}×)`,
  ],
  ['load the doc from its update', ms(loadMs), ''],
  ['encoded size: Yjs update', kb(update.length), `gzip ${kb(gzipSync(update).length)}`],
  ['encoded size: plain JSON snapshot', kb(jsonBytes), `gzip ${kb(gzipSync(json).length)}`],
  [
    'size ratio Yjs / JSON',
    `${(update.length / jsonBytes).toFixed(2)}×`,
    `gzip ${(gzipSync(update).length / gzipSync(json).length).toFixed(2)}×`,
  ],
  [
    `merge 2 replicas, ${DIVERGENCE} edits each`,
    ms(mergeMs),
    `target ${MERGE_TARGET_MS} ms (${(mergeMs / MERGE_TARGET_MS).toFixed(2)}× of target), diff ${kb(median(merges.map((m) => m.bytes)))}, converged: ${merges.every((m) => m.converged)}`,
  ],
];
const width = Math.max(...rows.map((r) => r[0].length));
console.log(`\n${'measure'.padEnd(width)} | ${'figure'.padEnd(10)} | notes`);
for (const [label, figure, note] of rows) console.log(`${label.padEnd(width)} | ${figure.padEnd(10)} | ${note}`);
if (!merges.every((m) => m.converged)) process.exit(1);
