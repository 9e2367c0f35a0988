// `npx tsx core/bench/write-validation.ts`: what the relay's checks of one client update cost, in
// one process (no sockets, no storage), so a change to them can be measured without the relay
// bench's noise. The updates are the relay bench's traffic (sync-server/bench/order-traffic.ts): a
// tick, a few words of notes and a review in turn, on a document of 60 orders, from 10 members.
// HOLDFAST_BENCH_ORDERS=<n> takes n orders instead: each order's notes are a root of the document,
// so a larger document shows what the checks pay per root.
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { generateSample } from '../src/sample/generate-sample.ts';
import type { Action } from '../src/permissions/action.ts';
import { checkUpdateComplete } from '../src/sync/relay-logic/update-complete.ts';
import { checkOrdersUpdate, type WriterRights } from '../src/sync/update-checks.ts';
import { appendOrderEventToDoc, tickChecklistStep, writeOrder } from '../src/sync/virtual-account-doc.ts';
import { editOrderNotes } from '../src/sync/order-notes.ts';
import { LOCAL_EDIT } from '../src/sync/origins.ts';

const ORDERS = Number(process.env.HOLDFAST_BENCH_ORDERS) || 60;
const MEMBERS = 10;
const UPDATES = 6_000;
const RUNS = 5;
const ALLOWED: Action[] = ['view-order', 'annotate-order', 'tick-checklist-step', 'reassign-order'];

const orders = generateSample({ seed: 42, orders: ORDERS }).orders;
const numbers = orders.map((o) => o.salesOrderNumber);

/** A relay document with the orders, and the stream of updates members send it, in order. */
interface Traffic {
  base: Uint8Array;
  updates: { member: number; update: Uint8Array }[];
}

function traffic(): Traffic {
  const importer = new Y.Doc();
  importer.transact(() => {
    for (const order of orders) writeOrder(importer, order, LOCAL_EDIT);
  });
  const base = Y.encodeStateAsUpdate(importer);
  const members = Array.from({ length: MEMBERS }, () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, base);
    return doc;
  });
  const updates: Traffic['updates'] = [];
  for (let seq = 0; seq < UPDATES; seq++) {
    const member = seq % MEMBERS;
    const doc = members[member]!;
    const by = `member-${member}`;
    const number = numbers[(member * 7 + seq) % numbers.length]!;
    const at = new Date(Date.UTC(2026, 10, 1, 0, 0, seq)).toISOString();
    let update: Uint8Array | undefined;
    const take = (u: Uint8Array) => (update = u);
    doc.on('update', take);
    if (seq % 3 === 0) {
      tickChecklistStep(
        doc,
        number,
        { salesOrderNumber: number, stepId: 'confirm-customer', ticked: true, by, at },
        LOCAL_EDIT,
      );
    } else if (seq % 3 === 1) {
      editOrderNotes(doc, number, { index: 1e9, deleteCount: 0, insert: `${by} ${seq}. ` }, LOCAL_EDIT);
    } else {
      appendOrderEventToDoc(doc, number, { id: `${by}:${seq}`, type: 'reviewed', at, by }, LOCAL_EDIT);
    }
    doc.off('update', take);
    updates.push({ member, update: update! });
    // Everyone sees everyone's edits, as through the relay.
    for (const other of members) if (other !== doc) Y.applyUpdate(other, update!);
  }
  return { base, updates };
}

/** Keystrokes, one update each, into one order's notes, in a document where every order has notes (a root each). */
function typing(): Traffic {
  const writer = new Y.Doc();
  writer.transact(() => {
    for (const order of orders) writeOrder(writer, order, LOCAL_EDIT);
  });
  for (const number of numbers) editOrderNotes(writer, number, { index: 0, deleteCount: 0, insert: '-' }, LOCAL_EDIT);
  const base = Y.encodeStateAsUpdate(writer);
  const updates: Traffic['updates'] = [];
  const take = (update: Uint8Array) => updates.push({ member: 0, update });
  writer.on('update', take);
  for (let seq = 0; seq < UPDATES; seq++)
    editOrderNotes(writer, numbers.at(-1)!, { index: 1e9, deleteCount: 0, insert: 'k' }, LOCAL_EDIT);
  writer.off('update', take);
  return { base, updates };
}

const owners = new Map<number, string>();
const rights: WriterRights[] = Array.from({ length: MEMBERS }, (_, i) => ({
  memberId: `member-${i}`,
  may: (action) => ALLOWED.includes(action),
  ownerOfClient: (client) => owners.get(client),
}));

/** Applies every update to a fresh relay document, timing only the checks. */
function run({ base, updates }: Traffic): number {
  owners.clear();
  const doc = new Y.Doc();
  Y.applyUpdate(doc, base);
  let spent = 0;
  for (const { member, update } of updates) {
    const start = performance.now();
    checkUpdateComplete(doc, update);
    const verdict = checkOrdersUpdate(doc, update, rights[member]!);
    spent += performance.now() - start;
    if (!verdict.ok) throw new Error(`refused: ${verdict.reason}`);
    for (const client of verdict.newClients) owners.set(client, rights[member]!.memberId);
    Y.applyUpdate(doc, update);
  }
  return spent;
}

/** The median of RUNS runs, in µs per update. */
function perUpdate(traffic: Traffic): number {
  const spent = Array.from({ length: RUNS }, () => run(traffic)).sort((a, b) => a - b);
  return (spent[Math.floor(RUNS / 2)]! / traffic.updates.length) * 1000;
}

console.log(
  `write validation: ${UPDATES} updates from ${MEMBERS} members on ${ORDERS} orders, median of ${RUNS} runs: ` +
    `${perUpdate(traffic()).toFixed(1)} µs per update (completeness check + checkOrdersUpdate)`,
);
console.log(
  `typing: ${UPDATES} keystrokes into one order's notes, beside the notes of ${ORDERS} orders: ` +
    `${perUpdate(typing()).toFixed(1)} µs per update`,
);
