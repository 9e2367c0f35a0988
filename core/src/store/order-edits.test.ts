import { describe, expect, it } from 'vitest';
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
} from '../testing/builders.ts';
import { PermissionDeniedError } from './errors.ts';
import { mergeImportedOrder } from './merge-order.ts';
import { customer, holding, MEMBERS, NOW, storeWith, worldOrder } from './test-world.ts';

const at = NOW.toISOString();
const world = () =>
  storeWith([worldOrder('SO-E', 'east', 1), worldOrder('SO-W', 'west', 2), worldOrder('SO-H', 'hold', 3)]);

describe('edits checked against the permission matrix', () => {
  it('a Virtual Account User records a review on an order of their Virtual Account, and it is logged', async () => {
    const store = await world();
    const row = await store.recordOrderEvent(MEMBERS.eastUser.id, 'SO-E', {
      id: 'r1',
      type: 'reviewed',
      at,
      by: MEMBERS.eastUser.id,
    });
    expect(row.reviewBase).toBe(at);
    expect((await store.activity(1))[0]).toMatchObject({
      kind: 'order-event',
      actorId: 'east-user',
      salesOrderNumber: 'SO-E',
      origin: 'local',
    });
  });

  it('a Virtual Account User cannot touch an order of another Virtual Account, and the order stays as it was', async () => {
    const store = await world();
    const attempt = store.recordOrderEvent(MEMBERS.eastUser.id, 'SO-W', {
      id: 'n1',
      type: 'note-added',
      at,
      by: MEMBERS.eastUser.id,
      text: 'hi',
    });
    await expect(attempt).rejects.toThrow(PermissionDeniedError);
    await expect(attempt).rejects.toThrow(/their roles are virtual-account-user on holding \/ east/);
    expect((await store.db.orders.get('SO-W'))?.order.history).toHaveLength(1);
  });

  it('only the holding team works orders on Smart Account hold', async () => {
    const store = await world();
    const assigned = await store.recordOrderEvent(MEMBERS.holdingUser.id, 'SO-H', {
      id: 'a1',
      type: 'assigned',
      at,
      by: MEMBERS.holdingUser.id,
      assignment: { smartAccountId: 'holding', virtualAccountId: 'west', kind: 'partner-holding' },
    });
    expect([assigned.status, assigned.virtualAccountId]).toEqual(['in-holding', 'west']);
    await expect(
      store.tickChecklistStep(MEMBERS.eastUser.id, {
        salesOrderNumber: 'SO-H',
        stepId: 's',
        ticked: true,
        by: 'east-user',
        at,
      }),
    ).rejects.toThrow(PermissionDeniedError);
  });

  it('an event the lifecycle does not allow is refused with what is allowed', async () => {
    const store = await world();
    await expect(
      store.recordOrderEvent(MEMBERS.admin.id, 'SO-E', { id: 'd1', type: 'delivered', at, by: 'admin' }),
    ).rejects.toThrow(/allowed only when the order is reassignment in progress/);
  });

  it('checklist progress keeps the latest tick of each step', async () => {
    const store = await world();
    const tick = { salesOrderNumber: 'SO-W', stepId: 'confirm', by: 'west-admin' };
    await store.tickChecklistStep(MEMBERS.westAdmin.id, { ...tick, ticked: true, at: daysAfter(T0, 10) });
    await store.tickChecklistStep(MEMBERS.westAdmin.id, { ...tick, ticked: false, at: daysAfter(T0, 11) });
    expect((await store.checklistProgress('SO-W'))['confirm']?.ticked).toBe(false);
  });

  it('a snoozed finding is hidden until its snooze ends, a dismissed one for good', async () => {
    const store = await world();
    const snoozed = { ruleId: 'holding-too-long', subject: { kind: 'order', salesOrderNumber: 'SO-E' } } as const;
    const dismissed = {
      ruleId: 'no-category',
      subject: { kind: 'virtual-account', virtualAccountId: 'east' },
    } as const;
    await store.snoozeFinding(MEMBERS.admin.id, snoozed, new Date(daysAfter(NOW.toISOString(), 3)), NOW);
    await store.dismissFinding(MEMBERS.admin.id, dismissed, NOW);
    expect(await store.hiddenFindingKeys(NOW)).toEqual(
      new Set(['holding-too-long|order:SO-E', 'no-category|virtual-account:east']),
    );
    expect(await store.hiddenFindingKeys(new Date(daysAfter(NOW.toISOString(), 4)))).toEqual(
      new Set(['no-category|virtual-account:east']),
    );
    await store.clearFindingState(dismissed);
    expect(await store.hiddenFindingKeys(NOW)).toEqual(new Set(['holding-too-long|order:SO-E']));
  });

  it('settings are validated and kept', async () => {
    const store = await world();
    expect(await store.updateSettings({ reviewIntervalDays: 3 })).toEqual({
      holdingThresholdDays: 30,
      reviewIntervalDays: 3,
    });
    await expect(store.updateSettings({ reviewIntervalDays: 0 })).rejects.toThrow();
    expect((await store.settings()).reviewIntervalDays).toBe(3);
  });
});

describe('the distributor → reseller chain', () => {
  const distiHolding = account('disti-hold', 'partner-holding', 'disti');
  const distiRep = member('disti-rep', 'disti');
  /** The test world plus a distributor with its own holding account, and an order it parked there for the reseller. */
  async function chainWorld() {
    const store = await storeWith([]);
    const parked = order(
      'SO-D',
      [placedEvent(daysAfter(T0, 1), assignment(distiHolding.defaultVirtualAccount, 'partner-holding'))],
      {
        distributor: { name: 'Disti', organizationId: 'disti' },
        reseller: { name: 'Reseller', organizationId: 'reseller' },
        billTo: { name: 'Disti', organizationId: 'disti' },
      },
    );
    await store.importSnapshot(
      {
        ...(await store.exportSnapshot(NOW)),
        organizations: [organization({ id: 'disti', kind: 'distributor' })],
        smartAccounts: [distiHolding.smartAccount],
        virtualAccounts: [distiHolding.defaultVirtualAccount],
        members: [distiRep],
        roleGrants: [grant('disti-rep', 'holding-account-user', 'disti-hold')],
        orders: [parked],
        checklistTicks: [],
      },
      { now: NOW, actorId: 'disti-rep', source: 'test' },
    );
    return store;
  }
  const handOn = (to = assignment(holding.defaultVirtualAccount, 'partner-holding')) => ({
    id: 'h1',
    type: 'handed-to-reseller' as const,
    at: NOW.toISOString(),
    by: 'disti-rep',
    assignment: to,
  });

  it("the distributor hands the order to the reseller's holding account: it stays the distributor's record, handed on, out of its queues", async () => {
    const store = await chainWorld();
    const row = await store.recordOrderEvent('disti-rep', 'SO-D', handOn());
    // Filed where the distributor's team kept it, as with sync on (the distributor cannot write the reseller's document).
    expect(row).toMatchObject({
      status: 'handed-on',
      smartAccountId: 'disti-hold',
      virtualAccountId: 'disti-hold/default',
    });
    expect(row.reviewBase).toBeUndefined();
    expect((await store.getOrder('disti-rep', 'SO-D'))?.status).toBe('handed-on');
    expect(await store.countByStatus('disti-rep')).toMatchObject({ 'in-holding': 0, 'handed-on': 1 });
    // The reseller's team does not receive the distributor's record; it takes the order up from its own export.
    expect(await store.getOrder(MEMBERS.admin.id, 'SO-D')).toBeUndefined();
  });

  it("the distributor's next export, showing the order in the reseller's holding account, changes nothing: the record stays handed on", async () => {
    const store = await chainWorld();
    const handed = (await store.recordOrderEvent('disti-rep', 'SO-D', handOn())).order;
    const placed = handed.history.find((e) => e.type === 'placed')!;
    // The file's view: the same order placed where it now sits, in the reseller's holding account.
    const fromFile = {
      ...handed,
      history: [{ ...placed, assignment: assignment(holding.defaultVirtualAccount, 'partner-holding') }],
    };
    expect(mergeImportedOrder(handed, fromFile, NOW.toISOString())).toEqual({ order: handed, outcome: 'unchanged' });
  });

  it("refuses a hand-off by someone without a role on the distributor's account, or to an account that is not the reseller's holding account", async () => {
    const store = await chainWorld();
    await expect(store.recordOrderEvent(MEMBERS.admin.id, 'SO-D', { ...handOn(), by: 'admin' })).rejects.toThrow(
      PermissionDeniedError,
    );
    await expect(
      store.recordOrderEvent(
        'disti-rep',
        'SO-D',
        handOn(assignment(customer.defaultVirtualAccount, 'partner-holding')),
      ),
    ).rejects.toThrow(/only to a Partner Holding Account of its reseller \(Reseller\)/);
    expect((await store.db.orders.get('SO-D'))?.smartAccountId).toBe('disti-hold');
  });
});
