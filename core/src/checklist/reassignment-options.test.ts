import { describe, expect, it } from 'vitest';
import { appendOrderEvent } from '../domain/lifecycle.ts';
import { citationText } from '../citations/citation.ts';
import { cleanWorld } from '../testing/clean-world.ts';
import { daysAfter, T0 } from '../testing/builders.ts';
import { matchOf, reassignmentOptions } from './reassignment-options.ts';

const world = cleanWorld();
const holdingOrder = world.orders.find((o) => o.salesOrderNumber === '1001')!;
const ofAcme = { ...holdingOrder, endCustomer: { ...holdingOrder.endCustomer, smartAccountId: 'acme-sa' } };
const targetIds = (order: typeof holdingOrder) =>
  reassignmentOptions(order, world).targets.map((t) => t.assignment.virtualAccountId);

describe('where and how an order in holding can be reassigned', () => {
  it("offers the Virtual Accounts of the customer's own Smart Account when it is known, its Default first", () => {
    const options = reassignmentOptions(ofAcme, world);
    expect(options.customerKnown).toBe(true);
    expect(options.targets.map((t) => t.assignment)).toEqual([
      { smartAccountId: 'acme-sa', virtualAccountId: 'acme-sa/default', kind: 'customer' },
      { smartAccountId: 'acme-sa', virtualAccountId: 'acme-sa/network', kind: 'customer' },
    ]);
    expect(options.targets[1]!.label).toMatch(/ \/ Network Team$/);
  });

  it("preselects the customer's Default Virtual Account only when the order names the customer's account", () => {
    expect(reassignmentOptions(ofAcme, world).defaultTarget).toBe('acme-sa/default');
    expect(reassignmentOptions(holdingOrder, world).defaultTarget).toBeNull();
  });

  it('when the customer is not known, offers no default, puts accounts matching the domain or name first and warns on the others', () => {
    const options = reassignmentOptions(holdingOrder, world);
    expect(options.customerKnown).toBe(false);
    expect(options.defaultTarget).toBeNull();
    expect(targetIds(holdingOrder)).toEqual(
      expect.arrayContaining(['acme-sa/default', 'acme-sa/network', 'p-own/default']),
    );
    expect(options.targets.every((t) => t.assignment.kind !== 'partner-holding')).toBe(true);
    // NewCo (newco.example.com) matches none of the directory's accounts.
    expect(options.targets.every((t) => t.match === 'none' && t.warning?.includes('NewCo'))).toBe(true);

    const byDomain = {
      ...holdingOrder,
      endCustomer: { name: 'ACME Corporation', emailDomain: 'acme.example.com', smartAccountId: null },
    };
    const [first] = reassignmentOptions(byDomain, world).targets;
    expect(first).toMatchObject({ match: 'domain', warning: null, assignment: { smartAccountId: 'acme-sa' } });

    const acmeName = world.smartAccounts.find((a) => a.id === 'acme-sa')!.name;
    const byName = {
      ...holdingOrder,
      endCustomer: { name: `${acmeName} Inc.`, emailDomain: 'other.example.com', smartAccountId: null },
    };
    expect(reassignmentOptions(byName, world).targets[0]).toMatchObject({
      match: 'name',
      assignment: { smartAccountId: 'acme-sa' },
    });
  });

  it('does not take a public e-mail domain as a match', () => {
    expect(
      matchOf(
        { name: 'Joe Plumbing', emailDomain: 'gmail.com' },
        { name: 'Ann Bakery', emailDomain: 'gmail.com', smartAccountId: null },
      ),
    ).toBe('none');
  });

  it('offers the ordering portal while every line is open, and says why not once one has shipped', () => {
    expect(reassignmentOptions(ofAcme, world)).toMatchObject({
      ways: ['portal', 'support-case', 'asset-transfer'],
      portalClosed: null,
    });
    const shipped = appendOrderEvent(ofAcme, {
      id: 's',
      type: 'line-fulfilment',
      at: daysAfter(T0, 1),
      by: 'p-rep',
      lineNumber: 1,
      fulfilment: 'shipped',
    });
    const options = reassignmentOptions(shipped, world);
    expect(options.ways).toEqual(['support-case', 'asset-transfer']);
    expect(options.portalClosed?.reason).toBe(
      'Line 1 already booked or shipped: the ordering portal can no longer reassign it.',
    );
    expect(citationText(options.portalClosed!.citation)).toContain('post-Booked state');
  });

  it('every target and way it offers is one the lifecycle accepts', () => {
    const options = reassignmentOptions(ofAcme, world);
    for (const target of options.targets) {
      for (const via of options.ways) {
        const started = appendOrderEvent(ofAcme, {
          id: `r:${via}`,
          type: 'reassignment-started',
          at: daysAfter(T0, 2),
          by: 'p-rep',
          target: target.assignment,
          via,
        });
        expect(started.history.at(-1)!.type).toBe('reassignment-started');
      }
    }
  });
});
