import { describe, expect, it } from 'vitest';
import { appendOrderEvent } from '../domain/lifecycle.ts';
import type { HoldfastSnapshot } from '../domain/holdfast-snapshot.ts';
import { adding, cleanWorld, NOW, withOrder } from '../testing/clean-world.ts';
import { daysAfter, grant, member, T0 } from '../testing/builders.ts';
import { evaluateRules } from './evaluate-rules.ts';

const idsOf = (snapshot: HoldfastSnapshot, now = NOW) => evaluateRules(snapshot, now).map((f) => f.ruleId);

describe('the rules about roles and grants', () => {
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
});
