import { describe, expect, it } from 'vitest';
import { T0 } from '../testing/builders.ts';
import { onHoldBucket } from '../domain/on-hold-bucket.ts';
import { historyProvesMove, planAdoption, type OrdersDocSnapshot } from './move-plan.ts';
import { assignedFromHold, deliveredOrder, heldOrder, onHoldOrder, vaA, vaB } from './testing/va-fixtures.ts';

const doc = (docName: string, virtualAccountId: string, holds: string[] = []): OrdersDocSnapshot => ({
  docName,
  virtualAccountId,
  holds: new Set(holds),
});
const tick = (salesOrderNumber: string) => ({
  salesOrderNumber,
  stepId: 'confirm-customer',
  ticked: true,
  by: 'alex',
  at: T0,
});
const ON_HOLD = onHoldBucket('org-partner');

describe('where imported orders go', () => {
  it('writes an order into the document of its Virtual Account, with its imported ticks', () => {
    const order = heldOrder('SO-A2', vaA);
    const plan = planAdoption(
      [{ virtualAccountId: vaA.id, order }],
      [tick('SO-A2'), tick('SO-X')],
      [doc('A', vaA.id), doc('B', vaB.id)],
    );
    expect(plan).toEqual({
      writes: new Map([['A', { orders: [order], ticks: [tick('SO-A2')] }]]),
      moves: [],
      unplaced: [],
    });
  });

  it('moves an order assigned from hold out of the on-hold document: its history proves it', () => {
    const order = assignedFromHold('SO-H1', vaA);
    const plan = planAdoption(
      [{ virtualAccountId: vaA.id, order }],
      [],
      [doc('A', vaA.id), doc('H', ON_HOLD, ['SO-H1'])],
    );
    expect(plan.moves).toEqual([{ order, from: 'H', to: 'A' }]);
    expect([...plan.writes.keys()]).toEqual(['A']);
  });

  it('moves nothing out of another document when the history does not prove it, whatever the row says', () => {
    // Held in VA-B by someone's entry; the row says VA-A, but no assignment moved it out of VA-B.
    const order = heldOrder('SO-B1', vaA);
    const plan = planAdoption(
      [{ virtualAccountId: vaA.id, order }],
      [],
      [doc('A', vaA.id), doc('B', vaB.id, ['SO-B1'])],
    );
    expect(plan.moves).toEqual([]);
    expect([...plan.writes.keys()]).toEqual(['A']);
    // Still on hold: no assignment event at all.
    const stillOnHold = onHoldOrder('SO-H2');
    expect(
      planAdoption(
        [{ virtualAccountId: vaA.id, order: stillOnHold }],
        [],
        [doc('A', vaA.id), doc('H', ON_HOLD, ['SO-H2'])],
      ).moves,
    ).toEqual([]);
  });

  it('updates an order whose Virtual Account is not open here (delivered) where it is held', () => {
    const order = deliveredOrder('SO-A1', vaA);
    const plan = planAdoption(
      [{ virtualAccountId: 'va-customer', order }],
      [tick('SO-A1')],
      [doc('A', vaA.id, ['SO-A1']), doc('B', vaB.id)],
    );
    expect(plan).toEqual({
      writes: new Map([['A', { orders: [order], ticks: [tick('SO-A1')] }]]),
      moves: [],
      unplaced: [],
    });
  });

  it('writes nowhere an order no open document holds or hosts, and says it was not placed', () => {
    const row = { virtualAccountId: 'va-elsewhere', order: heldOrder('SO-Z') };
    expect(planAdoption([row], [], [doc('A', vaA.id)])).toEqual({
      writes: new Map(),
      moves: [],
      unplaced: [row],
    });
  });
});

describe('what proves a move', () => {
  it('is an assignment event out of Smart Account hold into the target Virtual Account, nothing else', () => {
    const hold = doc('H', ON_HOLD);
    expect(historyProvesMove(assignedFromHold('SO-1', vaA), hold, doc('A', vaA.id))).toBe(true);
    expect(historyProvesMove(assignedFromHold('SO-1', vaA), hold, doc('B', vaB.id))).toBe(false);
    expect(historyProvesMove(assignedFromHold('SO-1', vaA), doc('B', vaB.id), doc('A', vaA.id))).toBe(false);
    expect(historyProvesMove(onHoldOrder('SO-1'), hold, doc('A', vaA.id))).toBe(false);
  });
});
