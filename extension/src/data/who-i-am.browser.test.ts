import csv from '../../../core/sample/portal-export-sample.csv?raw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestStore, SAMPLE_NOW, SAMPLE_TEXT, type TestStore } from '../testing/browser-store.ts';
import { createHoldfastService, type HoldfastService } from './holdfast-service.ts';
import { createPreferences, memoryArea } from './preferences.ts';

/** A week after the export's last order. */
const NOW = new Date('2026-11-08T12:00:00.000Z');

describe('who I am, from a portal export alone', () => {
  let testStore: TestStore;
  let service: HoldfastService;

  beforeEach(async () => {
    testStore = createTestStore('who-i-am-test');
    service = createHoldfastService(testStore.store, createPreferences(memoryArea()));
  });
  afterEach(() => testStore.remove());

  it('offers the holding accounts of a CSV that names no people, and says orders are stored', async () => {
    const outcome = await service.importFile(csv, 'portal-export-sample.csv', null, NOW);
    expect(outcome.ok ? [] : outcome.errors.slice(0, 3)).toEqual([]);
    const who = await service.whoIAm();
    expect(who.members).toEqual([]);
    expect(who.storedOrders).toBeGreaterThan(0);
    expect(who.holdingAccounts.map((a) => a.name)).toContain('Keystone Integrators Holding');
  });

  it('lets a user who is not in the file see the orders of the holding account they name', async () => {
    await service.importFile(csv, 'portal-export-sample.csv', null, NOW);
    const keystone = (await service.whoIAm()).holdingAccounts.find((a) => a.name === 'Keystone Integrators Holding')!;
    const memberId = await service.claimHoldingAccount(keystone.smartAccountId, NOW);
    const { items } = await service.orders(memberId, NOW);
    expect(items.length).toBeGreaterThan(0);
    expect(items.some((i) => i.salesOrderNumber === '104000074')).toBe(true);
    // Claiming twice is the same member, not a second one.
    expect(await service.claimHoldingAccount(keystone.smartAccountId, NOW)).toBe(memberId);
    expect((await service.whoIAm()).members.filter((m) => m.id === memberId)).toHaveLength(1);
  });

  it('refuses an account that is not a Partner Holding Account, naming those that are', async () => {
    await service.importFile(csv, 'portal-export-sample.csv', null, NOW);
    await expect(service.claimHoldingAccount('sa:nowhere', NOW)).rejects.toThrow(/Keystone Integrators Holding/);
  });

  it('shows each member of a Holdfast file with their roles', async () => {
    await service.importFile(SAMPLE_TEXT, 'holdfast-sample.json', null, SAMPLE_NOW);
    const alex = (await service.whoIAm()).members.find((m) => m.id === 'keystone-integrators:alex')!;
    expect(alex.organizationName).toBe('Keystone Integrators');
    expect(alex.roles).toContain('Holding Account Administrator on Keystone Integrators Holding');
  });

  it('warns about a new order (not stored) set to the holding account when its customer has a known Smart Account', async () => {
    await service.importFile(csv, 'portal-export-sample.csv', null, NOW);
    const keystone = (await service.whoIAm()).holdingAccounts.find((a) => a.name === 'Keystone Integrators Holding')!;
    const memberId = await service.claimHoldingAccount(keystone.smartAccountId, NOW);
    const advice = await service.portalAdvice(
      memberId,
      '104999999',
      { value: 'sa-keystone-integrators-holding', label: 'Keystone Integrators Holding' },
      'Bluth Construction',
    );
    expect(advice).toMatchObject({ salesOrderNumber: '104999999', customerAccountName: 'Bluth Construction' });
  });
});
