import { describe, expect, it } from 'vitest';
import type { HoldfastSnapshot } from '../domain/holdfast-snapshot.ts';
import { adding, changing, cleanWorld, NOW, withOrder } from '../testing/clean-world.ts';
import { organization, virtualAccount } from '../testing/builders.ts';
import { evaluateRules } from './evaluate-rules.ts';

const idsOf = (snapshot: HoldfastSnapshot, now = NOW) => evaluateRules(snapshot, now).map((f) => f.ruleId);

describe("the rules about a partner's accounts and Virtual Accounts", () => {
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

  it('confidential-virtual-account-name: a customer Virtual Account named like a secret project is flagged', () => {
    const world = cleanWorld();
    const secret = virtualAccount('acme-sa/secret', 'acme-sa', { name: 'Project Falcon acquisition' });
    expect(idsOf(adding(world, 'virtualAccounts', secret))).toContain('confidential-virtual-account-name');
  });
});
