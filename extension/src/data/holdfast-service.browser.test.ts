import type { HoldfastStore } from '@holdfast/core/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestStore, SAMPLE_NOW as NOW, SAMPLE_TEXT, type TestStore } from '../testing/browser-store.ts';
import { createFirstScreenCache, FIRST_SCREEN_ENTRIES } from './first-screen.ts';
import { createHoldfastService, type HoldfastService } from './holdfast-service.ts';
import { buildOrderList, NO_FILTERS } from './order-list.ts';
import { createPreferences, memoryArea } from './preferences.ts';

const KEYSTONE_ADMIN = 'keystone-integrators:alex';
const ENTERPRISE_USER = 'keystone-integrators:tomas';
const ENTERPRISE = 'sa-keystone-integrators-holding/enterprise';

describe('the extension service over the store', () => {
  let testStore: TestStore;
  let store: HoldfastStore;
  let service: HoldfastService;

  beforeEach(async () => {
    testStore = createTestStore('service-test');
    store = testStore.store;
    service = createHoldfastService(store, createPreferences(memoryArea()));
    const outcome = await service.importFile(SAMPLE_TEXT, 'holdfast-sample.json', null, NOW);
    expect(outcome.ok).toBe(true);
  });
  afterEach(() => testStore.remove());

  it('lists every member of the imported sample for the options page', async () => {
    const members = await service.members();
    expect(members.map((m) => m.id)).toContain(KEYSTONE_ADMIN);
    expect(members.find((m) => m.id === KEYSTONE_ADMIN)!.label).toBe('Alex Keystone (Keystone Integrators)');
  });

  it('gives a Virtual Account User only the orders of their Virtual Account', async () => {
    const { items, virtualAccounts } = await service.orders(ENTERPRISE_USER, NOW);
    expect(items.length).toBeGreaterThan(0);
    expect(new Set(items.map((i) => i.virtualAccountId))).toEqual(new Set([ENTERPRISE]));
    expect(virtualAccounts.map((va) => va.id)).toEqual([ENTERPRISE]);
  });

  it('puts orders that need action first, oldest first, then groups the rest by Virtual Account', async () => {
    const { items } = await service.orders(KEYSTONE_ADMIN, NOW);
    const entries = buildOrderList(items, NO_FILTERS);
    const headings = entries.filter((e) => e.kind === 'heading').map((e) => e.title);
    expect(headings[0]).toBe('Needs action');
    expect(headings.slice(1)).toEqual([...headings.slice(1)].sort());
    const firstGroup = entries.slice(
      1,
      entries.findIndex((e, i) => i > 0 && e.kind === 'heading'),
    );
    const since = firstGroup.map((e) => (e.kind === 'order' ? e.item.since : ''));
    expect(since).toEqual([...since].sort());
  });

  it('keeps the top of the chosen member’s list for the next panel, and nothing while nobody is chosen', async () => {
    const preferences = createPreferences(memoryArea());
    const keeping = createHoldfastService(store, preferences, createFirstScreenCache(memoryArea()));
    await keeping.refreshFirstScreen(NOW);
    expect(await keeping.firstScreen()).toBeNull();
    await preferences.update({ memberId: ENTERPRISE_USER });
    await keeping.refreshFirstScreen(NOW);
    const { items } = await keeping.orders(ENTERPRISE_USER, NOW);
    const screen = (await keeping.firstScreen())!;
    expect([screen.memberId, screen.total]).toEqual([ENTERPRISE_USER, items.length]);
    expect(screen.entries).toEqual(buildOrderList(items, NO_FILTERS).slice(0, FIRST_SCREEN_ENTRIES));
  });

  it('lets the Virtual Account User tick a checklist step of their order, recording who ticked and unticked it', async () => {
    const { items } = await service.orders(ENTERPRISE_USER, NOW);
    const order = items.find((i) => i.status === 'in-holding')!;
    const before = await service.orderDetail(ENTERPRISE_USER, order.salesOrderNumber, NOW);
    expect(before!.canTick).toBe(true);
    const step = before!.checklist[0]!;
    await service.tickStep(ENTERPRISE_USER, order.salesOrderNumber, step.id, true, NOW);
    const after = await service.orderDetail(ENTERPRISE_USER, order.salesOrderNumber, NOW);
    expect(after!.checklist.find((s) => s.id === step.id)!.done).toEqual({
      by: ENTERPRISE_USER,
      at: NOW.toISOString(),
    });

    const later = new Date(NOW.getTime() + 60_000);
    await service.tickStep(ENTERPRISE_USER, order.salesOrderNumber, step.id, false, later);
    const unticked = await service.orderDetail(ENTERPRISE_USER, order.salesOrderNumber, later);
    expect(unticked!.checklist.find((s) => s.id === step.id)!.done).toBeNull();
    expect(unticked!.lastChange[step.id]).toEqual({ ticked: false, by: ENTERPRISE_USER, at: later.toISOString() });
  });

  it("gives an order’s detail the findings its list entry has, each with the sentence it rests on and its source's title", async () => {
    const { items } = await service.orders(KEYSTONE_ADMIN, NOW);
    const flagged = items.filter((i) => i.findings.length > 0).slice(0, 5);
    expect(flagged.length).toBeGreaterThan(0);
    for (const item of flagged) {
      const detail = (await service.orderDetail(KEYSTONE_ADMIN, item.salesOrderNumber, NOW))!;
      const listed = detail.item.findings.map(({ ruleId, severity, overdue }) => ({ ruleId, severity, overdue }));
      expect(listed).toEqual(item.findings);
      expect(detail.findings.map((f) => f.ruleId).sort()).toEqual(item.findings.map((f) => f.ruleId).sort());
      expect(detail.findings.every((f) => f.quote !== null && f.quote.length > 0)).toBe(true);
      expect(detail.findings.every((f) => f.source !== null && f.source.title.length > 0)).toBe(true);
    }
  });

  it('records a review, which takes the order off the due-for-review count, and a note the history shows', async () => {
    const before = await service.summary(ENTERPRISE_USER, NOW);
    const due = await store.dueForReview(ENTERPRISE_USER, { now: NOW, limit: 1 });
    expect(before.dueForReview).toBeGreaterThan(0);
    const salesOrderNumber = due.rows[0]!.salesOrderNumber;
    expect((await service.orderDetail(ENTERPRISE_USER, salesOrderNumber, NOW))!.canAnnotate).toBe(true);

    await service.recordOrderAction(
      ENTERPRISE_USER,
      salesOrderNumber,
      { type: 'reviewed' },
      { id: 'review-1', at: NOW.toISOString() },
    );
    await service.recordOrderAction(
      ENTERPRISE_USER,
      salesOrderNumber,
      { type: 'note-added', text: 'Customer asked for a week.' },
      { id: 'note-1', at: NOW.toISOString() },
    );
    expect((await service.summary(ENTERPRISE_USER, NOW)).dueForReview).toBe(before.dueForReview - 1);
    const history = (await service.orderDetail(ENTERPRISE_USER, salesOrderNumber, NOW))!.history;
    expect(history.at(-1)).toMatchObject({
      type: 'note-added',
      text: 'Customer asked for a week.',
      by: ENTERPRISE_USER,
    });
  });

  it('refuses a review of an order outside the member’s scope, and changes nothing', async () => {
    const { items } = await service.orders(KEYSTONE_ADMIN, NOW);
    const other = items.find((i) => i.virtualAccountId.startsWith('sa-keystone') && i.virtualAccountId !== ENTERPRISE)!;
    await expect(
      service.recordOrderAction(
        ENTERPRISE_USER,
        other.salesOrderNumber,
        { type: 'reviewed' },
        { id: 'review-2', at: NOW.toISOString() },
      ),
    ).rejects.toThrow();
    expect(
      (await store.getOrder(KEYSTONE_ADMIN, other.salesOrderNumber))!.order.history.map((e) => e.id),
    ).not.toContain('review-2');
  });

  /** An order in the Virtual Account User's holding VA whose customer's Smart Account is known. */
  async function heldForKnownCustomer(): Promise<string> {
    for (const item of (await service.orders(ENTERPRISE_USER, NOW)).items.filter((i) => i.status === 'in-holding')) {
      const detail = (await service.orderDetail(ENTERPRISE_USER, item.salesOrderNumber, NOW))!;
      if (detail.reassignment?.stage === 'not-started' && detail.reassignment.customerKnown)
        return item.salesOrderNumber;
    }
    throw new Error('the sample has no order in holding with a known customer account');
  }
  const at = (days: number) => ({ id: `step-${days}`, at: new Date(NOW.getTime() + days * 3_600_000).toISOString() });

  it("records a reassignment to the customer's account and its delivery, after which the order has left the member's holding", async () => {
    const salesOrderNumber = await heldForKnownCustomer();
    const before = (await service.orderDetail(ENTERPRISE_USER, salesOrderNumber, NOW))!;
    expect(before.canReassign).toBe(true);
    if (before.reassignment?.stage !== 'not-started') throw new Error('expected an order not yet reassigned');
    const [target] = before.reassignment.targets;

    await service.recordOrderAction(
      ENTERPRISE_USER,
      salesOrderNumber,
      { type: 'reassignment-started', targetVirtualAccountId: target!.assignment.virtualAccountId, via: 'portal' },
      at(1),
    );
    const started = (await service.orderDetail(ENTERPRISE_USER, salesOrderNumber, NOW))!;
    expect(started.item.status).toBe('reassignment-in-progress');
    expect(started.reassignment).toEqual({
      stage: 'started',
      target: target!.label,
      via: 'portal',
      startedAt: at(1).at,
      by: ENTERPRISE_USER,
    });

    await service.recordOrderAction(ENTERPRISE_USER, salesOrderNumber, { type: 'delivered' }, at(2));
    expect(await service.orderDetail(ENTERPRISE_USER, salesOrderNumber, NOW)).toBeNull();
    const row = (await store.db.orders.get(salesOrderNumber))!;
    expect([row.status, row.virtualAccountId]).toEqual(['delivered', target!.assignment.virtualAccountId]);
  });

  it('puts a cancelled reassignment back in holding, with the reason in its history', async () => {
    const salesOrderNumber = await heldForKnownCustomer();
    const { reassignment } = (await service.orderDetail(ENTERPRISE_USER, salesOrderNumber, NOW))!;
    if (reassignment?.stage !== 'not-started') throw new Error('expected an order not yet reassigned');
    await service.recordOrderAction(
      ENTERPRISE_USER,
      salesOrderNumber,
      {
        type: 'reassignment-started',
        targetVirtualAccountId: reassignment.targets[0]!.assignment.virtualAccountId,
        via: 'support-case',
      },
      at(1),
    );
    await service.recordOrderAction(
      ENTERPRISE_USER,
      salesOrderNumber,
      { type: 'reassignment-cancelled', reason: 'Customer merged accounts.' },
      at(2),
    );
    const detail = (await service.orderDetail(ENTERPRISE_USER, salesOrderNumber, NOW))!;
    expect(detail.item.status).toBe('in-holding');
    expect(detail.reassignment?.stage).toBe('not-started');
    expect(detail.history.at(-1)).toMatchObject({
      type: 'reassignment-cancelled',
      reason: 'Customer merged accounts.',
    });
  });

  it("refuses a reassignment to a Virtual Account that is not the customer's, and changes nothing", async () => {
    const salesOrderNumber = await heldForKnownCustomer();
    const start = { type: 'reassignment-started' as const, targetVirtualAccountId: ENTERPRISE, via: 'portal' as const };
    await expect(service.recordOrderAction(ENTERPRISE_USER, salesOrderNumber, start, at(1))).rejects.toThrow(
      /cannot be reassigned to Virtual Account/,
    );
    expect((await service.orderDetail(ENTERPRISE_USER, salesOrderNumber, NOW))!.item.status).toBe('in-holding');
  });

  it('shows nothing of an order outside the member’s scope', async () => {
    const { items } = await service.orders(KEYSTONE_ADMIN, NOW);
    const other = items.find((i) => i.virtualAccountId.startsWith('sa-keystone') && i.virtualAccountId !== ENTERPRISE)!;
    expect(await service.orderDetail(ENTERPRISE_USER, other.salesOrderNumber, NOW)).toBeNull();
  });

  it('advises against a holding account only when the customer’s Smart Account is known', async () => {
    const holding = { value: 'sa-keystone-integrators-holding', label: 'Keystone Integrators Holding' };
    expect(await service.portalAdvice(KEYSTONE_ADMIN, '104000074', holding)).toEqual({
      salesOrderNumber: '104000074',
      holdingAccountName: 'Keystone Integrators Holding',
      customerAccountName: 'Bluth Construction',
      citation: expect.stringContaining('assign licenses directly in Cisco Commerce Workspace'),
      newOrder: false,
    });
    expect(
      await service.portalAdvice(KEYSTONE_ADMIN, '104000074', {
        value: 'sa-bluth-construction',
        label: 'Bluth Construction',
      }),
    ).toBeNull();
  });

  it('counts orders in holding, overdue and due for review, and names at most three urgent ones', async () => {
    const summary = await service.summary(KEYSTONE_ADMIN, NOW);
    const { items } = await service.orders(KEYSTONE_ADMIN, NOW);
    expect(summary.inHolding).toBe(items.filter((i) => i.status === 'in-holding').length);
    expect(summary.overdue).toBe(items.filter((i) => i.findings.some((f) => f.overdue)).length);
    expect(summary.urgent.length).toBeLessThanOrEqual(3);
  });
});
