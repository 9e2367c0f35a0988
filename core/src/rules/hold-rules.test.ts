import { describe, expect, it } from 'vitest';
import { appendOrderEvent } from '../domain/lifecycle.ts';
import type { HoldfastSnapshot } from '../domain/holdfast-snapshot.ts';
import { adding, cleanWorld, NOW } from '../testing/clean-world.ts';
import { assignment, daysAfter, order, placedEvent, T0 } from '../testing/builders.ts';
import { evaluateRules } from './evaluate-rules.ts';

const idsOf = (snapshot: HoldfastSnapshot, now = NOW) => evaluateRules(snapshot, now).map((f) => f.ruleId);
const holdingVa = () => cleanWorld().virtualAccounts.find((va) => va.id === 'p-hold/emea')!;

describe('the rule about orders on Smart Account hold', () => {
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
});
