import { describe, expect, it } from 'vitest';
import { orderState } from '../domain/lifecycle.ts';
import { account, assignment, daysAfter, T0 } from '../testing/builders.ts';
import { toOrderRow } from '../store/order-row.ts';
import { DOC_A, orderNumbers, useTeamWorld } from './testing/team-world.ts';
import { heldOrder, vaA } from './testing/va-fixtures.ts';
import { movedToMapOf } from './order-doc-layout.ts';
import { readVirtualAccountDoc } from './virtual-account-reads.ts';

// The distributor's hand-off with sync on: the distributor's client cannot open the reseller's
// document, so the hand-off ends the distributor's record where it is — as the store does without
// sync (docs/sync-design.md, "The distributor's hand-off").
const world = useTeamWorld();
const { startRelay, join, settle } = world;

/** The reseller's Partner Holding Account: no document of this team's relay is its. */
const resellerHolding = account('sa-reseller-hold', 'partner-holding', 'org-reseller');
const handOff = {
  id: 'alex:hand-off',
  type: 'handed-to-reseller' as const,
  at: daysAfter(T0, 3),
  by: 'alex',
  assignment: assignment(resellerHolding.defaultVirtualAccount, 'partner-holding'),
};

describe("the distributor's hand-off to its reseller, with team sync on", () => {
  it("stays in the distributor's document as handed on, filed where the team kept it, as the store files it without sync", async () => {
    startRelay();
    const alex = join('alex');
    const bo = join('bo');
    await settle(alex.team, bo.team);
    expect(await alex.team.recordEvent('SO-A1', handOff)).toBe(true);
    await settle(alex.team, bo.team);

    // The relay's copy: the order is still in VA-A's document, handed on, with no forwarding entry.
    const served = readVirtualAccountDoc(world.relay.serverDoc(DOC_A)).orders.find(
      (o) => o.salesOrderNumber === 'SO-A1',
    )!;
    expect(orderState(served)).toMatchObject({ status: 'handed-on', handedOn: { from: { virtualAccountId: vaA.id } } });
    expect(movedToMapOf(world.relay.serverDoc(DOC_A)).has('SO-A1')).toBe(false);

    // Every member of the distributor's team sees the same row: handed on, still in VA-A, out of the review queue.
    for (const member of [alex, bo]) {
      const row = (await member.db.orders.get('SO-A1'))!;
      expect(row).toMatchObject({ status: 'handed-on', virtualAccountId: vaA.id, smartAccountId: 'sa-hold' });
      expect(row.reviewBase).toBeUndefined();
    }
    // The same row the store writes without sync: one rule for where a handed-on order is filed.
    const withoutSync = toOrderRow({
      ...heldOrder('SO-A1', vaA),
      history: [...heldOrder('SO-A1', vaA).history, handOff],
    });
    const synced = (await alex.db.orders.get('SO-A1'))!;
    expect({ ...synced, sourceDoc: undefined, order: undefined, updatedAt: undefined }).toEqual({
      ...withoutSync,
      sourceDoc: undefined,
      order: undefined,
      updatedAt: undefined,
    });
    expect(await orderNumbers(alex.db)).toContain('SO-A1');
    expect([...alex.errors, ...bo.errors]).toEqual([]);
  });
});
