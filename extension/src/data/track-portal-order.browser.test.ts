import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestStore, SAMPLE_NOW as NOW, SAMPLE_TEXT, type TestStore } from '../testing/browser-store.ts';
import { createCustomerAccountCache } from './customer-account-index.ts';
import { readPortalAdvice } from './portal-advice.ts';
import type { PortalContext } from './portal-context.ts';
import { trackPortalOrder, type ImportThroughSync } from './track-portal-order.ts';

const ALEX = 'keystone-integrators:alex'; // Holding Account Administrator of Keystone Integrators Holding
const TOMAS = 'keystone-integrators:tomas'; // Virtual Account User of Enterprise only
const HOLDING = { value: 'sa-keystone-integrators-holding', label: 'Keystone Integrators Holding' };
const NEW_ORDER = '104999999';
/** Team sync off: the store writes the order. */
const SYNC_OFF: ImportThroughSync = async () => ({ handled: false });

/** What the background stored of the demo portal's form, with a new order number typed in. */
const context = (over: Partial<PortalContext> = {}): PortalContext => ({
  salesOrderNumber: NEW_ORDER,
  smartAccountLabel: HOLDING.label,
  smartAccountValue: HOLDING.value,
  customerName: 'Bluth Construction',
  draft: {
    webOrderId: 'WO093999999',
    poNumber: 'PO-KI-2026-0419',
    virtualAccount: { value: 'CCW-VA-1', label: 'DEFAULT' },
    lines: [{ sku: 'C9300-DNA-E-24-3Y', quantity: 24, termMonths: 36 }],
  },
  advice: {
    holdingAccountName: HOLDING.label,
    customerAccountName: 'Bluth Construction',
    citation: '',
    canTrack: true,
  },
  at: NOW.toISOString(),
  ...over,
});

describe('a new order on the portal page', () => {
  let testStore: TestStore;
  let cache: ReturnType<typeof createCustomerAccountCache>;

  beforeEach(async () => {
    testStore = createTestStore('track-portal-order-test');
    const outcome = await testStore.store.importFile(SAMPLE_TEXT, {
      fileName: 'holdfast-sample.json',
      now: NOW,
      actorId: ALEX,
    });
    expect(outcome.ok).toBe(true);
    cache = createCustomerAccountCache(testStore.store);
  });
  afterEach(async () => {
    cache.close();
    await testStore.remove();
  });

  it('is advised through the kept customer index, then tracked: placed in the holding account, customer known', async () => {
    const advice = await readPortalAdvice(testStore.store, ALEX, NEW_ORDER, HOLDING, 'bluth construction', cache.index);
    expect(advice).toMatchObject({ customerAccountName: 'Bluth Construction', newOrder: true });

    const order = await trackPortalOrder(testStore.store, ALEX, context(), await cache.index(), NOW, SYNC_OFF);
    expect(order.endCustomer.smartAccountId).toBe('sa-bluth-construction');
    expect(order.lines).toEqual([{ lineNumber: 1, sku: 'C9300-DNA-E-24-3Y', quantity: 24, termMonths: 36 }]);
    expect(order.history[0]).toMatchObject({
      type: 'placed',
      by: ALEX,
      // The portal's own value is unknown here: the Virtual Account is found by name in the holding account.
      assignment: {
        smartAccountId: HOLDING.value,
        virtualAccountId: `${HOLDING.value}/default`,
        kind: 'partner-holding',
      },
    });
    expect((await testStore.store.getOrder(ALEX, NEW_ORDER))?.order.webOrderId).toBe('WO093999999');
    // Stored now: still advised (it sits in holding), no longer new.
    expect(
      await readPortalAdvice(testStore.store, ALEX, NEW_ORDER, HOLDING, 'Bluth Construction', cache.index),
    ).toMatchObject({ newOrder: false });
    await expect(
      trackPortalOrder(testStore.store, ALEX, context(), await cache.index(), NOW, SYNC_OFF),
    ).rejects.toThrow(`Order ${NEW_ORDER} is already in Holdfast.`);
  });

  it('goes the way of an import with team sync on: sync takes it, and the store does not write it', async () => {
    const taken: Parameters<ImportThroughSync>[0][] = [];
    const syncOn: ImportThroughSync = async (snapshot) => {
      taken.push(snapshot);
      return { handled: true };
    };
    const order = await trackPortalOrder(testStore.store, ALEX, context(), await cache.index(), NOW, syncOn);
    expect(taken.map((snapshot) => snapshot.orders)).toEqual([[order]]);
    // The document's projection is the row's one writer (team-sync-host.browser.test.ts follows it there).
    expect(await testStore.store.db.orders.get(NEW_ORDER)).toBeUndefined();
  });

  it('is refused, writing nothing, where the page did not show all of it or the roles do not reach its Virtual Account', async () => {
    const index = await cache.index();
    await expect(
      trackPortalOrder(testStore.store, ALEX, context({ draft: undefined }), index, NOW, SYNC_OFF),
    ).rejects.toThrow('does not show the whole order');
    await expect(trackPortalOrder(testStore.store, TOMAS, context(), index, NOW, SYNC_OFF)).rejects.toThrow(
      'Your roles do not reach the Virtual Account',
    );
    expect(await testStore.store.db.orders.get(NEW_ORDER)).toBeUndefined();
  });

  it('rebuilds the customer index when an account changes', async () => {
    expect((await cache.index()).find('Bluth Construction')?.id).toBe('sa-bluth-construction');
    const bluth = (await testStore.store.db.smartAccounts.get('sa-bluth-construction'))!;
    await testStore.store.db.smartAccounts.put({ ...bluth, name: 'Bluth Building Co' });
    await expect.poll(async () => (await cache.index()).find('Bluth Building Co')?.id).toBe('sa-bluth-construction');
  });
});
