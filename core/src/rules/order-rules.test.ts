import { describe, expect, it } from 'vitest';
import { appendOrderEvent } from '../domain/lifecycle.ts';
import type { HoldfastSnapshot } from '../domain/holdfast-snapshot.ts';
import { adding, changing, cleanWorld, NOW, withOrder } from '../testing/clean-world.ts';
import { assignment, daysAfter, order, placedEvent, T0 } from '../testing/builders.ts';
import { evaluateRules } from './evaluate-rules.ts';

const idsOf = (snapshot: HoldfastSnapshot, now = NOW) => evaluateRules(snapshot, now).map((f) => f.ruleId);
const holdingVa = () => cleanWorld().virtualAccounts.find((va) => va.id === 'p-hold/emea')!;
const acmeVa = () => cleanWorld().virtualAccounts.find((va) => va.id === 'acme-sa/network')!;

describe('the rules about one order in holding', () => {
  it('customer-account-known: a holding order whose customer Smart Account is known is flagged with that account', () => {
    const world = withOrder(cleanWorld(), '1001', (o) => ({
      ...o,
      endCustomer: { ...o.endCustomer, smartAccountId: 'acme-sa' },
    }));
    const finding = evaluateRules(world, NOW).find((f) => f.ruleId === 'customer-account-known');
    expect(finding?.suggestedAction).toContain('acme-sa');
  });

  it('customer-account-known: the action follows the state: a shipped line in holding needs a support case, not CCW', () => {
    const shipped = withOrder(cleanWorld(), '1001', (o) =>
      appendOrderEvent(
        { ...o, endCustomer: { ...o.endCustomer, smartAccountId: 'acme-sa' } },
        {
          id: 'ship',
          type: 'line-fulfilment',
          at: daysAfter(T0, 1),
          by: 'p-rep',
          lineNumber: 1,
          fulfilment: 'shipped',
        },
      ),
    );
    const finding = evaluateRules(shipped, NOW).find((f) => f.ruleId === 'customer-account-known');
    expect(finding?.suggestedAction).toMatch(
      /^Open a licensing support case.*line 1 can no longer be reassigned in CCW/,
    );
  });

  it('holding-too-long: an order in holding past the threshold is overdue, one within it is not', () => {
    const world = cleanWorld();
    expect(idsOf(world, new Date(daysAfter(T0, 30)))).not.toContain('holding-too-long');
    const late = evaluateRules(world, new Date(daysAfter(T0, 31))).find((f) => f.ruleId === 'holding-too-long');
    expect(late).toMatchObject({ overdue: true, severity: 'warning', subject: { salesOrderNumber: '1001' } });
  });

  it('holding-too-long: the threshold is configurable', () => {
    const world = { ...cleanWorld(), settings: { ...cleanWorld().settings, holdingThresholdDays: 2 } };
    expect(idsOf(world)).toContain('holding-too-long');
  });

  it('holding-too-long: past the threshold is a warning, critical only past the days the team configures as critical', () => {
    const world = cleanWorld();
    const at = (days: number, criticalDays: number | null) =>
      evaluateRules(
        { ...world, settings: { ...world.settings, holdingCriticalDays: criticalDays } },
        new Date(daysAfter(T0, days)),
      ).find((f) => f.ruleId === 'holding-too-long')?.severity;
    expect(at(200, null)).toBe('warning');
    expect(at(60, 60)).toBe('warning');
    expect(at(61, 60)).toBe('critical');
  });

  it('holding-too-long: days in holding count from the first shipment when the history says when a line shipped', () => {
    const world = withOrder(cleanWorld(), '1001', (o) =>
      appendOrderEvent(o, {
        id: 'ship',
        type: 'line-fulfilment',
        at: daysAfter(T0, 10),
        by: 'import',
        lineNumber: 1,
        fulfilment: 'shipped',
      }),
    );
    expect(idsOf(world, new Date(daysAfter(T0, 35)))).not.toContain('holding-too-long');
    const late = evaluateRules(world, new Date(daysAfter(T0, 41))).find((f) => f.ruleId === 'holding-too-long');
    expect(late?.message).toContain('31 days since its first line shipped');
  });

  it('the suggested action follows the state: no "reassign" while a reassignment is under way, no "identify" when the account is known', () => {
    const known = withOrder(cleanWorld(), '1001', (o) => ({
      ...o,
      endCustomer: { ...o.endCustomer, smartAccountId: 'acme-sa' },
    }));
    const late = new Date(daysAfter(T0, 40));
    const action = (w: HoldfastSnapshot) =>
      evaluateRules(w, late).find((f) => f.ruleId === 'holding-too-long')?.suggestedAction;
    expect(action(cleanWorld())).toMatch(/^Ask NewCo for their Smart Account/);
    expect(action(known)).toMatch(/^Reassign order 1001 to "/);
    const started = withOrder(known, '1001', (o) =>
      appendOrderEvent(o, {
        id: 'r',
        type: 'reassignment-started',
        at: daysAfter(T0, 35),
        by: 'p-rep',
        target: { smartAccountId: 'acme-sa', virtualAccountId: 'acme-sa/default', kind: 'customer' },
        via: 'portal',
      }),
    );
    expect(action(started)).toMatch(/^Follow up the reassignment of order 1001/);
    expect(evaluateRules(started, late).every((f) => !/identify|^Reassign/i.test(f.suggestedAction))).toBe(true);
  });

  it('a partly reassigned order: the action names only the lines still in holding, and a delivered shipped line needs no support case', () => {
    const known = withOrder(cleanWorld(), '1001', (o) => ({
      ...o,
      endCustomer: { ...o.endCustomer, smartAccountId: 'acme-sa' },
    }));
    const target = { smartAccountId: 'acme-sa', virtualAccountId: 'acme-sa/default', kind: 'customer' as const };
    const partly = withOrder(known, '1001', (o) => {
      let next = appendOrderEvent(o, {
        id: 'r',
        type: 'reassignment-started',
        at: daysAfter(T0, 2),
        by: 'p-rep',
        target,
        via: 'portal',
        lineNumbers: [2],
      });
      next = appendOrderEvent(next, {
        id: 'd',
        type: 'delivered',
        at: daysAfter(T0, 3),
        by: 'p-rep',
        lineNumbers: [2],
      });
      return appendOrderEvent(next, {
        id: 'ship',
        type: 'line-fulfilment',
        at: daysAfter(T0, 4),
        by: 'p-rep',
        lineNumber: 2,
        fulfilment: 'shipped',
      });
    });
    const late = new Date(daysAfter(T0, 40));
    const findings = evaluateRules(partly, late);
    expect(findings.find((f) => f.ruleId === 'holding-too-long')?.suggestedAction).toMatch(
      /^Reassign line 1 of order 1001 to "/,
    );
    expect(findings.find((f) => f.ruleId === 'customer-account-known')?.suggestedAction).toMatch(
      /^Reassign line 1 of order 1001 to "/,
    );
    expect(findings.map((f) => f.ruleId)).not.toContain('past-portal-reassignment');
    expect(findings.find((f) => f.ruleId === 'subscription-not-started')?.message).toMatch(/line 1 \(/);
  });

  it('holding-review-overdue: a holding order not reviewed within the interval is due for review', () => {
    const world = cleanWorld();
    expect(idsOf(world, new Date(daysAfter(T0, 8)))).not.toContain('holding-review-overdue');
    expect(idsOf(world, new Date(daysAfter(T0, 9)))).toContain('holding-review-overdue');
  });

  it('subscription-not-started: an order on Smart Account hold for a week is reported', () => {
    const world = cleanWorld();
    const onHold = order('1003', [placedEvent(T0, null)], {
      endCustomer: { name: 'Late Inc', emailDomain: 'late.example.com', smartAccountId: null },
    });
    const withHold = adding(world, 'orders', onHold);
    expect(idsOf(withHold, new Date(daysAfter(T0, 6)))).not.toContain('subscription-not-started');
    const finding = evaluateRules(withHold, new Date(daysAfter(T0, 7))).find(
      (f) =>
        f.ruleId === 'subscription-not-started' && f.subject.kind === 'order' && f.subject.salesOrderNumber === '1003',
    );
    expect(finding?.message).toContain('has not started');
  });

  it('subscription-not-started: an order of perpetual licenses only has no subscription to start', () => {
    const perpetual = order('1004', [placedEvent(T0, null)], {
      endCustomer: { name: 'Forever Ltd', emailDomain: 'forever.example.com', smartAccountId: null },
      lines: [{ lineNumber: 1, sku: 'PERPETUAL-1', quantity: 1, termMonths: null }],
    });
    const world = { ...cleanWorld(), orders: [...cleanWorld().orders, perpetual] };
    expect(
      evaluateRules(world, new Date(daysAfter(T0, 30))).filter(
        (f) =>
          f.ruleId === 'subscription-not-started' &&
          f.subject.kind === 'order' &&
          f.subject.salesOrderNumber === '1004',
      ),
    ).toEqual([]);
  });

  it('EA and stocking orders cannot be assigned to a Smart Account, so no rule flags them as if they could', () => {
    const world = cleanWorld();
    const ea = order('1007', [placedEvent(T0, null)], {
      endCustomer: { name: 'Big Enterprise', emailDomain: 'big.example.com', smartAccountId: null },
      buyingProgram: 'enterprise-agreement',
    });
    const stocking = { ...ea, salesOrderNumber: '1008', buyingProgram: 'stocking' as const };
    const findings = evaluateRules(adding(world, 'orders', ea, stocking), new Date(daysAfter(T0, 90)));
    expect(
      findings.filter((f) => f.subject.kind === 'order' && ['1007', '1008'].includes(f.subject.salesOrderNumber)),
    ).toEqual([]);
  });

  it('public-domain-needs-limited-use: a customer on gmail.com with no account is told to use a Limited Use Smart Account', () => {
    const world = withOrder(cleanWorld(), '1001', (o) => ({
      ...o,
      endCustomer: { name: 'Joe Plumbing', emailDomain: 'gmail.com', smartAccountId: null },
    }));
    expect(
      evaluateRules(world, NOW).find((f) => f.ruleId === 'public-domain-needs-limited-use')?.suggestedAction,
    ).toContain('Limited Use Smart Account');
  });

  it('activation-in-holding: an activation attempt while the order sits in holding is critical', () => {
    const world = withOrder(cleanWorld(), '1001', (o) =>
      appendOrderEvent(o, {
        id: 'act',
        type: 'activation-attempted',
        at: daysAfter(T0, 1),
        by: 'p-rep',
        smartAccountId: 'p-hold',
      }),
    );
    expect(idsOf(world)).toContain('activation-in-holding');
  });

  it('past-portal-reassignment: a holding order with a shipped line needs a support case or asset transfer', () => {
    const world = withOrder(cleanWorld(), '1001', (o) =>
      appendOrderEvent(o, {
        id: 'ship',
        type: 'line-fulfilment',
        at: daysAfter(T0, 1),
        by: 'p-rep',
        lineNumber: 2,
        fulfilment: 'shipped',
      }),
    );
    expect(evaluateRules(world, NOW).find((f) => f.ruleId === 'past-portal-reassignment')?.suggestedAction).toMatch(
      /support case|asset transfer/,
    );
  });

  it('restricted-virtual-account-exact-name: reassigning to a Restricted Virtual Account asks for its exact name', () => {
    const world = changing(cleanWorld(), 'virtualAccounts', 'acme-sa/network', (va) => ({ ...va, restricted: true }));
    const reassigning = withOrder(world, '1001', (o) =>
      appendOrderEvent(o, {
        id: 'ra',
        type: 'reassignment-started',
        at: daysAfter(T0, 2),
        by: 'p-rep',
        target: assignment(acmeVa(), 'customer'),
        via: 'portal',
      }),
    );
    expect(
      evaluateRules(reassigning, NOW).find((f) => f.ruleId === 'restricted-virtual-account-exact-name')
        ?.suggestedAction,
    ).toContain('"Network Team"');
    expect(holdingVa().restricted).toBe(false);
  });
});
