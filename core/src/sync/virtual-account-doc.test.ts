import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { InvalidTransitionError } from '../domain/errors.ts';
import { orderState } from '../domain/lifecycle.ts';
import { assignment, daysAfter, T0 } from '../testing/builders.ts';
import { assignedFromHold, customer, heldOrder, onHoldOrder, vaB } from './testing/va-fixtures.ts';
import {
  adoptLocalChanges,
  appendOrderEventToDoc,
  forwardMovedWrites,
  markOrderMoved,
  tickChecklistStep,
  UnknownOrderError,
  UnprovenMoveError,
  writeOrder,
} from './virtual-account-doc.ts';
import { holdsOrder, readOrderFromDoc, readVirtualAccountDoc } from './virtual-account-reads.ts';
import { editOrderNotes, orderNotesText } from './order-notes.ts';
import { eventsMapOf, notesTextName, ordersMapOf, partKey } from './order-doc-layout.ts';
import { ADOPT_LOCAL, LOCAL_EDIT, RELAY_WRITE, remoteOrigin } from './origins.ts';

const sync = (a: Y.Doc, b: Y.Doc) => {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'remote');
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), 'remote');
};

describe('the Virtual Account document', () => {
  it('reads back an order written into it, with its facts and history', () => {
    const doc = new Y.Doc();
    const order = heldOrder('SO-1');
    writeOrder(doc, order, LOCAL_EDIT);
    expect(readVirtualAccountDoc(doc).orders).toEqual([order]);
  });

  it('carries the caller origin on every transaction', () => {
    const doc = new Y.Doc();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr) => origins.push(tr.origin));
    const given = [LOCAL_EDIT, ADOPT_LOCAL, remoteOrigin('va'), RELAY_WRITE] as const;
    writeOrder(doc, heldOrder('SO-1'), given[0]);
    appendOrderEventToDoc(doc, 'SO-1', { id: 'r1', type: 'reviewed', at: daysAfter(T0, 1), by: 'm1' }, given[1]);
    tickChecklistStep(
      doc,
      'SO-1',
      { salesOrderNumber: 'SO-1', stepId: 's1', ticked: true, by: 'm1', at: daysAfter(T0, 1) },
      given[2],
    );
    editOrderNotes(doc, 'SO-1', { index: 0, deleteCount: 0, insert: 'hello' }, given[3]);
    expect(origins).toHaveLength(given.length);
    origins.forEach((origin, i) => expect(origin).toBe(given[i]));
  });

  it('refuses an invalid local transition and writes nothing', () => {
    const doc = new Y.Doc();
    writeOrder(doc, heldOrder('SO-1'), LOCAL_EDIT);
    const before = Y.encodeStateAsUpdate(doc);
    expect(() =>
      appendOrderEventToDoc(
        doc,
        'SO-1',
        { id: 'c1', type: 'consumption-started', at: daysAfter(T0, 1), by: 'm1' },
        LOCAL_EDIT,
      ),
    ).toThrow(InvalidTransitionError);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('names the orders it holds when asked to change one it does not', () => {
    const doc = new Y.Doc();
    writeOrder(doc, heldOrder('SO-1'), LOCAL_EDIT);
    expect(() =>
      tickChecklistStep(
        doc,
        'SO-9',
        { salesOrderNumber: 'SO-9', stepId: 's', ticked: true, by: 'm', at: T0 },
        LOCAL_EDIT,
      ),
    ).toThrow(/holds SO-1/);
    expect(() =>
      appendOrderEventToDoc(doc, 'SO-9', { id: 'x', type: 'reviewed', at: T0, by: 'm' }, LOCAL_EDIT),
    ).toThrow(UnknownOrderError);
  });

  it('folds concurrent offline transitions to a reachable state on every replica', () => {
    const a = new Y.Doc();
    writeOrder(a, heldOrder('SO-1'), LOCAL_EDIT);
    const b = new Y.Doc();
    sync(a, b);
    const target = assignment(
      { id: customer.defaultVirtualAccount.id, smartAccountId: customer.smartAccount.id } as never,
      'customer',
    );
    appendOrderEventToDoc(
      a,
      'SO-1',
      { id: 'a:start', type: 'reassignment-started', at: daysAfter(T0, 2), by: 'alice', target, via: 'portal' },
      LOCAL_EDIT,
    );
    appendOrderEventToDoc(
      a,
      'SO-1',
      { id: 'a:done', type: 'delivered', at: daysAfter(T0, 3), by: 'alice' },
      LOCAL_EDIT,
    );
    appendOrderEventToDoc(
      b,
      'SO-1',
      { id: 'b:start', type: 'reassignment-started', at: daysAfter(T0, 2.5), by: 'bob', target, via: 'portal' },
      LOCAL_EDIT,
    );
    sync(a, b);
    const [orderA] = readVirtualAccountDoc(a).orders;
    const [orderB] = readVirtualAccountDoc(b).orders;
    expect(orderA).toEqual(orderB);
    const state = orderState(orderA!);
    expect(state.status).toBe('delivered');
    expect(state.rejected.map((r) => r.event.id)).toEqual(['b:start']);
  });

  it('keeps the latest tick per step with who ticked it and when', () => {
    const doc = new Y.Doc();
    writeOrder(doc, heldOrder('SO-1'), LOCAL_EDIT);
    tickChecklistStep(
      doc,
      'SO-1',
      { salesOrderNumber: 'SO-1', stepId: 'collect-domain', ticked: true, by: 'alice', at: daysAfter(T0, 1) },
      LOCAL_EDIT,
    );
    tickChecklistStep(
      doc,
      'SO-1',
      { salesOrderNumber: 'SO-1', stepId: 'collect-domain', ticked: false, by: 'bob', at: daysAfter(T0, 2) },
      LOCAL_EDIT,
    );
    expect(readVirtualAccountDoc(doc).ticks).toEqual([
      { salesOrderNumber: 'SO-1', stepId: 'collect-domain', ticked: false, by: 'bob', at: daysAfter(T0, 2) },
    ]);
  });

  it('ignores events that are not valid order events and reports entries that are not orders', () => {
    const doc = new Y.Doc();
    writeOrder(doc, heldOrder('SO-1'), LOCAL_EDIT);
    doc.transact(() => {
      eventsMapOf(doc).set(partKey('SO-1', 'junk'), { id: 'junk', type: 'exploded' });
      ordersMapOf(doc).set('SO-2', 'not facts');
    }, 'remote');
    const content = readVirtualAccountDoc(doc);
    expect(content.orders).toEqual([heldOrder('SO-1')]);
    expect(content.ignored.map((i) => i.salesOrderNumber)).toEqual(['SO-2']);
  });

  it('merges concurrent note edits character by character', () => {
    const a = new Y.Doc();
    writeOrder(a, heldOrder('SO-1'), LOCAL_EDIT);
    editOrderNotes(a, 'SO-1', { index: 0, deleteCount: 0, insert: 'call customer' }, LOCAL_EDIT);
    const b = new Y.Doc();
    sync(a, b);
    editOrderNotes(a, 'SO-1', { index: 0, deleteCount: 0, insert: 'Alice: ' }, LOCAL_EDIT);
    editOrderNotes(b, 'SO-1', { index: 13, deleteCount: 0, insert: ' on Monday' }, LOCAL_EDIT);
    sync(a, b);
    expect(readVirtualAccountDoc(a).notes['SO-1']).toBe('Alice: call customer on Monday');
    expect(readVirtualAccountDoc(b).notes).toEqual(readVirtualAccountDoc(a).notes);
  });

  it('merges the first notes two replicas type at the same time, keeping both members’ words', () => {
    const a = new Y.Doc();
    writeOrder(a, heldOrder('SO-1'), LOCAL_EDIT);
    const b = new Y.Doc();
    sync(a, b);
    editOrderNotes(a, 'SO-1', { index: 0, deleteCount: 0, insert: 'Alice: call Monday.' }, LOCAL_EDIT);
    editOrderNotes(b, 'SO-1', { index: 0, deleteCount: 0, insert: 'Bob: PO is late.' }, LOCAL_EDIT);
    sync(a, b);
    const notes = readVirtualAccountDoc(a).notes['SO-1']!;
    expect(notes).toContain('Alice: call Monday.');
    expect(notes).toContain('Bob: PO is late.');
    expect(readVirtualAccountDoc(b).notes).toEqual(readVirtualAccountDoc(a).notes);
  });

  it('reads the notes a replica received without ever asking for them', () => {
    const a = new Y.Doc();
    writeOrder(a, heldOrder('SO-1'), LOCAL_EDIT);
    writeOrder(a, heldOrder('SO-2'), LOCAL_EDIT);
    editOrderNotes(a, 'SO-1', { index: 0, deleteCount: 0, insert: 'waiting for the customer' }, LOCAL_EDIT);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a), 'remote');
    expect(readVirtualAccountDoc(b).notes).toEqual({ 'SO-1': 'waiting for the customer', 'SO-2': '' });
    expect(readOrderFromDoc(b, 'SO-1')).toMatchObject({ ok: true, notes: 'waiting for the customer' });
    // Reading adds no root for an order without notes.
    expect(b.share.has(notesTextName('SO-2'))).toBe(false);
  });

  it('gives an order’s notes text by name without writing anything, and only for an order it holds', () => {
    const doc = new Y.Doc();
    writeOrder(doc, heldOrder('SO-1'), LOCAL_EDIT);
    const before = Y.encodeStateAsUpdate(doc);
    const text = orderNotesText(doc, 'SO-1');
    expect(text).toBe(doc.getText(notesTextName('SO-1')));
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    expect(() => orderNotesText(doc, 'SO-9')).toThrow(UnknownOrderError);
  });

  it('adds only missing events when an order is written again', () => {
    const doc = new Y.Doc();
    writeOrder(doc, heldOrder('SO-1'), LOCAL_EDIT);
    appendOrderEventToDoc(doc, 'SO-1', { id: 'r1', type: 'reviewed', at: daysAfter(T0, 1), by: 'm1' }, LOCAL_EDIT);
    writeOrder(doc, heldOrder('SO-1'), LOCAL_EDIT);
    const [order] = readVirtualAccountDoc(doc).orders;
    expect(order!.history.map((e) => e.id)).toEqual(['placed:SO-1', 'r1']);
    expect(order!.updatedAt).toBe(daysAfter(T0, 1));
  });
});

describe('adopting changes the store made while sync was off', () => {
  const tick = (stepId: string, at: string, by = 'alex') => ({
    salesOrderNumber: 'SO-1',
    stepId,
    ticked: true,
    by,
    at,
  });

  it('writes whole the orders the document lacks', () => {
    const doc = new Y.Doc();
    expect(adoptLocalChanges(doc, { orders: [heldOrder('SO-1'), heldOrder('SO-2')], ticks: [] }, LOCAL_EDIT)).toBe(2);
    expect(readVirtualAccountDoc(doc).orders.map((o) => o.salesOrderNumber)).toEqual(['SO-1', 'SO-2']);
  });

  it("adds only the events the document lacks and keeps the document's facts", () => {
    const doc = new Y.Doc();
    writeOrder(doc, heldOrder('SO-1'), LOCAL_EDIT);
    const docFacts = ordersMapOf(doc).get('SO-1');
    const local = heldOrder('SO-1');
    const reviewed = {
      ...local,
      poNumber: 'PO-STALE',
      history: [
        ...local.history,
        { id: 'review-1', type: 'reviewed' as const, at: daysAfter(T0, 3), by: 'alex', note: null },
      ],
    };
    expect(adoptLocalChanges(doc, { orders: [reviewed], ticks: [] }, LOCAL_EDIT)).toBe(1);
    expect(ordersMapOf(doc).get('SO-1')).toEqual(docFacts);
    expect(readVirtualAccountDoc(doc).orders[0]!.history.map((e) => e.id)).toEqual(['placed:SO-1', 'review-1']);
  });

  it("sets a step's tick only when the store's is newer than the document's", () => {
    const doc = new Y.Doc();
    writeOrder(doc, heldOrder('SO-1'), LOCAL_EDIT);
    tickChecklistStep(doc, 'SO-1', tick('confirm-customer', daysAfter(T0, 5), 'remote'), LOCAL_EDIT);
    const changed = adoptLocalChanges(
      doc,
      { orders: [], ticks: [tick('confirm-customer', daysAfter(T0, 4)), tick('notify-customer', daysAfter(T0, 4))] },
      LOCAL_EDIT,
    );
    expect(changed).toBe(1);
    expect(readVirtualAccountDoc(doc).ticks.map((t) => [t.stepId, t.by])).toEqual([
      ['confirm-customer', 'remote'],
      ['notify-customer', 'alex'],
    ]);
  });

  it('changes nothing when the store holds nothing new', () => {
    const doc = new Y.Doc();
    writeOrder(doc, heldOrder('SO-1'), LOCAL_EDIT);
    const before = Y.encodeStateVector(doc);
    expect(adoptLocalChanges(doc, { orders: [heldOrder('SO-1')], ticks: [] }, LOCAL_EDIT)).toBe(0);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });
});

describe('an order that moved to another document', () => {
  const tick = (stepId: string, at: string, by = 'cy') => ({ salesOrderNumber: 'SO-1', stepId, ticked: true, by, at });
  /** The order in its old document on two replicas, and in its new document. */
  function moved() {
    const mover = new Y.Doc();
    writeOrder(mover, onHoldOrder('SO-1'), LOCAL_EDIT);
    const late = new Y.Doc();
    sync(mover, late);
    const target = new Y.Doc();
    writeOrder(target, assignedFromHold('SO-1', vaB), LOCAL_EDIT);
    expect(markOrderMoved(mover, assignedFromHold('SO-1', vaB), LOCAL_EDIT)).toBe(vaB.id);
    return { mover, late, target };
  }

  it('is no longer held, read or written where it was', () => {
    const { mover } = moved();
    expect(holdsOrder(mover, 'SO-1')).toBe(false);
    expect(readVirtualAccountDoc(mover)).toEqual({ orders: [], ticks: [], notes: {}, ignored: [] });
    expect(() => tickChecklistStep(mover, 'SO-1', tick('s1', T0), LOCAL_EDIT)).toThrow(UnknownOrderError);
  });

  it('forwards a tick and an event written by a replica that had not seen the move, once', () => {
    const { mover, late, target } = moved();
    tickChecklistStep(late, 'SO-1', tick('s1', daysAfter(T0, 3)), LOCAL_EDIT);
    appendOrderEventToDoc(late, 'SO-1', { id: 'cy:r1', type: 'reviewed', at: daysAfter(T0, 3), by: 'cy' }, LOCAL_EDIT);
    sync(mover, late);
    expect(holdsOrder(late, 'SO-1')).toBe(false);

    expect(forwardMovedWrites(mover, (id) => (id === vaB.id ? target : undefined), 'cy', LOCAL_EDIT)).toBe(1);
    const content = readVirtualAccountDoc(target);
    expect(content.ticks).toEqual([tick('s1', daysAfter(T0, 3))]);
    expect(content.orders[0]!.history.map((e) => e.id)).toEqual(['placed:SO-1', 'assigned:SO-1', 'cy:r1']);
    expect(forwardMovedWrites(mover, () => target, 'cy', LOCAL_EDIT)).toBe(0);
  });

  it("does not forward a tick older than the new document's own, nor into a document that is not open", () => {
    const { mover, late, target } = moved();
    tickChecklistStep(target, 'SO-1', tick('s1', daysAfter(T0, 5), 'alex'), LOCAL_EDIT);
    tickChecklistStep(late, 'SO-1', tick('s1', daysAfter(T0, 3)), LOCAL_EDIT);
    sync(mover, late);
    expect(forwardMovedWrites(mover, () => undefined, 'cy', LOCAL_EDIT)).toBe(0);
    expect(forwardMovedWrites(mover, () => target, 'cy', LOCAL_EDIT)).toBe(0);
    expect(readVirtualAccountDoc(target).ticks).toEqual([tick('s1', daysAfter(T0, 5), 'alex')]);
  });

  it("keeps every member's events where they were written, and forwards only the running member's own", () => {
    const { mover, late, target } = moved();
    appendOrderEventToDoc(late, 'SO-1', { id: 'cy:r1', type: 'reviewed', at: daysAfter(T0, 3), by: 'cy' }, LOCAL_EDIT);
    sync(mover, late);
    expect(forwardMovedWrites(mover, () => target, 'someone-else', LOCAL_EDIT)).toBe(0);
    expect(
      [...eventsMapOf(mover).keys()]
        .filter((key) => key.startsWith(partKey('SO-1', '')))
        .map((key) => key.slice(partKey('SO-1', '').length))
        .sort(),
    ).toEqual(['assigned:SO-1', 'cy:r1', 'placed:SO-1']);
  });

  it('moves an order only when its history places it in another Virtual Account', () => {
    const doc = new Y.Doc();
    writeOrder(doc, onHoldOrder('SO-1'), LOCAL_EDIT);
    const before = Y.encodeStateAsUpdate(doc);
    expect(() => markOrderMoved(doc, onHoldOrder('SO-1'), LOCAL_EDIT)).toThrow(UnprovenMoveError);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });
});
