import { describe, expect, it } from 'vitest';
import { appendOrderEvent } from '../domain/lifecycle.ts';
import { cleanWorld } from '../testing/clean-world.ts';
import { daysAfter, grant, order, placedEvent, T0 } from '../testing/builders.ts';
import { reassignmentChecklist } from './reassignment-checklist.ts';

const world = cleanWorld();
const holdingOrder = world.orders.find((o) => o.salesOrderNumber === '1001')!;
const deliveredOrder = world.orders.find((o) => o.salesOrderNumber === '1002')!;
const ids = (steps: { id: string }[]) => steps.map((s) => s.id);

describe('the reassignment checklist', () => {
  it('for a customer not yet known, starts by identifying their Smart Account and ends with delivery', () => {
    const steps = reassignmentChecklist(holdingOrder, world);
    expect(ids(steps)).toEqual([
      'identify-customer-account',
      'choose-target-virtual-account',
      'reassign-in-portal',
      'customer-accepts-agreement',
      'confirm-delivery',
    ]);
    expect(steps[0]!.title).toBe("Identify the customer's Smart Account");
  });

  it('a partly reassigned order asks to reassign only the lines still in holding; an order whose every line was cancelled needs nothing', () => {
    const partly = appendOrderEvent(holdingOrder, {
      id: 'r',
      type: 'reassignment-started',
      at: daysAfter(T0, 2),
      by: 'p-rep',
      target: { smartAccountId: 'acme-sa', virtualAccountId: 'acme-sa/default', kind: 'customer' },
      via: 'portal',
      lineNumbers: [1],
    });
    const step = reassignmentChecklist(partly, world).find((s) => s.id === 'reassign-in-portal');
    expect(step?.detail).toMatch(/^Reassign line 2, still in holding/);

    let cancelled = holdingOrder;
    for (const line of holdingOrder.lines)
      cancelled = appendOrderEvent(cancelled, {
        id: `c${line.lineNumber}`,
        type: 'line-fulfilment',
        at: daysAfter(T0, 3),
        by: 'p-rep',
        lineNumber: line.lineNumber,
        fulfilment: 'cancelled',
      });
    expect(reassignmentChecklist(cancelled, world)).toEqual([]);
  });

  it('for a customer on a public e-mail domain, asks for a Limited Use Smart Account', () => {
    const order = { ...holdingOrder, endCustomer: { name: 'Joe', emailDomain: 'yahoo.com', smartAccountId: null } };
    expect(reassignmentChecklist(order, world)[0]!.title).toContain('Limited Use');
  });

  it('names restricted Virtual Accounts of a known customer account, to be typed exactly', () => {
    const virtualAccounts = world.virtualAccounts.map((va) =>
      va.id === 'acme-sa/network' ? { ...va, restricted: true } : va,
    );
    const order = { ...holdingOrder, endCustomer: { ...holdingOrder.endCustomer, smartAccountId: 'acme-sa' } };
    const target = reassignmentChecklist(order, { ...world, virtualAccounts }).find(
      (s) => s.id === 'choose-target-virtual-account',
    );
    expect(target?.detail).toContain('"Network Team"');
  });

  it('adds the delegated-role step when the partner holds a role on the customer account, and flags a grant the customer did not make', () => {
    const order = { ...holdingOrder, endCustomer: { ...holdingOrder.endCustomer, smartAccountId: 'acme-sa' } };
    const roleGrants = [
      ...world.roleGrants,
      grant('p-rep', 'smart-account-user', 'acme-sa', null, { grantedByCustomer: false }),
    ];
    const step = reassignmentChecklist(order, { ...world, roleGrants }).find((s) => s.id === 'confirm-delegated-role');
    expect(step?.detail).toContain('ask the customer to grant it explicitly');
  });

  it('replaces the portal step with a support case or asset transfer once a line has shipped', () => {
    const shipped = appendOrderEvent(holdingOrder, {
      id: 's',
      type: 'line-fulfilment',
      at: daysAfter(T0, 1),
      by: 'p-rep',
      lineNumber: 1,
      fulfilment: 'shipped',
    });
    expect(ids(reassignmentChecklist(shipped, world))).toContain('reassign-by-support-case-or-transfer');
    expect(ids(reassignmentChecklist(shipped, world))).not.toContain('reassign-in-portal');
  });

  it('records who ticked each step and when; the latest tick wins, so an untick clears it', () => {
    const ticks = [
      {
        salesOrderNumber: '1001',
        stepId: 'identify-customer-account',
        ticked: true,
        by: 'p-rep',
        at: daysAfter(T0, 1),
      },
      { salesOrderNumber: '1001', stepId: 'reassign-in-portal', ticked: true, by: 'p-rep', at: daysAfter(T0, 1) },
      { salesOrderNumber: '1001', stepId: 'reassign-in-portal', ticked: false, by: 'p-admin', at: daysAfter(T0, 2) },
      { salesOrderNumber: '9999', stepId: 'confirm-delivery', ticked: true, by: 'x', at: daysAfter(T0, 1) },
    ];
    const steps = reassignmentChecklist(holdingOrder, world, ticks);
    expect(steps.find((s) => s.id === 'identify-customer-account')?.done).toEqual({
      by: 'p-rep',
      at: daysAfter(T0, 1),
    });
    expect(steps.find((s) => s.id === 'reassign-in-portal')?.done).toBeNull();
    expect(steps.find((s) => s.id === 'confirm-delivery')?.done).toBeNull();
  });

  it('for an order on Smart Account hold, starts with what releases the hold: activating a pending account, or assigning an active one', () => {
    const none = order('2001', [placedEvent(T0, null)]);
    const pendingAccount = {
      smartAccountId: 'acme-sa',
      virtualAccountId: 'acme-sa/default',
      kind: 'customer' as const,
    };
    const pending = order('2002', [placedEvent(T0, pendingAccount, { accountPending: true })]);
    const noneSteps = reassignmentChecklist(none, world);
    expect(ids(noneSteps)[0]).toBe('assign-active-account');
    expect(ids(noneSteps)).not.toContain('reassign-in-portal');
    expect(noneSteps[0]!.citation?.quote).toContain('the hold is going to be released');
    const pendingSteps = reassignmentChecklist(pending, world);
    expect(ids(pendingSteps)[0]).toBe('activate-pending-account');
    expect(pendingSteps[0]!.detail).toContain('still pending');
  });

  it('for an order partly assigned out of hold, the assignment step names only the lines still on hold', () => {
    const partly = appendOrderEvent(order('2003', [placedEvent(T0, null)]), {
      id: 'a1',
      type: 'assigned',
      at: daysAfter(T0, 1),
      by: 'p-rep',
      assignment: { smartAccountId: 'acme-sa', virtualAccountId: 'acme-sa/network', kind: 'customer' },
      lineNumbers: [2],
    });
    const step = reassignmentChecklist(partly, world).find((s) => s.id === 'assign-active-account');
    expect(step?.detail).toMatch(/^Order 2003: line 1 still has no Smart Account: in CCW/);
  });

  it("asks whether the customer's account has accepted the agreement, once per Smart Account: gone once the customer accepted it", () => {
    const ofAcme = { ...holdingOrder, endCustomer: { ...holdingOrder.endCustomer, smartAccountId: 'acme-sa' } };
    expect(ids(reassignmentChecklist(ofAcme, world))).toContain('customer-accepts-agreement');
    const delivered = world.orders.find((o) => o.salesOrderNumber === '1002')!;
    const accepted = appendOrderEvent(delivered, {
      id: 'sla',
      type: 'agreement-accepted',
      at: daysAfter(T0, 2),
      by: 'acme-admin',
      smartAccountId: 'acme-sa',
    });
    const afterAcceptance = {
      ...world,
      orders: world.orders.map((o) => (o.salesOrderNumber === '1002' ? accepted : o)),
    };
    expect(ids(reassignmentChecklist(ofAcme, afterAcceptance))).not.toContain('customer-accepts-agreement');
  });

  it('is empty for an EA or stocking order, which is not assigned to a Smart Account', () => {
    expect(reassignmentChecklist({ ...holdingOrder, buyingProgram: 'enterprise-agreement' }, world)).toEqual([]);
    expect(reassignmentChecklist({ ...holdingOrder, buyingProgram: 'stocking' }, world)).toEqual([]);
  });

  it('is empty once the order has reached the customer', () => {
    expect(reassignmentChecklist(deliveredOrder, world)).toEqual([]);
  });
});
