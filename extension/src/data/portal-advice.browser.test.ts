import type { HoldfastStore } from '@holdfast/core/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestStore, SAMPLE_NOW as NOW, SAMPLE_TEXT, type TestStore } from '../testing/browser-store.ts';
import { createHoldfastService, type HoldfastService } from './holdfast-service.ts';
import { createPreferences, memoryArea } from './preferences.ts';

const KEYSTONE_ADMIN = 'keystone-integrators:alex';
const HOLDING = { value: 'sa-keystone-integrators-holding', label: 'Keystone Integrators Holding' };

/** The store, with every whole-store read refused: the portal check must not need one. */
const withoutWholeStoreReads = (store: HoldfastStore): HoldfastStore => {
  const refuse = (name: string) => () => {
    throw new Error(`the portal check read the whole store (${name})`);
  };
  return {
    ...store,
    exportSnapshot: refuse('exportSnapshot'),
    backupJson: refuse('backupJson'),
    exportOrdersCsv: refuse('exportOrdersCsv'),
    ordersPage: refuse('ordersPage'),
  };
};

describe('the portal check', () => {
  let testStore: TestStore;
  let service: HoldfastService;

  beforeEach(async () => {
    testStore = createTestStore('portal-advice-test');
    const outcome = await createHoldfastService(testStore.store, createPreferences(memoryArea())).importFile(
      SAMPLE_TEXT,
      'holdfast-sample.json',
      null,
      NOW,
    );
    expect(outcome.ok).toBe(true);
    service = createHoldfastService(withoutWholeStoreReads(testStore.store), createPreferences(memoryArea()));
  });
  afterEach(() => testStore.remove());

  it('reads the one order and the accounts it names, not an export of the whole store', async () => {
    expect(await service.portalAdvice(KEYSTONE_ADMIN, '104000074', HOLDING)).toMatchObject({
      holdingAccountName: 'Keystone Integrators Holding',
      customerAccountName: 'Bluth Construction',
    });
  });

  it('finds the holding account by the name the portal shows when the portal’s id is its own', async () => {
    expect(
      await service.portalAdvice(KEYSTONE_ADMIN, '104000074', { value: 'CCW-SA-8812', label: HOLDING.label }),
    ).toMatchObject({ customerAccountName: 'Bluth Construction' });
  });

  it('says nothing about an order the member may not see, or one that is not known', async () => {
    expect(await service.portalAdvice('bluewave-networks:tomas', '104000074', HOLDING)).toBeNull();
    expect(await service.portalAdvice(KEYSTONE_ADMIN, '999999999', HOLDING)).toBeNull();
  });
});
