import { describe, expect, it } from 'vitest';
import { orderState } from '../domain/lifecycle.ts';
import { assignment, daysAfter, T0 } from '../testing/builders.ts';
import { movedToMapOf } from './order-doc-layout.ts';
import { DOC_A, ON_HOLD, useTeamWorld } from './testing/team-world.ts';
import { vaA } from './testing/va-fixtures.ts';
import { heldOrderNumbers } from './virtual-account-reads.ts';

// Assignment out of Smart Account hold, line by line, recorded from the side panel with sync on:
// the order stays in the on-hold document while a line is still on hold, and follows its history
// into its Virtual Account's document once every line has its account.
const world = useTeamWorld();
const { startRelay, join, settle } = world;

const assign = (id: string, day: number, lineNumbers: number[]) => ({
  id,
  type: 'assigned' as const,
  at: daysAfter(T0, day),
  by: 'alex',
  assignment: assignment(vaA, 'partner-holding'),
  lineNumbers,
});

describe('assigning an order out of Smart Account hold by line, with team sync on', () => {
  it('a partly assigned order stays in the on-hold document; assigned whole, it moves to its Virtual Account’s', async () => {
    startRelay();
    const alex = join('alex');
    const bo = join('bo'); // a Virtual Account User of VA-A only: not a reader of the on-hold document
    await settle(alex.team, bo.team);

    expect(await alex.team.recordEvent('SO-H1', assign('alex:a1', 1, [1]))).toBe(true);
    await settle(alex.team, bo.team);
    expect(heldOrderNumbers(world.relay.serverDoc(ON_HOLD))).toContain('SO-H1');
    expect(heldOrderNumbers(world.relay.serverDoc(DOC_A))).not.toContain('SO-H1');
    const partly = (await alex.db.orders.get('SO-H1'))!;
    expect(partly.status).toBe('on-hold');
    expect(orderState(partly.order)).toMatchObject({ partial: true });
    expect(await bo.db.orders.get('SO-H1')).toBeUndefined();

    expect(await alex.team.recordEvent('SO-H1', assign('alex:a2', 2, [2]))).toBe(true);
    await settle(alex.team, bo.team);
    expect(heldOrderNumbers(world.relay.serverDoc(DOC_A))).toContain('SO-H1');
    expect(movedToMapOf(world.relay.serverDoc(ON_HOLD)).get('SO-H1')).toBe(vaA.id);
    for (const member of [alex, bo])
      expect(await member.db.orders.get('SO-H1')).toMatchObject({ status: 'in-holding', virtualAccountId: vaA.id });
    expect([...alex.errors, ...bo.errors]).toEqual([]);
  });
});
