import { describe, expect, it } from 'vitest';
import { account, assignment, order, placedEvent } from '../testing/builders.ts';
import { at, start, toCustomer } from '../testing/lifecycle-fixtures.ts';
import { appendOrderEvent, orderState } from './lifecycle.ts';
import type { OrderEventInput } from './order-event.ts';

describe('the distributor → reseller chain', () => {
  const distributorHolding = account('disti-hold', 'partner-holding', 'disti');
  const resellerHolding = account('reseller-hold', 'partner-holding', 'reseller');
  const inDistributor = assignment(distributorHolding.defaultVirtualAccount, 'partner-holding');
  const inReseller = assignment(resellerHolding.defaultVirtualAccount, 'partner-holding');
  const parked = () => order('6001', [placedEvent(at(0), inDistributor)]);
  const handOn = (assignmentTo = inReseller): OrderEventInput => ({
    id: 'h',
    type: 'handed-to-reseller',
    at: at(2),
    by: 'disti-rep',
    assignment: assignmentTo,
  });

  it("a distributor hands an order parked in its own holding account to the reseller's: the distributor's record ends there", () => {
    const o = appendOrderEvent(parked(), handOn());
    expect(orderState(o)).toMatchObject({
      status: 'handed-on',
      holder: inReseller,
      heldSince: null,
      handedOn: { from: inDistributor, to: inReseller, at: at(2), by: 'disti-rep' },
    });
    // The reseller reassigns it in its own record (from its own export), not in the distributor's.
    expect(() => appendOrderEvent(o, start('s', 3, 'reseller-rep'))).toThrow(
      /while the order is handed to the reseller/,
    );
  });

  it('hands on only to a holding account, only a whole order still in holding, and never to where it already sits', () => {
    expect(() => appendOrderEvent(parked(), handOn(toCustomer))).toThrow(/reseller's Partner Holding Account/);
    expect(() => appendOrderEvent(parked(), handOn(inDistributor))).toThrow(/already sits in that/);
    const partly = appendOrderEvent(parked(), { ...start('s', 1), lineNumbers: [1] } as OrderEventInput);
    expect(() => appendOrderEvent(partly, handOn())).toThrow(/Part of the order has already left holding/);
    const onHold = order('6002', [placedEvent(at(0), null)]);
    expect(() => appendOrderEvent(onHold, handOn())).toThrow(/allowed only when the order is in holding/);
  });
});
