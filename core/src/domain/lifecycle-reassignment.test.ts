import { describe, expect, it } from 'vitest';
import { assignment, order, placedEvent, virtualAccount } from '../testing/builders.ts';
import { at, heldOrder, inHolding, start, toCustomer } from '../testing/lifecycle-fixtures.ts';
import { appendOrderEvent, orderState } from './lifecycle.ts';
import type { OrderEventInput } from './order-event.ts';

/** Line 2 cancelled in CCW on day 1: a cancelled line needs nothing. */
const line2Cancelled: OrderEventInput = {
  id: 'c',
  type: 'line-fulfilment',
  at: at(1),
  by: 'rep',
  lineNumber: 2,
  fulfilment: 'cancelled',
};

describe('line-level and partial reassignment', () => {
  const otherCustomerVa = virtualAccount('other/lab', 'other');
  const toOther = assignment(otherCustomerVa, 'customer');
  const lineStart = (id: string, days: number, lineNumbers: number[], target = toCustomer): OrderEventInput =>
    ({ ...start(id, days), target, lineNumbers }) as OrderEventInput;

  it('reassigns one line while the other stays in holding: the order holds a partial reassignment', () => {
    const o = appendOrderEvent(heldOrder(), lineStart('s1', 2, [1]));
    const state = orderState(o);
    expect(state.placements[1]).toMatchObject({ status: 'reassignment-in-progress', holder: inHolding });
    expect(state.placements[2]).toMatchObject({ status: 'in-holding', reassignment: null });
    // The order is in holding as long as one of its lines is, and says the reassignment under way.
    expect(state).toMatchObject({ status: 'in-holding', partial: true, heldSince: at(0) });
    expect(state.reassignment?.target).toEqual(toCustomer);
  });

  it('delivers lines to different accounts; the order is delivered once every line is, and its timer starts at the first', () => {
    let o = appendOrderEvent(heldOrder(), lineStart('s1', 2, [1]));
    o = appendOrderEvent(o, { id: 'd1', type: 'delivered', at: at(3), by: 'rep', lineNumbers: [1] });
    let state = orderState(o);
    expect(state.placements[1]).toMatchObject({ status: 'delivered', holder: toCustomer });
    expect(state).toMatchObject({ status: 'in-holding', partial: true, subscriptionStartedAt: at(3) });

    o = appendOrderEvent(o, lineStart('s2', 4, [2], toOther));
    o = appendOrderEvent(o, { id: 'd2', type: 'delivered', at: at(5), by: 'rep' });
    state = orderState(o);
    expect(state.placements[2]).toMatchObject({ status: 'delivered', holder: toOther });
    expect(state).toMatchObject({ status: 'delivered', partial: true, heldSince: null, subscriptionStartedAt: at(3) });
  });

  it('a whole-order reassignment after a partial one moves only the lines still in holding', () => {
    let o = appendOrderEvent(heldOrder(), lineStart('s1', 2, [1]));
    o = appendOrderEvent(o, { id: 'd1', type: 'delivered', at: at(3), by: 'rep', lineNumbers: [1] });
    o = appendOrderEvent(o, { ...start('s2', 4), target: toOther } as OrderEventInput);
    const state = orderState(o);
    expect(state.placements[1]?.status).toBe('delivered');
    expect(state.placements[2]).toMatchObject({ status: 'reassignment-in-progress' });
    expect(state.status).toBe('reassignment-in-progress');
  });

  it('cancels the reassignment of one line only', () => {
    let o = appendOrderEvent(heldOrder(), lineStart('s', 2, [1, 2]));
    o = appendOrderEvent(o, {
      id: 'x',
      type: 'reassignment-cancelled',
      at: at(3),
      by: 'rep',
      reason: 'line 2 stays for another site',
      lineNumbers: [2],
    });
    const state = orderState(o);
    expect([state.placements[1]?.status, state.placements[2]?.status]).toEqual([
      'reassignment-in-progress',
      'in-holding',
    ]);
    expect(state).toMatchObject({ status: 'in-holding', partial: true });
  });

  it('refuses a line that is not in holding, a line the order lacks and a cancelled line, saying which', () => {
    const o = appendOrderEvent(heldOrder(), lineStart('s', 2, [1]));
    expect(() => appendOrderEvent(o, lineStart('t', 3, [1]))).toThrow(
      /for line 1 while it is reassignment in progress; it is allowed only for a line that is in holding/,
    );
    expect(() => appendOrderEvent(o, lineStart('t', 3, [7]))).toThrow(/no line 7; its lines are 1, 2/);
    const cancelled = appendOrderEvent(heldOrder(), line2Cancelled);
    expect(() => appendOrderEvent(cancelled, lineStart('t', 3, [2]))).toThrow(/Line 2 was cancelled/);
  });

  it('a cancelled line needs nothing: once the other line is delivered the order is delivered, not partial', () => {
    let o = appendOrderEvent(heldOrder(), line2Cancelled);
    o = appendOrderEvent(o, lineStart('s', 2, [1]));
    expect(orderState(o)).toMatchObject({ status: 'reassignment-in-progress', partial: false });
    o = appendOrderEvent(o, { id: 'd', type: 'delivered', at: at(3), by: 'rep' });
    expect(orderState(o)).toMatchObject({ status: 'delivered', partial: false, holder: toCustomer });
  });

  it('the portal check looks only at the lines being reassigned: a shipped line left in holding does not block another', () => {
    const shipped = appendOrderEvent(heldOrder(), {
      id: 'l',
      type: 'line-fulfilment',
      at: at(1),
      by: 'rep',
      lineNumber: 2,
      fulfilment: 'shipped',
    });
    expect(orderState(appendOrderEvent(shipped, lineStart('s', 2, [1]))).placements[1]?.status).toBe(
      'reassignment-in-progress',
    );
    expect(() => appendOrderEvent(shipped, lineStart('s', 2, [2]))).toThrow(/Line 2 is shipped/);
  });
});

describe('line-level assignment out of Smart Account hold', () => {
  const onHold = () => order('5002', [placedEvent(at(0), null)]);
  const assign = (id: string, days: number, to: typeof inHolding, lineNumbers?: number[]): OrderEventInput => ({
    id,
    type: 'assigned',
    at: at(days),
    by: 'rep',
    assignment: to,
    ...(lineNumbers ? { lineNumbers } : {}),
  });

  it('assigns one line while the other stays on hold: the order holds a partial assignment, still on hold', () => {
    const state = orderState(appendOrderEvent(onHold(), assign('a1', 1, toCustomer, [1])));
    expect(state.placements[1]).toMatchObject({ status: 'delivered', holder: toCustomer });
    expect(state.placements[2]).toMatchObject({ status: 'on-hold', holder: null });
    // The order stays on hold while one of its lines is; the assigned line's subscription has started.
    expect(state).toMatchObject({ status: 'on-hold', partial: true, holder: null, subscriptionStartedAt: at(1) });
  });

  it('a line assigned to the holding account is in holding from then, while another waits on hold', () => {
    const state = orderState(appendOrderEvent(onHold(), assign('a1', 2, inHolding, [2])));
    expect(state.placements[2]).toMatchObject({ status: 'in-holding', holder: inHolding });
    expect(state).toMatchObject({ status: 'on-hold', partial: true, heldSince: at(2) });
  });

  it('lines of one order are assigned to different accounts; a whole-order assignment then takes only the lines still on hold', () => {
    let o = appendOrderEvent(onHold(), assign('a1', 1, toCustomer, [1]));
    o = appendOrderEvent(o, assign('a2', 2, inHolding));
    const state = orderState(o);
    expect(state.placements[1]).toMatchObject({ status: 'delivered', holder: toCustomer });
    expect(state.placements[2]).toMatchObject({ status: 'in-holding', holder: inHolding });
    expect(state).toMatchObject({ status: 'in-holding', partial: true, holder: inHolding, heldSince: at(2) });
  });

  it('refuses to assign a line no longer on hold, a line the order lacks and a cancelled line, saying which', () => {
    const o = appendOrderEvent(onHold(), assign('a1', 1, inHolding, [1]));
    expect(() => appendOrderEvent(o, assign('a2', 2, toCustomer, [1]))).toThrow(
      /"assigned" for line 1 while it is in holding; it is allowed only for a line that is on smart account hold/,
    );
    expect(() => appendOrderEvent(o, assign('a2', 2, toCustomer, [9]))).toThrow(/no line 9; its lines are 1, 2/);
    const cancelled = appendOrderEvent(onHold(), line2Cancelled);
    expect(() => appendOrderEvent(cancelled, assign('a2', 2, toCustomer, [2]))).toThrow(/Line 2 was cancelled/);
  });

  it('a whole-order assignment once no line is on hold is refused, as before', () => {
    const o = appendOrderEvent(onHold(), assign('a1', 1, inHolding));
    expect(() => appendOrderEvent(o, assign('a2', 2, toCustomer))).toThrow(
      /allowed only when the order is on smart account hold/,
    );
  });
});
