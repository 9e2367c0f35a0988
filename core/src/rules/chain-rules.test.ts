import { describe, expect, it } from 'vitest';
import { appendOrderEvent } from '../domain/lifecycle.ts';
import { cleanWorld, NOW } from '../testing/clean-world.ts';
import { account, assignment, daysAfter, order, organization, placedEvent, T0 } from '../testing/builders.ts';
import { evaluateRules } from './evaluate-rules.ts';

const holdingVa = () => cleanWorld().virtualAccounts.find((va) => va.id === 'p-hold/emea')!;

describe('the rule about orders a distributor parked for a reseller', () => {
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
});
