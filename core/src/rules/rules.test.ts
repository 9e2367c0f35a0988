import { describe, expect, it } from 'vitest';
import { appendOrderEvent } from '../domain/lifecycle.ts';
import type { HoldfastSnapshot } from '../domain/holdfast-snapshot.ts';
import { adding, changing, cleanWorld, NOW, withOrder } from '../testing/clean-world.ts';
import {
  account,
  assignment,
  daysAfter,
  grant,
  member,
  order,
  organization,
  placedEvent,
  T0,
  virtualAccount,
} from '../testing/builders.ts';
import { generateSample } from '../sample/generate-sample.ts';
import { RULES } from './catalogue.ts';
import { evaluateRules, findingsForOrder } from './evaluate-rules.ts';

const idsOf = (snapshot: HoldfastSnapshot, now = NOW) => evaluateRules(snapshot, now).map((f) => f.ruleId);

const holdingVa = () => cleanWorld().virtualAccounts.find((va) => va.id === 'p-hold/emea')!;
const acmeVa = () => cleanWorld().virtualAccounts.find((va) => va.id === 'acme-sa/network')!;

describe('the rule catalogue', () => {
  it('holds at least 12 rules with unique ids, a severity and a citation each', () => {
    expect(RULES.length).toBeGreaterThanOrEqual(12);
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const rule of RULES) {
      expect(['info', 'warning', 'critical']).toContain(rule.severity);
      expect(rule.citation.source).toMatch(
        /^(partner-holding-account-best-practices|smart-accounts-overview|cisco-article)$/,
      );
    }
  });

  it('finds nothing in a world that follows every best practice', () => {
    expect(evaluateRules(cleanWorld(), NOW)).toEqual([]);
  });

  it('orders findings most severe first', () => {
    const world = withOrder(cleanWorld(), '1001', (o) => ({
      ...o,
      history: o.history.filter((e) => e.type === 'placed'),
    }));
    const critical45 = { ...world, settings: { ...world.settings, holdingCriticalDays: 40 } };
    const severities = evaluateRules(critical45, new Date(daysAfter(T0, 45))).map((f) => f.severity);
    expect(severities).toEqual(
      [...severities].sort(
        (a, b) => ['critical', 'warning', 'info'].indexOf(a) - ['critical', 'warning', 'info'].indexOf(b),
      ),
    );
    expect(severities[0]).toBe('critical');
  });
});

describe('each best-practice rule', () => {
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

  it('smart-account-hold: an order with no account, or a pending one, is flagged at once, aged, and overdue past the threshold', () => {
    const world = cleanWorld();
    const none = order('1005', [placedEvent(T0, null)], {
      endCustomer: { name: 'Late Inc', emailDomain: 'late.example.com', smartAccountId: null },
    });
    const pendingAccount = {
      smartAccountId: 'acme-sa',
      virtualAccountId: 'acme-sa/default',
      kind: 'customer' as const,
    };
    const pending = order('1006', [placedEvent(T0, pendingAccount, { accountPending: true })], {
      endCustomer: { name: 'Acme Corp', emailDomain: 'acme.example.com', smartAccountId: null },
    });
    const withHold = adding(world, 'orders', none, pending);
    const hold = (days: number) =>
      evaluateRules(withHold, new Date(daysAfter(T0, days))).filter((f) => f.ruleId === 'smart-account-hold');
    const [first, second] = hold(1);
    expect(first).toMatchObject({ overdue: false, severity: 'warning', subject: { salesOrderNumber: '1005' } });
    expect(first!.message).toContain('has no Smart Account assigned');
    expect(first!.suggestedAction).toContain('the hold is released once an active account is assigned');
    expect(second!.message).toContain('pending Smart Account');
    expect(second!.suggestedAction).toMatch(/^Ask Acme Corp to activate their pending Smart Account/);
    expect(hold(31).every((f) => f.overdue)).toBe(true);
  });

  it('smart-account-hold: an order partly assigned names the lines still on hold, in the finding and its suggested action', () => {
    const onHold = order('1009', [placedEvent(T0, null)], {
      endCustomer: { name: 'Late Inc', emailDomain: 'late.example.com', smartAccountId: null },
    });
    const partly = appendOrderEvent(onHold, {
      id: 'a1',
      type: 'assigned',
      at: daysAfter(T0, 1),
      by: 'p-rep',
      assignment: assignment(holdingVa(), 'partner-holding'),
      lineNumbers: [1],
    });
    const [finding] = evaluateRules(adding(cleanWorld(), 'orders', partly), new Date(daysAfter(T0, 2))).filter(
      (f) => f.ruleId === 'smart-account-hold',
    );
    expect(finding!.message).toBe(
      'Part of order 1009 for Late Inc (line 2) has been on Smart Account hold for 2 days: it has no Smart Account assigned; the other lines have an account.',
    );
    expect(finding!.suggestedAction).toMatch(/^Assign an active Smart Account to line 2 of order 1009 in CCW/);
    // Once every line has its account the order is off hold, and so is the finding.
    const whole = appendOrderEvent(partly, {
      id: 'a2',
      type: 'assigned',
      at: daysAfter(T0, 2),
      by: 'p-rep',
      assignment: assignment(holdingVa(), 'partner-holding'),
      lineNumbers: [2],
    });
    expect(idsOf(adding(cleanWorld(), 'orders', whole), new Date(daysAfter(T0, 3)))).not.toContain(
      'smart-account-hold',
    );
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

  it('own-use-needs-customer-account: a partner ordering for itself without its own Customer Smart Account is flagged', () => {
    const world = cleanWorld();
    const ownOrder = withOrder(world, '1001', (o) => ({
      ...o,
      endCustomer: { name: 'Partner', emailDomain: 'partner.example.com', smartAccountId: null },
    }));
    expect(idsOf(ownOrder)).not.toContain('own-use-needs-customer-account');
    const withoutOwnAccount = {
      ...ownOrder,
      smartAccounts: ownOrder.smartAccounts.filter((a) => a.id !== 'p-own'),
      virtualAccounts: ownOrder.virtualAccounts.filter((va) => va.smartAccountId !== 'p-own'),
    };
    expect(idsOf(withoutOwnAccount)).toContain('own-use-needs-customer-account');
  });

  it('holding-account-required: a reselling partner without a Partner Holding Account is critical', () => {
    const world = cleanWorld();
    const reseller = organization({ id: 'newpartner', kind: 'partner' });
    expect(idsOf(adding(world, 'organizations', reseller))).toContain('holding-account-required');
  });

  it('b2b-single-default-holding-account: two default B2B holding accounts for one Cisco ID are flagged', () => {
    const world = cleanWorld();
    const smartAccounts = world.smartAccounts.map((a) =>
      a.kind === 'partner-holding' ? { ...a, b2bDefaultForCiscoId: 'b2b-cco' } : a,
    );
    expect(
      evaluateRules({ ...world, smartAccounts }, NOW).filter((f) => f.ruleId === 'b2b-single-default-holding-account'),
    ).toHaveLength(2);
  });

  it('centralised-purchasing-layout: a centrally buying partner with several extra Virtual Accounts is advised to consolidate', () => {
    const world = cleanWorld();
    const extra = virtualAccount('p-hold/apac', 'p-hold', { name: 'APAC' });
    expect(idsOf(adding(world, 'virtualAccounts', extra))).toContain('centralised-purchasing-layout');
  });

  it('regional-purchasing-layout: a region without its own Virtual Account is named', () => {
    const world = changing(cleanWorld(), 'organizations', 'partner', (o) => ({
      ...o,
      purchasing: { model: 'regional', regions: ['EMEA', 'Americas'], hasIndependentSubsidiaries: false },
    }));
    const finding = evaluateRules(world, NOW).find((f) => f.ruleId === 'regional-purchasing-layout');
    expect(finding?.message).toContain('Americas');
    expect(finding?.message).not.toContain('EMEA,');
  });

  it('subsidiaries-holding-accounts: independent subsidiaries with one holding account hear they may request more', () => {
    const world = changing(cleanWorld(), 'organizations', 'partner', (o) => ({
      ...o,
      purchasing: { model: 'centralised', regions: [], hasIndependentSubsidiaries: true },
    }));
    expect(idsOf(world)).toContain('subsidiaries-holding-accounts');
  });

  it("customer-grant-missing: a partner's role on a customer account that the customer did not grant is critical", () => {
    const world = cleanWorld();
    const roleGrants = [
      ...world.roleGrants,
      grant('p-rep', 'smart-account-user', 'acme-sa', null, { grantedByCustomer: false }),
    ];
    expect(idsOf({ ...world, roleGrants })).toContain('customer-grant-missing');
    const granted = [
      ...world.roleGrants,
      grant('p-rep', 'smart-account-user', 'acme-sa', null, { grantedByCustomer: true }),
    ];
    expect(idsOf({ ...world, roleGrants: granted })).not.toContain('customer-grant-missing');
  });

  it("customer-grant-missing: a partner annotating an order in the customer's account without a grant is flagged", () => {
    const world = withOrder(cleanWorld(), '1002', (o) =>
      appendOrderEvent(o, {
        id: 'n',
        type: 'note-added',
        at: daysAfter(T0, 1),
        by: 'p-rep',
        text: 'activated for them',
      }),
    );
    expect(evaluateRules(world, NOW).find((f) => f.ruleId === 'customer-grant-missing')?.subject).toEqual({
      kind: 'order',
      salesOrderNumber: '1002',
    });
  });

  it('partner-approver-or-agreement: a partner recorded as Approver, or accepting the agreement, is critical', () => {
    const world = cleanWorld();
    const roleGrants = [
      ...world.roleGrants,
      grant('p-admin', 'smart-account-approver', 'acme-sa', null, { grantedByCustomer: true }),
    ];
    expect(idsOf({ ...world, roleGrants })).toContain('partner-approver-or-agreement');
    const accepted = withOrder(world, '1002', (o) =>
      appendOrderEvent(o, {
        id: 'sla',
        type: 'agreement-accepted',
        at: daysAfter(T0, 1),
        by: 'p-admin',
        smartAccountId: 'acme-sa',
      }),
    );
    expect(idsOf(accepted)).toContain('partner-approver-or-agreement');
    const byCustomer = withOrder(world, '1002', (o) =>
      appendOrderEvent(o, {
        id: 'sla',
        type: 'agreement-accepted',
        at: daysAfter(T0, 1),
        by: 'acme-admin',
        smartAccountId: 'acme-sa',
      }),
    );
    expect(idsOf(byCustomer)).not.toContain('partner-approver-or-agreement');
  });

  it('holding-account-administrator-missing: a holding account nobody administers is flagged', () => {
    const world = cleanWorld();
    expect(idsOf({ ...world, roleGrants: world.roleGrants.filter((g) => g.memberId !== 'd-admin') })).toContain(
      'holding-account-administrator-missing',
    );
  });

  it('holding-account-administrator-missing: a file that carries no roles at all (a CCW export) raises nothing about administrators', () => {
    expect(idsOf({ ...cleanWorld(), members: [], roleGrants: [] })).not.toContain(
      'holding-account-administrator-missing',
    );
  });

  it('member-without-role: a partner colleague with no role is flagged', () => {
    const world = cleanWorld();
    expect(idsOf(adding(world, 'members', member('p-new', 'partner')))).toContain('member-without-role');
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

  it('distributor-hand-off: an order a distributor parked in its own holding account for a reseller is to be handed on, citing the seed', () => {
    const world = cleanWorld();
    const disti = organization({ id: 'disti', kind: 'distributor' });
    const distiHolding = account('disti-hold', 'partner-holding', 'disti');
    const resellerOrg = world.orders.find((o) => o.salesOrderNumber === '1001')!.reseller!;
    const parked = order(
      '1900',
      [placedEvent(daysAfter(T0, 1), assignment(distiHolding.defaultVirtualAccount, 'partner-holding'))],
      {
        distributor: { name: 'Disti', organizationId: 'disti' },
        reseller: resellerOrg,
      },
    );
    const withDisti = {
      ...world,
      organizations: [...world.organizations, disti],
      smartAccounts: [...world.smartAccounts, distiHolding.smartAccount],
      virtualAccounts: [...world.virtualAccounts, distiHolding.defaultVirtualAccount],
      orders: [...world.orders, parked],
    };
    const found = evaluateRules(withDisti, NOW).find((f) => f.ruleId === 'distributor-hand-off');
    expect(found?.suggestedAction).toMatch(/^Hand order 1900 to .*'s Partner Holding Account "/);
    const handed = appendOrderEvent(parked, {
      id: 'h',
      type: 'handed-to-reseller',
      at: daysAfter(T0, 2),
      by: 'disti-rep',
      assignment: assignment(holdingVa(), 'partner-holding'),
    });
    const after = { ...withDisti, orders: [...world.orders, handed] };
    expect(evaluateRules(after, NOW).map((f) => f.ruleId)).not.toContain('distributor-hand-off');
  });

  it('confidential-virtual-account-name: a customer Virtual Account named like a secret project is flagged', () => {
    const world = cleanWorld();
    const secret = virtualAccount('acme-sa/secret', 'acme-sa', { name: 'Project Falcon acquisition' });
    expect(idsOf(adding(world, 'virtualAccounts', secret))).toContain('confidential-virtual-account-name');
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

describe('every rule is exercised', () => {
  it('each rule in the catalogue has a test above that names it', async () => {
    const { readFileSync } = await import('node:fs');
    const source = readFileSync(new URL(import.meta.url), 'utf8');
    for (const rule of RULES) expect(source).toContain(`${rule.id}: `);
  });
});

describe('findings about an order', () => {
  it('depend on that order and the directory alone, so one order can be checked without the others', () => {
    const sample = generateSample({ seed: 11, orders: 400 });
    const now = new Date(sample.exportedAt);
    const all = evaluateRules(sample, now);
    let withFindings = 0;
    for (const order of sample.orders) {
      const alone = evaluateRules({ ...sample, orders: [order] }, now).filter((f) => f.subject.kind === 'order');
      const expected = findingsForOrder(all, order.salesOrderNumber);
      expect(alone).toEqual(expected);
      if (expected.length > 0) withFindings++;
    }
    expect(withFindings).toBeGreaterThan(50);
  });
});
