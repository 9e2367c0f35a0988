import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Action } from '../permissions/action.ts';
import { account, assignment, daysAfter, T0 } from '../testing/builders.ts';
import { assignedFromHold, customer, heldOrder, onHoldOrder } from './testing/va-fixtures.ts';
import { checkOrdersUpdate, type WriterRights } from './update-checks.ts';
import { appendOrderEventToDoc, markOrderMoved, tickChecklistStep, writeOrder } from './virtual-account-doc.ts';
import { readVirtualAccountDoc } from './virtual-account-reads.ts';
import { editOrderNotes } from './order-notes.ts';
import { eventsMapOf, movedToMapOf, notesTextName, ordersMapOf, partKey, ticksMapOf } from './order-doc-layout.ts';
import { LOCAL_EDIT } from './origins.ts';

const MANAGE: Action[] = ['view-order', 'annotate-order', 'tick-checklist-step', 'reassign-order'];

/** The relay's copy of a document and two members' replicas of it, with client ids bound as the relay would. */
function world() {
  const relay = new Y.Doc();
  const owners = new Map<number, string>();
  const rights = (memberId: string, allowed: Action[] = MANAGE): WriterRights => ({
    memberId,
    may: (action) => allowed.includes(action),
    ownerOfClient: (client) => owners.get(client),
  });
  /** Checks the replica's changes since the relay's state; accepted ones are applied and their clients bound. */
  const send = (replica: Y.Doc, writer: WriterRights) => {
    const update = Y.encodeStateAsUpdate(replica, Y.encodeStateVector(relay));
    const verdict = checkOrdersUpdate(relay, update, writer);
    if (verdict.ok) {
      for (const client of verdict.newClients) owners.set(client, writer.memberId);
      Y.applyUpdate(relay, update);
    }
    return verdict;
  };
  const replica = () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(relay));
    return doc;
  };
  return { relay, owners, rights, send, replica };
}

/** A world where `ana` imported SO-1 into the document. */
function withOrder() {
  const w = world();
  const ana = w.replica();
  writeOrder(ana, heldOrder('SO-1'), LOCAL_EDIT);
  expect(w.send(ana, w.rights('ana'))).toMatchObject({ ok: true });
  return { ...w, ana, ben: w.replica() };
}

const reviewed = (id: string, by: string) => ({ id, type: 'reviewed' as const, at: daysAfter(T0, 1), by });
const tick = (by: string, at = daysAfter(T0, 1)) => ({ salesOrderNumber: 'SO-1', stepId: 's1', ticked: true, by, at });

describe('what the relay accepts into a document of orders', () => {
  it('accepts an import, events and ticks in the writer’s name, and notes, binding the writer’s client id', () => {
    const { send, rights, ben, owners } = withOrder();
    appendOrderEventToDoc(ben, 'SO-1', reviewed('ben:r1', 'ben'), LOCAL_EDIT);
    tickChecklistStep(ben, 'SO-1', tick('ben'), LOCAL_EDIT);
    editOrderNotes(ben, 'SO-1', { index: 0, deleteCount: 0, insert: 'call the customer' }, LOCAL_EDIT);
    expect(send(ben, rights('ben'))).toEqual({ ok: true, newClients: [ben.clientID] });
    expect(owners.get(ben.clientID)).toBe('ben');
  });

  it('accepts a tick that replaces another member’s tick of the same step', () => {
    const { send, rights, ana, ben, relay } = withOrder();
    tickChecklistStep(ana, 'SO-1', tick('ana'), LOCAL_EDIT);
    expect(send(ana, rights('ana')).ok).toBe(true);
    Y.applyUpdate(ben, Y.encodeStateAsUpdate(relay, Y.encodeStateVector(ben)));
    tickChecklistStep(ben, 'SO-1', { ...tick('ben', daysAfter(T0, 2)), ticked: false }, LOCAL_EDIT);
    expect(send(ben, rights('ben')).ok).toBe(true);
  });

  it('accepts a move the order’s history proves, and the re-import of the same order', () => {
    const w = world();
    const ana = w.replica();
    writeOrder(ana, onHoldOrder('SO-2'), LOCAL_EDIT);
    expect(w.send(ana, w.rights('ana')).ok).toBe(true);
    writeOrder(ana, onHoldOrder('SO-2'), LOCAL_EDIT);
    markOrderMoved(ana, assignedFromHold('SO-2'), LOCAL_EDIT);
    expect(w.send(ana, w.rights('ana')).ok).toBe(true);
  });
});

describe('two replicas importing the same new order while both offline', () => {
  const imported = (by: string) => {
    const order = heldOrder('SO-1');
    return {
      ...order,
      history: [...order.history, { id: `${by}:r1`, type: 'reviewed' as const, at: daysAfter(T0, 1), by }],
    };
  };

  it('accepts the second import as a merge, and both replicas then hold every event of both', () => {
    const w = world();
    const ana = w.replica();
    const ben = w.replica();
    writeOrder(ana, imported('ana'), LOCAL_EDIT);
    tickChecklistStep(ana, 'SO-1', { ...tick('ana'), stepId: 'a' }, LOCAL_EDIT);
    writeOrder(ben, imported('ben'), LOCAL_EDIT);
    tickChecklistStep(ben, 'SO-1', { ...tick('ben'), stepId: 'b' }, LOCAL_EDIT);
    expect(w.send(ana, w.rights('ana')).ok).toBe(true);
    expect(w.send(ben, w.rights('ben')).ok).toBe(true);
    for (const replica of [ana, ben]) Y.applyUpdate(replica, Y.encodeStateAsUpdate(w.relay));
    const ids = (doc: Y.Doc) => readVirtualAccountDoc(doc).orders[0]!.history.map((e) => e.id);
    expect(ids(w.relay)).toEqual(['placed:SO-1', 'ana:r1', 'ben:r1']);
    expect(ids(ana)).toEqual(ids(w.relay));
    expect(ids(ben)).toEqual(ids(w.relay));
    expect(readVirtualAccountDoc(ben).ticks.map((t) => t.stepId)).toEqual(['a', 'b']);
  });

  it('still refuses the concurrent import from a member who may not manage the order', () => {
    const w = world();
    const ana = w.replica();
    const ben = w.replica();
    writeOrder(ana, imported('ana'), LOCAL_EDIT);
    writeOrder(ben, imported('ana'), LOCAL_EDIT);
    expect(w.send(ana, w.rights('ana')).ok).toBe(true);
    expect(w.send(ben, w.rights('ben', ['view-order', 'annotate-order', 'tick-checklist-step']))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/only a member who may manage/),
    });
  });
});

describe('two members typing the first notes of an order at the same time', () => {
  /** Both replicas type the order's first notes before either sees the other's. */
  const race = () => {
    const w = withOrder();
    editOrderNotes(w.ana, 'SO-1', { index: 0, deleteCount: 0, insert: 'ana: call Monday' }, LOCAL_EDIT);
    editOrderNotes(w.ben, 'SO-1', { index: 0, deleteCount: 0, insert: 'ben: PO is late' }, LOCAL_EDIT);
    return w;
  };
  const notesOf = (doc: Y.Doc) => readVirtualAccountDoc(doc).notes['SO-1'];

  // Both arrival orders: under a layout where each replica creates the order's text, one of them
  // is refused (it would replace the other's) and the other loses its words on arrival.
  for (const first of ['ana', 'ben'] as const) {
    it(`accepts both, ${first}'s first, and every replica reads both members' words`, () => {
      const w = race();
      const [one, two] = first === 'ana' ? (['ana', 'ben'] as const) : (['ben', 'ana'] as const);
      expect(w.send(w[one], w.rights(one))).toMatchObject({ ok: true });
      expect(w.send(w[two], w.rights(two))).toMatchObject({ ok: true });
      for (const replica of [w.ana, w.ben]) Y.applyUpdate(replica, Y.encodeStateAsUpdate(w.relay));
      const merged = notesOf(w.relay)!;
      expect(merged).toContain('ana: call Monday');
      expect(merged).toContain('ben: PO is late');
      expect(notesOf(w.ana)).toBe(merged);
      expect(notesOf(w.ben)).toBe(merged);
    });
  }

  it('accepts deleting words another member typed into the notes', () => {
    const { send, rights, ana, ben, relay } = withOrder();
    editOrderNotes(ana, 'SO-1', { index: 0, deleteCount: 0, insert: 'call the customer' }, LOCAL_EDIT);
    expect(send(ana, rights('ana')).ok).toBe(true);
    Y.applyUpdate(ben, Y.encodeStateAsUpdate(relay, Y.encodeStateVector(ben)));
    editOrderNotes(ben, 'SO-1', { index: 0, deleteCount: 9, insert: '' }, LOCAL_EDIT);
    expect(send(ben, rights('ben')).ok).toBe(true);
    expect(notesOf(relay)).toBe('customer');
  });
});

describe('what the relay refuses in notes', () => {
  const refusal = (doc: Y.Doc, w: ReturnType<typeof withOrder>, allowed?: Action[]) =>
    w.send(doc, w.rights('ben', allowed));

  it('a root text named like no order’s notes', () => {
    for (const name of ['memo', 'notes', 'notes/', 'notes/SO%2D1', 'notes/%E0%A4%A', 'Notes/SO-1']) {
      const w = withOrder();
      w.ben.getText(name).insert(0, 'stray');
      expect(refusal(w.ben, w)).toMatchObject({
        ok: false,
        reason: `it writes "${name}", which no Holdfast document has`,
      });
      expect(w.relay.share.has(name)).toBe(false);
    }
  });

  it('the notes of an order the document does not hold', () => {
    const w = withOrder();
    w.ben.getText(notesTextName('SO-9')).insert(0, 'planted');
    expect(refusal(w.ben, w)).toEqual({
      ok: false,
      reason: 'notes name order SO-9, which this document does not hold',
    });
  });

  it('anything in notes but plain text, and notes from a member who may not annotate', () => {
    const embedded = withOrder();
    embedded.ben.getText(notesTextName('SO-1')).insertEmbed(0, { image: 'x' });
    expect(refusal(embedded.ben, embedded)).toMatchObject({
      ok: false,
      reason: 'the notes of order SO-1 are plain text',
    });

    const keyed = withOrder();
    keyed.ben.getMap(notesTextName('SO-1')).set('k', 'v');
    expect(refusal(keyed.ben, keyed)).toMatchObject({ ok: false, reason: 'the notes of order SO-1 are plain text' });

    const viewer = withOrder();
    editOrderNotes(viewer.ben, 'SO-1', { index: 0, deleteCount: 0, insert: 'hi' }, LOCAL_EDIT);
    expect(refusal(viewer.ben, viewer, ['view-order'])).toMatchObject({
      ok: false,
      reason: 'your roles do not allow editing the notes of order SO-1',
    });
  });

  it('deleting notes words from a member who may not annotate', () => {
    const { send, rights, ana, ben, relay } = withOrder();
    editOrderNotes(ana, 'SO-1', { index: 0, deleteCount: 0, insert: 'call the customer' }, LOCAL_EDIT);
    expect(send(ana, rights('ana')).ok).toBe(true);
    Y.applyUpdate(ben, Y.encodeStateAsUpdate(relay, Y.encodeStateVector(ben)));
    editOrderNotes(ben, 'SO-1', { index: 0, deleteCount: 4, insert: '' }, LOCAL_EDIT);
    expect(send(ben, rights('ben', ['view-order']))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/written by another member/),
    });
  });
});

describe('line-level reassignment and the distributor hand-off', () => {
  const lineStart = (by: string) => ({
    id: `${by}:s1`,
    type: 'reassignment-started' as const,
    at: daysAfter(T0, 1),
    by,
    target: assignment(customer.defaultVirtualAccount, 'customer'),
    via: 'portal' as const,
    lineNumbers: [1],
  });
  const resellerHolding = account('sa-reseller-hold', 'partner-holding', 'org-reseller');
  const handOn = (by: string) => ({
    id: `${by}:h1`,
    type: 'handed-to-reseller' as const,
    at: daysAfter(T0, 1),
    by,
    assignment: assignment(resellerHolding.defaultVirtualAccount, 'partner-holding'),
  });
  // Written raw, past appendOrderEventToDoc's schema check: the relay is what must refuse it.
  const push = (doc: Y.Doc, event: { id: string; [field: string]: unknown }) =>
    eventsMapOf(doc).set(partKey('SO-1', event.id), event);

  it('accepts the reassignment of some lines, and a hand-off to the reseller, from a member who may reassign', () => {
    const { send, rights, ben } = withOrder();
    appendOrderEventToDoc(ben, 'SO-1', lineStart('ben'), LOCAL_EDIT);
    expect(send(ben, rights('ben'))).toMatchObject({ ok: true });
    const other = withOrder();
    appendOrderEventToDoc(other.ben, 'SO-1', handOn('ben'), LOCAL_EDIT);
    expect(other.send(other.ben, other.rights('ben'))).toMatchObject({ ok: true });
  });

  it('refuses them from a member who may only annotate, and a line list that is empty', () => {
    const annotate: Action[] = ['view-order', 'annotate-order', 'tick-checklist-step'];
    for (const event of [lineStart('ben'), handOn('ben')]) {
      const { send, rights, ben } = withOrder();
      push(ben, event);
      expect(send(ben, rights('ben', annotate))).toMatchObject({
        ok: false,
        reason: expect.stringMatching(new RegExp(event.type)),
      });
    }
    const { send, rights, ben } = withOrder();
    push(ben, { ...lineStart('ben'), lineNumbers: [] });
    expect(send(ben, rights('ben'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not a valid order event/),
    });
  });
});

describe('what the relay refuses, whole', () => {
  it('an event recorded in another member’s name', () => {
    const { send, rights, ben } = withOrder();
    appendOrderEventToDoc(ben, 'SO-1', reviewed('x:1', 'ana'), LOCAL_EDIT);
    expect(send(ben, rights('ben'))).toEqual({
      ok: false,
      reason: 'an event of order SO-1 is recorded by ana; yours must say by ben',
    });
  });

  it('an event of a type the writer’s roles do not allow', () => {
    const { send, rights, ben } = withOrder();
    // The local append refuses the transition; a forger writes the array directly.
    eventsMapOf(ben).set(partKey('SO-1', 'ben:a1'), {
      id: 'ben:a1',
      type: 'agreement-accepted',
      at: daysAfter(T0, 1),
      by: 'ben',
      smartAccountId: 'sa-cust',
    });
    expect(send(ben, rights('ben'))).toMatchObject({ ok: false, reason: expect.stringMatching(/agreement-accepted/) });
  });

  it('a tick in another member’s name, and a tick from a member who may only view', () => {
    const { send, rights, ben } = withOrder();
    tickChecklistStep(ben, 'SO-1', tick('ana'), LOCAL_EDIT);
    expect(send(ben, rights('ben')).ok).toBe(false);
    const viewer = withOrder();
    tickChecklistStep(viewer.ben, 'SO-1', tick('ben'), LOCAL_EDIT);
    expect(viewer.send(viewer.ben, viewer.rights('ben', ['view-order'])).ok).toBe(false);
  });

  it('facts rewritten to another identity, or by a member who may not import', () => {
    const { send, rights, ben } = withOrder();
    const orders = ordersMapOf(ben);
    orders.set('SO-1', { ...(orders.get('SO-1') as object), createdAt: daysAfter(T0, -30) });
    expect(send(ben, rights('ben'))).toMatchObject({ ok: false, reason: expect.stringMatching(/identity/) });
    const other = withOrder();
    const facts = ordersMapOf(other.ben);
    facts.set('SO-1', { ...(facts.get('SO-1') as object), poNumber: 'PO-FORGED' });
    expect(other.send(other.ben, other.rights('ben', ['annotate-order', 'tick-checklist-step'])).ok).toBe(false);
  });

  it('deleting another member’s event, tick or whole order', () => {
    const { send, rights, ana, ben, relay } = withOrder();
    tickChecklistStep(ana, 'SO-1', tick('ana'), LOCAL_EDIT);
    expect(send(ana, rights('ana')).ok).toBe(true);
    Y.applyUpdate(ben, Y.encodeStateAsUpdate(relay, Y.encodeStateVector(ben)));
    eventsMapOf(ben).delete(partKey('SO-1', 'placed:SO-1'));
    expect(send(ben, rights('ben'))).toMatchObject({ ok: false, reason: expect.stringMatching(/deletes/) });

    const ticks = withOrder();
    tickChecklistStep(ticks.ana, 'SO-1', tick('ana'), LOCAL_EDIT);
    ticks.send(ticks.ana, ticks.rights('ana'));
    const thief = ticks.replica();
    ticksMapOf(thief).delete(partKey('SO-1', 's1'));
    expect(ticks.send(thief, ticks.rights('ben')).ok).toBe(false);

    const whole = withOrder();
    ordersMapOf(whole.ben).delete('SO-1');
    expect(whole.send(whole.ben, whole.rights('ben')).ok).toBe(false);
  });

  it('an update under a Yjs client id another member wrote with first', () => {
    const { send, rights, ana, relay } = withOrder();
    const forger = new Y.Doc();
    Y.applyUpdate(forger, Y.encodeStateAsUpdate(relay));
    // Set after loading: Yjs picks a new id when it sees its own in a remote update.
    forger.clientID = ana.clientID;
    tickChecklistStep(forger, 'SO-1', tick('ben'), LOCAL_EDIT);
    expect(send(forger, rights('ben'))).toMatchObject({
      ok: false,
      reason: `Yjs client id ${ana.clientID} belongs to another member in this document`,
    });
  });

  it('a move its history does not prove, content outside the layout, and another event under a taken id', () => {
    const { send, rights, ben } = withOrder();
    movedToMapOf(ben).set('SO-1', 'va-elsewhere');
    expect(send(ben, rights('ben'))).toMatchObject({ ok: false, reason: expect.stringMatching(/does not put it/) });

    const stray = withOrder();
    stray.ben.getMap('elsewhere').set('x', 1);
    expect(stray.send(stray.ben, stray.rights('ben')).ok).toBe(false);

    // An importer offline with another copy of the order whose placing event differs: a rewrite.
    const twice = withOrder();
    const fresh = new Y.Doc();
    const order = heldOrder('SO-1');
    writeOrder(fresh, { ...order, history: [{ ...order.history[0]!, by: 'someone-else' }] }, LOCAL_EDIT);
    expect(twice.send(fresh, twice.rights('ben'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/already holds an event with id placed:SO-1/),
    });
  });

  it('an update that depends on changes the relay does not have', () => {
    const { send, rights, ben, relay } = withOrder();
    appendOrderEventToDoc(ben, 'SO-1', reviewed('ben:1', 'ben'), LOCAL_EDIT);
    const first = Y.encodeStateVector(ben);
    appendOrderEventToDoc(ben, 'SO-1', reviewed('ben:2', 'ben'), LOCAL_EDIT);
    const second = Y.encodeStateAsUpdate(ben, first);
    expect(checkOrdersUpdate(relay, second, rights('ben')).ok).toBe(false);
    expect(send(ben, rights('ben')).ok).toBe(true);
  });
});
